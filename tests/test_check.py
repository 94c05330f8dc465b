"""`python -m liangsaibi check`: 0 and a summary on a whole database, 1 and a sentence naming the problem on
deliberately damaged copies."""

import subprocess
import sys

import duckdb
import pandas as pd
import pytest

from liangsaibi.__main__ import main
from liangsaibi.intake import templates
from liangsaibi.intake.imports import import_files
from liangsaibi.ops import check
from liangsaibi.store import db, store
from liangsaibi.store.build import SAMPLE


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
    done = subprocess.run(
        [sys.executable, "-m", "liangsaibi", "check"],
        cwd=db.ROOT,
        capture_output=True,
        text=True,
        env={"LIANGSAIBI_DB": str(demo_db), "PATH": "/usr/bin:/bin"},
    )
    scores = pd.read_csv(SAMPLE / "scores.csv", encoding="utf-8-sig")
    units = pd.read_csv(SAMPLE / "units.csv", encoding="utf-8-sig")
    imports = len(store.history(demo_db))
    assert done.returncode == 0 and "数据库检查通过" in done.stdout
    assert (
        f"{scores['季度'].nunique()} 个季度、{len(units)} 个村(社区)、{len(scores)} 条得分、{imports} 次导入"
        in done.stdout
    )


def test_a_database_after_an_import_and_an_undo_still_passes(demo_db, monkeypatch, capsys):
    monkeypatch.setenv("LIANGSAIBI_DB", str(demo_db))
    import_files(
        [templates.rubric_file(2021, templates.rubric_rows(2021).assign(说明="改过的说明"))], demo_db, operator="测试"
    )
    store.undo(int(store.history(demo_db)["编号"].max()), demo_db, operator="测试")
    assert checked(demo_db, monkeypatch, capsys)[0] == 0


@pytest.mark.parametrize(
    "statements, sentence",
    [
        (
            ["update street_total set total = total + 1 where street = '建设路街道' and quarter = '2021Q4'"],
            "派生表 street_total（街道总分）与由原始得分重新计算的结果不一致：1 行不同",
        ),
        (
            ["delete from unit_theme where quarter = '2021Q4' and unit = '省五建社区' and theme = '党建引领'"],
            "派生表 unit_theme（村(社区)指标得分）与由原始得分重新计算的结果不一致：1 行不同",
        ),
        (["delete from import_log where import_id = 3"], "表 score 中有 40910 行的导入编号在导入历史中没有记录"),
        (["update import_log set undone_at = current_timestamp where import_id = 4"], "表 commitment 中有"),
        (["delete from unit where unit = '省五建社区'"], "条所属的村(社区)或街道不在名单中"),
        (["update meta set value = 'abc' where key = 'schema'"], "结构版本（abc）与本程序"),
    ],
)
def test_a_damaged_copy_fails_with_status_1_and_a_sentence_naming_the_problem(
    demo_db, monkeypatch, capsys, statements, sentence
):
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


def test_a_database_after_remarks_settings_and_a_cleared_remark_still_passes(demo_db, monkeypatch, capsys):
    from liangsaibi.bulletin import remarks

    monkeypatch.setenv("LIANGSAIBI_DB", str(demo_db))
    remarks.set_remarks("2021Q4", {"建设路街道": "进步明显\n下季度抓阵地建设"}, operator="测试")
    remarks.set_remarks("2021Q4", {"建设路街道": ""}, operator="测试")  # clearing stores an empty remark
    store.set_settings({"office": "中共中原区委组织部（试）"}, demo_db, operator="测试")
    assert checked(demo_db, monkeypatch, capsys)[0] == 0


FIRST = "where rowid = (select min(rowid) from {table})"


# One deliberately damaged copy per rule of the 观摩/比学 tables, the remarks, the settings and the keys; each
# changes one row, so each sentence counts 1 (the history case counts the sample's highlights, read from its CSV).
@pytest.mark.parametrize(
    "statements, sentence",
    [
        (
            [f"update highlight set unit = '无此社区' {FIRST.format(table='highlight')}"],
            "亮点做法中有 1 条所属的村(社区)或街道不在名单中",
        ),
        (
            [f"update problem set street = '无此街道' {FIRST.format(table='problem')}"],
            "问题反馈中有 1 条所属的村(社区)或街道不在名单中",
        ),
        (
            [f"update visit set unit = '无此社区' {FIRST.format(table='visit')}"],
            "观摩记录中有 1 条所属的村(社区)或街道不在名单中",
        ),
        (
            ["insert into street_remark values ('2021Q4', '无此街道', '很好', null)"],
            "表 street_remark（通报点评）中有 1 行所属的街道不在名单中",
        ),
        (
            [f"update highlight set quarter = '2099Q1' {FIRST.format(table='highlight')}"],
            "表 highlight（亮点做法）中有 1 行的季度还没有到",
        ),
        (
            [f"update problem set completed_on = date '2000-01-01' {FIRST.format(table='problem')}"],
            "表 problem（问题反馈）中有 1 行的完成日期早于提出问题的季度（问题还没提出就已整改）",
        ),
        (
            [f"update problem set completed_on = date '2099-01-01' {FIRST.format(table='problem')}"],
            "表 problem（问题反馈）中有 1 行的完成日期晚于今天",
        ),
        (
            [f"update visit set visited_on = date '2099-01-01' {FIRST.format(table='visit')}"],
            "表 visit（观摩记录）中有 1 行的观摩日期晚于今天",
        ),
        (
            [
                "update visit set kind = '跨街道学习' where rowid = (select min(rowid) from visit where visitor = street)"
            ],
            "表 visit（观摩记录）中有 1 行标为「跨街道学习」，观摩方却就是被观摩街道",
        ),
        (
            ["insert into score select * from score limit 1"],
            "表 score（得分）中有 1 组（季度、街道、村(社区)、指标、评分人）相同的行出现了不止一次",
        ),
        (
            ["insert into commitment select * from commitment limit 1"],
            "表 commitment（承诺事项）中有 1 组（年度、街道、村(社区)、承诺事项）相同的行出现了不止一次",
        ),
        (
            ["insert into highlight select * from highlight limit 1"],
            "表 highlight（亮点做法）中有 1 组（季度、街道、村(社区)、标题）相同的行出现了不止一次",
        ),
        (
            ["insert into problem select * from problem limit 1"],
            "表 problem（问题反馈）中有 1 组（季度、街道、村(社区)、问题）相同的行出现了不止一次",
        ),
        (
            ["insert into visit select * from visit limit 1"],
            "表 visit（观摩记录）中有 1 组（日期、观摩方、被观摩街道、被观摩村(社区)）相同的行出现了不止一次",
        ),
        (
            ["insert into street_remark values ('2021Q4', '建设路街道', '很好' || chr(7), null)"],
            "通报点评中有 1 段文字含有换行和制表符以外的控制字符或非字符",
        ),
        (
            ["insert into street_remark values ('2021Q4', '建设路街道', repeat('好', 1001), null)"],
            "表 street_remark（通报点评）中有 1 行的文字超过 1000 个字符",
        ),
        (["insert into setting values ('colour', '红', null)"], "表 setting（区设置）中有 1 行是本程序不认识的设置"),
        (["update setting set value = '' where key = 'district'"], "表 setting（区设置）中有 1 行的区(县)名称为空"),
        (
            ["update setting set value = '中原' || chr(0) || '区' where key = 'district'"],
            "区设置中有 1 段文字含有换行和制表符以外的控制字符或非字符",
        ),
        (
            ["insert into setting values ('office', repeat('组', 2001), null)"],
            "表 setting（区设置）中有 1 行的文字超过 2000 个字符",
        ),
        (
            ["delete from import_log where import_id = (select max(import_id) from highlight)"],
            f"表 highlight 中有 {len(pd.read_csv(SAMPLE / 'highlights.csv'))} 行的导入编号在导入历史中没有记录",
        ),
    ],
)
def test_a_copy_breaking_a_rule_of_the_learn_tables_remarks_settings_or_keys_fails_naming_it(
    demo_db, monkeypatch, capsys, statements, sentence
):
    damage(demo_db, *statements)
    status, report = checked(demo_db, monkeypatch, capsys)
    assert status == 1 and "数据库检查发现" in report and sentence in report


@pytest.fixture
def holder(demo_db):
    """Another process holding the database open: holder(read_only) starts it; it ends with the test."""
    started = []

    def hold(read_only: bool) -> subprocess.Popen:
        code = f"import duckdb, sys; c = duckdb.connect({str(demo_db)!r}, read_only={read_only}); print('open', flush=True); sys.stdin.read()"
        process = subprocess.Popen(
            [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        started.append(process)
        assert process.stdout.readline() == "open\n"
        return process

    yield hold
    for process in started:
        process.communicate(timeout=30)


def test_a_database_that_servers_read_is_checked_as_usual(demo_db, holder, monkeypatch, capsys):
    holder(read_only=True)  # as every dashboard process holds it
    status, report = checked(demo_db, monkeypatch, capsys)
    assert status == 0 and report.startswith("数据库检查通过")


def test_a_database_another_program_writes_is_said_to_be_in_use_not_damaged(demo_db, holder, monkeypatch, capsys):
    process = holder(read_only=False)
    status, report = checked(demo_db, monkeypatch, capsys)
    assert status == 3
    assert report.startswith(f"数据库未检查：数据库文件 {demo_db} 正被另一个程序以写入方式打开（进程号 {process.pid}：")
    assert "这不表示文件损坏，请不要因此用备份恢复" in report and "稍后再运行 python -m liangsaibi check" in report
    assert "损坏或不完整" not in report and "restore" not in report
