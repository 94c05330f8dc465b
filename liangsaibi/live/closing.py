"""Closing a session, exactly once: its scores go into the quarter through the import path, as one import that
undo reverses (docs/现场评分.md «结束评分»).

A close (1) marks the session closing, in the same transaction that reads its scores and records the sha256 of the
score sheet it will import: from that commit on no submission is stored, and every one stored before is in the
sheet; (2) imports the sheet under the main database's writer lock, unless an import of that very sheet (same
file name and checksum) already stands, whose id it takes instead; (3) marks the session closed with that id.
Killed anywhere, the next close finds the session closing and carries on from (2): one import, never two.
"""

import os
import signal
from pathlib import Path

import pandas as pd

from liangsaibi.intake import imports
from liangsaibi.intake.sheets import ImportRefused
from liangsaibi.live import ledger, results, sessions
from liangsaibi.store import db, store

KILL_POINT = "LIANGSAIBI_KILL_CLOSE_AT"  # tests kill a close at a named point (tests/test_live_close.py)


def session_file(current: results.State) -> tuple[str, bytes]:
    """The session's current scores as a long score sheet, the file the import path reads. Names as the raters
    and the roster wrote them: the leading ' that keeps Excel from reading =… as a formula is for exports only."""
    table = results.long_scores(current)
    return f"现场评分_第{int(current.session.session_id)}场.csv", table.to_csv(
        index=False, lineterminator="\r\n"
    ).encode("utf-8-sig")


def missing_raters(current: results.State) -> list[tuple[int, str, str, str, str]]:
    """(position, street, unit, theme, rater) for every rater who has not scored a unit on a theme of the session."""
    scored = set(zip(current.scores.position, current.scores.theme, current.scores.rater_id))
    return [
        (unit.position, unit.street, unit.unit, theme, rater.rater)
        for unit in current.units.itertuples()
        for theme in current.themes.theme
        for rater in current.raters.itertuples()
        if (unit.position, theme, rater.rater_id) not in scored
    ]


def shortfall(current: results.State) -> pd.DataFrame:
    """Every unit–theme of the session scored by fewer than all its raters (评分人不全), with who is missing.
    Grain: one row per unit and theme, in scoring order."""
    grouped: dict[tuple, list[str]] = {}
    for position, street, unit, theme, rater in missing_raters(current):
        grouped.setdefault((position, street, unit, theme), []).append(rater)
    everyone = len(current.raters)
    rows = [(*key, everyone - len(names), everyone, "、".join(names)) for key, names in grouped.items()]
    return pd.DataFrame(rows, columns=["顺序", "街道", "村(社区)", "指标", "已评", "评分人数", "未评的评分人"])


def shortfall_sentence(missing: pd.DataFrame) -> str:
    """What the close preview and a refused close say about raters missing."""
    listed = "；".join(
        f"{row['村(社区)']}·{row['指标']}（已评 {row['已评']} / {row['评分人数']}，缺 {row['未评的评分人']}）"
        for row in missing.head(12).to_dict("records")
    )
    more = f"等 {len(missing)} 项" if len(missing) > 12 else ""
    return (
        f"评分人不全：{listed}{more}。结束后这些村(社区)在各页面标为“不完整”；"
        "确认仍要结束，请勾选“评分人不全也结束”（命令行加 --allow-incomplete）。"
    )


def preview(session_id: int, main: Path | None = None):
    """What closing would do to the quarter: the plan, its summary (new / changed rows), the changed scores, and the
    unit–themes whose raters are not all in (shortfall)."""
    current = _closable(results.state(session_id, main), session_id)
    plan, summary, changed = imports.check_files([session_file(current)], path=main)
    return plan, summary, changed, shortfall(current)


def close(session_id: int, main: Path | None = None, *, operator: str, allow_incomplete: bool = False) -> int:
    """Stop submissions, write the session's scores as one import by `operator` and close the session; returns the
    import's id.
    With raters missing somewhere (shortfall) the close is refused unless `allow_incomplete`."""
    sessions.reopen_undone(main)
    name, data, missing = _begin(session_id, main, allow_incomplete)
    return import_and_close("live_session", "session_id", session_id, name, data, main, operator, missing=missing)


def import_and_close(table: str, key: str, number: int, name: str, data: bytes, main, operator: str, **options) -> int:
    """Steps (2) and (3) of a close, for a 现场评分 session (table live_session) as for a 党务知识测试 (quiz_test):
    import the sheet once (import_once with its `options`) and mark the row `key` = `number` closed with the
    import's id, which it returns. A refused import writes nothing and takes the closing mark off: answers go on."""
    killed_at("marked")
    try:
        import_id = import_once(name, data, main, operator, **options)
    except ImportRefused:
        with ledger.transaction(main) as connection:
            connection.execute(
                f"update {table} set closing_at = null, close_checksum = null where {key} = ? and closed_at is null",
                [number],
            )
        raise
    killed_at("imported")
    with ledger.transaction(main) as connection:
        connection.execute(
            f"update {table} set closed_at = {ledger.NOW}, import_id = ? where {key} = ? and closed_at is null",
            [import_id, number],
        )
    return import_id


def _closable(current: results.State | None, session_id: int) -> results.State:
    if current is None:
        raise sessions.LiveRefused(f"没有第 {session_id} 号评分场次。")
    if current.closed:
        raise sessions.LiveRefused(f"第 {session_id} 号评分场次已结束并导入（第 {current.session.import_id} 号导入）。")
    if current.scores.empty:
        raise sessions.LiveRefused(f"第 {session_id} 号评分场次还没有任何评分，没有可导入的得分。")
    return current


def _begin(session_id: int, main, allow_incomplete: bool) -> tuple[str, bytes, list[tuple]]:
    """Mark the session closing and read the sheet to import, in one write transaction (a resumed close reads the
    same sheet: nothing can change a closing session)."""
    with ledger.transaction(main) as connection:
        current = _closable(results.state_on(connection, session_id), session_id)
        if len(missing := shortfall(current)) and not allow_incomplete:
            raise sessions.LiveRefused(f"第 {session_id} 号评分场次未结束。" + shortfall_sentence(missing))
        # Kept with the import: the raters missing on the unit–themes it imports (those somebody scored).
        scored = set(zip(current.scores.position, current.scores.theme))
        missing = [row[1:] for row in missing_raters(current) if (row[0], row[3]) in scored]
        name, data = session_file(current)
        checksum = imports.file_checksum(data)
        recorded = current.session.close_checksum
        if pd.notna(recorded) and recorded != checksum:  # cannot happen while nothing changes a closing session
            raise sessions.LiveRefused(f"第 {session_id} 号评分场次的得分在结束过程中有变化，请联系系统管理员。")
        connection.execute(
            f"update live_session set closing_at = coalesce(closing_at, {ledger.NOW}), close_checksum = ? "
            "where session_id = ?",
            [checksum, session_id],
        )
    return name, data, missing


class _Standing(Exception):
    """The sheet's import is already written (by a close killed before it could say so, or running beside this)."""

    def __init__(self, import_id: int):
        self.import_id = import_id


def import_once(name: str, data: bytes, main, operator: str, missing: list[tuple] = (), whole: bool = False) -> int:
    """Import a close's sheet through the import path once: when an import of that very sheet (file name and
    checksum) stands, its id, else the new import's id (a 现场评分 close keeps the raters `missing` with it).
    ImportRefused when the sheet does not pass the import's checks."""
    try:
        with db.change(main) as connection:  # the writer lock: a second close waits here, then finds the first's
            standing = connection.execute(
                "select max(import_id) from import_log where file_name = $name and checksum = $sum "
                "and undone_at is null",
                {"name": name, "sum": imports.file_checksum(data)},
            ).fetchall()[0][0]
            if standing is not None:
                raise _Standing(standing)
            checked = imports.plan([(name, data)], connection, whole=whole)
            if checked.problems:
                raise ImportRefused(checked.problems)
            import_id = store.apply(checked, connection, operator)[0]
            store.record_shortfall(connection, list(missing), checked.parts[0].rows.quarter.iloc[0], import_id)
            killed_at("written")  # written into the copy, not yet renamed over the database
        return import_id
    except _Standing as found:
        return found.import_id


def killed_at(point: str) -> None:
    if os.environ.get(KILL_POINT) == point:
        os.kill(os.getpid(), signal.SIGKILL)


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


def show(session_id: int, position: int, main: Path | None = None) -> None:
    """Move the room to a unit: the meeting screen shows it, the raters' phones go to it."""
    with ledger.transaction(main) as connection:
        connection.execute("update live_session set shown = ? where session_id = ?", [position, session_id])


def step(session_id: int, by: int, main: Path | None = None) -> int:
    """Move the room `by` units on (−1: back), stopping at the first and the last; returns the unit now shown."""
    with ledger.transaction(main) as connection:
        current = results.state_on(connection, session_id)
        positions = current.units.position.tolist()
        moved = positions[max(0, min(len(positions) - 1, positions.index(current.shown()) + by))]
        connection.execute("update live_session set shown = ? where session_id = ?", [moved, session_id])
    return int(moved)


def reveal(session_id: int, position: int, main: Path | None = None) -> None:
    """Show a unit's results on the screen before every rater has submitted."""
    with ledger.transaction(main) as connection:
        connection.execute(
            "update live_unit set revealed = 1 where session_id = ? and position = ?", [session_id, position]
        )
