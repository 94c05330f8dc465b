"""Publishing a quarter and taking it back to a draft: each a history entry, undone like an import."""

from pathlib import Path

import pandas as pd

from liangsaibi.publish import rules
from liangsaibi.store import db, store
from liangsaibi.store.quarters import quarter_text


class PublishRefused(Exception):
    """A 发布 or 撤回 that breaks the rules (docs/计分规则.md 季度发布); nothing was changed."""


def quarter_states(path: Path | None = None) -> pd.DataFrame:
    """Every quarter with scores or a state, newest first: published or not, and its participation."""
    return db.run("quarter_states", path=path)


def published_quarters(path: Path | None = None) -> list[str]:
    """The published quarters, newest first."""
    states = quarter_states(path)
    return states.quarter[states.published].tolist()


def change(quarter: str, publish: bool, path: Path | None = None, *, operator: str, dry_run: bool = False) -> str:
    """Publish `quarter` (or take it back to a draft) as a history entry; with dry_run only say what it would do."""
    verb = "发布" if publish else "撤回发布"
    if dry_run:
        states = quarter_states(path)
        _refuse(quarter, publish, states)
        return f"将{verb}{quarter_text(quarter)}：{_participation(quarter, states)}。（试运行：未写入）"
    with db.change(path) as connection:
        states = rules.states_of(connection)
        _refuse(quarter, publish, states)
        import_id = _record(connection, quarter, publish, operator)
    return f"已{verb}{quarter_text(quarter)}（第 {import_id} 号，可撤销）：{_participation(quarter, states)}。"


def _refuse(quarter: str, publish: bool, states: pd.DataFrame) -> None:
    refused = (rules.publish_refusal if publish else rules.unpublish_refusal)(quarter, states)
    if refused:
        raise PublishRefused(refused + "未作任何更改。")


def _participation(quarter: str, states: pd.DataFrame) -> str:
    return rules.participation_text(states[states.quarter == quarter].iloc[0])


def _record(connection, quarter: str, publish: bool, operator: str) -> int:
    rows = pd.DataFrame({"quarter": [quarter], "state": ["published" if publish else "draft"]})
    return store.record_change(connection, "publish", rows, operator, f"{quarter}_{'发布' if publish else '撤回发布'}")
