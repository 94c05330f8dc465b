"""数据管理's 比学记录: one unit's quarter (or one visitor's day) edited as a small sheet that goes through the import
path, so that it is checked, kept in the history and undone like any file."""

import datetime

import pandas as pd
import pytest
from fixtures import log_in, open_app
from import_support import TODAY, query, tables
from learn_support import bare_db, bare_template  # noqa: F401

from liangsaibi.intake.imports import import_files
from liangsaibi.intake.sheets import ImportRefused
from liangsaibi.learn import entry
from liangsaibi.ops import login
from liangsaibi.store import db, store

PLACE = {"季度": "2021Q4", "街道": "建设路街道", "村(社区)": "计划路社区"}


def _save(path, kind, fixed, rows):
    return import_files(
        [entry.entry_file(kind, fixed, pd.DataFrame(rows, columns=entry.EDITED[kind]))],
        path,
        today=TODAY,
        operator="测试",
    )


def test_an_entered_highlight_is_stored_as_typed_and_an_edit_replaces_the_units_quarter(bare_db, monkeypatch):
    monkeypatch.setenv("LIANGSAIBI_DB", str(bare_db))
    before = tables(bare_db)
    first, _ = _save(
        bare_db, "亮点做法", PLACE, [["一核多元", "=楼院党小组\n居民议事", None, "楼院,治理"], [None, None, None, None]]
    )  # the editor's empty last row
    assert query(bare_db, "select title, description, tags from highlight") == [
        ("一核多元", "=楼院党小组\n居民议事", "楼院、治理")
    ]
    shown = entry.unit_rows("亮点做法", "2021Q4", "建设路街道", "计划路社区")
    edited = pd.concat(
        [
            shown.assign(标题="一核多元融合共治"),
            pd.DataFrame([["议事会", "每月", "创新举措", ""]], columns=entry.EDITED["亮点做法"]),
        ]
    )
    second, _ = _save(bare_db, "亮点做法", PLACE, edited.values.tolist())
    db.close_all()  # the page's reader holds the old file open, and an open file hides its replacement
    assert query(bare_db, "select title, theme from highlight order by title") == [
        ("一核多元融合共治", None),
        ("议事会", "创新举措"),
    ]
    assert "亮点做法_2021Q4_建设路街道_计划路社区_编辑.csv" in store.history(bare_db)["文件"].tolist()
    store.undo(second.import_ids[0], bare_db, operator="测试")
    store.undo(first.import_ids[0], bare_db, operator="测试")
    db.close_all()
    assert tables(bare_db) == before


def test_an_entered_problem_with_a_completion_before_its_quarter_is_refused_by_the_same_checks(bare_db):
    with pytest.raises(ImportRefused) as refused:
        _save(bare_db, "问题反馈", PLACE, [["台账不全", "建台账", "2022Q1", "2021-09-01"]])
    assert "「完成日期」列的值「2021-09-01」早于提出问题的季度" in str(refused.value)


def test_entered_visits_of_a_day_are_read_back_for_editing(bare_db, monkeypatch):
    monkeypatch.setenv("LIANGSAIBI_DB", str(bare_db))
    day = {"日期": "2021-12-16", "观摩方": "航海西路街道"}
    _save(
        bare_db,
        "观摩记录",
        day,
        [["平安街社区", "桐柏路街道", None, "阵地建设"], ["省五建社区", "建设路街道", None, None]],
    )
    assert entry.visit_rows("航海西路街道", datetime.date(2021, 12, 16)).fillna("").values.tolist() == [
        ["省五建社区", "建设路街道", "跨街道学习", ""],
        ["平安街社区", "桐柏路街道", "跨街道学习", "阵地建设"],
    ]


def test_the_records_tab_offers_the_three_kinds_and_the_units_rows(sample_database, monkeypatch):
    monkeypatch.setenv(login.PASSWORD_VARIABLE, "口令")
    app = open_app().switch_page("pages/admin.py").run()
    log_in(app, "口令")
    assert not app.exception
    kinds = app.get("button_group")
    assert any("亮点做法" in str(group.proto) and "观摩记录" in str(group.proto) for group in kinds)
    assert app.selectbox(key="learn-entry-street").value == db.run("streets")["street"].iloc[0]
