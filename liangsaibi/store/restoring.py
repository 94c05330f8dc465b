"""Restoring the database and its 现场评分 store as one pair, all or nothing (docs/运维.md, docs/数据约束.md).

Both copies are first staged in a folder beside the database; a marker file, written last, says the pair is whole.
From then on the restore is completed, never undone: a process killed before the marker leaves the old pair (the
staging folder is removed by whoever looks next), one killed after it leaves a restore that the next start of the
dashboard, the next command or `check` completes. Completing is repeatable: it copies the staged files again.
"""

import contextlib
import fcntl
import os
import shutil
from pathlib import Path

from liangsaibi.live import ledger, sessions
from liangsaibi.store import db

MAIN, LIVE, READY = "main.duckdb", "live.sqlite3", "ready"  # READY, the marker, is written last


def staging(path: Path) -> Path:
    """The staging folder of a restore of the database at `path`."""
    return path.with_name(path.name + ".restore")


def restore(main_copy: Path, live_copy: Path | None, path: Path) -> None:
    """Make the database a copy of `main_copy` and its live store a copy of `live_copy` together (None: the live
    store stays as it is); either both are replaced or neither. Sessions closed into an import the restored database
    does not hold are reopened. Raises db.Damaged when the copy is not a whole database, OSError when a copy fails
    (a full disk); the staging folder is removed then."""
    with _restoring(path):
        _settle(path)
        folder = staging(path)
        folder.mkdir()
        try:
            shutil.copyfile(main_copy, folder / MAIN)
            db.verify(folder / MAIN, main_copy)
            if live_copy is not None:
                shutil.copyfile(live_copy, folder / LIVE)
            for file in folder.iterdir():
                db.sync_to_disk(file)
            (folder / (READY + ".new")).write_bytes(b"")
            os.replace(folder / (READY + ".new"), folder / READY)  # from here on the pair is restored
            db.sync_to_disk(folder)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        _complete(path, folder)


def settle(path: Path | None = None) -> str | None:
    """Complete, or roll back, a restore that a killed process left (none in progress); the sentence saying which,
    or None when there was none."""
    path = Path(path or db.database_path())
    if not staging(path).exists():  # the common case, asked at every page run: one stat
        return None
    with contextlib.suppress(BlockingIOError), _restoring(path, wait=False):
        return _settle(path)
    return None  # a restore is running right now: it finishes its own work


def _settle(path: Path) -> str | None:
    folder = staging(path)
    if not folder.exists():
        return None
    if (folder / READY).exists():
        _complete(path, folder)
        return "上次恢复备份时进程中断，已把数据库和现场评分库一起恢复完毕。"
    shutil.rmtree(folder)
    return "上次恢复备份时进程在换上新文件之前中断，数据库和现场评分库都保持原样，已清理未完成的恢复。"


def _complete(path: Path, folder: Path) -> None:
    db.replace_with(folder / MAIN, path)
    if (folder / LIVE).exists():
        ledger.restore_from(folder / LIVE, path)
    sessions.reopen_undone(path)  # a session closed into an import the restored database lacks is open again
    (folder / READY).unlink()
    shutil.rmtree(folder)


@contextlib.contextmanager
def _restoring(path: Path, wait: bool = True):
    # One restore at a time; a killed one lets go of the lock with its process.
    with open(path.with_name(path.name + ".restore-lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield
