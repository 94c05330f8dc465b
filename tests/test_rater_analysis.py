"""评分分析: the spread of raters on each unit and theme, and each rater's deviation from the others, on hand-made
numbers and on the demo data (computed here with pandas), and the page that shows them."""

import pandas as pd
import pytest
from fixtures import log_in, open_app, round2
from test_scoring_method import district

from liangsaibi.ops import login
from liangsaibi.store import db
from liangsaibi.store.build import SAMPLE


def test_spread_is_max_minus_min_and_the_sample_standard_deviation(tmp_path):
    district(tmp_path / "d.duckdb", "mean", 甲村=[10, 12, 14, 16, 20], 乙社区=[15])
    rows = db.run("rater_spread", path=tmp_path / "d.duckdb", quarter="2021Q4", street=None, theme=None)
    # one pair only (乙社区 has one rater); mean 14.4, Σ squares 59.2 / 4 = 14.8, √14.8 = 3.847; 10 of 满分 20 = 50
    assert rows.values.tolist() == [["东街道", "甲村", "党建引领", 5, 10.0, 20.0, 10.0, 3.85, 50.0, 20.0]]
    db.close_all()


def test_a_raters_deviation_is_against_the_mean_of_the_other_raters(tmp_path):
    district(tmp_path / "d.duckdb", "mean", 甲村=[10, 12, 14, 16, 20])
    rows = db.run("rater_deviation", path=tmp_path / "d.duckdb", quarter="2021Q4", street=None, theme=None).set_index(
        "评分人"
    )
    # 评分人5: 20 against (10 + 12 + 14 + 16) / 4 = 13 → +7 of 20 = +35; 评分人1: 10 against 15.5 → −27.5
    assert rows.loc["评分人5", "平均偏差"] == 35.0 and rows.loc["评分人1", "平均偏差"] == -27.5
    assert rows.index[0] == "评分人5" and rows.index[-1] == "评分人1"
    db.close_all()


def expected_spread(quarter: str) -> pd.DataFrame:
    scores = pd.read_csv(SAMPLE / "scores.csv", encoding="utf-8-sig").query("季度 == @quarter")
    top = pd.read_csv(SAMPLE / "rubric.csv", encoding="utf-8-sig").query("年度 == 2021").set_index("指标")["满分"]
    spread = scores.groupby(["街道", "村(社区)", "指标"])["得分"].agg(["max", "min", "count"]).reset_index()
    spread = spread[spread["count"] >= 2]
    return spread.assign(百分制=(spread["max"] - spread["min"]) / spread["指标"].map(top) * 100)


def test_the_page_lists_the_widest_spreads_of_the_quarter_first_to_an_administrator_only(sample_database, monkeypatch):
    monkeypatch.setenv(login.PASSWORD_VARIABLE, "正确口令")
    app = open_app({"quarter": "2021Q4"}).switch_page("pages/raters.py").run()
    assert not app.exception and not app.dataframe and not app.subheader and not app.get("plotly_chart")
    assert app.text_input(key="admin-password")  # the door, and no rater's name or bias
    log_in(app, "正确口令")
    assert not app.exception
    shown = app.dataframe[0].value
    expected = expected_spread("2021Q4")
    assert len(shown) == 15
    assert shown["极差(百分制)"].tolist() == pytest.approx(
        sorted((round2(v) for v in expected["百分制"]), reverse=True)[:15], abs=1e-9
    )
    assert [s.value for s in app.subheader] == ["2021年第四季度 评分人分歧最大的 15 项", "各评分人的打分偏高或偏低"]


def test_the_theme_chosen_in_the_sidebar_narrows_the_page_to_that_theme(sample_database, monkeypatch):
    monkeypatch.setenv(login.PASSWORD_VARIABLE, "正确口令")
    app = log_in(open_app({"quarter": "2021Q4", "theme": "创新举措"}).switch_page("pages/raters.py").run(), "正确口令")
    assert not app.exception
    assert app.title[0].value == "评分分析 · 创新举措"
    expected = expected_spread("2021Q4").query("指标 == '创新举措'")
    shown = app.dataframe[0].value
    assert set(shown["指标"]) == {"创新举措"}
    assert shown["极差(百分制)"].tolist() == pytest.approx(
        sorted((round2(v) for v in expected["百分制"]), reverse=True)[:15], abs=1e-9
    )
    # each rater's scores counted are that theme's only: one per unit they scored on it
    scores = pd.read_csv(SAMPLE / "scores.csv", encoding="utf-8-sig").query("季度 == '2021Q4' and 指标 == '创新举措'")
    counted = app.dataframe[1].value.set_index("评分人")["评分次数"].to_dict()
    assert counted == scores.groupby("评分人").size().to_dict()
