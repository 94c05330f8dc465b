"""`python -m liangsaibi check`: 0 and a summary on a whole database, 1 and a sentence naming the problem on
deliberately damaged copies."""
import subprocess
import sys

import duckdb
import pandas as pd
import pytest

from liangsaibi import admin, db, store
from liangsaibi.__main__ import main
from liangsaibi.build import SAMPLE
from liangsaibi.imports import import_files
from liangsaibi.ops import check


def damage(path, *statements):
    with duckdb.connect(str(path)) as connection:
        for statement in statements:
            connection.execute(statement)


def checked(path, monkeypatch, capsys) -> tuple[int, str]:
    monkeypatch.setenv("LIANGSAIBI_DB", str(path))
    status = main(["check"])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def test_a_whole_database_passes_with_a_summary_and_exit_status_0(demo_db):
    done = subprocess.run([sys.executable, "-m", "liangsaibi", "check"], cwd=db.ROOT, capture_output=True, text=True,
                          env={"LIANGSAIBI_DB": str(demo_db), "PATH": "/usr/bin:/bin"})
    scores = pd.read_csv(SAMPLE / "scores.csv", encoding="utf-8-sig")
    units = pd.read_csv(SAMPLE / "units.csv", encoding="utf-8-sig")
    imports = len(store.history(demo_db))
    assert done.returncode == 0 and "数据库检查通过" in done.stdout
    assert f"{scores['季度'].nunique()} 个季度、{len(units)} 个村(社区)、{len(scores)} 条得分、{imports} 次导入" in done.stdout


def test_a_database_after_an_import_and_an_undo_still_passes(demo_db, monkeypatch, capsys):
    monkeypatch.setenv("LIANGSAIBI_DB", str(demo_db))
    import_files([admin.rubric_file(2021, admin.rubric_rows(2021).assign(说明="改过的说明"))], demo_db)
    store.undo(int(store.history(demo_db)["编号"].max()), demo_db)
    assert checked(demo_db, monkeypatch, capsys)[0] == 0


@pytest.mark.parametrize("statements, sentence", [
    (["update street_total set total = total + 1 where street = '建设路街道' and quarter = '2021Q4'"],
     "派生表 street_total（街道总分）与由原始得分重新计算的结果不一致：1 行不同"),
    (["delete from unit_theme where quarter = '2021Q4' and unit = '省五建社区' and theme = '党建引领'"],
     "派生表 unit_theme（村(社区)指标得分）与由原始得分重新计算的结果不一致：1 行不同"),
    (["delete from import_log where import_id = 3"], "表 score 中有 40910 行的导入编号在导入历史中没有记录"),
    (["update import_log set undone_at = current_timestamp where import_id = 4"], "表 commitment 中有"),
    (["delete from unit where unit = '省五建社区'"], "条得分所属的村(社区)不在名单中"),
    (["update meta set value = 'abc' where key = 'schema'"], "结构版本（abc）与本程序"),
])
def test_a_damaged_copy_fails_with_status_1_and_a_sentence_naming_the_problem(demo_db, monkeypatch, capsys,
                                                                              statements, sentence):
    damage(demo_db, *statements)
    status, report = checked(demo_db, monkeypatch, capsys)
    assert status == 1 and "数据库检查发现" in report and sentence in report


def test_a_truncated_file_fails_with_a_sentence_saying_it_cannot_be_read(demo_db, monkeypatch, capsys):
    data = demo_db.read_bytes()
    demo_db.write_bytes(data[: len(data) // 2])
    status, report = checked(demo_db, monkeypatch, capsys)
    assert status == 1 and "无法读取，可能已损坏或不完整" in report and "Traceback" not in report


def test_a_missing_file_fails_without_building_one(tmp_path, monkeypatch, capsys):
    status, report = checked(tmp_path / "没有.duckdb", monkeypatch, capsys)
    assert status == 1 and "不存在" in report and not (tmp_path / "没有.duckdb").exists()


def test_problems_is_empty_for_a_whole_database_so_a_backup_can_be_verified_with_it(demo_db):
    assert check.problems(demo_db) == []
