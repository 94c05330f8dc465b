"""A full disk: every write that fails removes the partial files it made before it answers, and says so in one
sentence; the database is left as it was."""

import errno
import os
import resource
import shutil
import signal
import subprocess
import sys

import pytest
from import_support import TODAY, csv_file, sha256

from liangsaibi.__main__ import main
from liangsaibi.intake.imports import import_files
from liangsaibi.store import db, store

SHEET = "季度,街道,村(社区),指标,评分人,得分\n2021Q4,建设路街道,省五建社区,党建引领,评分人9,18\n"


def disk_fills_after(monkeypatch, share: float) -> None:
    """Every file copy writes `share` of its bytes, then fails as a full disk does."""
    real = shutil.copyfile

    def copy_until_full(source, destination, **kwargs):
        with open(source, "rb") as reading, open(destination, "wb") as writing:
            data = reading.read()
            writing.write(data[: int(len(data) * share)])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(destination))

    monkeypatch.setattr(shutil, "copyfile", copy_until_full)
    return real


def leftovers(folder) -> list[str]:
    return sorted(file.name for file in folder.iterdir() if ".change-" in file.name)


def test_an_import_that_fills_the_disk_leaves_no_partial_copy_and_no_change(demo_db, monkeypatch):
    before = sha256(demo_db)
    disk_fills_after(monkeypatch, 0.5)
    with pytest.raises(OSError) as full:
        import_files([("分.csv", csv_file(SHEET))], demo_db, today=TODAY, operator="测试")
    assert full.value.errno == errno.ENOSPC
    assert leftovers(demo_db.parent) == [] and sha256(demo_db) == before


def test_the_command_line_says_the_disk_is_full_in_one_chinese_sentence(demo_db, monkeypatch, tmp_path):
    sheet = tmp_path / "分.csv"
    sheet.write_bytes(csv_file(SHEET))
    monkeypatch.setenv("LIANGSAIBI_DB", str(demo_db))
    disk_fills_after(monkeypatch, 0.3)
    with pytest.raises(SystemExit) as said:
        main(["import", str(sheet)])
    assert str(said.value).startswith("磁盘已满，命令未完成，数据库未作更改")
    assert leftovers(demo_db.parent) == []


def test_a_backup_that_fills_the_disk_leaves_none_of_its_files(demo_db, monkeypatch, tmp_path):
    disk_fills_after(monkeypatch, 0.7)
    with pytest.raises(OSError):
        store.backup(tmp_path / "备份", demo_db)
    assert list((tmp_path / "备份").iterdir()) == []


def test_a_restore_that_fills_the_disk_leaves_no_partial_copy(demo_db, monkeypatch, tmp_path):
    store.backup(tmp_path / "备份", demo_db)
    before = sha256(demo_db)
    disk_fills_after(monkeypatch, 0.5)
    with pytest.raises((OSError, store.UndoRefused)):
        store.restore(tmp_path / "备份", demo_db)
    assert leftovers(demo_db.parent) == [] and sha256(demo_db) == before
    assert not any(file.name.endswith(".restore") for file in demo_db.parent.iterdir())


def _limit_file_size(limit: int):
    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG, as on a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_duckdb_failing_to_write_mid_import_leaves_no_partial_files(demo_db, tmp_path):
    # The copy fits under the limit; the import's new rows (a year of scores) make the work copy outgrow it, so the
    # write fails inside DuckDB as on a disk that fills up midway.
    rows = [
        f"2026Q2,建设路街道,省五建社区,党建引领,评分人{i},{i % 20}"
        for i in range(60_000)  # about 2 MB of new rows
    ]
    sheet = tmp_path / "大.csv"
    sheet.write_bytes(csv_file("季度,街道,村(社区),指标,评分人,得分\n" + "\n".join(rows) + "\n"))
    before = sha256(demo_db)
    done = subprocess.run(
        [sys.executable, "-m", "liangsaibi", "import", str(sheet)],
        cwd=db.ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "LIANGSAIBI_DB": str(demo_db)},
        preexec_fn=_limit_file_size(demo_db.stat().st_size + 4096),
    )
    assert done.returncode != 0 and "Traceback" not in done.stderr and "未作任何更改" in done.stderr
    assert leftovers(demo_db.parent) == [] and sha256(demo_db) == before
