"""The tables of a year's 年度评定, as the 年度 page, the meeting screen, the exports and the 年度通报 show them."""

import functools
from pathlib import Path

import pandas as pd

from liangsaibi.annual import rules, year_settings
from liangsaibi.board import views as board_views
from liangsaibi.publish import states
from liangsaibi.store import db
from liangsaibi.store.quarters import quarter_text

QUARTER_COLUMNS = {f"Q{n}": name for n, name in enumerate(year_settings.QUARTER_NAMES, 1)}


def years(path: Path | None = None) -> list[int]:
    """The years with a published quarter, newest first."""
    return sorted({int(quarter[:4]) for quarter in states.published_quarters(path)}, reverse=True)


def published(year: int, path: Path | None = None) -> list[str]:
    """The year's published quarters, oldest first."""
    return sorted(quarter for quarter in states.published_quarters(path) if quarter.startswith(str(year)))


def span(year: int, path: Path | None = None) -> str:
    """How far the year's result reaches: 2021年度, or 2026年度（截至第三季度） before Q4 is published."""
    held = published(year, path)
    if not held or held[-1].endswith("Q4"):
        return f"{year}年度"
    return f"{year}年度（截至{quarter_text(held[-1])[5:]}）"


def as_of(year: int, path: Path | None = None) -> str | None:
    """The quarter the year's commitments and 整改 are counted at: Q4, or the newest published one before it."""
    held = published(year, path)
    return held[-1] if held else None


def _units(year: int, path: Path | None) -> pd.DataFrame:
    return db.run("annual_unit_totals", path=path, year=year, weights=year_settings.weights(year, path))


def _graded(year: int, path: Path | None) -> pd.DataFrame:
    # Every table of the year starts from this one: worked out once per version of the database read.
    return _graded_in(year, Path(path or db.database_path()), db.version_read(path))


@functools.lru_cache(maxsize=16)
def _graded_in(year: int, path: Path, version: int) -> pd.DataFrame:
    bands = db.run("grade_bands", path=path, year=year)
    return rules.unit_ranking(_units(year, path), bands, year_settings.quota(year, path))


def unit_ranking(year: int, path: Path | None = None) -> pd.DataFrame:
    """Every unit scored in the year: 名次, 年度总分, 等次 (thresholds, then the 优秀 quota), 季度覆盖, 评分状态."""
    return _graded(year, path).drop(columns="exact_total")


def street_ranking(year: int, path: Path | None = None) -> pd.DataFrame:
    """The streets' annual ranking with each published quarter's street total beside the 年度总分."""
    streets = rules.street_ranking(_graded(year, path)).drop(columns="exact_total")
    quarters = db.run("annual_street_quarters", path=path, year=year)
    beside = quarters.assign(季=quarters["季度"].str[-2:].map(QUARTER_COLUMNS)).pivot(
        index="街道", columns="季", values="总分"
    )
    shown = [name for name in QUARTER_COLUMNS.values() if name in beside.columns]
    return streets.merge(beside[shown].reset_index(), on="街道", how="left")


def flags(year: int, path: Path | None = None) -> pd.DataFrame:
    """流动红旗: the holder(s) of each published quarter of the year, the quarter written as people read it."""
    held = rules.flags(db.run("annual_street_quarters", path=path, year=year))
    return held.assign(季度=held["季度"].map(quarter_text))


def flag_counts(year: int, path: Path | None = None) -> pd.DataFrame:
    """Each flag-holding street's count of the year, and which is the 年度红旗街道."""
    return rules.flag_counts(flags(year, path), rules.street_ranking(_graded(year, path)))


def progress(year: int, path: Path | None = None) -> dict[str, pd.DataFrame] | None:
    """进步奖 against the year before: {"街道": …, "村(社区)": …}; None when the year before has no published quarter."""
    if not published(year - 1, path):
        return None
    this_units, last_units = _graded(year, path), _graded(year - 1, path)
    return {
        "街道": rules.progress(rules.street_ranking(this_units), rules.street_ranking(last_units), ["街道"], 1),
        "村(社区)": rules.progress(this_units, last_units, ["街道", "村(社区)"], rules.PROGRESS_UNITS),
    }


def commitments(year: int, path: Path | None = None) -> pd.DataFrame | None:
    """The year's commitments by street as of Q4 (or the newest published quarter before it)."""
    quarter = as_of(year, path)
    return board_views.commitments(quarter, path).drop(columns="季度") if quarter else None


def lessons(year: int, path: Path | None = None) -> pd.DataFrame | None:
    """Per street, the year's 亮点 and 整改 counts as of Q4 (or the newest published quarter before it)."""
    quarter = as_of(year, path)
    if quarter is None:
        return None
    highlights = db.run("annual_highlights", path=path, quarter=quarter)
    return highlights.merge(db.run("rectification_by_street", path=path, quarter=quarter), on="街道")


def terms(year: int, path: Path | None = None) -> str:
    """The year's settings in words: the quarter weights and the 优秀 quota with the most 优秀 it allows."""
    weights = "、".join(f"{weight:g}" for weight in year_settings.weights(year, path))
    quota = year_settings.quota(year, path)
    ranked = int(unit_ranking(year, path)["名次"].notna().sum())
    if quota is None:
        said = "不设优秀比例（按等次阈值）"
    elif quota == 0:
        said = "优秀比例为 0：本年度不评优秀"
    else:
        said = f"优秀比例 {quota:g}%：参加排名的 {ranked} 个村(社区)中优秀最多 {rules.quota_cut(quota, ranked)} 个"
    return f"季度权重（第一至第四季度）{weights}；{said}。"


def cards(year: int, path: Path | None = None) -> list[tuple[str, str, str | None, bool]]:
    """The 年度 page's cards as (label, value, note, whether the value is names people typed): 年度红旗街道, the first
    street, units ranked, 优秀."""
    holders = flag_counts(year, path).query("年度红旗街道")
    streets, units = street_ranking(year, path), unit_ranking(year, path)
    first = streets[streets["名次"] == 1]
    return [
        (
            "年度红旗街道",
            "、".join(holders["街道"]) or "—",
            f"{holders['红旗数'].max()} 面" if len(holders) else None,
            True,
        ),
        (
            "年度总分第一街道",
            "、".join(first["街道"]) or "—",
            f"{first['年度总分'].max():.2f} 分" if len(first) else None,
            True,
        ),
        ("参加排名的村(社区)", f"{units['名次'].notna().sum()}/{len(units)}", "季度覆盖不完整的不参加排名", False),
        ("优秀", f"{(units['等次'] == '优秀').sum()} 个", None, False),
    ]
