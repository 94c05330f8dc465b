"""年度评定 (docs/计分规则.md): the year's ranking, grades with the 优秀 quota, 流动红旗 and 进步奖, as plain
functions on tables (the unit totals of queries/annual_unit_totals.sql, the quarters' street ranks)."""

import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import numpy as np
import pandas as pd

BEST, DEMOTED_TO = "优秀", "良好"
PROGRESS_UNITS = 3  # the 进步奖 goes to the street and the three units that rose most


def round2(value: float) -> float:
    """Half up to 2 decimals on the decimal value, as Excel's ROUND does (rule 4)."""
    return float(Decimal(f"{value:.15g}").quantize(Decimal("0.01"), ROUND_HALF_UP))


def competition_rank(values: pd.Series) -> pd.Series:
    """1, 2, 2, 4 from the highest value down; empty where the value is."""
    return values.rank(method="min", ascending=False).astype("Int64")


def grades(totals: pd.Series, bands: pd.DataFrame) -> pd.Series:
    """The grade of each rounded total: the band (columns 等次, 最低分) with the highest threshold it reaches (rule 6);
    empty where the total is or below every band."""
    ordered = bands.sort_values("最低分")
    place = np.searchsorted(ordered["最低分"].to_numpy(), totals.fillna(-np.inf).to_numpy(), side="right") - 1
    names = ordered["等次"].to_numpy(dtype=object)
    return pd.Series([names[i] if i >= 0 else None for i in place], index=totals.index, dtype=object)


def quota_cut(percent: float | None, ranked: int) -> int | None:
    """At most ⌊N % × ranked units⌋ 优秀, worked out on the decimal value (29 % of 100 is 29, not 28.999…)."""
    return None if percent is None else math.floor(Fraction(str(percent)) * ranked / 100)


def apply_quota(grades: pd.Series, totals: pd.Series, cut: int | None) -> pd.Series:
    """The grades after the 优秀 quota: a 优秀 unit keeps it only when the ranked units at or above its rounded
    total are no more than the cut, so units tied across the cut all go to 良好."""
    if cut is None:
        return grades
    at_or_above = totals.rank(method="max", ascending=False)  # how many ranked totals are at or above each
    return grades.where(~((grades == BEST) & (at_or_above > cut)), DEMOTED_TO)


def unit_ranking(units: pd.DataFrame, bands: pd.DataFrame, quota: float | None) -> pd.DataFrame:
    """The units' annual ranking: complete units (counted in every counted quarter) ranked and graded, the
    others shown 不完整 without a rank or grade; 季度覆盖 as counted/expected quarters."""
    complete = (units.quarters_counted == units.quarters_expected) & (units.quarters_expected > 0)
    totals = units["年度总分"].where(complete)
    graded = grades(totals, bands)
    ranked = units.assign(
        名次=competition_rank(totals),
        等次=apply_quota(graded, totals, quota_cut(quota, int(complete.sum()))).where(complete),
        季度覆盖=units.quarters_counted.astype(str) + "/" + units.quarters_expected.astype(str),
        评分状态=complete.map({True: "完整", False: "不完整"}),
    )
    columns = ["名次", "街道", "村(社区)", "类型", "年度总分", "等次", "季度覆盖", "评分状态", "exact_total"]
    return ranked.sort_values(["名次", "街道", "村(社区)"], na_position="last")[columns].reset_index(drop=True)


def street_ranking(units: pd.DataFrame) -> pd.DataFrame:
    """The streets' annual ranking: each street's 年度总分 = the mean of its complete units' unrounded annual
    totals, rounded; a street without a complete unit is 不完整, listed without a rank. Streets get no grade."""
    complete = units[units["评分状态"] == "完整"]
    exact = complete.groupby("街道").exact_total.mean()
    counts = units.groupby("街道").agg(units_all=("村(社区)", "size"))
    streets = counts.assign(exact_total=exact, units_complete=complete.groupby("街道").size()).reset_index()
    streets["units_complete"] = streets.units_complete.fillna(0).astype(int)
    streets["年度总分"] = streets.exact_total.map(lambda value: round2(value) if pd.notna(value) else None)
    streets["名次"] = competition_rank(streets["年度总分"].astype(float))
    streets["计入村(社区)"] = streets.units_complete.astype(str) + "/" + streets.units_all.astype(str)
    streets["评分状态"] = streets.exact_total.notna().map({True: "完整", False: "不完整"})
    columns = ["名次", "街道", "年度总分", "计入村(社区)", "评分状态", "exact_total"]
    return streets.sort_values(["名次", "街道"], na_position="last")[columns].reset_index(drop=True)


def flags(street_quarters: pd.DataFrame) -> pd.DataFrame:
    """流动红旗: the street ranked 1st in each published quarter holds it; tied firsts each hold one."""
    first = street_quarters[street_quarters["排名"] == 1]
    return first[["季度", "街道", "总分"]].sort_values(["季度", "街道"]).reset_index(drop=True)


def flag_counts(held: pd.DataFrame, streets: pd.DataFrame) -> pd.DataFrame:
    """Each street's flags of the year, most first (ties by 年度总分); 年度红旗街道 marks those with the most flags
    and, among them, the highest 年度总分 — still tied, all of them (joint)."""
    counts = held.groupby("街道").size().rename("红旗数").reset_index()
    counts = counts.merge(streets[["街道", "年度总分"]], on="街道", how="left")
    most = counts[counts["红旗数"] == counts["红旗数"].max()]
    best = most["年度总分"].max()
    holders = most[(most["年度总分"] == best) | (pd.isna(best) & most["年度总分"].isna())]["街道"]
    counts["年度红旗街道"] = counts["街道"].isin(holders)
    order = counts.sort_values(["红旗数", "年度总分", "街道"], ascending=[False, False, True], na_position="last")
    return order.reset_index(drop=True)


def progress(this_year: pd.DataFrame, last_year: pd.DataFrame, keys: list[str], places: int) -> pd.DataFrame:
    """进步奖: among those complete in both years, the `places` largest rises of the unrounded 年度总分 (ties share a
    place, so more may be named); 提高 is shown rounded."""
    both = this_year[this_year["评分状态"] == "完整"].merge(
        last_year[last_year["评分状态"] == "完整"][[*keys, "exact_total", "年度总分"]],
        on=keys,
        suffixes=("", "_上年"),
    )
    rise = both.exact_total - both.exact_total_上年
    both = both.assign(提高=rise.map(round2), 名次=competition_rank(rise.round(9)))
    chosen = both[both["名次"] <= places].sort_values(["名次", *keys])
    return (
        chosen[["名次", *keys, "年度总分_上年", "年度总分", "提高"]]
        .rename(columns={"年度总分_上年": "上年年度总分"})
        .reset_index(drop=True)
    )
