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


def _without(key):
    def spoil(text: bytes) -> bytes:
        manifest = json.loads(text)
        del manifest[key]
        return json.dumps(manifest).encode("utf-8")

    return spoil


AGAIN = "请换一个完好的备份目录（或重新备份）；未作任何更改。"
SPOILED_MANIFESTS = {
    "empty": (lambda text: b"", "是空文件：备份可能没有写完（如磁盘已满或中途断电）。"),
    "cut": (lambda text: text[:40], "不完整或格式不对（第 3 行第 "),
    "utf-16": (
        lambda text: text.decode("utf-8").encode("utf-16"),
        "不是 UTF-8 编码的文本，可能已损坏或被另存为其他编码。",
    ),
    "no-checksum": (_without("sha256"), "缺少「sha256」一项（它的校验和）或它不是文字，可能被改动过。"),
    "no-file": (_without("file"), "缺少「file」一项（数据库备份的文件名）或它不是文字，可能被改动过。"),
    "a-list": (lambda text: b"[]", "的内容不是本系统备份的说明，可能被改动过。"),
    "live-cut-short": (
        lambda text: text.replace(b'"created"', b'"live": {"file": "liangsaibi.live.sqlite3"}, "created"'),
        "缺少「live.sha256」一项（它的校验和）或它不是文字，可能被改动过。",
    ),
    "outside": (
        lambda text: text.replace(b'"file": "liangsaibi.duckdb"', b'"file": "../../liangsaibi.duckdb"'),
        "中的文件名「../../liangsaibi.duckdb」不在备份目录中，可能被改动过。",
    ),
}


@pytest.mark.parametrize("spoil", SPOILED_MANIFESTS)
def test_every_problem_of_a_backups_manifest_is_a_sentence_and_changes_nothing(demo_db, tmp_path, spoil, monkeypatch):
    from liangsaibi.__main__ import main

    folder = tmp_path / "备份"
    store.backup(folder, demo_db)
    manifest = folder / "manifest.json"
    change, said = SPOILED_MANIFESTS[spoil]
    manifest.write_bytes(change(manifest.read_bytes()))
    before = sha256(demo_db)
    with pytest.raises(store.UndoRefused) as refused:
        store.restore(folder, demo_db)
    assert str(refused.value).startswith(f"备份说明 {manifest} ") and said in str(refused.value)
    assert str(refused.value).endswith(AGAIN) and sha256(demo_db) == before
    monkeypatch.setenv("LIANGSAIBI_DB", str(demo_db))
    with pytest.raises(SystemExit) as exited:  # the command line says the same sentence, no traceback
        main(["restore", str(folder)])
    assert exited.value.code == str(refused.value)
