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
    for heading in ("bulk load, all quarters (s)", "DuckDB / pandas", "kept / floor", "as a server: kept ms"):
        assert heading in report


def test_the_floor_is_drawn_inside_the_dashboards_own_frame(sample_database):
    """The standard the page targets are measured against: the floor's charts and tables, asked for in the
    link, under the same navigation and sidebar filters as every page; the dashboard itself keeps its menu."""
    import streamlit as st
    from fixtures import open_app
    from streamlit.commands.navigation import navigation

    from benchmarks import run

    floor = run.floor_app(2, 3, {"quarter": "2021Q4"})
    assert not floor.exception
    assert (len(floor.get("plotly_chart")), len(floor.dataframe)) == (2, 3)
    assert floor.title[0].value == "基准页"
    assert [box.label for box in floor.sidebar.selectbox] == ["季度", "街道", "指标"]
    assert floor.session_state["quarter"] == "2021Q4"
    assert st.navigation is navigation  # the dashboard's own runs in this process get their menu unchanged
    assert not open_app({"quarter": "2021Q4"}).exception
