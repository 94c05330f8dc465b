"""A city's history imported a year at a time: a sheet comes back from the intake child exactly as
read, and importing one year leaves every other year's rows as they were, bit for bit, until undone exactly."""

import io
import multiprocessing

import duckdb
import pandas as pd
import pytest

from benchmarks import bombs, yearly
from liangsaibi import intake
from liangsaibi.intake.imports import import_files
from liangsaibi.intake.sheets import ImportRefused, read_sheets
from liangsaibi.store import db, store
from liangsaibi.store.build import build_database

HEADER = "季度,街道,村(社区),指标,评分人,得分\n"


def _workbook() -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        pd.DataFrame(
            {"街道": ["城000街道", "城001街道"], "村(社区)": ["城0000社区", "城0015社区"], "类型": ["社区", "村"]}
        ).to_excel(writer, sheet_name="名单", index=False)
        pd.DataFrame(
            {"季度": ["2021Q4"], "街道": ["城000街道"], "村(社区)": ["城0000社区"], "指标01": ["8.5"], "指标02": ["9"]}
        ).to_excel(writer, sheet_name="评分", index=False)
    return buffer.getvalue()


FILES = {
    # A title above the header and blank lines between the rows: the rows kept are numbered as in the file.
    "titled.csv": (
        "2021年评分表\n" + HEADER + "2021Q1,城000街道,城0000社区,指标00,评委0,7.5\n\n,,,,,\n"
        "2021Q2,城000街道,城0000社区,指标00,评委1,8\n"
    ).encode("utf-8-sig"),
    "gbk.csv": (HEADER + "2021年第一季度,城000街道,城0000社区,指标00,评委0,7.5\n").encode("gbk"),
    # A wide sheet naming a theme twice cannot be an Arrow table: it comes through the pipe instead.
    "twice.csv": "季度,街道,村(社区),指标01,指标01\n2021Q1,城000街道,城0000社区,8,9\n".encode(),
    "book.xlsx": _workbook(),
}


@pytest.mark.parametrize("name", FILES)
def test_a_sheet_read_in_the_child_is_the_sheet_read_here(name):
    direct, through_child = read_sheets(name, FILES[name]), intake.read_untrusted(name, FILES[name])
    assert len(through_child) == len(direct) > 0
    for mine, theirs in zip(direct, through_child):
        pd.testing.assert_frame_equal(theirs.rows, mine.rows)
        assert (theirs.sheet, theirs.kind, theirs.header_row, theirs.themes, theirs.headers) == (
            mine.sheet,
            mine.kind,
            mine.header_row,
            mine.themes,
            mine.headers,
        )


def test_the_titled_sheet_keeps_its_rows_numbered_as_in_the_file():
    # Checked by hand: the title is line 1, the header line 2, the rows lines 3 and 6 (4 and 5 are blank).
    sheet = intake.read_untrusted("titled.csv", FILES["titled.csv"])[0]
    assert [sheet.row_number(index) for index in sheet.rows.index] == [3, 6]
    assert sheet.rows["score"].tolist() == ["7.5", "8"]


def test_files_read_two_at_a_time_come_back_in_their_order_each_with_its_own_sheets_or_refusal():
    files = [
        ("titled.csv", FILES["titled.csv"]),
        ("wide.csv", bombs.HEADER.encode() + bombs.wide_csv(5000, 3)),
        ("gbk.csv", FILES["gbk.csv"]),
        ("book.xlsx", FILES["book.xlsx"]),
    ]
    found = list(intake.read_each(files))
    assert [sheet.rows["score"].tolist() for sheet in found[0]] == [["7.5", "8"]]
    assert isinstance(found[1], ImportRefused) and "第 2 行有 5,000 列" in str(found[1])
    assert [sheet.rows["quarter"].tolist() for sheet in found[2]] == [["2021年第一季度"]]
    assert [sheet.sheet for sheet in found[3]] == ["名单", "评分"]
    # A caller that stops after the first file leaves no child reading the others.
    reading = intake.read_each(files)
    next(reading)
    reading.close()
    assert multiprocessing.active_children() == []


def _tables(path) -> dict[str, pd.DataFrame]:
    """Every stored and derived table, sorted on all its columns, with the import log's times left out."""
    db.close_all()  # an open reader of the replaced file would hand this connection the old data
    with duckdb.connect(str(path), read_only=True) as connection:
        tables = {}
        for table in (*db.BASE_TABLES, *db.DERIVED):
            frame = connection.execute(f"select * from {table}").df()
            frame = frame.drop(columns=[c for c in ("imported_at", "undone_at", "undone_by") if c in frame])
            tables[table] = frame.sort_values(list(frame.columns)).reset_index(drop=True)
        return tables


def _year(tables: dict[str, pd.DataFrame], year: int) -> dict[str, pd.DataFrame]:
    return {table: tables[table][tables[table].year == year].reset_index(drop=True) for table in db.DERIVED}


def test_importing_a_year_leaves_the_other_years_derived_rows_bit_identical_and_undo_restores_exactly(tmp_path):
    path = tmp_path / "city.duckdb"
    build_database(path, empty=True, district="某市")
    import_files(
        [(file.name, file.read_bytes()) for file in yearly.write_reference(tmp_path, [2020, 2021], streets=3)],
        path,
        operator="测试",
    )
    import_files(
        [(file.name, file.read_bytes()) for file in [yearly.write_year(tmp_path, 2020, streets=3)]],
        path,
        operator="测试",
    )
    before = _tables(path)
    assert len(before["score"]) == 4 * 3 * 15 * 10 * 5  # quarters × streets × units × themes × raters

    import_files(
        [(file.name, file.read_bytes()) for file in [yearly.write_year(tmp_path, 2021, streets=3)]],
        path,
        operator="测试",
    )
    after = _tables(path)
    assert len(after["score"]) == 2 * len(before["score"])
    for table, rows in _year(before, 2020).items():
        # The per-quarter tables of 2020 are not recomputed: bit for bit. street_total, which compares quarters, is
        # recomputed whole, and a parallel average may differ in its last bits (as health_derived.sql says).
        exact = table != "street_total"
        pd.testing.assert_frame_equal(_year(after, 2020)[table], rows, check_exact=exact, rtol=1e-12, obj=table)
    assert len(_year(after, 2021)["street_total"]) == 4 * 3  # the new year's quarters are there, per street

    store.undo(int(store.history(path)["编号"].max()), path, operator="测试")
    undone = _tables(path)
    for table, rows in before.items():
        expected = rows if table != "import_log" else after[table]  # the log keeps the undone import, marked
        # Every stored row exactly; the derived tables, recomputed whole after an undo, to their last bits.
        exact = table not in db.DERIVED
        pd.testing.assert_frame_equal(undone[table], expected, check_exact=exact, rtol=1e-12, obj=table)
    assert store.history(path)["撤销时间"].notna().sum() == 1
