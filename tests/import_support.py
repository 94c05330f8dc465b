"""Shared pieces of the import tests: a fresh demo database per test, its checksum and tables, file builders."""

import datetime
import hashlib
import io
import shutil

import duckdb
import openpyxl
import pytest

from liangsaibi.store import db
from liangsaibi.store.build import build_database

TODAY = datetime.date(2026, 11, 26)  # 2026Q4 is the current quarter, 2027Q1 the future


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """The demo database built once; tests that write get their own copy of it."""
    path = tmp_path_factory.mktemp("import-template") / "demo.duckdb"
    build_database(path)
    return path


def private_copy(template, folder, name: str):
    """A copy of a template database that one test may write into (a fixture's body: yield from it)."""
    path = folder / name
    shutil.copyfile(template, path)
    yield path
    db.close_all()


@pytest.fixture
def demo_db(demo_template, tmp_path):
    """A private copy of the demo database that a test may write into."""
    yield from private_copy(demo_template, tmp_path, "demo.duckdb")


def sha256(path) -> str:
    """The checksum of a file's bytes: equal before and after means nothing was written."""
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def query(path, sql: str, params: dict | None = None) -> list[tuple]:
    """Rows of a query on the file, opened read-only and closed again."""
    with duckdb.connect(str(path), read_only=True) as connection:
        return connection.execute(sql, params or {}).fetchall()


def tables(path) -> dict[str, list[tuple]]:
    """Every stored table as sorted rows: not import_log (it records the imports), nor tables derived from views."""
    with duckdb.connect(str(path), read_only=True) as connection:
        kinds = dict(connection.execute("select table_name, table_type from information_schema.tables").fetchall())
        derived = {name.removesuffix("_live") for name, kind in kinds.items() if kind == "VIEW"}
        names = sorted(
            name for name, kind in kinds.items() if kind == "BASE TABLE" and name not in derived | {"import_log"}
        )
        return {name: sorted(connection.execute(f"select * from {name}").fetchall(), key=repr) for name in names}


def scores(path, quarter: str) -> list[tuple]:
    """The stored score rows of one quarter: (quarter, street, unit, theme, rater, score), sorted."""
    return query(
        path,
        "select quarter, street, unit, theme, rater, score from score where quarter = $q order by all",
        {"q": quarter},
    )


def csv_file(text: str, encoding: str = "utf-8") -> bytes:
    """A CSV file's bytes in one of the encodings people save with."""
    return text.encode(encoding)


def xlsx_file(sheets: dict[str, list[list]], merged: dict[str, str] | None = None, padding: bool = False) -> bytes:
    """An XLSX workbook with the given rows per sheet; `merged` merges a range per sheet (a title cell).

    With padding, each sheet gets formatted but empty trailing rows and columns, as Excel leaves them.
    """
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        if merged and name in merged:
            sheet.merge_cells(merged[name])
        if padding:
            width = max(map(len, rows))
            for row in range(1, len(rows) + 6):
                sheet.cell(row, width + 3).number_format = "0.00"
            sheet.cell(len(rows) + 5, 1).value = ""
            sheet.cell(len(rows) + 4, 2).value = "   "
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
