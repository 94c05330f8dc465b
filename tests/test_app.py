"""The dashboard as AppTest runs it: the home page shows the chosen quarter's ranking, right."""

import pytest
from fixtures import chart_traces, expected_ranking, open_app


def test_the_home_page_shows_the_quarter_named_in_the_url(sample_database):
    app = open_app({"quarter": "2021Q4"})
    assert not app.exception
    assert app.selectbox(key="quarter").value == "2021Q4"
    assert "2021年第四季度街道排名" in [header.value for header in app.subheader]


def test_the_ranking_table_and_chart_hold_the_independently_computed_totals(sample_database):
    app = open_app({"quarter": "2021Q4"})
    expected = expected_ranking("2021Q4")
    table = app.dataframe[0].value
    assert list(table["街道"]) == list(expected["街道"])
    assert list(table["排名"]) == list(expected["排名"])
    assert table["总分"].tolist() == pytest.approx(expected["总分"].tolist(), abs=0.005)
    drawn = {
        street: total
        for trace in chart_traces(app.get("plotly_chart")[0])
        for street, total in zip(trace["y"], trace["x"])
    }
    assert drawn == pytest.approx(dict(zip(expected["街道"], expected["总分"])), abs=0.005)


def test_demo_data_carries_the_visible_sample_mark_and_the_data_date(sample_database):
    app = open_app()
    assert any("示例数据" in warning.value for warning in app.sidebar.warning)
    assert "数据截至2026年第三季度" in [caption.value for caption in app.sidebar.caption]
    assert app.selectbox(key="quarter").value == "2026Q3"


def test_a_quarter_in_the_url_that_has_no_data_falls_back_to_the_latest(sample_database):
    app = open_app({"quarter": "2030Q1"})
    assert not app.exception
    assert app.selectbox(key="quarter").value == "2026Q3"


@pytest.mark.parametrize("page", ["overview", "compare", "trend", "commitments", "street"])
def test_every_page_on_an_empty_database_says_how_to_bring_data_in(tmp_path, monkeypatch, page):
    from liangsaibi.store import db
    from liangsaibi.store.build import build_database

    build_database(tmp_path / "empty.duckdb", empty=True)
    monkeypatch.setenv("LIANGSAIBI_DB", str(tmp_path / "empty.duckdb"))
    app = open_app().switch_page(f"pages/{page}.py").run()
    db.close_all()
    assert not app.exception
    assert [info.value for info in app.info] == [
        "数据库中还没有评分数据。请在“数据管理”中导入评分表，或运行 python -m liangsaibi init 装入示例数据。"
    ]
    assert not app.get("plotly_chart")
