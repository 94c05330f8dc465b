"""趋势: street totals or one theme over a range of quarters, the bump chart of ranks, 环比 and 同比.

Page tests compare with numbers worked out in pandas straight from data/sample/*.csv; query tests use
the hand-written district of test_queries.py (rubric 2021: 党建引领 50/20, 工作成效 30/10, 党务知识 20/100;
2022: weights 20/30/50) plus a 2023 rubric without 党务知识; the arithmetic is in the comments.
"""

import json
import math

import pandas as pd
import pytest
from fixtures import chart_traces, expected_street_totals, open_app, round2, run_capturing_downloads
from test_compare_page import TIE_SLACK, expected_theme_scores
from test_queries import add_scores, district, query, scores, two_quarters  # noqa: F401

from liangsaibi.board import trends
from liangsaibi.store import db

CHANGES = ("季度", "街道", "总分", "排名", "环比", "同比", "排名变化")
THEME_TREND = ("季度", "街道", "指标", "得分", "排名", "村(社区)数", "说明")
ALL_QUARTERS = [f"{year}Q{n}" for year in range(2021, 2027) for n in range(1, 5)][:23]  # 2021Q1 … 2026Q3


def quarter_before(quarter: str) -> str:
    year, n = int(quarter[:4]), int(quarter[-1])
    return f"{year - 1}Q4" if n == 1 else f"{year}Q{n - 1}"


def year_before(quarter: str) -> str:
    return f"{int(quarter[:4]) - 1}{quarter[4:]}"


def expected_changes() -> pd.DataFrame:
    """Every street and quarter with 环比, 同比 and rank change, from the independently computed totals."""
    totals = expected_street_totals()
    total = dict(zip(zip(totals["季度"], totals["街道"]), totals["总分"]))
    rank = dict(zip(zip(totals["季度"], totals["街道"]), totals["排名"]))
    rows = []
    for (quarter, street), now in total.items():
        before, year_ago = (quarter_before(quarter), street), (year_before(quarter), street)
        rows.append(
            {
                "季度": quarter,
                "街道": street,
                "总分": now,
                "排名": rank[quarter, street],
                "环比": round2(now - total[before]) if before in total else None,
                "同比": round2(now - total[year_ago]) if year_ago in total else None,
                "排名变化": rank[before] - rank[quarter, street] if before in rank else None,
            }
        )
    return pd.DataFrame(rows)


def mark(change) -> str:
    """A rank change as the page writes it, by hand: ▲ up, ▼ down, – unchanged, 新 without a previous rank."""
    if change is None or change != change:
        return "新"
    return "–" if change == 0 else f"▲{int(change)}" if change > 0 else f"▼{-int(change)}"


def open_trend(query: dict):
    app = open_app(query)
    return app.switch_page("pages/trend.py").run()


def charts(app) -> dict:
    return dict(zip(["lines", "bump"], app.get("plotly_chart")))


def by_street(chart, field: str) -> dict[str, dict[str, float]]:
    """Street → {quarter: value} of a line chart; gaps (NaN) left out."""
    return {
        trace["name"]: {q: v for q, v in zip(trace["x"], trace[field]) if v is not None and not math.isnan(v)}
        for trace in chart_traces(chart)
    }


# --- the page ----------------------------------------------------------------------------------


def test_the_range_of_the_latest_quarter_spans_every_quarter_and_the_lines_hold_each_streets_totals(sample_database):
    app = open_trend({"quarter": "2026Q3"})
    assert not app.exception
    assert app.select_slider(key="trend-range-2026Q3").value == ("2021Q1", "2026Q3")
    totals = expected_street_totals()
    expected = {street: dict(zip(rows["季度"], rows["总分"])) for street, rows in totals.groupby("街道")}
    drawn = by_street(charts(app)["lines"], "y")
    assert set(drawn) == set(expected)
    for street, values in drawn.items():
        assert list(values) == ALL_QUARTERS
        assert values == pytest.approx(expected[street], abs=TIE_SLACK)


def test_the_range_ends_at_the_chosen_quarter_and_the_changes_table_is_of_that_quarter(sample_database):
    app = open_trend({"quarter": "2022Q1"})
    assert app.select_slider(key="trend-range-2022Q1").value == ("2021Q1", "2022Q1")
    assert all(list(values) == ALL_QUARTERS[:5] for values in by_street(charts(app)["lines"], "y").values())
    table = app.dataframe[0].value
    expected = expected_changes().query("季度 == '2022Q1'").sort_values(["排名", "街道"])
    assert set(table["季度"]) == {"2022Q1"} and table["街道"].tolist() == expected["街道"].tolist()
    assert table["环比"].tolist() == pytest.approx(expected["环比"].tolist(), abs=TIE_SLACK)
    assert table["排名变化"].tolist() == expected["排名变化"].map(mark).tolist()


def test_the_bump_chart_draws_each_streets_rank_with_rank_one_on_top(sample_database):
    app = open_trend({"quarter": "2026Q3"})
    totals = expected_street_totals()
    expected = {street: dict(zip(rows["季度"], rows["排名"].astype(float))) for street, rows in totals.groupby("街道")}
    assert by_street(charts(app)["bump"], "y") == expected
    layout = json.loads(charts(app)["bump"].proto.spec)["layout"]
    low, high = layout["yaxis"]["range"]
    assert low > high  # reversed: 第 1 名 at the top
    last = totals[totals["季度"] == "2026Q3"]
    labels = {note["text"]: note["y"] for note in layout["annotations"]}
    assert labels == dict(zip(last["街道"], last["排名"].astype(float)))


def test_the_frames_street_is_drawn_last_thicker_and_the_others_fade(sample_database):
    app = open_trend({"quarter": "2022Q1", "street": "汝河路街道"})
    lines = chart_traces(charts(app)["lines"])
    assert lines[-1]["name"] == "汝河路街道"
    assert lines[-1]["line"]["width"] > max(trace["line"]["width"] for trace in lines[:-1])
    assert all(trace["opacity"] < 1 for trace in lines[:-1]) and lines[-1]["opacity"] == 1


def test_the_changes_table_holds_qoq_and_yoy_of_the_frames_street(sample_database):
    app = open_trend({"quarter": "2026Q3", "street": "汝河路街道"})
    table = app.dataframe[0].value
    expected = expected_changes().query("街道 == '汝河路街道'").sort_values("季度", ascending=False)
    assert table["季度"].tolist() == expected["季度"].tolist() == ALL_QUARTERS[::-1]
    assert set(table["街道"]) == {"汝河路街道"}
    for column in ("总分", "环比", "同比"):
        assert table[column].astype(float).tolist() == pytest.approx(
            expected[column].astype(float).tolist(), abs=TIE_SLACK, nan_ok=True
        ), column
    assert table["排名变化"].tolist() == expected["排名变化"].map(mark).tolist()  # never +0 or empty
    assert table["排名变化"].iloc[-1] == "新"  # 2021Q1 has no quarter before it
    assert table["同比"].isna().tolist() == [q.startswith("2021") for q in table["季度"]]


def test_a_narrower_range_keeps_qoq_against_the_quarter_before_it_and_names_the_range(sample_database):
    app = open_trend({"quarter": "2022Q1", "street": "须水街道"})
    app.select_slider(key="trend-range-2022Q1").set_range("2021Q4", "2022Q4")
    downloads = run_capturing_downloads(app)
    in_range = ALL_QUARTERS[3:8]
    assert all(list(values) == in_range for values in by_street(charts(app)["lines"], "y").values())
    table = app.dataframe[0].value
    assert table["季度"].tolist() == in_range[::-1] and set(table["街道"]) == {"须水街道"}
    expected = expected_changes().query("街道 == '须水街道' and 季度 == '2021Q4'")["环比"].iloc[0]
    shown = table.loc[table["季度"] == "2021Q4", "环比"].iloc[0]
    assert shown == pytest.approx(expected, abs=TIE_SLACK)  # against 2021Q3, outside the range
    assert {name for _, name in downloads.values()} == {
        "街道趋势_2021Q4-2022Q4.csv",
        "街道名次变化_2021Q4-2022Q4.csv",
        "街道环比同比_2021Q4-2022Q4_须水街道.csv",
    }
    downloaded = downloads["trend-changes"][0]  # the numbers; the page writes rank changes as marks
    pd.testing.assert_frame_equal(downloaded.drop(columns="排名变化"), table.drop(columns="排名变化"))
    assert table["排名变化"].tolist() == downloaded["排名变化"].map(mark).tolist()


def test_without_a_street_the_changes_table_holds_every_street_in_the_frames_quarter_whatever_the_range(
    sample_database,
):
    app = open_trend({"quarter": "2022Q1"})
    app.select_slider(key="trend-range-2022Q1").set_range("2021Q4", "2022Q4")
    downloads = run_capturing_downloads(app)
    table = downloads["trend-changes"][0]
    expected = expected_changes().query("季度 == '2022Q1'").sort_values(["排名", "街道"])
    assert table["街道"].tolist() == expected["街道"].tolist() and set(table["季度"]) == {"2022Q1"}
    for column in ("总分", "环比", "同比", "排名变化"):
        assert table[column].astype(float).tolist() == pytest.approx(
            expected[column].astype(float).tolist(), abs=TIE_SLACK, nan_ok=True
        ), column
    assert downloads["trend-changes"][1] == "街道环比同比_2022Q1.csv"
    assert "总分环比与同比：2022年第一季度各街道" in [header.value for header in app.subheader]
    # The lines' download holds every street over the range, as the chart draws them.
    lines, _ = downloads["trend-lines"]
    assert sorted(set(lines["季度"])) == ALL_QUARTERS[3:8] and lines["街道"].nunique() == 6


def test_a_theme_shows_its_street_scores_with_a_gap_where_the_rubric_lacks_it(sample_database):
    app = open_trend({"quarter": "2026Q3", "theme": "无疫创建"})
    assert "无疫创建 得分走势（百分制）" in [header.value for header in app.subheader]
    assert "“无疫创建”不在 2023–2026 年的评分细则中，这些季度没有该指标得分，图中留空。" in [
        c.value for c in app.caption
    ]
    themes = expected_theme_scores().query("指标 == '无疫创建'")
    expected = {street: dict(zip(rows["季度"], rows["得分"])) for street, rows in themes.groupby("街道")}
    for trace in chart_traces(charts(app)["lines"]):
        assert trace["x"] == ALL_QUARTERS
        drawn = dict(zip(trace["x"], trace["y"]))
        assert {q: v for q, v in drawn.items() if q < "2023"} == pytest.approx(expected[trace["name"]], abs=TIE_SLACK)
        assert all(math.isnan(v) for q, v in drawn.items() if q >= "2023")


def test_a_theme_ranks_the_streets_on_that_theme_and_the_download_names_it(sample_database):
    app = open_trend({"quarter": "2026Q3", "theme": "党建引领"})
    downloads = run_capturing_downloads(app)
    assert not [c.value for c in app.caption if "评分细则中" in c.value]
    themes = expected_theme_scores().query("指标 == '党建引领'").copy()
    themes["排名"] = themes.groupby("季度")["得分"].rank(method="min", ascending=False)
    expected = {street: dict(zip(rows["季度"], rows["排名"])) for street, rows in themes.groupby("街道")}
    assert by_street(charts(app)["bump"], "y") == expected
    lines, name = downloads["trend-lines"]
    assert name == "街道趋势_2021Q1-2026Q3_党建引领.csv"
    assert lines["得分"].tolist() == pytest.approx(
        themes.set_index(["季度", "街道"]).loc[list(zip(lines["季度"], lines["街道"])), "得分"].tolist(), abs=TIE_SLACK
    )


def test_a_theme_absent_from_the_whole_range_says_so_instead_of_an_empty_chart(sample_database):
    app = open_trend({"quarter": "2022Q1", "theme": "无疫创建"})
    app.select_slider(key="trend-range-2022Q1").set_range("2023Q1", "2024Q4").run()
    assert [info.value for info in app.info] == [
        "“无疫创建”不在 2023–2024 年的评分细则中，所选时段没有该指标的得分；请换一个指标或时段。"
    ]
    assert not app.get("plotly_chart")


@pytest.mark.parametrize(
    "years, text", [([2023, 2024, 2025], "2023–2025"), ([2021, 2023], "2021、2023"), ([2022], "2022")]
)
def test_years_are_written_as_a_span_when_consecutive(years, text):
    assert trends.year_span(years) == text


@pytest.mark.parametrize(
    "notes, sentence",
    [
        (
            ["当年评分细则无此指标", "当年评分细则无此指标"],
            "“无疫创建”不在 2023–2024 年的评分细则中，所选时段没有该指标的得分；请换一个指标或时段。",
        ),
        (["本季度无该指标评分", "本季度无该指标评分"], "所选时段没有“无疫创建”的得分；请换一个指标或时段。"),
    ],
)
def test_an_empty_theme_trend_says_why_in_one_sentence(notes, sentence):
    rows = pd.DataFrame({"季度": ["2023Q4", "2024Q1"], "得分": [None, None], "说明": notes})
    assert trends.no_scores_sentence("无疫创建", rows) == sentence


# --- queries on hand-written rows --------------------------------------------------------------


@pytest.fixture
def three_quarters(two_quarters):
    """two_quarters (2021Q4, 2022Q1; 南街道 only in 2022Q1) and 2022Q4, with no 2022Q2–Q3."""
    add_scores(
        two_quarters,
        # 2022: (90*20 + 90*30 + 90*50)/100 = 90.0 and (80*20 + 80*30 + 80*50)/100 = 80.0
        scores("2022Q4", "东街道", "甲村", 党建引领=18, 工作成效=9, 党务知识=90),
        scores("2022Q4", "西街道", "丙村", 党建引领=16, 工作成效=8, 党务知识=80),
    )
    return two_quarters


def test_changes_compare_with_the_previous_quarter_and_the_same_quarter_a_year_before(three_quarters):
    assert query("street_changes", three_quarters, first="2022Q1", last="2022Q4", street=None) == [
        CHANGES,
        # 2022Q3 has no data: 环比 and rank change empty; 同比 against 2021Q4: 90 − 83, 80 − 77.
        ("2022Q4", "东街道", 90.0, 1, None, 7.0, None),
        ("2022Q4", "西街道", 80.0, 2, None, 3.0, None),
        # 环比 against 2021Q4, which lies before the range: 88 − 77, 77 − 83; ranks 2 → 1, 1 → 3.
        # 2021Q1 has no data: 同比 empty.
        ("2022Q1", "西街道", 88.0, 1, 11.0, None, 1),
        ("2022Q1", "南街道", 85.0, 2, None, None, None),
        ("2022Q1", "东街道", 77.0, 3, -6.0, None, -2),
    ]
    assert query("street_changes", three_quarters, first="2022Q1", last="2022Q4", street="西街道") == [
        CHANGES,
        ("2022Q4", "西街道", 80.0, 2, None, 3.0, None),
        ("2022Q1", "西街道", 88.0, 1, 11.0, None, 1),
    ]


@pytest.fixture
def theme_leaves_the_rubric(district):
    """A 2023 rubric without 党务知识; some units and streets lack 党务知识 scores in 2022."""
    with db.write(district) as connection:
        connection.execute(
            "insert into rubric (year, theme, weight, max_score, position) values "
            "(2023, '党建引领', 50, 20, 1), (2023, '工作成效', 50, 10, 2)"
        )
    add_scores(
        district,
        scores("2022Q2", "东街道", "甲村", 党建引领=18, 工作成效=8, 党务知识=50),
        scores("2022Q3", "东街道", "甲村", 党建引领=18, 工作成效=8, 党务知识=60),
        scores("2022Q3", "东街道", "乙社区", 党建引领=18, 工作成效=8),
        scores("2022Q3", "西街道", "丙村", 党建引领=16, 工作成效=9),
        scores("2022Q4", "东街道", "甲村", 党务知识=90),
        scores("2022Q4", "东街道", "乙社区", 党务知识=70),
        scores("2022Q4", "西街道", "丙村", 党务知识=80),
        scores("2022Q4", "南街道", "丁社区", 党务知识=95),
        scores("2023Q1", "东街道", "甲村", 党建引领=18, 工作成效=8),
    )
    return district


def test_a_themes_trend_ranks_streets_on_it_and_says_why_a_score_is_missing(theme_leaves_the_rubric):
    assert query(
        "street_theme_trend",
        theme_leaves_the_rubric,
        theme="党务知识",
        first="2022Q3",
        last="2023Q1",
        top=None,
        street=None,
    ) == [
        THEME_TREND,
        # Only 甲村 of 东街道's two units has it (60/100); 西街道 has no 党务知识 score at all.
        ("2022Q3", "东街道", "党务知识", 60.0, 1, 1, "有 1 个村(社区)无该指标评分"),
        ("2022Q3", "西街道", "党务知识", None, None, None, "本季度无该指标评分"),
        # 东街道 (90 + 70)/2 = 80.0 ties 西街道's 80.0: both second behind 南街道's 95.0.
        ("2022Q4", "南街道", "党务知识", 95.0, 1, 1, None),
        ("2022Q4", "东街道", "党务知识", 80.0, 2, 2, None),
        ("2022Q4", "西街道", "党务知识", 80.0, 2, 1, None),
        # 2023's rubric has no 党务知识: the street's quarter is listed, its score empty.
        ("2023Q1", "东街道", "党务知识", None, None, None, "当年评分细则无此指标"),
    ]


def test_a_theme_trend_of_many_streets_keeps_the_leaders_on_the_theme_and_the_chosen_street(theme_leaves_the_rubric):
    def trend(**params):
        return query(
            "street_theme_trend", theme_leaves_the_rubric, theme="党务知识", first="2022Q3", last="2023Q1", **params
        )[1:]

    # 2023Q1 has no 党务知识 (not in the rubric): the leaders are those of 2022Q4, 南街道 with 95.0.
    assert trend(top=1, street=None) == [("2022Q4", "南街道", "党务知识", 95.0, 1, 1, None)]
    assert trend(top=1, street="西街道") == [
        ("2022Q3", "西街道", "党务知识", None, None, None, "本季度无该指标评分"),
        ("2022Q4", "南街道", "党务知识", 95.0, 1, 1, None),
        ("2022Q4", "西街道", "党务知识", 80.0, 2, 1, None),
    ]
    # No quarter of the range scores it: the leaders by total, still saying why the score is empty.
    assert query(
        "street_theme_trend",
        theme_leaves_the_rubric,
        theme="党务知识",
        first="2023Q1",
        last="2023Q1",
        top=1,
        street=None,
    )[1:] == [("2023Q1", "东街道", "党务知识", None, None, None, "当年评分细则无此指标")]


def test_the_bump_chart_of_a_citys_leaders_spans_only_the_places_drawn():
    # Three leaders and a chosen street ranked 180th of 200: a log axis from 第 1 to 第 180 名 keeps the
    # leaders apart and the chart screen-sized (a place per 50 px would be 9,000 px).
    lines = pd.DataFrame(
        {
            "季度": ["2026Q2"] * 4 + ["2026Q3"] * 4,
            "街道": ["甲", "乙", "丙", "丁"] * 2,
            "排名": [1, 2, 3, 175, 2, 1, 3, 180],
        }
    )
    layout = trends.bump_chart(lines, {}, "丁").to_dict()["layout"]
    low, high = layout["yaxis"]["range"]
    assert layout["yaxis"]["type"] == "log" and 10**low > 180 and 10**high < 1  # reversed: 第 1 名 on top
    assert layout["yaxis"]["ticktext"][0] == "第 1 名" and layout["yaxis"]["ticktext"][-1] == "第 100 名"
    assert layout["height"] <= 900
    # Each street's name sits at its last place: on a log axis plotly reads an annotation's y as an exponent.
    assert {note["text"]: round(10 ** note["y"]) for note in layout["annotations"]} == {
        "甲": 2,
        "乙": 1,
        "丙": 3,
        "丁": 180,
    }
    # A district's six places are each labelled on a plain axis.
    district = trends.bump_chart(lines.assign(排名=[1, 2, 3, 6, 2, 1, 3, 5]), {}).to_dict()["layout"]["yaxis"]
    assert district["dtick"] == 1 and district["range"] == [6.5, 0.5] and "type" not in district
