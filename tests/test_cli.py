"""The command line as a clerk uses it: init, export of every view, and clear refusals."""

import io

import openpyxl
import pandas as pd
import pytest

from liangsaibi.__main__ import main


@pytest.fixture
def fresh_path(tmp_path, monkeypatch):
    path = tmp_path / "fresh.duckdb"
    monkeypatch.setenv("LIANGSAIBI_DB", str(path))
    return path


def test_init_builds_the_demo_database_and_refuses_to_overwrite_it(fresh_path):
    assert main(["init"]) == 0 and fresh_path.exists()
    with pytest.raises(SystemExit, match="已存在.*--force"):
        main(["init"])
    assert main(["init", "--force"]) == 0


def test_init_empty_builds_the_schema_only_and_export_says_there_is_nothing(fresh_path):
    main(["init", "--empty"])
    with pytest.raises(SystemExit, match="还没有评分数据"):
        main(["export", "ranking"])


def test_export_without_a_database_tells_how_to_make_one(fresh_path):
    with pytest.raises(SystemExit, match="python -m liangsaibi init"):
        main(["export", "trend"])


@pytest.mark.parametrize(
    "view, extra, first_columns",
    [
        ("ranking", [], ["季度", "排名", "街道", "总分"]),
        ("themes", [], ["季度", "街道", "党建引领", "创新举措"]),
        ("trend", [], ["季度", "街道", "总分", "排名"]),
        ("units", ["--street", "建设路街道"], ["季度", "排名", "街道", "村(社区)"]),
        ("commitments", [], ["季度", "街道", "承诺数", "已完成"]),
    ],
)
def test_every_view_exports_to_csv_and_xlsx_with_the_same_rows(sample_database, tmp_path, view, extra, first_columns):
    main(["export", view, *extra, "-o", str(tmp_path / "out.csv")])
    main(["export", view, *extra, "--format", "xlsx", "-o", str(tmp_path / "out.xlsx")])
    csv = pd.read_csv(tmp_path / "out.csv", encoding="utf-8-sig")
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    assert list(csv.columns[: len(first_columns)]) == first_columns
    # The CSV names a percentage's unit in its header (覆盖率(%)); the workbook formats its cells as % instead.
    assert [cell.value for cell in sheet[1]] == [column.removesuffix("(%)") for column in csv.columns]
    assert sheet.max_row - 1 == len(csv) > 0


def test_views_with_a_quarter_default_to_the_latest_quarter(sample_database, capsysbinary):
    main(["export", "ranking"])
    exported = pd.read_csv(io.BytesIO(capsysbinary.readouterr().out), encoding="utf-8-sig")
    assert set(exported["季度"]) == {"2026Q3"}


def test_units_of_a_street_are_only_that_streets_units(sample_database, capsysbinary):
    main(["export", "units", "--street", "须水街道", "--quarter", "2021Q4"])
    exported = pd.read_csv(io.BytesIO(capsysbinary.readouterr().out), encoding="utf-8-sig")
    assert set(exported["街道"]) == {"须水街道"} and len(exported) == 11
    assert exported.loc[exported["村(社区)"] == "白寨村", "评分状态"].item() == "不完整"


@pytest.mark.parametrize(
    "args, message",
    [
        (["export", "ranking", "--quarter", "2021Q5"], "无法识别季度「2021Q5」"),
        (["export", "ranking", "--quarter", "2019Q1"], "2019Q1 没有评分数据"),
        (["export", "units"], "需要 --street"),
        (["export", "units", "--street", "不存在街道"], "没有「不存在街道」"),
    ],
)
def test_bad_arguments_get_a_chinese_sentence(sample_database, args, message):
    with pytest.raises(SystemExit, match=message):
        main(args)


def test_a_quarter_written_the_chinese_way_is_understood(sample_database, capsysbinary):
    main(["export", "ranking", "--quarter", "2021年第四季度"])
    assert b"2021Q4" in capsysbinary.readouterr().out
