"""The dashboard's questions answered by pandas on in-memory DataFrames, what a user would otherwise write, each in
two like-for-like pairs with DuckDB (benchmarks/RESULTS.md):

- from the raw tables: pandas groups the scores (Raw); DuckDB runs the named query on a copy of the database whose
  summary tables (unit_theme, street_theme, unit_total, street_total) are views over the schema's *_live views, so
  that it too computes every answer from the scores (raw_copy);
- from the summary tables: pandas reads unit_total, street_total and street_theme into memory once and answers from
  them (Summary); DuckDB runs the named query on the database as it is.

Each answer has the named query's columns, so that a pair is checked to give the same numbers before it is timed.
"""

import shutil
from pathlib import Path

import duckdb  # the raw copy is made outside the product, which opens its files through store.db only
import numpy as np
import pandas as pd

from liangsaibi.store import db
from liangsaibi.store.quarters import previous_quarter

NAMES = {
    "quarter": "季度",
    "street": "街道",
    "unit": "村(社区)",
    "theme": "指标",
    "total": "总分",
    "rank": "排名",
    "qoq": "环比",
    "rank_change": "排名变化",
    "grade": "等次",
    "units": "村(社区)数",
    "coverage": "覆盖率",
    "score": "得分",
}


def round2(values: pd.Series) -> pd.Series:
    """Half up on the decimal value, as the schema's round2 (73.205 → 73.21); the nudge undoes binary fractions."""
    return np.sign(values) * np.floor(np.abs(values) * 100 + 0.5 + 1e-7) / 100


def raw_copy(database: Path, folder: Path) -> Path:
    """A copy of the database whose summary tables are views computing them from the scores on every query."""
    copy = folder / "raw_answers.duckdb"
    shutil.copyfile(database, copy)
    with duckdb.connect(str(copy)) as connection:
        for table in db.DERIVED:
            connection.execute(f"drop table {table}")
            connection.execute(f"create view {table} as select * from {table}_live")
    return copy


class _Tables:
    def __init__(self, path: Path, tables: tuple[str, ...]):
        for table in ("rubric", "grade_band", "quarter_state", "commitment", *tables):
            setattr(self, table, db.read_table(table, path))
        self.published = set(self.quarter_state.quarter[self.quarter_state.state == "published"])

    def compared(self, quarter: str) -> str | None:
        """The quarter whose numbers a quarter's 环比 compares with (the schema's compared_quarter)."""
        before = previous_quarter(quarter)
        return None if quarter in self.published and before not in self.published else before

    def graded(self, rows: pd.DataFrame, total: str) -> pd.DataFrame:
        """The rows with the grade of `total` in their year (the band with the highest threshold it reaches)."""
        bands = self.grade_band.sort_values("min_total")[["year", "grade", "min_total"]]
        bands = bands.astype({"year": "int64"})
        rows = rows.assign(year=rows.quarter.str[:4].astype("int64")).sort_values(total)
        return pd.merge_asof(rows, bands, left_on=total, right_on="min_total", by="year")

    def commitment_completion(self, quarter: str) -> pd.DataFrame:
        year, end = int(quarter[:4]), pd.Period(quarter, "Q").end_time.normalize()
        rows = self.commitment[self.commitment.year == year]
        done = rows.completed_on.notna() & (rows.completed_on <= end)
        due = rows.due_quarter <= quarter
        marked = rows.assign(done=done, due=due, due_done=due & done, overdue=due & ~done)
        by_street = pd.concat(  # by street, then the whole district with no street, as the query gives them
            [_counted(marked), _counted(marked.assign(street=None))], ignore_index=True
        )
        return pd.DataFrame(
            {
                "街道": by_street.street,
                "承诺数": by_street.commitments,
                "已完成": by_street.done,
                "推进中": by_street.commitments - by_street.done - by_street.overdue,
                "逾期": by_street.overdue,
                "年度完成率": round2(by_street.done / by_street.commitments.replace(0, np.nan) * 100),
                "到期完成率": round2(by_street.due_done / by_street.due.replace(0, np.nan) * 100),
            }
        )

    def street_ranking(self, quarter: str) -> pd.DataFrame:
        rows = self.graded(self.street_ranked(quarter), "total")
        rows["coverage"] = round2(rows.coverage * 100)
        return rows.rename(columns=NAMES)

    def street_units(self, quarter: str, street: str) -> pd.DataFrame:
        return self.unit_ranked(quarter, street)

    def unit_ranking(self, quarter: str) -> pd.DataFrame:
        return self.unit_ranked(quarter)

    def unit_ranked(self, quarter: str, street: str | None = None) -> pd.DataFrame:
        """Units of a quarter (of one street, or all) ranked on the rounded total, with 环比 and grade."""
        both = self.unit_totals([quarter, self.compared(quarter)], street)
        now, before = both[both.quarter == quarter].copy(), both[both.quarter != quarter]
        now["total"] = round2(now.total)
        now["rank"] = now.total.rank(method="min", ascending=False).astype(int)
        before = before.assign(previous=round2(before.total))[["street", "unit", "previous"]]
        now = now.merge(before, on=["street", "unit"], how="left")
        now["qoq"] = round2(now.total - now.previous)
        now["coverage"] = round2(now.coverage * 100)
        return self.graded(now, "total").rename(columns=NAMES)


class Raw(_Tables):
    """The scores, units and rubric in memory: every answer grouped from the raw scores, as the *_live views do."""

    def __init__(self, path: Path):
        super().__init__(path, ("score", "unit"))
        self.weight_all = self.rubric.groupby("year", as_index=False).weight.sum().rename(columns={"weight": "all"})

    def unit_themes(self, quarters, street: str | None = None) -> pd.DataFrame:
        scores = self.score[self.score.quarter.isin(quarters)]
        if street is not None:
            scores = scores[scores.street == street]
        theme = scores.groupby(["quarter", "street", "unit", "theme"], as_index=False).score.agg(
            ["mean", "count", "sum", "max", "min"]
        )
        theme["year"] = theme.quarter.str[:4].astype(int)
        theme = theme.merge(self.rubric, on=["year", "theme"])
        trimmed = (theme.scoring == "trimmed") & (theme["count"] >= 5)
        dropped = (theme["sum"] - theme["max"] - theme["min"]) / (theme["count"] - 2)
        theme["theme_pct"] = theme["mean"].where(~trimmed, dropped) / theme.max_score * 100
        return theme

    def unit_totals(self, quarters, street: str | None = None) -> pd.DataFrame:
        theme = self.unit_themes(quarters, street)
        theme["weighted"] = theme.weight * theme.theme_pct
        unit = theme.groupby(["quarter", "year", "street", "unit"], as_index=False)[["weighted", "weight"]].sum()
        unit = unit.merge(self.weight_all, on="year").merge(self.unit[["street", "unit"]], on=["street", "unit"])
        return unit.assign(total=unit.weighted / unit.weight, coverage=unit.weight / unit["all"])

    def street_totals(self, quarters) -> pd.DataFrame:
        street = (
            self.unit_totals(quarters)
            .groupby(["quarter", "street"], as_index=False)
            .agg(total=("total", "mean"), units=("total", "size"), coverage=("coverage", "mean"))
        )
        street["total"] = round2(street.total)
        street["rank"] = street.groupby("quarter").total.rank(method="min", ascending=False).astype(int)
        return street

    def street_ranked(self, quarter: str) -> pd.DataFrame:
        both = self.street_totals([quarter, self.compared(quarter)])
        now, before = both[both.quarter == quarter], both[both.quarter != quarter]
        now = now.merge(before[["street", "total", "rank"]], on="street", how="left", suffixes=("", "_before"))
        return now.assign(qoq=round2(now.total - now.total_before), rank_change=now.rank_before - now["rank"])

    def street_trend(self, first: str, last: str) -> pd.DataFrame:
        quarters = self.score.quarter.unique()
        return self.street_totals(quarters[(quarters >= first) & (quarters <= last)]).rename(columns=NAMES)

    def street_themes(self, quarter: str) -> pd.DataFrame:
        theme = self.unit_themes([quarter])
        street = theme.groupby(["street", "theme"], as_index=False).agg(
            score=("theme_pct", "mean"), units=("theme_pct", "size")
        )
        return street.assign(score=round2(street.score)).rename(columns=NAMES)


class Summary(_Tables):
    """The summary tables (unit_total, street_total, street_theme) read into memory once: every answer from them,
    as the named queries read them."""

    def __init__(self, path: Path):
        super().__init__(path, ("unit_total", "street_total", "street_theme"))

    def unit_totals(self, quarters, street: str | None = None) -> pd.DataFrame:
        rows = self.unit_total[self.unit_total.quarter.isin(quarters)]
        return rows if street is None else rows[rows.street == street]

    def street_ranked(self, quarter: str) -> pd.DataFrame:
        return self.street_total[self.street_total.quarter == quarter]

    def street_trend(self, first: str, last: str) -> pd.DataFrame:
        quarters = self.street_total.quarter
        return self.street_total[(quarters >= first) & (quarters <= last)].rename(columns=NAMES)

    def street_themes(self, quarter: str) -> pd.DataFrame:
        rows = self.street_theme[self.street_theme.quarter == quarter]
        return rows.assign(score=round2(rows.theme_pct)).rename(columns=NAMES)


# What a pair must agree on: the rows' keys and the numbers shown (the named query's columns).
CHECKED = {
    "street_ranking": (["街道"], ["总分", "排名", "环比", "排名变化", "等次", "村(社区)数", "覆盖率"]),
    "street_themes": (["街道", "指标"], ["得分", "村(社区)数"]),
    "street_trend": (["季度", "街道"], ["总分", "排名", "村(社区)数"]),
    "street_units": (["村(社区)"], ["总分", "排名", "环比", "等次", "覆盖率"]),
    "unit_ranking": (["街道", "村(社区)"], ["总分", "排名", "环比", "覆盖率"]),
    "commitment_completion": (["街道"], ["承诺数", "已完成", "推进中", "逾期", "年度完成率", "到期完成率"]),
}


def check_same(name: str, duck: pd.DataFrame, pandas: pd.DataFrame) -> None:
    """Raise unless both answers hold the same rows with the same numbers."""
    keys, values = CHECKED[name]
    if len(duck) != len(pandas) or not len(duck):
        raise AssertionError(f"{name}: DuckDB gave {len(duck)} rows, pandas {len(pandas)}")
    mine, theirs = (frame[keys + values].sort_values(keys).reset_index(drop=True) for frame in (duck, pandas))
    for column in values:
        if not (pd.api.types.is_numeric_dtype(mine[column]) and pd.api.types.is_numeric_dtype(theirs[column])):
            same = mine[column].fillna("").astype(str).equals(theirs[column].fillna("").astype(str))
        else:
            same = np.allclose(mine[column].astype(float), theirs[column].astype(float), equal_nan=True, atol=1e-9)
        if not same:
            raise AssertionError(f"{name}: column {column} differs between DuckDB and pandas")


def _counted(marked: pd.DataFrame) -> pd.DataFrame:
    """commitment_completion's counts per street (one group when every street is None: the district)."""
    return marked.groupby("street", dropna=False, as_index=False).agg(
        commitments=("done", "size"),
        done=("done", "sum"),
        due=("due", "sum"),
        due_done=("due_done", "sum"),
        overdue=("overdue", "sum"),
    )
