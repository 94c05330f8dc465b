"""What a session stands at: who has scored which unit, each theme's result under the 计分方式, the running ranking."""

import functools
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd

from liangsaibi.live import ledger, scoring

PARTS = ["session", "session_units", "session_themes", "session_raters", "current_scores"]


@dataclass
class State:
    """One consistent reading of a session."""

    session: pd.Series
    units: pd.DataFrame
    themes: pd.DataFrame
    raters: pd.DataFrame
    scores: pd.DataFrame

    @property
    def closed(self) -> bool:
        return pd.notna(self.session.closed_at)

    @property
    def ending(self) -> bool:
        """A close has begun (submissions are refused), or is done."""
        return pd.notna(self.session.closing_at) or self.closed

    @functools.cached_property
    def counts(self) -> dict[int, int]:
        """Per unit position, how many raters have submitted it."""
        return self.scores.groupby("position").rater_id.nunique().to_dict()

    def submitted(self, position: int) -> int:
        """How many raters have submitted the unit."""
        return int(self.counts.get(position, 0))

    def done(self, position: int) -> bool:
        return self.submitted(position) >= len(self.raters)

    def shown(self) -> int:
        """The unit the host has the room on (the meeting screen shows it, the phones open at it): the one the
        administrator moved to, else the first. Nothing moves by itself: each unit's result stays up until the host
        moves on."""
        positions = self.units.position.tolist()
        return (
            int(self.session.shown)
            if pd.notna(self.session.shown) and self.session.shown in positions
            else positions[0]
        )

    def waiting_for(self, position: int) -> list[str]:
        """The raters who have not submitted the unit, in the session's order."""
        done = set(self.scores.loc[self.scores.position == position, "rater_id"])
        return [row.rater for row in self.raters.itertuples() if row.rater_id not in done]


def state(session_id: int, main: Path | None = None) -> State | None:
    """The session as it stands, or None when there is no such session."""
    with ledger.transaction(main, write=False) as connection:
        return state_on(connection, session_id)


def state_on(connection, session_id: int) -> State | None:
    """The session as an open transaction of the live store sees it, or None when there is no such session."""
    found = {name: ledger.named(connection, name, session_id=session_id) for name in PARTS}
    if found["session"].empty:
        return None
    return State(
        found["session"].iloc[0],
        found["session_units"],
        found["session_themes"],
        found["session_raters"],
        found["current_scores"],
    )


def open_session(quarter: str | None, main: Path | None = None) -> int | None:
    """The newest session still open of `quarter`, else the newest open one of any quarter, else None."""
    listed = ledger.run("sessions", main)
    open_ones = listed[listed.closed_at.isna()]
    of_quarter = open_ones[open_ones.quarter == quarter]
    for found in (of_quarter, open_ones):
        if len(found):
            return int(found.session_id.max())
    return None


def round2(value: float) -> float:
    """Half up to 2 decimals on the decimal value, as Excel's ROUND (docs/计分规则.md, 第4条)."""
    return float(Decimal(f"{value:.15g}").quantize(Decimal("0.01"), ROUND_HALF_UP))


def theme_results(current: State, position: int) -> pd.DataFrame:
    """Per theme of one unit: each rater's score with the dropped highest and lowest marked, the result and
    whether the trimmed rule applied. Grain: one row per theme and rater who submitted."""
    rows = []
    scored = current.scores[current.scores.position == position].sort_values("rater_id")
    for theme in current.themes.itertuples():
        given = [
            (rater_id, rater, score)
            for rater_id, rater, score, name in zip(scored.rater_id, scored.rater, scored.score, scored.theme)
            if name == theme.theme
        ]
        result, trimmed = (
            scoring.trimmed_mean([score for _, _, score in given], current.session.scoring) if given else (None, False)
        )
        # One lowest and one highest, two different raters even when every score is the same.
        order = sorted(given, key=lambda row: (row[2], row[0]))
        dropped = {order[0][0]: "最低", order[-1][0]: "最高"} if trimmed else {}
        rows += [
            {
                "指标": theme.theme,
                "满分": theme.max_score,
                "评分人": rater,
                "得分": score,
                "去掉": dropped.get(rater_id, ""),
                "结果": result,
                "去掉最高最低": trimmed,
                "权重": theme.weight,
            }
            for rater_id, rater, score in given
        ]
    return pd.DataFrame(rows, columns=["指标", "满分", "评分人", "得分", "去掉", "结果", "去掉最高最低", "权重"])


def unit_totals(current: State, positions: list[int]) -> dict[int, float]:
    """The totals (百分制) of the given units over the themes scored live, weighted by the rubric (docs/计分规则.md, 第2条);
    a unit nobody has scored has none. Plain Python: the meeting screen reckons them every second."""
    wanted, given = set(positions), {}
    for position, theme, score in zip(current.scores.position, current.scores.theme, current.scores.score):
        if position in wanted:
            given.setdefault((position, theme), []).append(score)
    weighted, weights = {}, {}
    for theme in current.themes.itertuples():
        for position in positions:
            if scores := given.get((position, theme.theme)):
                result = scoring.trimmed_mean(scores, current.session.scoring)[0]
                weighted[position] = weighted.get(position, 0.0) + theme.weight * result / theme.max_score * 100
                weights[position] = weights.get(position, 0.0) + theme.weight
    return {int(position): weighted[position] / weights[position] for position in weighted}


def ranking(current: State) -> pd.DataFrame:
    """The session's units whose results are out (all raters submitted, or revealed), best first, ranked
    competition style on the rounded total."""
    out = [row for row in current.units.itertuples() if current.done(row.position) or row.revealed]
    totals = unit_totals(current, [row.position for row in out])
    table = pd.DataFrame(
        [(row.position, row.unit, totals[row.position]) for row in out if row.position in totals],
        columns=["顺序", "村(社区)", "总分"],
    )
    table["总分"] = table["总分"].map(round2)
    table.insert(0, "名次", table["总分"].rank(method="min", ascending=False).astype("Int64"))
    return table.sort_values(["名次", "顺序"]).reset_index(drop=True)


def progress(current: State) -> pd.DataFrame:
    """Which rater has submitted which unit: one row per rater, one column per unit (✓ or empty)."""
    done = set(current.scores[["rater_id", "position"]].itertuples(index=False, name=None))
    grid = {"评分人": current.raters.rater, "分组": current.raters.group}
    for unit in current.units.itertuples():
        grid[f"{unit.position}. {unit.unit}"] = [
            "✓" if (r, unit.position) in done else "" for r in current.raters.rater_id
        ]
    return pd.DataFrame(grid)


def long_scores(current: State) -> pd.DataFrame:
    """The session's scores in the long import format (季度, 街道, 村(社区), 指标, 评分人, 得分)."""
    return pd.DataFrame(
        {
            "季度": current.session.quarter,
            "街道": current.scores.street,
            "村(社区)": current.scores.unit,
            "指标": current.scores.theme,
            "评分人": current.scores.rater,
            "得分": current.scores.score,
        }
    )
