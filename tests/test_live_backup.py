"""The 现场评分 store in backup, restore and check: a backup holds it, a restore brings it back as it was (also to a
server that has it open), a damaged one is neither backed up nor restored, and `check` finds what is wrong with it."""

import json
import sqlite3

import pytest
from import_support import sha256

from liangsaibi.live import closing, ledger, results, sessions, submissions
from liangsaibi.ops import check
from liangsaibi.store import store

THEMES = ["党建引领", "创新举措", "工作成效"]
UNITS = [("建设路街道", "中心医院社区"), ("建设路街道", "华山路社区")]
GIVEN = {"党建引领": 18, "创新举措": 9, "工作成效": 17}


def scored_session(path):
    session_id, tokens = sessions.create("2021Q4", UNITS, THEMES, [("张三", ""), ("李四", "")], main=path)
    submissions.submit(tokens["张三"], 1, GIVEN, path)
    submissions.submit(tokens["李四"], 1, {**GIVEN, "党建引领": 15}, path)
    return session_id, tokens


def trail(session_id, path) -> list[tuple]:
    return [
        tuple(row) for row in closing.audit(session_id, path)[["序号", "评分人", "顺序", "操作", "指标", "得分"]].values
    ]


def spoil(file, *statements):
    with sqlite3.connect(file) as connection:
        for statement in statements:
            connection.execute(statement)
    connection.close()


def test_a_backup_holds_the_live_store_and_a_restore_brings_it_back_to_a_process_that_has_it_open(demo_db, tmp_path):
    session_id, tokens = scored_session(demo_db)
    kept = trail(session_id, demo_db)
    said = store.backup(tmp_path / "备份", demo_db)
    manifest = json.loads((tmp_path / "备份" / "manifest.json").read_text(encoding="utf-8"))
    assert "含现场评分库" in said and manifest["live"]["file"] == "liangsaibi.live.sqlite3"
    assert sorted(p.name for p in (tmp_path / "备份").iterdir()) == [
        "liangsaibi.duckdb",
        "liangsaibi.live.sqlite3",
        "manifest.json",
    ]
    # After the backup: one more submission, a reopening, a new session.
    submissions.submit(tokens["李四"], 2, GIVEN, demo_db)
    submissions.reopen(session_id, 1, 1, demo_db)
    sessions.create("2021Q4", UNITS, THEMES, [("王五", "")], main=demo_db)
    assert len(trail(session_id, demo_db)) == len(kept) + 4
    assert "含现场评分库" in store.restore(tmp_path / "备份", demo_db)
    assert trail(session_id, demo_db) == kept  # read through this process's open connections
    assert results.state(session_id, demo_db).submitted(1) == 2 and results.state(session_id + 1, demo_db) is None
    assert sessions.admitted(tokens["张三"], demo_db).rater == "张三"


def test_a_backup_of_a_database_without_live_scoring_has_no_live_file_and_restoring_it_keeps_the_live_store(
    demo_db, tmp_path
):
    store.backup(tmp_path / "备份", demo_db)
    assert not (tmp_path / "备份" / "liangsaibi.live.sqlite3").exists()
    session_id, _ = scored_session(demo_db)
    assert "现有的现场评分库未改动" in store.restore(tmp_path / "备份", demo_db)
    assert results.state(session_id, demo_db).submitted(1) == 2


def test_a_damaged_live_store_is_not_backed_up_and_a_damaged_live_backup_is_not_restored(demo_db, tmp_path):
    scored_session(demo_db)
    ledger.release(demo_db)
    store.backup(tmp_path / "好的", demo_db)
    spoil(ledger.live_path(demo_db), "delete from live_rater where rater_id = 2")
    with pytest.raises(
        store.UndoRefused, match="现场评分库已损坏，不能备份：现场评分库中有 1 条提交记录的评分人不在其场次中"
    ):
        store.backup(tmp_path / "坏的", demo_db)
    assert not (tmp_path / "坏的" / "manifest.json").exists() and not (tmp_path / "坏的" / "liangsaibi.duckdb").exists()

    folder = tmp_path / "好的"
    copy = folder / "liangsaibi.live.sqlite3"
    copy.write_bytes(copy.read_bytes()[: 4096 * 2])  # cut short, and the checksum made to match
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["live"]["sha256"] = store._sha256(copy)
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    before = sha256(demo_db), sha256(ledger.live_path(demo_db))
    with pytest.raises(
        store.UndoRefused, match="备份不能恢复：现场评分库 .*liangsaibi.live.sqlite3 (无法读取|已损坏).*未作任何更改。"
    ):
        store.restore(folder, demo_db)
    assert (sha256(demo_db), sha256(ledger.live_path(demo_db))) == before


def test_check_passes_a_whole_live_store_and_names_what_is_wrong_with_a_damaged_one(demo_db):
    scored_session(demo_db)
    ledger.release(demo_db)
    assert check.problems(demo_db) == []
    spoil(ledger.live_path(demo_db), "delete from live_unit where position = 1", "delete from live_session")
    found = check.problems(demo_db)
    assert any("有 2 条提交记录所属的评分场次不存在" in problem for problem in found)
    assert any("有 2 条提交记录的村(社区)不在其场次中" in problem for problem in found)
    ledger.live_path(demo_db).write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    for leftover in ("-wal", "-shm"):
        ledger.live_path(demo_db).with_name(ledger.live_path(demo_db).name + leftover).unlink(missing_ok=True)
    (problem,) = check.problems(demo_db)
    assert problem.startswith("现场评分库") and "无法读取" in problem and "restore" in problem
