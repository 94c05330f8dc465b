"""The same questions answered by pandas on in-memory DataFrames: what a user would otherwise write."""

import pandas as pd

from liangsaibi.store import db
from liangsaibi.store.quarters import previous_quarter


class Peer:
    """The store's tables held in memory, and the dashboard's questions computed from the raw scores."""

    def __init__(self, path):
        self.score = db.read_table("score", path)
        self.rubric = db.read_table("rubric", path)
        self.commitment = db.read_table("commitment", path)

    def unit_totals(self, quarters) -> pd.DataFrame:
        scores = self.score[self.score.quarter.isin(quarters)]
        theme = scores.groupby(["quarter", "street", "unit", "theme"], as_index=False).score.mean()
        theme["year"] = theme.quarter.str[:4].astype(int)
        theme = theme.merge(self.rubric, on=["year", "theme"])
        theme["weighted"] = theme.weight * theme.score / theme.max_score * 100
        unit = theme.groupby(["quarter", "street", "unit"], as_index=False)[["weighted", "weight"]].sum()
        unit["total"] = unit.weighted / unit.weight
        return unit

    def street_totals(self, quarters) -> pd.DataFrame:
        street = self.unit_totals(quarters).groupby(["quarter", "street"], as_index=False).total.mean()
        street["total"] = street.total.round(2)
        street["rank"] = street.groupby("quarter").total.rank(method="min", ascending=False)
        return street

    def street_ranking(self, quarter):
        both = self.street_totals([quarter, previous_quarter(quarter)])
        now, before = both[both.quarter == quarter], both[both.quarter != quarter]
        return now.merge(before, on="street", how="left", suffixes=("", "_previous")).sort_values("rank")

    def street_trend(self):
        return self.street_totals(self.score.quarter.unique())

    def street_units(self, quarter, street):
        return self.unit_totals([quarter]).query("street == @street").sort_values("total", ascending=False)

    def unit_ranking(self, quarter):
        return self.unit_totals([quarter]).sort_values("total", ascending=False)

    def street_themes(self, quarter):
        scores = self.score[self.score.quarter == quarter]
        theme = scores.groupby(["street", "unit", "theme"], as_index=False).score.mean()
        return theme.groupby(["street", "theme"], as_index=False).score.mean()

    def commitment_completion(self, quarter):
        year, end = int(quarter[:4]), pd.Period(quarter, "Q").end_time.normalize()
        rows = self.commitment[self.commitment.year == year].copy()
        rows["done"] = rows.completed_on.notna() & (rows.completed_on <= end)
        rows["due"] = rows.due_quarter <= quarter
        return rows.groupby("street").agg(total=("done", "size"), done=("done", "sum"), due=("due", "sum"))
