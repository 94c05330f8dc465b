"""Shared fixtures: the demo database, built once per test session through the normal import path."""

import functools
import os
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pytest

from liangsaibi.store import db
from liangsaibi.store.build import SAMPLE, build_database


@pytest.fixture(scope="session")
def sample_database(tmp_path_factory):
    """A demo database at a temp path, named by LIANGSAIBI_DB for the whole session."""
    path = tmp_path_factory.mktemp("sample") / "liangsaibi.duckdb"
    build_database(path)
    previous = os.environ.get("LIANGSAIBI_DB")
    os.environ["LIANGSAIBI_DB"] = str(path)
    yield path
    db.close_all()
    if previous is None:
        os.environ.pop("LIANGSAIBI_DB", None)
    else:
        os.environ["LIANGSAIBI_DB"] = previous


def open_app(query: dict | None = None):
    """The dashboard in AppTest with the given URL query, run once (the timeout allows cold imports)."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(db.ROOT / "dashboard.py"), default_timeout=30)
    for key, value in (query or {}).items():
        app.query_params[key] = value
    return app.run()


def open_page(page: str, query: dict):
    """The dashboard in AppTest at the given URL query, switched to pages/<page>.py unless it is the overview."""
    app = open_app(query)
    if page != "overview":
        app.switch_page(f"pages/{page}.py").run()
    assert not app.exception
    return app


def chart_traces(chart) -> list[dict]:
    """The traces of an AppTest plotly chart, with plotly's base64 typed arrays decoded to lists."""
    import base64
    import json

    import numpy as np

    def decode(value):
        if isinstance(value, dict) and "bdata" in value:
            return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).tolist()
        return value

    return [{key: decode(value) for key, value in trace.items()} for trace in json.loads(chart.proto.spec)["data"]]


def round2(value: float) -> float:
    """Round half up to 2 decimals as Excel's ROUND does (on 15 significant digits), not Python's half-even."""
    return float(Decimal(f"{value:.15g}").quantize(Decimal("0.01"), ROUND_HALF_UP))


@functools.cache
def expected_unit_themes() -> pd.DataFrame:
    """Every unit's theme score per quarter, straight from the demo CSVs (docs/计分规则.md, 第1条): the mean over
    raters, with its year's rubric row and the score on the 百分制 scale."""
    scores = pd.read_csv(SAMPLE / "scores.csv", encoding="utf-8-sig")
    rubric = pd.read_csv(SAMPLE / "rubric.csv", encoding="utf-8-sig")
    scores["年度"] = scores["季度"].str[:4].astype(int)
    theme = scores.groupby(["季度", "年度", "街道", "村(社区)", "指标"], as_index=False)["得分"].mean()
    theme = theme.merge(rubric, on=["年度", "指标"])
    return theme.assign(百分制=theme["得分"] / theme["满分"] * 100)


@functools.cache
def expected_unit_totals() -> pd.DataFrame:
    """Every unit's total and coverage per quarter, computed straight from the demo CSVs (docs/计分规则.md, 第1–2条)."""
    rubric = pd.read_csv(SAMPLE / "rubric.csv", encoding="utf-8-sig")
    theme = expected_unit_themes()
    theme = theme.assign(加权=theme["权重"] * theme["百分制"])
    unit = theme.groupby(["季度", "年度", "街道", "村(社区)"], as_index=False).agg(
        加权=("加权", "sum"), 权重=("权重", "sum")
    )
    unit["总分"] = unit["加权"] / unit["权重"]
    unit["覆盖率"] = unit["权重"] / unit["年度"].map(rubric.groupby("年度")["权重"].sum())
    return unit


@functools.cache
def expected_street_totals() -> pd.DataFrame:
    """Every street's rounded total, unit count, coverage and rank per quarter (docs/计分规则.md, 第3–5条)."""
    street = (
        expected_unit_totals()
        .groupby(["季度", "街道"], as_index=False)
        .agg(总分=("总分", "mean"), 数=("总分", "size"), 覆盖率=("覆盖率", "mean"))
    )
    street["总分"] = street["总分"].map(round2)
    street["排名"] = street.groupby("季度")["总分"].rank(method="min", ascending=False).astype(int)
    return street


def expected_ranking(quarter: str) -> pd.DataFrame:
    """The streets of one quarter, best first, computed independently of the SQL."""
    streets = expected_street_totals()
    return streets[streets["季度"] == quarter].sort_values(["排名", "街道"]).reset_index(drop=True)


def run_capturing_downloads(app) -> dict:
    """Rerun the page and return each download's (rows, file name) by its key; rows a page reads only
    on the click (a function) are read here."""
    from unittest.mock import patch

    from liangsaibi.board import export
    from liangsaibi.frame import ui

    with patch.object(ui, "downloads", wraps=ui.downloads) as downloads:
        app.run()
    return {
        call.kwargs["key"]: (
            call.args[0]() if callable(call.args[0]) else call.args[0],
            export.file_name(*call.args[1:]),
        )
        for call in downloads.call_args_list
    }


def log_in(app, password: str, name: str = "张管理"):
    """Fill the 数据管理 door (name and password) and press 登录."""
    app.text_input(key="admin-name").input(name)
    app.text_input(key="admin-password").input(password)
    return app.button[0].click().run()


def publish_scored(path) -> None:
    """Publish every quarter with scores of a test database, as its department would have: viewers see
    published quarters only (docs/计分规则.md 季度发布)."""
    with db.write(path) as connection:
        db.publish_scored_quarters(connection)
