"""Theme names head the columns of several downloads: a header that Excel would run as a formula is made inert."""

import io

import openpyxl
import pandas as pd

from liangsaibi.board import export

TABLE = pd.DataFrame(
    {"街道": ["=HYPERLINK(\"http://evil.example\")"], "=1+1": [80.0], "@SUM(A1)": [70.0], "党建引领": [60.0]}
)


def test_csv_headers_and_cells_that_look_like_formulas_start_with_a_quote():
    lines = export.csv_bytes(TABLE).decode("utf-8-sig").splitlines()
    assert lines[0] == "街道,'=1+1,'@SUM(A1),党建引领"
    assert lines[1].startswith("\"'=HYPERLINK(")


def test_xlsx_headers_and_cells_that_look_like_formulas_are_text():
    sheet = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(TABLE))).active
    assert [cell.value for cell in sheet[1]] == ["街道", "'=1+1", "'@SUM(A1)", "党建引领"]
    assert all(cell.data_type == "s" for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str))
