"""Synthetic districts of any size, written in the import formats of docs/导入格式.md (deterministic)."""

import csv
import random
from dataclasses import dataclass
from pathlib import Path

SCALES = {  # streets, units per street, quarters, themes, raters
    "tiny": (4, 5, 4, 4, 2),
    "district": (6, 25, 40, 10, 5),
    "city": (200, 15, 40, 10, 5),
    "province": (2000, 15, 40, 10, 1),
}


@dataclass(frozen=True)
class Scale:
    """How big a synthetic district is."""

    streets: int
    units_per_street: int
    quarters: int
    themes: int
    raters: int

    @property
    def score_rows(self) -> int:
        return self.streets * self.units_per_street * self.quarters * self.themes * self.raters


def scale(name: str) -> Scale:
    return Scale(*SCALES[name])


def quarters(count: int, last: str = "2026Q3") -> list[str]:
    """`count` consecutive quarters ending with `last`."""
    year, number = int(last[:4]), int(last[-1])
    index = year * 4 + number - 1
    return [f"{i // 4}Q{i % 4 + 1}" for i in range(index - count + 1, index + 1)]


def names(size: Scale) -> list[tuple[str, str]]:
    return [(f"街道{s:04d}", f"社区{s:04d}-{u:02d}") for s in range(size.streets) for u in range(size.units_per_street)]


def write_reference(size: Scale, folder: Path) -> list[Path]:
    """units.csv and rubric.csv for every year the quarters touch (themes weighted evenly, 满分 10)."""
    folder.mkdir(parents=True, exist_ok=True)
    units, rubric = folder / "units.csv", folder / "rubric.csv"
    write_csv(units, ["街道", "村(社区)", "类型"], ([street, unit, "社区"] for street, unit in names(size)))
    years = sorted({int(q[:4]) for q in quarters(size.quarters)})
    weight = 100 / size.themes
    write_csv(
        rubric,
        ["年度", "指标", "权重", "满分", "说明"],
        ([year, f"指标{t:02d}", weight, 10, ""] for year in years for t in range(size.themes)),
    )
    return [units, rubric]


def write_scores(size: Scale, folder: Path, quarter_list: list[str] | None = None, name: str = "scores.csv") -> Path:
    """Long-format scores of every unit, theme and rater for the given quarters (default: all of the scale)."""
    rng = random.Random(2021)
    path = folder / name
    rows = (
        [quarter, street, unit, f"指标{t:02d}", f"评分人{r + 1}", round(rng.uniform(5, 10), 1)]
        for quarter in (quarter_list or quarters(size.quarters))
        for street, unit in names(size)
        for t in range(size.themes)
        for r in range(size.raters)
    )
    write_csv(path, ["季度", "街道", "村(社区)", "指标", "评分人", "得分"], rows)
    return path


def write_csv(path: Path, header: list[str], rows) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_commitments(
    size: Scale, folder: Path, years: list[int] | None = None, per_unit: int = 3, name: str = "commitments.csv"
) -> Path:
    """Each unit's commitments for the given years (default: all of the scale): some late, some open."""
    rng = random.Random(2022)
    path = folder / name
    years = years or sorted({int(q[:4]) for q in quarters(size.quarters)})

    def rows():
        for year in years:
            for street, unit in names(size):
                for k in range(per_unit):
                    due = rng.randint(1, 4)
                    done = rng.random()
                    month = min(12, due * 3 + (1 if done > 0.8 else -1))
                    completed = f"{year}-{month:02d}-15" if done < 0.9 and f"{year}-{month:02d}" <= "2026-09" else ""
                    yield [year, street, unit, f"承诺事项{k + 1}", "", f"{year}Q{due}", completed, ""]

    write_csv(path, ["年度", "街道", "村(社区)", "承诺事项", "指标", "承诺时限", "完成日期", "备注"], rows())
    return path


HIGHLIGHTS_PER_STREET, PROBLEMS_PER_STREET = 20, 10  # per quarter (the city scale: 200 streets, 40 quarters)


def write_learning(size: Scale, folder: Path, quarter_list: list[str], suffix: str = "") -> list[Path]:
    """The 观摩's sheets for the given quarters: each street's highlights and problems (some rectified late, some
    open), its tour of its own units, and two visits to units of the next streets."""
    rng, units = random.Random(2023), names(size)
    by_street = [units[s * size.units_per_street : (s + 1) * size.units_per_street] for s in range(size.streets)]
    practice = "第一步：党组织牵头摸排需求；\n第二步：居民议事、项目化推进；\n第三步：季度评议、公开结果。" * 3
    highlights, problems, visits = (folder / f"{name}{suffix}.csv" for name in ("highlights", "problems", "visits"))
    write_csv(
        highlights,
        ["季度", "街道", "村(社区)", "标题", "做法", "指标", "标签"],
        (
            [q, street, unit, f"亮点{k + 1}", practice, f"指标{k % size.themes:02d}", f"标签{k % 7}、标签{k % 3 + 7}"]
            for q in quarter_list
            for street_units in by_street
            for k, (street, unit) in enumerate(
                street_units[i % len(street_units)] for i in range(HIGHLIGHTS_PER_STREET)
            )
        ),
    )

    def problem_rows():
        for q in quarter_list:
            for street_units in by_street:
                for k in range(PROBLEMS_PER_STREET):
                    street, unit = street_units[k % len(street_units)]
                    month = 3 * int(q[-1])
                    done = (
                        f"{q[:4]}-{month:02d}-10" if rng.random() < 0.7 and f"{q[:4]}-{month:02d}" <= "2026-09" else ""
                    )
                    yield [q, street, unit, f"问题{k + 1}", "整改措施", q, done]

    write_csv(problems, ["季度", "街道", "村(社区)", "问题", "整改措施", "整改时限", "完成日期"], problem_rows())
    write_csv(
        visits,
        ["日期", "观摩方", "被观摩村(社区)", "被观摩街道", "类型", "备注"],
        (
            [f"{q[:4]}-{3 * int(q[-1]):02d}-{day:02d}", by_street[s][0][0], unit, street, "", ""]
            for q in quarter_list
            for s in range(size.streets)
            for day, (street, unit) in [(15, pair) for pair in by_street[s]]
            + [(20 + k, by_street[(s + k) % size.streets][0]) for k in (1, 2) if size.streets > 2]
        ),
    )
    return [highlights, problems, visits]
