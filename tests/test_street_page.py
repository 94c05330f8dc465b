"""街道详情: one street's units ranked, their theme scores, their trend and commitments.

Page tests compare with unit totals worked out in pandas straight from data/sample/*.csv; query
tests use the hand-written district of test_queries.py (rubric 2021: 党建引领 50/20, 工作成效 30/10,
党务知识 20/100; 2022: weights 20/30/50), the arithmetic in the comments.
"""

import json

import numpy as np
import pandas as pd
import pytest
from fixtures import chart_traces, expected_unit_totals, open_app, publish_scored, round2
from test_commitments_page import expected_list
from test_queries import add_scores, district, one_unit_incomplete, query, scores  # noqa: F401

from liangsaibi.board import street_detail
from liangsaibi.frame import ui
from liangsaibi.store import db
from liangsaibi.store.build import SAMPLE

THEMES = ("村(社区)", "指标", "得分", "权重")
# Expected values round half up like Excel (fixtures.round2), as the store does; only float noise is allowed.
TIE_SLACK = 1e-6
TREND = ("季度", "村(社区)", "总分", "覆盖率")


# --- queries on hand-written rows ---------------------------------------------------------------


def test_unit_themes_list_every_rubric_theme_of_each_unit_best_unit_first(one_unit_incomplete):
    # 乙社区 82.5 ranks above 甲村 80.5; themes in rubric order; 乙社区 has no 党务知识 score.
    assert query("unit_themes", one_unit_incomplete, quarter="2021Q4", street="东街道") == [
        THEMES,
        ("乙社区", "党建引领", 90.0, 50.0),  # 18/20
        ("乙社区", "工作成效", 70.0, 30.0),  # 7/10
        ("乙社区", "党务知识", None, 20.0),  # not scored
        ("甲村", "党建引领", 85.0, 50.0),  # 17/20
        ("甲村", "工作成效", 80.0, 30.0),  # 8/10
        ("甲村", "党务知识", 70.0, 20.0),
    ]  # 70/100


def test_unit_theme_scores_are_the_rater_mean_on_the_percent_scale(district):
    # 党建引领 mean (17 + 18 + 18)/3 = 17.667 → 88.33; 工作成效 (8 + 9)/2 = 8.5 → 85.0.
    add_scores(
        district,
        scores("2021Q4", "东街道", "甲村", 党建引领=[17, 18, 18], 工作成效=[8, 9], 党务知识=90),
        scores("2021Q4", "西街道", "丙村", 党建引领=10, 工作成效=5, 党务知识=50),
    )
    assert query("unit_themes", district, quarter="2021Q4", street="东街道") == [
        THEMES,
        ("甲村", "党建引领", 88.33, 50.0),
        ("甲村", "工作成效", 85.0, 30.0),
        ("甲村", "党务知识", 90.0, 20.0),
    ]


def test_unit_trend_lists_each_unit_of_the_street_in_every_scored_quarter(district):
    add_scores(
        district,
        # 2021: (90*50 + 80*30 + 70*20)/100 = 83.0; 2022: (90*20 + 80*30 + 70*50)/100 = 77.0
        scores("2021Q4", "东街道", "甲村", 党建引领=18, 工作成效=8, 党务知识=70),
        scores("2022Q1", "东街道", "甲村", 党建引领=18, 工作成效=8, 党务知识=70),
        # 2022 without 党务知识: (90*20 + 70*30)/(20 + 30) = 3900/50 = 78.0, coverage 50/100
        scores("2022Q1", "东街道", "乙社区", 党建引领=18, 工作成效=7),
        scores("2022Q1", "西街道", "丙村", 党建引领=10, 工作成效=5, 党务知识=50),
    )  # another street
    assert query("unit_trend", district, street="东街道", last="2022Q1") == [
        TREND,
        ("2021Q4", "甲村", 83.0, 100.0),
        ("2022Q1", "乙社区", 78.0, 50.0),
        ("2022Q1", "甲村", 77.0, 100.0),
    ]


def test_a_unit_total_exactly_halfway_rounds_up(district):
    # Every theme at 74.675 % of its 满分 gives exactly 74.675 in decimal arithmetic → 74.68.
    add_scores(district, scores("2021Q4", "东街道", "甲村", 党建引领=14.935, 工作成效=7.4675, 党务知识=74.675))
    assert query("street_units", district, quarter="2021Q4", street="东街道")[1][5] == 74.68


def test_incomplete_units_are_named_in_one_sentence():
    ranking = pd.DataFrame(
        {
            "村(社区)": ["甲村", "乙社区", "丙村"],
            "覆盖率": [100.0, 87.5, 75.0],
            "评分状态": ["完整", "不完整", "不完整"],
        }
    )
    assert street_detail.incomplete_sentence(ranking) == (
        "乙社区（覆盖率 87.50%）、丙村（覆盖率 75.00%）评分不完整：总分只按已评的指标计算，与其他村(社区)比较时请留意。"
    )
    assert street_detail.incomplete_sentence(ranking.head(1)) is None


# --- the page on the demo data ------------------------------------------------------------------


def expected_units() -> pd.DataFrame:
    """Every unit's total (rounded half up) and coverage (%) per quarter, from the CSVs by pandas."""
    units = expected_unit_totals().copy()
    units["总分"] = units["总分"].map(round2)
    units["覆盖率"] = (units["覆盖率"] * 100).map(round2)
    return units


def expected_theme_scores(quarter: str, street: str) -> pd.DataFrame:
    """Each unit's theme scores on the 百分制 scale: the rater mean over the theme's 满分, from the CSVs."""
    raw = pd.read_csv(SAMPLE / "scores.csv", encoding="utf-8-sig").query("季度 == @quarter and 街道 == @street")
    rubric = pd.read_csv(SAMPLE / "rubric.csv", encoding="utf-8-sig")
    rubric = rubric[rubric["年度"] == int(quarter[:4])]
    theme = raw.groupby(["村(社区)", "指标"], as_index=False)["得分"].mean().merge(rubric, on="指标")
    theme["百分制"] = (theme["得分"] / theme["满分"] * 100).map(round2)
    return theme.pivot(index="村(社区)", columns="指标", values="百分制")


def heatmap_z(chart) -> np.ndarray:
    """The heatmap's values with their rows, which fixtures.chart_traces flattens."""
    z = json.loads(chart.proto.spec)["data"][0]["z"]
    return np.reshape(chart_traces(chart)[0]["z"], [int(n) for n in z["shape"].split(",")])


def open_street(query: dict):
    app = open_app(query)
    app.switch_page("pages/street.py").run()
    assert not app.exception
    return app


@pytest.fixture(scope="module")
def xushui(sample_database):
    """The street page of 须水街道 in 2021Q4, where 白寨村 has no 无疫创建 score."""
    return open_street({"quarter": "2021Q4", "street": "须水街道"})


def test_units_are_ranked_on_their_rounded_totals_with_the_incomplete_one_flagged(xushui):
    unit = expected_units()
    now = unit[(unit["季度"] == "2021Q4") & (unit["街道"] == "须水街道")].copy()
    before = unit[(unit["季度"] == "2021Q3") & (unit["街道"] == "须水街道")].set_index("村(社区)")["总分"]
    now["排名"] = now["总分"].rank(method="min", ascending=False).astype(int)
    now = now.sort_values(["排名", "村(社区)"])
    table = xushui.dataframe[0].value
    assert table["村(社区)"].tolist() == now["村(社区)"].tolist()
    assert table["排名"].tolist() == now["排名"].tolist()
    assert table["总分"].tolist() == pytest.approx(now["总分"].tolist(), abs=0.005)
    assert table["环比"].tolist() == pytest.approx((now["总分"] - now["村(社区)"].map(before)).tolist(), abs=TIE_SLACK)
    assert table.loc[table["评分状态"] == "不完整", "村(社区)"].tolist() == ["白寨村"]
    assert table.loc[table["村(社区)"] == "白寨村", "覆盖率"].item() == 87.5  # 7 of 8 equal weights
    assert any(warning.value.startswith(ui.plain("白寨村（覆盖率 87.50%）评分不完整")) for warning in xushui.warning)


def test_heatmap_shows_each_units_theme_scores_in_rank_and_rubric_order(xushui):
    ranked = xushui.dataframe[0].value["村(社区)"].tolist()
    rubric = pd.read_csv(SAMPLE / "rubric.csv", encoding="utf-8-sig").query("年度 == 2021")["指标"].tolist()
    chart = xushui.get("plotly_chart")[0]
    trace = chart_traces(chart)[0]
    assert trace["y"] == ranked[::-1]  # best on top
    assert [label.split("<br>")[0] for label in trace["x"]] == rubric
    expected = expected_theme_scores("2021Q4", "须水街道").reindex(index=ranked[::-1], columns=rubric)
    np.testing.assert_allclose(heatmap_z(chart), expected.to_numpy(), atol=0.001)  # NaN where unscored
    assert trace["text"][ranked[::-1].index("白寨村")][rubric.index("无疫创建")] == "未评分"


def test_trend_draws_the_top_three_units_over_every_quarter_by_default(xushui):
    unit = expected_units()
    ranked = xushui.dataframe[0].value["村(社区)"].tolist()
    assert xushui.multiselect(key="trend-units-须水街道").value == ranked[:3]
    lines = chart_traces(xushui.get("plotly_chart")[1])
    assert [line["name"] for line in lines] == ranked[:3]
    for line in lines:
        expected = unit[(unit["街道"] == "须水街道") & (unit["村(社区)"] == line["name"])].sort_values("季度")
        assert line["x"] == expected["季度"].tolist()
        assert line["y"] == pytest.approx(expected["总分"].tolist(), abs=TIE_SLACK)


def test_an_incomplete_quarter_is_an_open_marker_on_the_units_line(sample_database):
    app = open_street({"quarter": "2021Q4", "street": "须水街道"})
    app.multiselect(key="trend-units-须水街道").set_value(["白寨村"]).run()
    [line] = chart_traces(app.get("plotly_chart")[1])
    unit = expected_units()
    baizhai = unit[unit["村(社区)"] == "白寨村"].sort_values("季度")
    open_quarters = [q for q, symbol in zip(line["x"], line["marker"]["symbol"]) if symbol == "circle-open"]
    assert open_quarters == baizhai.loc[baizhai["覆盖率"] < 100, "季度"].tolist() and "2021Q4" in open_quarters


def test_the_streets_commitments_show_their_status_at_the_quarter_end(xushui):
    expected = expected_list("2021Q4").query("街道 == '须水街道'")
    table = xushui.dataframe[1].value
    assert sorted(zip(table["村(社区)"], table["承诺事项"], table["状态"])) == sorted(
        zip(expected["村(社区)"], expected["承诺事项"], expected["状态"])
    )
    counts = expected["状态"].value_counts()
    assert (
        f"共 {len(expected)} 项：已完成 {counts.get('已完成', 0)} 项 · 推进中 {counts.get('推进中', 0)} 项 · "
        f"逾期 {counts.get('逾期', 0)} 项" in [caption.value for caption in xushui.caption]
    )


def test_without_a_street_the_page_asks_for_one_and_the_choice_sets_the_frames_street(sample_database):
    app = open_street({"quarter": "2021Q4"})
    assert app.info[0].value.startswith("还没有选定街道")
    assert not app.dataframe and not app.get("plotly_chart")
    app.pills(key="street-picker").set_value("须水街道").run()
    assert app.selectbox(key="street").value == "须水街道"
    assert app.query_params["street"] == "须水街道"
    assert app.title[0].value == "街道详情 · 须水街道" and app.dataframe[0].value["村(社区)"].iloc[0] == "岗坡村"


# --- empty states on a hand-made district -------------------------------------------------------


@pytest.fixture
def sparse_district(district, monkeypatch):
    """东街道 scored in 2021Q4 only, 南街道 (one unit) never, 空街道 without any unit; the app reads it."""
    add_scores(
        district,
        scores("2021Q4", "东街道", "甲村", 党建引领=18, 工作成效=8, 党务知识=70),
        scores("2022Q1", "西街道", "丙村", 党建引领=18, 工作成效=8, 党务知识=70),
    )
    with db.write(district) as connection:
        connection.execute("insert into street (street) values ('空街道')")
    publish_scored(district)
    monkeypatch.setenv("LIANGSAIBI_DB", str(district))
    return district


def test_a_street_without_units_says_so(sparse_district):
    app = open_street({"quarter": "2021Q4", "street": "空街道"})
    assert app.info[0].value == ui.plain("空街道还没有登记村(社区)，没有可显示的评分。请先导入村(社区)名单和评分表。")
    assert not app.dataframe and not app.get("plotly_chart")


def test_a_quarter_without_scores_for_the_street_says_so_and_keeps_the_trend(sparse_district):
    app = open_street({"quarter": "2022Q1", "street": "东街道"})
    infos = [info.value for info in app.info]
    assert infos[0] == ui.plain("东街道在2022年第一季度没有评分数据。请换一个季度，或导入该季度的评分表。")
    assert ui.plain("东街道没有2022年的承诺事项。") in infos
    [line] = chart_traces(app.get("plotly_chart")[0])
    assert (line["name"], line["x"], line["y"]) == ("甲村", ["2021Q4"], [83.0])  # (90*50 + 80*30 + 70*20)/100
