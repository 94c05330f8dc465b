"""Restore replaces the database and its 现场评分 store together or not at all: a restore killed at any step leaves
the old pair or, once the next command settles it, the new pair; never a session "closed as import N" that the
database does not hold. `check` verifies the pair."""

import shutil
import sqlite3
import subprocess
import sys

from import_support import query
from test_live_backup import scored_session

from liangsaibi.live import closing, ledger
from liangsaibi.ops import check
from liangsaibi.store import db, restoring, store

# The child restores with a SIGKILL before its Nth file operation (N from argv; 0 counts them and finishes).
CHILD = """
import os, pathlib, shutil, signal, sys
from liangsaibi.live import ledger, sessions
from liangsaibi.store import store

kill_at, seen = int(sys.argv[1]), [0]

def step(owner, name):
    real = getattr(owner, name)
    def counted(*args, **kwargs):
        seen[0] += 1
        if seen[0] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    setattr(owner, name, counted)

for owner, name in [(shutil, "copyfile"), (shutil, "rmtree"), (os, "replace"), (os, "fsync"),
                    (pathlib.Path, "unlink"), (pathlib.Path, "write_bytes"), (pathlib.Path, "mkdir"),
                    (ledger, "restore_from"), (sessions, "reopen_undone")]:
    step(owner, name)
store.restore(pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3]))
print(seen[0])
"""


def closed_session(path) -> int:
    session_id, _ = scored_session(path)
    return closing.close(session_id, path, operator="测试", allow_incomplete=True)


def pair(path) -> tuple:
    """What identifies a pair: the database's imports and the live store's closed sessions with their imports."""
    db.close_all()
    ledger.release(path)
    imports = query(path, "select max(import_id) from import_log")[0][0]
    with sqlite3.connect(ledger.live_path(path)) as live:
        closed = live.execute("select session_id, import_id from live_session order by session_id").fetchall()
    live.close()
    return imports, tuple(closed)


def put_back(saved, path) -> None:
    for suffix in ("-wal", "-shm"):
        ledger.live_path(path).with_name(ledger.live_path(path).name + suffix).unlink(missing_ok=True)
    shutil.copyfile(saved / "main", path)
    shutil.copyfile(saved / "live", ledger.live_path(path))


def restore_killed_at(step: int, folder, path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", CHILD, str(step), str(folder), str(path)], cwd=db.ROOT, capture_output=True, text=True
    )


def test_a_restore_killed_at_any_step_leaves_the_old_pair_or_the_new_one_and_check_passes(demo_db, tmp_path):
    first = closed_session(demo_db)
    store.backup(tmp_path / "备份", demo_db)
    new = pair(demo_db)
    closed_session(demo_db)  # after the backup: a second session closed as a later import
    old = pair(demo_db)
    assert old != new and old[0] == first + 1
    saved = tmp_path / "saved"
    saved.mkdir()
    shutil.copyfile(demo_db, saved / "main")
    ledger.copy_to(saved / "live", demo_db)
    put_back(saved, demo_db)
    steps = int(restore_killed_at(0, tmp_path / "备份", demo_db).stdout)
    assert pair(demo_db) == new and steps > 10, steps
    seen = {"old": 0, "new": 0}
    for step in range(1, steps + 1):
        put_back(saved, demo_db)
        killed = restore_killed_at(step, tmp_path / "备份", demo_db)
        assert killed.returncode == -9, (step, killed.stderr)
        restoring.settle(demo_db)  # what the next start, command or check does first
        found = pair(demo_db)
        assert found in (old, new), step
        seen["old" if found == old else "new"] += 1
        assert check.problems(demo_db) == [], step
        assert not restoring.staging(demo_db).exists()
    assert seen["old"] and seen["new"]  # kills before the marker and after it were both tried


def test_check_names_a_closed_session_whose_import_the_database_lacks(demo_db, tmp_path):
    store.backup(tmp_path / "旧", demo_db)
    import_id = closed_session(demo_db)
    db.close_all()
    shutil.copyfile(tmp_path / "旧" / "liangsaibi.duckdb", demo_db)  # the database alone put back, by hand
    found = check.problems(demo_db)
    assert any(
        "1 个已结束的评分场次或测试，其得分写入的导入在数据库的导入历史中没有记录" in problem
        and f"第 {import_id} 号导入" in problem
        for problem in found
    )


def test_restoring_a_backup_from_before_a_close_reopens_that_session(demo_db, tmp_path):
    store.backup(tmp_path / "旧", demo_db)
    closed_session(demo_db)
    store.restore(tmp_path / "旧", demo_db)
    assert pair(demo_db)[1] == ((1, None),)  # open again: its raters can go on, its close can be done again
    assert check.problems(demo_db) == []
