"""The rules of 季度发布 (docs/计分规则.md) as plain functions on the table of quarter states."""

import pandas as pd

from liangsaibi.store import db
from liangsaibi.store.quarters import quarter_text


def states_of(connection) -> pd.DataFrame:
    """The quarters' states and participation (queries/quarter_states.sql) as a writer's connection sees them."""
    return connection.execute(db.query_text("quarter_states")).df()


def participation_text(state) -> str:
    """A quarter's 参评 in words: 参评 12/59 村(社区)、2/6 街道 (按现登记名单)."""
    return (
        f"参评 {state.units_scored}/{state.units_registered} 村(社区)、"
        f"{state.streets_scored}/{state.streets_registered} 街道（按现登记名单）"
    )


def publish_refusal(quarter: str, states: pd.DataFrame) -> str | None:
    """Why `quarter` cannot be published now (no scores, already published, an earlier scored draft), or None."""
    found = states[states.quarter == quarter]
    if found.empty or not found.units_scored.iloc[0]:
        return f"{quarter_text(quarter)}没有任何得分，不能发布；请先导入该季度的评分表。"
    if found.published.iloc[0]:
        return f"{quarter_text(quarter)}已经发布。"
    return _out_of_order(quarter, True, states)


def unpublish_refusal(quarter: str, states: pd.DataFrame) -> str | None:
    """Why `quarter` cannot be taken back to a draft now (not published, a later quarter published), or None."""
    found = states[states.quarter == quarter]
    if found.empty or not found.published.iloc[0]:
        return f"{quarter_text(quarter)}没有发布，无需撤回。"
    return _out_of_order(quarter, False, states)


def undo_refusal(quarter: str, states: pd.DataFrame) -> str | None:
    """Why undoing a 发布 or 撤回 of `quarter` must be refused: the state it returns to (in `states`, read after
    the undo) would break the order."""
    found = states[states.quarter == quarter]
    return _out_of_order(quarter, bool(len(found) and found.published.iloc[0]), states)


def _out_of_order(quarter: str, published: bool, states: pd.DataFrame) -> str | None:
    # Published quarters come first: none after a scored draft.
    if published:
        earlier = states[(states.quarter < quarter) & (states.units_scored > 0) & ~states.published]
        if len(earlier):
            first = quarter_text(earlier.quarter.min())
            return f"{quarter_text(quarter)}之前的{first}还没有发布；季度须按先后发布，请先发布{first}。"
        return None
    later = states[(states.quarter > quarter) & states.published]
    if len(later):
        last = quarter_text(later.quarter.max())
        return f"{quarter_text(quarter)}之后的{last}已经发布；须从最新的季度起依次撤回，请先撤回{last}。"
    return None
