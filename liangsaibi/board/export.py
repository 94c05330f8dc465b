"""Tables as files that open correctly in Excel and WPS on Chinese Windows."""

import io
import re
import unicodedata

import pandas as pd

_FORMULA_STARTS = ("=", "+", "-", "@")
_SHEET_NAME_FORBIDDEN = str.maketrans({character: "_" for character in "[]:*?/\\"})
SCORE_FORMAT, PERCENT_FORMAT, COUNT_FORMAT = "0.00", "0.00%", "0"


_FRACTION = re.compile(r"(\d{1,4})/(\d{1,4})")  # 参评 6/10, 季度覆盖 3/4: Excel opens such a CSV cell as a date


def _defuse(value):
    # A text cell starting like a formula is prefixed with ' so Excel shows it instead of running it.
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _fraction_kept(value):
    # A count written x/y keeps its meaning in a CSV with the full-width slash, which Excel does not read as a date.
    return _FRACTION.sub(r"\1／\2", value) if isinstance(value, str) and _FRACTION.fullmatch(value) else value


def safe_for_excel(table: pd.DataFrame) -> pd.DataFrame:
    """The table with every text cell, and every header (theme names head columns), that Excel would read
    as a formula made inert."""
    text_columns = table.select_dtypes(include=["object", "string"]).columns
    cells = table.assign(**{column: table[column].map(_defuse) for column in text_columns})
    return cells.set_axis([_defuse(column) for column in cells.columns], axis=1)


def percent_columns(table: pd.DataFrame) -> list[str]:
    """The columns holding a percentage: every rate (覆盖率, 年度完成率 …) is kept on the 0–100 scale."""
    return [
        column
        for column in table.columns
        if str(column).endswith("率") and pd.api.types.is_numeric_dtype(table[column])
    ]


def csv_bytes(table: pd.DataFrame) -> bytes:
    """CSV in UTF-8 with BOM (Excel on Chinese Windows needs the BOM), numbers with 2 decimals, and the
    unit of each percentage in its header (覆盖率(%)), since a CSV cell cannot carry a % format."""
    named = table.rename(columns={column: f"{column}(%)" for column in percent_columns(table)})
    text_columns = named.select_dtypes(include=["object", "string"]).columns
    named = named.assign(**{column: named[column].map(_fraction_kept) for column in text_columns})
    text = safe_for_excel(named).to_csv(index=False, float_format="%.2f", lineterminator="\r\n")
    return text.encode("utf-8-sig")


def xlsx_bytes(table: pd.DataFrame, sheet: str = "数据", extra: dict[str, pd.DataFrame] | None = None) -> bytes:
    """An Excel workbook with the table on one sheet, ready to read: the header bold and frozen, columns as
    wide as their longest text, scores as 0.00 and percentages as numbers in a % format (95.12 → 95.12%); `extra`
    tables follow on sheets of their own (a template's example)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, rows in {sheet_name(sheet): table, **(extra or {})}.items():
            percents = percent_columns(rows)
            written = safe_for_excel(rows).assign(**{column: rows[column] / 100 for column in percents})
            written.to_excel(writer, sheet_name=name, index=False)
            _lay_out(writer.sheets[name], rows, percents)
    return buffer.getvalue()


def _lay_out(worksheet, table: pd.DataFrame, percents: list[str]) -> None:
    # Imported here, as pandas' ExcelWriter imports openpyxl: at the top it took 0.15–0.2 s of every command's start.
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    worksheet.freeze_panes = "A2"
    for position, column in enumerate(table.columns, start=1):
        worksheet.cell(1, position).font = Font(bold=True)
        letter = get_column_letter(position)
        worksheet.column_dimensions[letter].width = _width(column, table[column])
        number_format = _number_format(table[column], column in percents)
        if number_format:
            for (cell,) in worksheet.iter_rows(min_row=2, min_col=position, max_col=position):
                cell.number_format = number_format


def _number_format(values: pd.Series, percent: bool) -> str | None:
    if percent:
        return PERCENT_FORMAT
    if pd.api.types.is_float_dtype(values):
        return SCORE_FORMAT
    if pd.api.types.is_integer_dtype(values):
        return COUNT_FORMAT
    return None


def display_width(text: str) -> int:
    """How many character widths a text takes in a spreadsheet: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(character) in "WF" else 1 for character in text)


def _width(header, values: pd.Series) -> float:
    # As wide as the header or the longest shown value (numbers as shown: 2 decimals), plus a margin,
    # and never wider than a screen's third; a sheet of a city's units stays quick to measure.
    shown = values.head(5000).map(lambda v: "" if pd.isna(v) else f"{v:.2f}" if isinstance(v, float) else str(v))
    longest = max([display_width(str(header)), *shown.map(display_width)])
    return min(max(longest + 3, 8), 60)


def sheet_name(text: str) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return text.translate(_SHEET_NAME_FORBIDDEN)[:31] or "数据"


def file_name(view: str, quarter: str | None = None, *filters: str, extension: str = "csv") -> str:
    """A download's name: the view, the quarter and the filters, e.g. 街道排名_2021Q4.csv."""
    parts = [view, quarter, *filters]
    return "_".join(part for part in parts if part) + f".{extension}"
