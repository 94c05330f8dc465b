"""Random valid districts for the property test: hypothesis draws a district's shape, its files are written in the
import formats and imported through the import path into an empty database, every quarter published."""

import csv
import io
import os
import random
import re
from dataclasses import dataclass

from hypothesis import strategies as st

from liangsaibi.intake.imports import import_files
from liangsaibi.store import db
from liangsaibi.store.build import build_database

FULL = os.environ.get("LIANGSAIBI_PROPERTY_FULL") == "1"


@dataclass(frozen=True)
class Bounds:
    streets: int
    units: int  # per street
    themes: int
    quarters: int
    raters: int
    examples: int


# In CI small (about 3 minutes); the full bounds with LIANGSAIBI_PROPERTY_FULL=1.
BOUNDS = Bounds(60, 40, 12, 40, 5, 16) if FULL else Bounds(5, 5, 6, 6, 3, 3)
# Forty quarters, 2016Q4 to 2026Q3 (none in the future): a district draws some of them, with gaps.
QUARTERS = [f"{year}Q{q}" for year in range(2016, 2027) for q in range(1, 5)][3:43]
# Letters names are made of: CJK characters and digits, kept as they are by the import's clean-up (NFKC, no spaces).
LETTERS = "一二三四五六七八九十甲乙丙丁戊己庚辛东西南北中新华山河路街道社区村镇园林光明和平建设幸福0123456789"
SHOWN_MISSING = re.compile(r"(?<![A-Za-z])(None|nan|NaN|NaT|<NA>|null|undefined)(?![A-Za-z])")


def count(bound: int):
    """How many: the bounds themselves half of the time (hypothesis alone draws mostly small numbers)."""
    return st.sampled_from([1, bound]) | st.integers(1, bound)


def names(rng, count: int, longest: int = 40) -> list[str]:
    """`count` distinct names of 1 or `longest` characters or in between, from the seeded generator (a city's
    thousands of names drawn by hypothesis itself would pass its limit on the data an example may draw)."""
    found: dict[str, None] = {}
    while len(found) < count:
        size = rng.choice([1, longest, rng.randint(1, longest)])
        found.setdefault("".join(rng.choice(LETTERS) for _ in range(size)))
    return list(found)


def weights(count: int):
    """Positive whole weights summing to 100."""
    return (
        st.lists(st.integers(1, 20), min_size=count, max_size=count)
        .map(lambda raw: [*(w := [max(1, round(100 * r / sum(raw))) for r in raw])[:-1], 100 - sum(w[:-1])])
        .filter(lambda w: min(w) > 0)
    )


class District(dict):
    """A district's files (name → bytes), shown in a failure by its shape, not its megabytes."""

    def __repr__(self) -> str:
        sizes = ", ".join(f"{name}: {len(data.splitlines()) - 1} 行" for name, data in self.items())
        return f"District({sizes})"


@st.composite
def districts(draw, bounds: Bounds = BOUNDS) -> District:
    """The files of one random valid district: units, rubric, scores and, or not, the 观摩 and commitments."""
    # A plain generator from a drawn seed: hypothesis's own st.randoms() takes every call from the example's data,
    # which a city's names and scores overran (no district of more than one street was ever tried).
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    streets = names(rng, draw(count(bounds.streets)))
    units = {street: names(rng, draw(count(bounds.units))) for street in streets}
    themes = names(rng, draw(count(bounds.themes)))
    quarters = sorted(draw(st.permutations(QUARTERS))[: draw(count(bounds.quarters))])
    cells = sum(map(len, units.values())) * len(themes) * len(quarters)
    # Several raters, or one without a name; one when a city's history would pass a million scores anyway.
    several = draw(st.booleans()) and cells * bounds.raters <= 1_000_000
    raters = names(rng, draw(count(bounds.raters)), 12) if several else [""]
    years = sorted({int(q[:4]) for q in quarters})
    maxima = {theme: draw(st.sampled_from([5, 7.5, 10, 20, 100])) for theme in themes}
    rubric = [["年度", "指标", "权重", "满分", "说明", "计分方式"]]
    for year in years:
        scoring = draw(st.sampled_from(["平均", "去掉最高最低", ""]))
        described = draw(st.sampled_from(["", "说明" * 150, "按季度观摩打分"]))  # blank or long 说明
        rubric += [[year, t, w, maxima[t], described, scoring] for t, w in zip(themes, draw(weights(len(themes))))]
    # Ties everywhere: scores from a few values; some unit-themes left unscored (incomplete units). Drawn from the
    # seeded generator: a city's worth of scores is too many draws for hypothesis to make one by one.
    everyone = draw(st.booleans())
    header = (
        ["季度", "街道", "村(社区)", "指标", "评分人", "得分"]
        if raters != [""]
        else ["季度", "街道", "村(社区)", "指标", "得分"]
    )
    named = [[rater] for rater in raters] if raters != [""] else [[]]  # one unnamed rater: no 评分人 column
    files = {
        "units.csv": table([["街道", "村(社区)", "类型"]] + [[s, u, "村"] for s in streets for u in units[s]]),
        "rubric.csv": table(rubric),
    }
    first = (streets[0], units[streets[0]][0], themes[0])  # always scored: a district has scores
    for quarter in quarters:  # a file a quarter, as sheets arrive (a city's history in one would pass the size limit)
        rows = [header]
        for street in streets:
            for unit in units[street]:
                for theme in themes:
                    if everyone or (street, unit, theme) == first or rng.random() < 0.9:
                        score = maxima[theme] * rng.choice([0, 0.5, 0.8, 1])
                        rows += [[quarter, street, unit, theme, *rater, score] for rater in named]
        files[f"scores_{quarter}.csv"] = table(rows)
    if draw(st.booleans()):  # the 观摩 and commitments, or none at all
        street, unit, quarter = streets[0], units[streets[0]][0], quarters[-1]
        files["commitments.csv"] = table(
            [["年度", "街道", "村(社区)", "承诺事项", "指标", "承诺时限", "完成日期", "备注"]]
            + [[quarter[:4], street, unit, "承诺" * 20, themes[0], quarter, "", ""]]
        )
        files["highlights.csv"] = table(
            [
                ["季度", "街道", "村(社区)", "标题", "做法", "指标", "标签"],
                [quarter, street, unit, "亮点", "做法", "", ""],
            ]
        )
        files["problems.csv"] = table(
            [
                ["季度", "街道", "村(社区)", "问题", "整改措施", "整改时限", "完成日期"],
                [quarter, street, unit, "问题", "", quarter, ""],
            ]
        )
    return District(files)


def table(rows: list[list]) -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return text.getvalue().encode("utf-8-sig")


def build(files: dict[str, bytes], path) -> None:
    """An empty database at `path` with the files imported (one import) and every scored quarter published."""
    build_database(path, empty=True, district="测试区")
    import_files(list(files.items()), path, operator="测试")
    with db.write(path) as connection:
        db.publish_scored_quarters(connection)


def missing_shown(text: str) -> list[str]:
    """Where a text shows a missing value as None, nan and the like."""
    return [text[max(0, m.start() - 20) : m.end() + 20] for m in SHOWN_MISSING.finditer(text)]
