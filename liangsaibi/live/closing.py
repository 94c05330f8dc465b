"""Closing a session: its scores go into the quarter through the import path, as one import that undo reverses."""

from pathlib import Path

import pandas as pd

from liangsaibi.board import export
from liangsaibi.intake import imports
from liangsaibi.live import ledger, results, sessions


def session_file(session_id: int, main: Path | None = None) -> tuple[str, bytes]:
    """The session's current scores as a long score sheet, the file the import path reads."""
    current = results.state(session_id, main)
    if current is None:
        raise sessions.LiveRefused(f"没有第 {session_id} 号评分场次。")
    if current.closed:
        raise sessions.LiveRefused(f"第 {session_id} 号评分场次已结束并导入（第 {current.session.import_id} 号导入）。")
    if current.scores.empty:
        raise sessions.LiveRefused(f"第 {session_id} 号评分场次还没有任何评分，没有可导入的得分。")
    return f"现场评分_第{session_id}场.csv", export.csv_bytes(results.long_scores(current))


def preview(session_id: int, main: Path | None = None):
    """What closing would do to the quarter: the plan, its summary (new / changed rows) and the changed scores."""
    return imports.check_files([session_file(session_id, main)], path=main)


def close(session_id: int, main: Path | None = None, *, operator: str) -> int:
    """Write the session's scores as one import by `operator`, then close the session; returns the import's id."""
    plan, _ = imports.import_files([session_file(session_id, main)], path=main, operator=operator)
    import_id = plan.import_ids[0]
    with ledger.transaction(main) as connection:
        connection.execute(
            f"update live_session set closed_at = {ledger.NOW}, import_id = ? where session_id = ?",
            [import_id, session_id],
        )
    return import_id


def audit(session_id: int, main: Path | None = None) -> pd.DataFrame:
    """Every submission and reopening with its time, for the administrator's download."""
    trail = ledger.run("audit", main, session_id=session_id)
    trail["action"] = trail["action"].map({"submit": "提交", "reopen": "重开"})
    return trail.rename(
        columns={
            "event_id": "序号",
            "happened_at": "时间",
            "rater": "评分人",
            "group": "分组",
            "position": "顺序",
            "street": "街道",
            "unit": "村(社区)",
            "action": "操作",
            "theme": "指标",
            "score": "得分",
        }
    )


def show(session_id: int, position: int | None, main: Path | None = None) -> None:
    """Tell the meeting screen which unit to show (None: the first not fully scored)."""
    with ledger.transaction(main) as connection:
        connection.execute("update live_session set shown = ? where session_id = ?", [position, session_id])


def reveal(session_id: int, position: int, main: Path | None = None) -> None:
    """Show a unit's results on the screen before every rater has submitted."""
    with ledger.transaction(main) as connection:
        connection.execute(
            "update live_unit set revealed = 1 where session_id = ? and position = ?", [session_id, position]
        )
