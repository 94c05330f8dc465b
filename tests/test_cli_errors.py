"""The command line answers a failure with one Chinese sentence and exit 1, never a traceback (unless --debug);
init leaves nothing beside the database but the database."""

import pytest

from liangsaibi import __main__ as cli
from liangsaibi.intake import imports
from liangsaibi.store import db
from liangsaibi.store.build import build_database


def test_init_leaves_no_lock_file_beside_the_database(tmp_path):
    build_database(tmp_path / "新库.duckdb")
    # Only the marker that remembers a database was here (ops.presence: a lost one is not rebuilt as demo data).
    assert sorted(p.name for p in tmp_path.iterdir()) == ["新库.duckdb", "新库.duckdb.existed"]


@pytest.mark.parametrize(
    "failure, sentence",
    [
        (PermissionError(13, "Permission denied", "/只读/liangsaibi.duckdb"), "没有权限读写 /只读/liangsaibi.duckdb"),
        (MemoryError(), "内存不足，命令未完成"),
        (
            db.DatabaseError("IO Error: Cannot open file: read-only file system"),
            "数据库出错（IO Error: Cannot open file",
        ),
    ],
)
def test_a_read_only_database_or_memory_exhaustion_is_one_sentence_and_exit_1(
    demo_db, monkeypatch, capsys, failure, sentence, tmp_path
):
    def fail(*args, **kwargs):
        raise failure

    sheet = tmp_path / "评分.csv"
    sheet.write_text(
        "季度,街道,村(社区),指标,评分人,得分\n2021Q4,建设路街道,省五建社区,党建引领,甲,18\n", encoding="utf-8"
    )
    monkeypatch.setenv("LIANGSAIBI_DB", str(demo_db))
    monkeypatch.setattr(imports, "import_files", fail)  # the import command takes it from there when it runs
    with pytest.raises(SystemExit) as stopped:
        cli.main(["import", str(sheet)])
    assert str(stopped.value.code).startswith(sentence) and "\n" not in str(stopped.value.code)
    with pytest.raises(type(failure)):
        cli.main(["import", str(sheet), "--debug"])
