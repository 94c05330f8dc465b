"""街道对比: the street × theme heatmap, the radar of chosen streets and the grouped bars, with their downloads.

Expected scores are worked out in pandas straight from data/sample/*.csv (docs/计分规则.md, 第1、3–5条).
"""

import functools
import json

import numpy as np
import pandas as pd
import plotly.express as px
import pytest
from fixtures import chart_traces, expected_ranking, expected_unit_themes, open_app, round2, run_capturing_downloads

from liangsaibi.board import comparison
from liangsaibi.store import db
from liangsaibi.store.build import SAMPLE, build_database

# Expected values round half up like Excel (建设路街道 无疫创建 2021Q1 = 90.175 → 90.18), as the store does.
TIE_SLACK = 1e-6


@functools.cache
def expected_theme_scores() -> pd.DataFrame:
    """Each street's theme score per quarter: the mean over its units of the rater mean on the 百分制 scale."""
    street = (
        expected_unit_themes()
        .groupby(["季度", "街道", "指标"], as_index=False)
        .agg(得分=("百分制", "mean"), 数=("百分制", "size"))
    )
    street["得分"] = street["得分"].map(round2)
    return street


def rubric_themes(year: int) -> list[str]:
    rubric = pd.read_csv(SAMPLE / "rubric.csv", encoding="utf-8-sig")
    return rubric.loc[rubric["年度"] == year, "指标"].tolist()


def expected_scores(quarter: str, streets: list[str]) -> dict[str, list[float]]:
    """Street → its theme scores in the rubric's order."""
    rows = expected_theme_scores().query("季度 == @quarter").set_index(["街道", "指标"])["得分"]
    return {street: [rows[street, theme] for theme in rubric_themes(int(quarter[:4]))] for street in streets}


def street_colour(street: str) -> str:
    """The frame's colour of a street: the T10 palette in street-name order."""
    names = sorted(pd.read_csv(SAMPLE / "units.csv", encoding="utf-8-sig")["街道"].unique())
    return px.colors.qualitative.T10[names.index(street)]


def open_compare(query: dict):
    app = open_app(query)
    return app.switch_page("pages/compare.py").run()


def charts(app) -> dict:
    return dict(zip(["heatmap", "radar", "bars"], app.get("plotly_chart")))


# --- heatmap -----------------------------------------------------------------------------------


def test_the_heatmap_has_streets_in_ranking_order_and_themes_in_the_rubrics_order(sample_database):
    app = open_compare({"quarter": "2022Q1"})
    assert not app.exception
    heatmap = chart_traces(charts(app)["heatmap"])[0]
    ranked = expected_ranking("2022Q1")["街道"].tolist()
    assert heatmap["y"] == ranked
    assert heatmap["x"] == rubric_themes(2022)  # eight themes, 无疫创建 among them
    grid = np.array(heatmap["z"]).reshape(len(ranked), -1)
    np.testing.assert_allclose(grid, list(expected_scores("2022Q1", ranked).values()), atol=TIE_SLACK)
    assert heatmap["texttemplate"] == "%{z:.2f}"


def test_the_heatmap_hover_counts_the_units_scored_on_each_theme(sample_database):
    # 2021Q4: 须水街道's 白寨村 lacks one theme, so that cell averages 10 of its 11 units.
    app = open_compare({"quarter": "2021Q4"})
    heatmap = chart_traces(charts(app)["heatmap"])[0]
    counts = np.array(heatmap["customdata"]).reshape(len(heatmap["y"]), len(heatmap["x"]))
    expected = expected_theme_scores().query("季度 == '2021Q4'").set_index(["街道", "指标"])["数"]
    assert counts.tolist() == [[expected[s, t] for t in heatmap["x"]] for s in heatmap["y"]]
    assert 10 in counts[heatmap["y"].index("须水街道")]


def test_the_heatmap_download_is_the_wide_street_by_theme_table(sample_database):
    app = open_compare({"quarter": "2022Q1"})
    table, name = run_capturing_downloads(app)["compare-heatmap"]
    assert name == "街道指标对比_2022Q1.csv"
    assert list(table.columns) == ["季度", "街道", *rubric_themes(2022)]
    expected = expected_scores("2022Q1", table["街道"].tolist())
    np.testing.assert_allclose(table[rubric_themes(2022)].to_numpy(float), list(expected.values()), atol=TIE_SLACK)
    assert sorted(table["街道"]) == sorted(expected_ranking("2022Q1")["街道"])


@pytest.mark.parametrize("theme, column", [("党建引领", 0), ("无疫创建", 6)])
def test_the_frames_theme_is_outlined_in_the_heatmap_and_named_above_it(sample_database, theme, column):
    app = open_compare({"quarter": "2022Q1", "theme": theme})
    shapes = json.loads(charts(app)["heatmap"].proto.spec)["layout"].get("shapes", [])
    assert [(shape["x0"], shape["x1"]) for shape in shapes] == [(column - 0.5, column + 0.5)]
    assert any(f"“{theme}”" in caption.value for caption in app.caption)
    assert not app.info


def test_a_theme_missing_from_the_years_rubric_is_said_in_one_sentence(sample_database):
    app = open_compare({"quarter": "2023Q1", "theme": "无疫创建"})
    assert [info.value for info in app.info] == ["“无疫创建”不在2023年的评分细则中，本页显示该年细则的全部指标。"]
    assert chart_traces(charts(app)["heatmap"])[0]["x"] == rubric_themes(2023)
    assert "无疫创建" not in rubric_themes(2023)


# --- radar and bars ----------------------------------------------------------------------------


def test_without_a_street_the_radar_compares_the_top_two(sample_database):
    app = open_compare({"quarter": "2022Q1"})
    assert app.multiselect[0].value == expected_ranking("2022Q1")["街道"].head(2).tolist()
    assert [trace["name"] for trace in chart_traces(charts(app)["radar"])] == app.multiselect[0].value


def test_the_radar_compares_the_top_street_with_the_frames_street_each_in_its_colour(sample_database):
    app = open_compare({"quarter": "2022Q1", "street": "汝河路街道"})
    top = expected_ranking("2022Q1")["街道"].iloc[0]
    assert app.multiselect[0].value == [top, "汝河路街道"]
    expected = expected_scores("2022Q1", [top, "汝河路街道"])
    themes = rubric_themes(2022)
    for trace in chart_traces(charts(app)["radar"]):
        # A closed outline: the first theme again at the end.
        assert trace["theta"] == themes + themes[:1]
        assert trace["r"] == pytest.approx(expected[trace["name"]] + expected[trace["name"]][:1], abs=TIE_SLACK)
        assert trace["line"]["color"] == street_colour(trace["name"])


def test_the_grouped_bars_show_the_chosen_streets_per_theme_and_download_those_rows(sample_database):
    app = open_compare({"quarter": "2021Q4"})
    app.multiselect[0].set_value(["须水街道", "汝河路街道", "建设路街道"])
    downloads = run_capturing_downloads(app)
    expected = expected_scores("2021Q4", ["须水街道", "汝河路街道", "建设路街道"])
    bars = chart_traces(charts(app)["bars"])
    assert [bar["name"] for bar in bars] == list(expected)
    for bar in bars:
        assert bar["x"] == rubric_themes(2021)
        assert bar["y"] == pytest.approx(expected[bar["name"]], abs=TIE_SLACK)
        assert bar["marker"]["color"] == street_colour(bar["name"])
    table, name = downloads["compare-bars"]
    assert name == "街道分指标对比_2021Q4_须水街道_汝河路街道_建设路街道.csv"
    assert table["得分"].tolist() == pytest.approx([s for scores in expected.values() for s in scores], abs=TIE_SLACK)
    radar_table, radar_name = downloads["compare-radar"]
    assert radar_name == "街道雷达对比_2021Q4_须水街道_汝河路街道_建设路街道.csv"
    assert radar_table["街道"].tolist() == list(expected)
    np.testing.assert_allclose(
        radar_table[rubric_themes(2021)].to_numpy(float), list(expected.values()), atol=TIE_SLACK
    )


def test_fewer_than_two_streets_asks_for_another_and_draws_no_radar(sample_database):
    app = open_compare({"quarter": "2022Q1"})
    app.multiselect[0].set_value(["须水街道"]).run()
    assert [info.value for info in app.info] == ["请至少选择 2 个街道，才能在雷达图和柱状图中对比。"]
    assert len(app.get("plotly_chart")) == 1


def test_more_than_four_streets_are_cut_to_the_first_four_with_a_warning(sample_database):
    app = open_compare({"quarter": "2022Q1"})
    six = expected_ranking("2022Q1")["街道"].tolist()[::-1]
    app.multiselect[0].set_value(six).run()
    assert app.warning[0].value == f"最多同时对比 4 个街道，下面只显示前 4 个：{'、'.join(six[:4])}。"
    assert [trace["name"] for trace in chart_traces(charts(app)["radar"])] == six[:4]
    assert [trace["name"] for trace in chart_traces(charts(app)["bars"])] == six[:4]


@pytest.mark.parametrize(
    "ranked, frame_street, chosen",
    [
        (["甲", "乙", "丙"], None, ["甲", "乙"]),
        (["甲", "乙", "丙"], "丙", ["甲", "丙"]),
        (["甲", "乙", "丙"], "甲", ["甲", "乙"]),  # the frame's street is the top one: the top two
        (["甲", "乙", "丙"], "丁", ["甲", "乙"]),  # a street without scores this quarter
        (["甲"], None, ["甲"]),
    ],
)
def test_the_default_streets_are_the_top_one_and_the_frames_street(ranked, frame_street, chosen):
    assert comparison.default_streets(ranked, frame_street) == chosen


def test_an_empty_database_says_there_is_no_data_on_the_compare_page(tmp_path, monkeypatch):
    path = tmp_path / "empty.duckdb"
    build_database(path, empty=True)
    monkeypatch.setenv("LIANGSAIBI_DB", str(path))
    app = open_compare({})
    db.close_all()
    assert not app.exception
    assert "还没有评分数据" in app.info[0].value
