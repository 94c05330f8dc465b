"""Closing a test, exactly once as a 现场评分 session closes (liangsaibi/live/closing.py): answers stop in the same
transaction that reads what the close imports, and each unit's result goes into the quarter as one import replacing
the whole (季度, 村(社区), theme), 评分人 党务知识测试, which undo reverses (docs/党务知识测试.md «结束测试»)."""

from pathlib import Path

import pandas as pd

from liangsaibi.intake import imports
from liangsaibi.live import ledger
from liangsaibi.live.closing import import_and_close
from liangsaibi.quiz import reopening, results
from liangsaibi.quiz.sittings import QuizRefused

RATER = "党务知识测试"


def test_file(current: results.State) -> tuple[str, bytes]:
    """Each unit's result on the theme's 满分 scale as a long score sheet, the file the import path reads; units
    nobody finished are left out (their stored scores stay)."""
    units = results.unit_results(current).dropna(subset=["计入得分"])
    table = pd.DataFrame(
        {
            "季度": current.test.quarter,
            "街道": units["街道"],
            "村(社区)": units["村(社区)"],
            "指标": current.test.theme,
            "评分人": RATER,
            "得分": units["计入得分"],
        }
    )
    name = f"党务知识测试_第{int(current.test.test_id)}场.csv"
    return name, table.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def unfinished_units(units: pd.DataFrame) -> pd.DataFrame:
    """The units of the test where nobody finished: they get no score."""
    return units[units["交卷人数"] == 0]


def unfinished_sentence(units: pd.DataFrame) -> str:
    """What a refused close says about units nobody finished."""
    named = "、".join(units["村(社区)"].head(12)) + (f"等 {len(units)} 个" if len(units) > 12 else "")
    return (
        f"{named}没有人交卷，结束后这些村(社区)没有{RATER}得分（原有得分不变）；"
        "确认仍要结束，请勾选“有村(社区)无人交卷也结束”（命令行加 --allow-incomplete）。"
    )


def preview(test_id: int, main: Path | None = None):
    """What closing would write, as if it closed now (everyone who opened the link counts as finished): the
    plan, its summary, the changed scores, and each unit's result."""
    current = _closable(results.state(test_id, main), test_id)
    current.test = current.test.copy()
    if pd.isna(current.test.closing_at):
        current.test["closing_at"] = "preview"  # as the close will see it: everyone who opened has finished
    units = results.unit_results(current)
    if units["计入得分"].isna().all():
        return None, pd.DataFrame(), pd.DataFrame(), units
    plan, summary, changed = imports.check_files([test_file(current)], path=main, whole=True)
    return plan, summary, changed, units


def close(test_id: int, main: Path | None = None, *, operator: str, allow_incomplete: bool = False) -> int:
    """Stop answers, write each unit's result as one import by `operator` and close the test; returns the import's
    id. Refused when a unit has nobody finished, unless `allow_incomplete`."""
    reopening.reopen_undone(main)
    name, data = _begin(test_id, main, allow_incomplete)
    # The theme replaced whole (评分人 党务知识测试 only).
    return import_and_close("quiz_test", "test_id", test_id, name, data, main, operator, whole=True)


def _closable(current: results.State | None, test_id: int) -> results.State:
    if current is None:
        raise QuizRefused(f"没有第 {test_id} 号测试。")
    if current.closed:
        raise QuizRefused(f"第 {test_id} 号测试已结束并导入（第 {current.test.import_id} 号导入）。")
    return current


def _begin(test_id: int, main, allow_incomplete: bool) -> tuple[str, bytes]:
    """Mark the test closing and read the sheet to import, in one write transaction: from its commit no answer is
    stored, and every answer stored before is in the sheet (a resumed close reads the same sheet)."""
    with ledger.transaction(main) as connection:
        _closable(results.state_on(connection, test_id), test_id)
        connection.execute(
            f"update quiz_test set closing_at = coalesce(closing_at, {ledger.NOW}) where test_id = ?", [test_id]
        )
        current = results.state_on(connection, test_id)
        units = results.unit_results(current)
        if units["计入得分"].isna().all():
            raise QuizRefused(f"第 {test_id} 号测试还没有人交卷，没有可导入的得分。")
        if len(missing := unfinished_units(units)) and not allow_incomplete:
            raise QuizRefused(f"第 {test_id} 号测试未结束：" + unfinished_sentence(missing))
        name, data = test_file(current)
        recorded = current.test.close_checksum
        if pd.notna(recorded) and recorded != imports.file_checksum(data):
            raise QuizRefused(f"第 {test_id} 号测试的答案在结束过程中有变化，请联系系统管理员。")
        connection.execute(
            "update quiz_test set close_checksum = ? where test_id = ?", [imports.file_checksum(data), test_id]
        )
    return name, data
