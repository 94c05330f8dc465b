"""The import commands as a clerk runs them: import, --dry-run, --add-units, history, undo, backup and restore."""

import os
import subprocess
import sys

import pytest
from import_support import csv_file, query, sha256, tables

from liangsaibi.__main__ import main
from liangsaibi.store import db

HEADER = "季度,街道,村(社区),指标,评分人,得分\n"
GOOD = HEADER + "2026Q4,须水街道,付庄村,创新举措,评分人1,9\n2026Q4,须水街道,付庄村,党建引领,评分人1,16.5\n"
BAD = (
    HEADER
    + "2026Q4,须水街道,付庄,创新举措,评分人1,9\n2026Q4,须水街道,付庄村,党建引领,评分人1,21\n2027Q1,须水街道,付庄村,党建引领,评分人1,1\n"
)


@pytest.fixture
def store(demo_db, monkeypatch):
    monkeypatch.setenv("LIANGSAIBI_DB", str(demo_db))
    return demo_db


def _run(store, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "liangsaibi", *map(str, args)],
        cwd=db.ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "LIANGSAIBI_DB": str(store)},
        timeout=120,
    )


def _file(tmp_path, name, text) -> str:
    path = tmp_path / name
    path.write_bytes(csv_file(text))
    return str(path)


def test_import_exits_0_and_prints_what_it_did(store, tmp_path):
    done = _run(store, "import", _file(tmp_path, "评分.csv", GOOD))
    assert done.returncode == 0
    assert "评分.csv：评分表 2 行，2026Q4；新增 2、修改 0、删除 0" in done.stderr and "导入完成。" in done.stderr
    assert query(store, "select theme, score from score where quarter = '2026Q4' order by theme") == [
        ("党建引领", 16.5),
        ("创新举措", 9.0),
    ]


def test_import_of_a_bad_file_prints_every_problem_exits_non_zero_and_changes_nothing(store, tmp_path):
    before = sha256(store)
    done = _run(store, "import", _file(tmp_path, "评分.csv", BAD))
    assert done.returncode != 0 and "导入失败，数据库未作任何更改。问题如下：" in done.stderr
    problems = [line for line in done.stderr.splitlines() if line.startswith("- 文件「评分.csv」")]
    assert [line.split("」", 2)[1] for line in problems] == ["第 2 行「村(社区)", "第 3 行「得分", "第 4 行「季度"]
    assert "是不是「付庄村」？" in problems[0] and "超出 0–20 的范围" in problems[1] and "是未来的季度" in problems[2]
    assert sha256(store) == before


def test_dry_run_prints_what_would_change_and_changes_nothing(store, tmp_path):
    before = sha256(store)
    done = _run(store, "import", "--dry-run", _file(tmp_path, "评分.csv", GOOD))
    assert done.returncode == 0
    assert (
        "新增 2、修改 0、删除 0" in done.stderr
        and "（试运行：未写入）" in done.stderr
        and "导入完成" not in done.stderr
    )
    assert sha256(store) == before


def test_import_with_add_units_names_the_units_it_added(store, tmp_path, capsys):
    main(["import", "--add-units", _file(tmp_path, "评分.csv", HEADER + "2026Q4,须水街道,新庄村,创新举措,评分人1,9\n")])
    assert "新添加的村(社区)：须水街道新庄村" in capsys.readouterr().err
    assert query(store, "select kind from unit where unit = '新庄村'") == [("村",)]


def test_import_of_a_missing_file_names_it(store, tmp_path):
    with pytest.raises(SystemExit, match="找不到文件：.*没有.csv"):
        main(["import", str(tmp_path / "没有.csv")])


def test_history_prints_one_line_per_import_newest_last_each_starting_with_its_id(store, tmp_path, capsys):
    main(["import", _file(tmp_path, "第一次.csv", GOOD)])
    main(["import", _file(tmp_path, "第二次.csv", GOOD.replace(",9\n", ",8\n"))])
    capsys.readouterr()
    main(["history"])
    lines = capsys.readouterr().out.splitlines()
    logged = query(
        store, "select import_id, file_name, rows_added, rows_replaced, checksum from import_log order by import_id"
    )
    assert len(lines) == len(logged) >= 6
    for line, (import_id, file_name, added, replaced, checksum) in zip(lines, logged):
        assert line.split("\t")[0] == str(import_id) and file_name in line
        assert f"{added} 行" in line and f"替换 {replaced}" in line and f"校验和 {checksum[:8]}" in line
    assert "第二次.csv" in lines[-1] and "替换 2" in lines[-1] and "第一次.csv" in lines[-2]


def test_undo_by_id_restores_the_data_and_history_marks_it_undone(store, tmp_path, capsys):
    before = tables(store)
    main(["import", _file(tmp_path, "评分.csv", GOOD)])
    import_id = query(store, "select max(import_id) from import_log")[0][0]
    main(["undo", str(import_id)])
    assert f"已撤销第 {import_id} 号导入。" in capsys.readouterr().err
    assert tables(store) == before
    main(["history"])
    assert "已撤销" in capsys.readouterr().out.splitlines()[-1]
    with pytest.raises(SystemExit, match=f"第 {import_id} 号导入已在 .* 撤销过"):
        main(["undo", str(import_id)])


def test_restore_gives_back_exactly_the_backed_up_data(store, tmp_path, capsys):
    main(["backup", str(tmp_path / "备份")])
    backed_up = tables(store), query(store, "select * from import_log order by import_id")
    main(["import", _file(tmp_path, "评分.csv", GOOD)])
    assert tables(store) != backed_up[0]
    main(["restore", str(tmp_path / "备份")])
    assert (tables(store), query(store, "select * from import_log order by import_id")) == backed_up
    assert "已从" in capsys.readouterr().err


@pytest.mark.parametrize(
    "damage, message",
    [
        (
            lambda folder: (folder / "liangsaibi.duckdb").open("r+b").write(b"\0" * 64),
            "缺失或已损坏（校验和不符），未作任何更改",
        ),
        (lambda folder: (folder / "liangsaibi.duckdb").unlink(), "缺失或已损坏"),
        (lambda folder: (folder / "manifest.json").unlink(), "中没有 manifest.json，不是本系统的备份"),
    ],
    ids=["tampered", "copy-missing", "manifest-missing"],
)
def test_restore_of_a_damaged_backup_is_refused_and_changes_nothing(store, tmp_path, damage, message):
    main(["backup", str(tmp_path / "备份")])
    main(["import", _file(tmp_path, "评分.csv", GOOD)])
    damage(tmp_path / "备份")
    before = sha256(store)
    with pytest.raises(SystemExit, match=message):
        main(["restore", str(tmp_path / "备份")])
    assert sha256(store) == before


def test_dry_run_of_a_rubric_prints_how_many_unit_totals_would_change(store, tmp_path, capsys):
    # 2021's first theme with its 满分 doubled and the same weights: every unit total of 2021 that scores that
    # theme changes (counted from the demo CSVs), though no rubric row's weight does.
    import pandas as pd
    from fixtures import expected_unit_themes

    from liangsaibi.store.build import SAMPLE

    rubric = pd.read_csv(SAMPLE / "rubric.csv", encoding="utf-8-sig")
    year = rubric[rubric["年度"] == 2021].copy()
    year.loc[year.index[0], "满分"] *= 2
    scored = expected_unit_themes()
    expected = len(
        scored[(scored["年度"] == 2021) & (scored["指标"] == year.loc[year.index[0], "指标"])][
            ["季度", "街道", "村(社区)"]
        ].drop_duplicates()
    )
    path = tmp_path / "细则.csv"
    path.write_bytes(year.to_csv(index=False).encode("utf-8-sig"))
    before = sha256(store)
    main(["import", "--dry-run", str(path)])
    said = capsys.readouterr().err
    assert f"新增 0、修改 1、删除 0；总分变化 {expected} 个" in said and "（试运行：未写入）" in said
    assert sha256(store) == before
