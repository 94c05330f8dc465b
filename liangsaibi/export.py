"""Tables as files that open correctly in Excel and WPS on Chinese Windows."""
import io

import pandas as pd

_FORMULA_STARTS = ("=", "+", "-", "@")


def _defuse(value):
    # A text cell starting like a formula is prefixed with ' so Excel shows it instead of running it.
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def safe_for_excel(table: pd.DataFrame) -> pd.DataFrame:
    """The table with every text cell, and every header (theme names head columns), that Excel would read
    as a formula made inert."""
    text_columns = table.select_dtypes(include=["object", "string"]).columns
    cells = table.assign(**{column: table[column].map(_defuse) for column in text_columns})
    return cells.set_axis([_defuse(column) for column in cells.columns], axis=1)


def csv_bytes(table: pd.DataFrame) -> bytes:
    """CSV in UTF-8 with BOM (Excel on Chinese Windows needs the BOM), numbers with 2 decimals."""
    text = safe_for_excel(table).to_csv(index=False, float_format="%.2f", lineterminator="\r\n")
    return text.encode("utf-8-sig")


def xlsx_bytes(table: pd.DataFrame, sheet: str = "数据") -> bytes:
    """An Excel workbook with the table on one sheet."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe_for_excel(table).to_excel(writer, sheet_name=sheet, index=False)
    return buffer.getvalue()


def file_name(view: str, quarter: str | None = None, *filters: str, extension: str = "csv") -> str:
    """A download's name: the view, the quarter and the filters, e.g. 街道排名_2021Q4.csv."""
    parts = [view, quarter, *filters]
    return "_".join(part for part in parts if part) + f".{extension}"
