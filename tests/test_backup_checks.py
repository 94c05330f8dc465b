"""Backup and restore check what they copy: a damaged database is not backed up, and a truncated or foreign file
is not restored; either way the current database stays exactly as it was."""

import json
import os

import duckdb
import pytest
from import_support import sha256

from liangsaibi.store import store


def truncate(path, fraction: float = 0.4) -> None:
    data = open(path, "rb").read()
    open(path, "wb").write(data[: int(len(data) * fraction)])


def forge_manifest(folder) -> None:
    # The checksum made to match the bad file: only reading the database itself can find it out.
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["sha256"] = store._sha256(folder / manifest["file"])
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def test_a_backup_of_a_damaged_database_fails_with_a_sentence_and_leaves_no_backup(demo_db, tmp_path):
    truncate(demo_db)
    with pytest.raises(store.UndoRefused, match="数据库已损坏，不能备份"):
        store.backup(tmp_path / "备份", demo_db)
    assert not (tmp_path / "备份" / "manifest.json").exists() and not (tmp_path / "备份" / "liangsaibi.duckdb").exists()


@pytest.mark.parametrize("spoil", ["truncated", "foreign"])
def test_a_truncated_or_foreign_backup_is_refused_and_the_database_is_untouched(demo_db, tmp_path, spoil):
    folder = tmp_path / "备份"
    store.backup(folder, demo_db)
    if spoil == "truncated":
        truncate(folder / "liangsaibi.duckdb")
    else:
        os.remove(folder / "liangsaibi.duckdb")
        with duckdb.connect(str(folder / "liangsaibi.duckdb")) as other:
            other.execute("create table import_log as select 1 as import_id; create table meta (key text, value text)")
    forge_manifest(folder)
    before = sha256(demo_db)
    with pytest.raises(store.UndoRefused, match="备份不能恢复：.*未作任何更改"):
        store.restore(folder, demo_db)
    assert sha256(demo_db) == before
    assert [p.name for p in demo_db.parent.iterdir() if ".change-" in p.name] == []


def test_a_whole_backup_restores(demo_db, tmp_path):
    store.backup(tmp_path / "备份", demo_db)
    assert store.restore(tmp_path / "备份", demo_db).startswith("已从")
