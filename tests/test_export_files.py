"""Files people open: the export's format follows its file name, and a workbook reads well in Excel or WPS
(header bold and frozen, columns as wide as their names, scores 0.00, percentages as % numbers), while
workbooks in an import format (the templates) still import as they are."""

import io
import zipfile

import openpyxl
import pandas as pd
import pytest
from import_support import sha256

from liangsaibi.__main__ import main
from liangsaibi.board import export
from liangsaibi.intake import templates
from liangsaibi.intake.imports import import_files
from liangsaibi.intake.sheets import ImportRefused, read_sheets


def workbook_sheet(path):
    return openpyxl.load_workbook(path).active


def column_of(sheet, header: str) -> list:
    """The cells under a header, first data row down."""
    position = [cell.value for cell in sheet[1]].index(header) + 1
    return [row[0] for row in sheet.iter_rows(min_row=2, min_col=position, max_col=position)]


def cells(rows: pd.DataFrame) -> list[list]:
    """The rows' values with numbers compared as numbers (18.5 written as 18.50 in the CSV)."""

    def value(text):
        try:
            return float(text)
        except (TypeError, ValueError):
            return str(text)

    return [[value(text) for text in row] for row in rows.values.tolist()]


def width_of(sheet, header: str) -> float:
    position = [cell.value for cell in sheet[1]].index(header) + 1
    return sheet.column_dimensions[openpyxl.utils.get_column_letter(position)].width


def test_an_output_named_xlsx_is_written_as_a_workbook_without_being_told(sample_database, tmp_path):
    main(["export", "ranking", "--quarter", "2021Q4", "-o", str(tmp_path / "排名.xlsx")])
    main(["export", "ranking", "--quarter", "2021Q4", "-o", str(tmp_path / "排名.csv")])
    assert zipfile.is_zipfile(tmp_path / "排名.xlsx")
    assert [cell.value for cell in workbook_sheet(tmp_path / "排名.xlsx")[1]][:4] == ["季度", "排名", "街道", "总分"]
    assert (tmp_path / "排名.csv").read_bytes().startswith("\ufeff季度,排名".encode("utf-8"))


@pytest.mark.parametrize(
    "args, message",
    [
        (["--format", "csv", "-o", "排名.xlsx"], "--format csv 与输出文件「.*排名.xlsx」的扩展名 .xlsx 矛盾"),
        (["--format", "xlsx", "-o", "排名.csv"], "--format xlsx 与输出文件「.*排名.csv」的扩展名 .csv 矛盾"),
        (["-o", "排名.xls"], "须以 .csv 或 .xlsx 结尾"),
    ],
)
def test_a_format_the_file_name_contradicts_is_refused_in_chinese_and_nothing_is_written(
    sample_database, tmp_path, args, message
):
    args = [str(tmp_path / arg) if arg.startswith("排名") else arg for arg in args]
    with pytest.raises(SystemExit, match=message):
        main(["export", "ranking", *args])
    assert list(tmp_path.iterdir()) == []


def test_the_workbook_header_is_bold_and_frozen_and_street_names_fit_their_column(sample_database, tmp_path):
    main(["export", "ranking", "--quarter", "2021Q4", "-o", str(tmp_path / "排名.xlsx")])
    sheet = workbook_sheet(tmp_path / "排名.xlsx")
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1]) and not any(cell.font.bold for cell in sheet[2])
    # A Chinese character takes two of Excel's character widths: 中原西路街道 needs 12.
    longest = max(len(cell.value) for cell in column_of(sheet, "街道"))
    assert longest == 6 and width_of(sheet, "街道") >= 2 * longest + 1
    assert width_of(sheet, "村(社区)数") >= 2 * 4 + 2 * 1 + 1  # the header itself fits too


def test_scores_show_two_decimals_and_percentages_are_numbers_in_a_percent_format(sample_database, tmp_path):
    main(["export", "ranking", "--quarter", "2021Q4", "-o", str(tmp_path / "排名.xlsx")])
    main(["export", "ranking", "--quarter", "2021Q4", "-o", str(tmp_path / "排名.csv")])
    sheet = workbook_sheet(tmp_path / "排名.xlsx")
    csv = pd.read_csv(tmp_path / "排名.csv", encoding="utf-8-sig")
    assert "覆盖率(%)" in csv.columns and "覆盖率" not in csv.columns
    totals, coverage = column_of(sheet, "总分"), column_of(sheet, "覆盖率")
    assert {cell.number_format for cell in totals} == {"0.00"}
    assert {cell.number_format for cell in coverage} == {"0.00%"}
    assert {cell.number_format for cell in column_of(sheet, "排名")} == {"0"}
    assert [cell.value for cell in totals] == pytest.approx(list(csv["总分"]), abs=1e-9)
    assert [cell.value for cell in coverage] == pytest.approx(list(csv["覆盖率(%)"] / 100), abs=1e-9)
    assert not any(isinstance(cell.value, str) for cell in coverage)  # numbers, not text such as 100.00%


def test_completion_rates_are_percentages_in_the_workbook_and_marked_in_the_csv(sample_database, tmp_path):
    main(["export", "commitments", "--quarter", "2021Q4", "-o", str(tmp_path / "承诺.xlsx")])
    main(["export", "commitments", "--quarter", "2021Q4", "-o", str(tmp_path / "承诺.csv")])
    sheet = workbook_sheet(tmp_path / "承诺.xlsx")
    csv = pd.read_csv(tmp_path / "承诺.csv", encoding="utf-8-sig")
    assert list(csv.columns[-2:]) == ["年度完成率(%)", "到期完成率(%)"]
    rates = column_of(sheet, "年度完成率")
    assert {cell.number_format for cell in rates} == {"0.00%"}
    assert [cell.value for cell in rates] == pytest.approx(list(csv["年度完成率(%)"] / 100), abs=1e-9)
    assert {cell.number_format for cell in column_of(sheet, "承诺数")} == {"0"}


@pytest.mark.parametrize("name", list(templates.TEMPLATES))
def test_every_excel_template_is_a_header_laid_out_like_an_export_with_its_example_on_a_sheet_left_alone(
    name, demo_db, monkeypatch, tmp_path
):
    monkeypatch.setenv("LIANGSAIBI_DB", str(demo_db))  # the wide score sheet's themes: the demo's 2026 rubric
    data = templates.template_xlsx(name, 2026)
    (tmp_path / "t.xlsx").write_bytes(data)
    sheet = workbook_sheet(tmp_path / "t.xlsx")
    assert sheet.freeze_panes == "A2" and all(cell.font.bold for cell in sheet[1]) and sheet.max_row == 1
    example = templates.example(name, 2026)
    guide = openpyxl.load_workbook(tmp_path / "t.xlsx")["填写说明"]
    assert [cell.value for cell in guide[1]] == list(example.columns) and guide.max_row == 2
    (read,) = read_sheets(f"模板_{name}.xlsx", data)
    (from_csv,) = read_sheets(f"模板_{name}.csv", templates.template_csv(name, 2026))
    assert read.kind == from_csv.kind and read.header_row == 1
    assert read.rows.empty and from_csv.rows.empty


@pytest.mark.parametrize("extension", ["xlsx", "csv"])
def test_a_score_template_imported_unchanged_is_refused_as_only_a_header(demo_db, extension):
    # It replaced a real score with its example row before (the example was on the first sheet).
    before = sha256(demo_db)
    blank = getattr(templates, f"template_{extension}")("评分表（长表）")
    with pytest.raises(ImportRefused) as refused:
        import_files([(f"模板.{extension}", blank)], demo_db, operator="测试")
    where = "工作表「模板_评分表（长表）」第 1 行" if extension == "xlsx" else "第 1 行"
    assert [str(problem) for problem in refused.value.problems] == [
        f"文件「模板.{extension}」{where}：文件只有表头，没有数据行（空白模板也是这样）。"
        "请把数据填在表头下面再导入，或检查是否选错了文件。"
    ]
    assert sha256(demo_db) == before


def test_the_wide_score_template_takes_its_themes_from_the_years_rubric_and_a_year_without_one_gets_a_sentence(
    demo_db, monkeypatch
):
    monkeypatch.setenv("LIANGSAIBI_DB", str(demo_db))
    header = templates.template_csv("评分表（宽表）", 2021).decode("utf-8-sig").strip()
    assert header == "季度,街道,村(社区),评分人,党建引领,创新举措,工作成效,阵地建设,承诺践诺,集中攻坚,无疫创建,党务知识"
    with pytest.raises(templates.NoRubric, match="2030 年还没有评分细则，不能生成宽表模板"):
        templates.template_xlsx("评分表（宽表）", 2030)


def test_a_downloaded_table_with_a_rate_keeps_its_values_and_names_its_sheet():
    table = pd.DataFrame({"街道": ["中原西路街道"], "总分": [88.5], "到期完成率": [66.67]})
    sheet = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(table, "承诺[2021Q4]"))).active
    assert sheet.title == "承诺_2021Q4_"
    assert [cell.value for cell in sheet[2]] == ["中原西路街道", 88.5, pytest.approx(0.6667)]
    assert [cell.number_format for cell in sheet[2]] == ["General", "0.00", "0.00%"]


def test_a_count_written_x_of_y_is_not_left_for_excel_to_read_as_a_date():
    # Excel on Chinese Windows opens a CSV cell 6/10 as 6月10日 and 3/4 as 3月4日; the full-width slash keeps them.
    table = pd.DataFrame({"街道": ["甲街道", "乙街道"], "参评": ["6/10", "1/6"], "季度覆盖": ["3/4", "4/4"]})
    rows = export.csv_bytes(table).decode("utf-8-sig").splitlines()
    assert rows == ["街道,参评,季度覆盖", "甲街道,6／10,3／4", "乙街道,1／6,4／4"]
    sheet = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(table))).active
    assert [cell.value for cell in sheet[2]] == ["甲街道", "6/10", "3/4"]  # a workbook cell is text as it is
