"""The benchmark at a tiny scale: its report names every query and every page, and scales hold what they promise."""

import csv
import os
import subprocess
import sys

import pytest

from benchmarks import synthetic
from liangsaibi.store import db


@pytest.mark.parametrize(
    "scale, rows",
    [("tiny", 4 * 5 * 4 * 4 * 2), ("district", 6 * 25 * 40 * 10 * 5), ("city", 6_000_000), ("province", 12_000_000)],
)
def test_each_scale_promises_its_number_of_score_rows(scale, rows):
    size = synthetic.scale(scale)
    assert size.score_rows == rows
    assert len(synthetic.names(size)) == size.streets * size.units_per_street
    assert len(set(synthetic.quarters(size.quarters))) == size.quarters


@pytest.mark.parametrize("scale", ["tiny", "district"])
def test_the_generated_files_hold_the_promised_rows(tmp_path, scale):
    size = synthetic.scale(scale)
    with open(synthetic.write_scores(size, tmp_path), encoding="utf-8-sig") as stream:
        assert sum(1 for _ in csv.reader(stream)) - 1 == size.score_rows
    units, rubric = synthetic.write_reference(size, tmp_path)
    with open(units, encoding="utf-8-sig") as stream:
        assert sum(1 for _ in csv.reader(stream)) - 1 == size.streets * size.units_per_street


def test_the_tiny_report_times_every_query_and_every_page():
    run = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--scale", "tiny", "--no-browser"],
        cwd=db.ROOT,
        env={**os.environ, "BENCHMARK_RUNS": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    report = run.stdout
    for query in sorted(db.QUERIES.glob("*.sql")):
        assert f"| {query.stem} |" in report
    for page in ("overview", "compare", "trend", "commitments", "street", "present"):
        assert f"| {page} |" in report
    for heading in (
        "bulk load, all quarters (s)",
        "from summary tables",
        "kept / cached floor",
        "as a server: kept ms",
    ):
        assert heading in report


@pytest.mark.parametrize("cached", [False, True])
def test_the_floor_is_drawn_inside_the_dashboards_own_frame(sample_database, cached):
    """The standard the page targets are measured against: the floor's charts and tables, asked for in the
    link, under the same navigation and sidebar filters as every page; the dashboard itself keeps its menu."""
    import streamlit as st
    from fixtures import open_app
    from streamlit.commands.navigation import navigation

    from benchmarks import run

    floor = run.floor_app(2, 3, {"quarter": "2021Q4"}, cached=cached)
    assert not floor.exception
    assert (len(floor.get("plotly_chart")), len(floor.dataframe)) == (2, 3)
    assert floor.title[0].value == "基准页"
    assert [box.label for box in floor.sidebar.selectbox] == ["季度", "街道", "指标"]
    assert floor.session_state["quarter"] == "2021Q4"
    assert st.navigation is navigation  # the dashboard's own runs in this process get their menu unchanged
    assert not open_app({"quarter": "2021Q4"}).exception


def test_the_cached_floor_takes_its_charts_and_tables_from_the_pages_caches_and_draws_the_same(sample_database):
    """Like for like: the cached floor's later runs build no figure and convert no table (the pages' caches answer,
    as they do for a page), and it draws what the floor built anew draws."""
    from benchmarks import run
    from liangsaibi.frame import ui

    built, cached = run.floors(2, 3, {"quarter": "2021Q4"})
    figures, tables = ui._figure.cache_info(), ui._arrow.cache_info()
    cached.run()
    assert ui._figure.cache_info().hits - figures.hits == 2 and ui._figure.cache_info().misses == figures.misses
    assert ui._arrow.cache_info().hits - tables.hits == 3 and ui._arrow.cache_info().misses == tables.misses
    figures = ui._figure.cache_info()
    built.run()
    assert ui._figure.cache_info() == figures  # the other floor builds its own
    assert [chart.proto.spec for chart in cached.get("plotly_chart")] == [
        chart.proto.spec for chart in built.get("plotly_chart")
    ]
    assert [table.value.to_dict() for table in cached.dataframe] == [table.value.to_dict() for table in built.dataframe]


def test_pandas_answers_the_named_queries_from_the_raw_and_from_the_summary_tables(sample_database, tmp_path):
    """Both pairs of the DuckDB/pandas comparison give the same numbers: the named query on a copy whose summary
    tables are computed from the scores and pandas grouping the scores; the named query and pandas reading the
    summary tables. A changed number is caught."""
    from benchmarks import peers, run

    values = run.parameters(sample_database)
    raw_database = peers.raw_copy(sample_database, tmp_path)
    questions = {
        "street_ranking": ((values["quarter"],), {"quarter": values["quarter"]}),
        "street_units": (
            (values["quarter"], values["street"]),
            {"quarter": values["quarter"], "street": values["street"]},
        ),
        "street_trend": (
            (values["first"], values["last"]),
            {"first": values["first"], "last": values["last"], "top": None, "street": None},
        ),
    }
    for path, peer in ((raw_database, peers.Raw(sample_database)), (sample_database, peers.Summary(sample_database))):
        for name, (arguments, params) in questions.items():
            answer = db.run(name, path=path, **params)
            peers.check_same(name, answer, getattr(peer, name)(*arguments))
    answer.loc[0, "总分"] += 0.01
    with pytest.raises(AssertionError, match="总分"):
        peers.check_same(
            "street_trend", answer, peers.Summary(sample_database).street_trend(values["first"], values["last"])
        )
