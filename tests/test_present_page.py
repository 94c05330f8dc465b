"""大屏演示: the URL's slide set and interval, the slide order, stepping and pausing, and what a few slides show.

Expected numbers come from the demo CSVs by pandas (tests/fixtures.py and the helpers of the compare and
commitments page tests), never from the queries the page runs.
"""

import re
from datetime import date
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest
from fixtures import chart_traces, expected_ranking, expected_street_totals, expected_unit_totals, open_app, round2
from test_commitments_page import expected_completion
from test_compare_page import expected_scores, rubric_themes

from liangsaibi.board.charts import rank_change_mark
from liangsaibi.screen import present
from liangsaibi.store import db
from liangsaibi.store.build import build_database

DEFAULT_ORDER = ["封面", "街道排名", "街道 × 指标", "走势", "承诺事项", "红黑榜", "亮点展示", "整改"]
NAMES = [
    "title",
    "ranking",
    "heatmap",
    "trend",
    "commitments",
    "boards",
    "highlights",
    "rectification",
    "streets",
]  # the page's slide list
SLIDES = 15  # 8 slides, one per street of the demo data, and a second page for 汝河路街道's 14 units


class _Tables(HTMLParser):
    """The text of every table cell, table by table, row by row."""

    def __init__(self):
        super().__init__()
        self.tables, self._cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.tables[-1][-1].append(self._cell.strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def tables(app) -> list[pd.DataFrame]:
    """The HTML tables on the slide, header row as columns."""
    parser = _Tables()
    parser.feed("".join(part.proto.body for part in app.get("html")))
    return [pd.DataFrame(rows[1:], columns=rows[0]) for rows in parser.tables]


def text(app) -> str:
    """Everything the slide says, without tags or the style sheet."""
    bodies = [part.proto.body for part in app.get("html") if not part.proto.body.startswith(("<style", "<script"))]
    return re.sub(r"<[^>]+>", " ", " ".join(bodies))


def progress(app) -> str:
    return re.search(r'class="present-progress">([^<]*)<', "".join(p.proto.body for p in app.get("html"))).group(1)


def label(app) -> str:
    return progress(app).split(" · ")[1]


def open_present(query: dict):
    app = open_app(query)
    app.switch_page("pages/present.py").run()
    assert not app.exception
    return app


def click(app, key: str):
    app.button(key=key).click().run()
    assert not app.exception
    return app


def grade(total: float) -> str:
    return "优秀" if total >= 90 else "良好" if total >= 80 else "一般" if total >= 60 else "较差"


# --- the URL's choices --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "given, names, noted",
    [
        (None, NAMES, None),
        ("ranking,heatmap,trend", ["ranking", "heatmap", "trend"], None),
        ("trend, Ranking ,trend", ["trend", "ranking"], None),
        ("ranking，boards", ["ranking", "boards"], None),
        ("ranking,charts", ["ranking"], "charts"),
        ("foo,bar", NAMES, "foo,bar"),
        ("", NAMES, "为空"),
        (" , ", NAMES, "为空"),
    ],
)
def test_slides_from_the_url_keep_the_order_given_and_unknown_names_get_a_note(given, names, noted):
    chosen, note = present.slide_names(given, NAMES)
    assert chosen == names
    assert (note is None) if noted is None else (noted in note and "可选" in note)


@pytest.mark.parametrize(
    "given, seconds, noted",
    [
        (None, 20, False),
        ("15", 15, False),
        ("15s", 15, False),
        ("15秒", 15, False),
        (" 3 ", 3, False),
        ("-5", 20, True),
        ("0", 20, True),
        ("2", 20, True),
        ("99999", 20, True),
        ("abc", 20, True),
        ("2.5", 20, True),
        ("", 20, True),
    ],
)
def test_the_interval_from_the_url_falls_back_to_twenty_seconds_with_a_note(given, seconds, noted):
    every, note = present.interval(given)
    assert every == seconds
    assert (note is not None) == noted
    if noted:
        assert "默认每 20 秒" in note


def test_a_long_bad_value_is_echoed_shortened():
    _, note = present.interval("x" * 500)
    assert "x" * 40 + "…" in note and "x" * 41 not in note


def test_streets_expands_to_one_slide_per_street_where_it_is_named():
    show = {name: present.Kind(label, print) for name, label in [("title", "封面"), ("boards", "红黑榜")]}
    show["streets"] = present.Kind("各街道", print, each_street=True)
    slides = present.sequence(["title", "streets", "boards"], show, ["乙街道", "甲街道"])
    assert [(s.kind, s.street) for s in slides] == [
        ("title", None),
        ("streets", "乙街道"),
        ("streets", "甲街道"),
        ("boards", None),
    ]
    assert [s.label for s in slides] == ["封面", "乙街道", "甲街道", "红黑榜"]
    assert present.sequence(["streets"], show, []) == [present.Slide("title", "封面")]


@pytest.mark.parametrize(
    "rows, lengths", [(12, [12]), (13, [6, 7]), (14, [7, 7]), (25, [8, 8, 9]), (30, [10, 10, 10]), (0, [0])]
)
def test_a_slide_of_more_than_twelve_rows_pages_them_in_even_parts_numbered_on_the_slide(rows, lengths):
    show = {"streets": present.Kind("各街道", print, each_street=True, rows=lambda slide: rows)}
    slides = present.sequence(["streets"], show, ["甲街道"])
    table = pd.DataFrame({"村(社区)": [f"村{i}" for i in range(rows)]})
    assert [len(slide.part(table)) for slide in slides] == lengths
    assert pd.concat([slide.part(table) for slide in slides])["村(社区)"].tolist() == table["村(社区)"].tolist()
    pages = len(lengths)
    assert [s.label for s in slides] == (
        ["甲街道"] if pages == 1 else [f"甲街道 {n}/{pages}" for n in range(1, pages + 1)]
    )


@pytest.mark.parametrize(
    "asked, note",
    [
        (None, None),
        ("2021Q4", None),
        ("2031Q4", "quarter 参数“2031Q4”没有评分数据，显示的是2026年第三季度（有数据的最新季度）。"),
        ("下季度", "quarter 参数“下季度”不是季度（应写作 2021Q4），显示的是2026年第三季度。"),
    ],
)
def test_a_quarter_in_the_url_that_is_not_the_one_shown_gets_a_note_naming_both(asked, note):
    shown = "2021Q4" if asked == "2021Q4" else "2026Q3"
    assert present.quarter_note(asked, shown) == note


def test_with_a_note_on_the_url_the_cover_comes_first_so_that_it_is_seen():
    assert present.settings({"slides": "ranking,nope"}, NAMES, None, "2021Q4")[0] == ["title", "ranking"]
    assert present.settings({"slides": "ranking"}, NAMES, "2031Q4", "2026Q3")[0] == ["title", "ranking"]
    assert present.settings({"slides": "ranking"}, NAMES, "2021Q4", "2021Q4") == (["ranking"], 20, [])


def test_a_timer_run_moves_on_while_a_click_a_full_run_or_a_pause_holds():
    state = {"present-hold": True}
    assert present.position(state, 3, every=20, now=0) == 0  # first full run
    assert present.position(state, 3, every=20, now=20) == 1  # timer
    assert present.position(state, 3, every=20, now=40) == 2
    assert present.position(state, 3, every=20, now=60) == 0  # loops
    present.toggle_pause(state)
    assert present.position(state, 3, every=20, now=61) == 0
    assert present.position(state, 3, every=20, now=81) == 0  # paused: the timer does not move it
    present.toggle_pause(state)
    assert present.position(state, 3, every=20, now=90) == 0
    assert present.position(state, 3, every=20, now=110) == 1


def test_a_slide_reached_by_a_click_stays_at_least_half_an_interval():
    state = {"present-hold": True}
    present.position(state, 5, every=20, now=0)
    present.step(state, 1)
    assert present.position(state, 5, every=20, now=19) == 1
    assert present.position(state, 5, every=20, now=20) == 1  # the timer fired one second after the click
    assert present.position(state, 5, every=20, now=40) == 2
    present.step(state, -1)
    present.step(state, -1)
    assert present.position(state, 5, every=20, now=41) == 0


@pytest.mark.parametrize("quarter, first", [("2023Q2", "2021Q3"), ("2021Q3", "2021Q1")])
def test_the_trend_covers_the_last_eight_quarters_with_data_up_to_the_chosen_one(quarter, first):
    quarters = [f"{year}Q{n}" for year in (2021, 2022, 2023, 2024) for n in (1, 2, 3, 4)]
    assert present.last_quarters(quarters, quarter) == (first, quarter)


# --- the page: order, stepping, pausing, notes --------------------------------------------------


def test_the_slides_come_in_the_issues_order_then_each_street_best_first_and_loop(sample_database):
    app = open_present({"quarter": "2021Q4"})
    counts = expected_ranking("2021Q4").set_index("街道")["数"]  # units per street: 14 need two pages
    expected = DEFAULT_ORDER + [
        street if count <= 12 else f"{street} {page}/2"
        for street, count in counts.items()
        for page in ([1] if count <= 12 else [1, 2])
    ]
    assert len(expected) == SLIDES
    seen = [label(app)]
    for _ in expected:
        seen.append(label(click(app, "present-next")))
    assert seen == expected + [expected[0]]
    assert progress(app).startswith(f"1 / {len(expected)} ")


def test_the_back_button_steps_back_and_wraps_to_the_last_slide(sample_database):
    app = open_present({"quarter": "2021Q4", "slides": "ranking,heatmap,trend"})
    assert label(click(app, "present-back")) == "走势"
    assert label(click(app, "present-back")) == "街道 × 指标"
    assert progress(app).startswith("2 / 3 ")


def test_pausing_says_so_and_resuming_goes_back_to_the_interval(sample_database):
    app = open_present({"quarter": "2021Q4", "every": "15"})
    assert progress(app).endswith("每 15 秒自动切换")
    assert app.button(key="present-pause").label == "暂停"
    click(app, "present-pause")
    assert progress(app).endswith("已暂停") and app.button(key="present-pause").label == "继续"
    assert label(click(app, "present-next")) == "街道排名"  # stepping works while paused
    click(app, "present-pause")
    assert progress(app).endswith("每 15 秒自动切换") and label(app) == "街道排名"


@pytest.mark.parametrize(
    "query, count, every, note",
    [
        ({"slides": "ranking,boards", "every": "15"}, 2, 15, None),
        ({"slides": "ranking,nope"}, 2, 20, "已忽略不认识的幻灯片名“nope”"),  # the cover first, with the note
        ({"slides": ""}, SLIDES, 20, "slides 参数为空"),
        ({"slides": "nope"}, SLIDES, 20, "没有可用的幻灯片名"),
        ({"every": "-3"}, SLIDES, 20, "不在 3–3600 秒之间"),
        ({"every": "soon"}, SLIDES, 20, "不是整数秒数"),
    ],
)
def test_url_values_choose_the_slides_and_interval_and_bad_ones_get_defaults_and_a_note(
    sample_database, query, count, every, note
):
    app = open_present({"quarter": "2021Q4", **query})
    assert progress(app).startswith(f"1 / {count} ") and progress(app).endswith(f"每 {every} 秒自动切换")
    notes = [part.proto.body for part in app.get("html") if 'class="present-notes"' in part.proto.body]
    assert (note in notes[0]) if note else not notes


@pytest.mark.parametrize(
    "asked, note",
    [
        ("2031Q4", "quarter 参数“2031Q4”没有评分数据，显示的是2026年第三季度（有数据的最新季度）。"),
        ("第四季度", "quarter 参数“第四季度”不是季度（应写作 2021Q4），显示的是2026年第三季度。"),
    ],
)
def test_a_quarter_in_the_url_without_data_is_named_on_the_cover_with_the_quarter_shown(sample_database, asked, note):
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(db.ROOT / "dashboard.py"), default_timeout=30)
    app.query_params.update({"quarter": asked, "slides": "ranking"})
    app.switch_page("pages/present.py").run()  # the link opened as it is, not after another page
    assert not app.exception
    assert progress(app).startswith("1 / 2 · 封面 ")  # the cover comes first, to show the note
    notes = [part.proto.body for part in app.get("html") if 'class="present-notes"' in part.proto.body]
    assert note in notes[0]
    assert "2026年第三季度村(社区)党组织书记" in text(app)


def test_a_bad_value_is_escaped_not_run_as_html(sample_database):
    app = open_present({"quarter": "2021Q4", "slides": "<b>x</b>"})
    assert "&lt;b&gt;x&lt;/b&gt;" in "".join(part.proto.body for part in app.get("html"))


def test_the_page_hides_the_frame_with_its_own_style(sample_database):
    app = open_present({"quarter": "2021Q4"})
    style = next(part.proto.body for part in app.get("html") if part.proto.body.startswith("<style"))
    assert '[data-testid="stSidebar"]' in style and '[data-testid="stHeader"]' in style


# --- what the slides show -----------------------------------------------------------------------


def test_the_cover_names_the_meeting_district_office_date_data_and_the_sample_mark(sample_database):
    said = text(open_present({"quarter": "2021Q4", "slides": "title"}))
    today = date.today()
    for part in (
        "中原区",
        "2021年第四季度村(社区)党组织书记“亮赛比”比学交流会",
        "中共中原区委组织部",
        f"{today.year}年{today.month}月{today.day}日",
        "数据截至 2026年第三季度",
        "示例数据",
    ):
        assert part in said, part


def test_the_ranking_slide_labels_each_bar_with_total_rank_change_and_grade_in_words(sample_database):
    app = open_present({"quarter": "2022Q1", "slides": "ranking"})
    now, then = expected_ranking("2022Q1").set_index("街道"), expected_ranking("2021Q4").set_index("街道")
    labels = {
        street: label
        for trace in chart_traces(app.get("plotly_chart")[0])
        for street, label in zip(trace["y"], trace["text"])
    }
    assert labels == {
        street: f"第{row['排名']}名  {row['总分']:.2f}  {rank_change_mark(then.loc[street, '排名'] - row['排名'])}  "
        f"{grade(row['总分'])}"
        for street, row in now.iterrows()
    }


def test_the_heatmap_slide_has_streets_in_ranking_order_and_the_rubrics_themes(sample_database):
    app = open_present({"quarter": "2022Q1", "slides": "heatmap"})
    heatmap = chart_traces(app.get("plotly_chart")[0])[0]
    ranked = expected_ranking("2022Q1")["街道"].tolist()
    assert heatmap["y"] == ranked and heatmap["x"] == rubric_themes(2022)
    grid = np.array(heatmap["z"]).reshape(len(ranked), -1)
    np.testing.assert_allclose(grid, list(expected_scores("2022Q1", ranked).values()), atol=1e-6)


def test_the_trend_slide_draws_the_last_eight_quarters_up_to_the_chosen_one(sample_database):
    app = open_present({"quarter": "2023Q2", "slides": "trend"})
    totals = expected_street_totals().set_index(["街道", "季度"])["总分"]
    traces = chart_traces(app.get("plotly_chart")[0])
    quarters = ["2021Q3", "2021Q4", "2022Q1", "2022Q2", "2022Q3", "2022Q4", "2023Q1", "2023Q2"]
    assert {trace["name"] for trace in traces} == set(expected_ranking("2023Q2")["街道"])
    for trace in traces:
        assert list(trace["x"]) == quarters
        assert trace["y"] == pytest.approx([totals[trace["name"], q] for q in quarters], abs=0.005)
    assert len({trace["marker"]["symbol"] for trace in traces}) == len(traces)  # shapes, not colour alone


def test_the_commitments_slide_lists_each_streets_counts_and_rates(sample_database):
    app = open_present({"quarter": "2022Q2", "slides": "commitments"})
    shown = tables(app)[0].set_index("街道")
    expected = expected_completion("2022Q2")
    assert shown.index.tolist() == expected.sort_values("年度完成率", ascending=False).index.tolist()
    for column in ("承诺数", "已完成", "推进中", "逾期"):
        assert shown[column].astype(int).to_dict() == expected[column].to_dict(), column
    assert shown["年度完成率"].to_dict() == {s: f"{v:.2f}%" for s, v in expected["年度完成率"].items()}


def test_the_boards_slide_shows_the_best_and_worst_complete_units(sample_database):
    app = open_present({"quarter": "2021Q4", "slides": "boards"})
    units = expected_unit_totals().query("季度 == '2021Q4' and 覆盖率 == 1").copy()
    units["总分"] = units["总分"].map(round2)
    units = units.sort_values("总分", ascending=False)
    red, black, _ = tables(app)
    assert red["村(社区)"].tolist() == units["村(社区)"].head(5).tolist()
    assert red["总分"].tolist() == [f"{v:.2f}" for v in units["总分"].head(5)]
    assert black["村(社区)"].tolist() == units["村(社区)"].tail(5).iloc[::-1].tolist()
    assert "白寨村" not in pd.concat([red, black])["村(社区)"].tolist()  # incomplete in 2021Q4


def test_a_street_slide_lists_its_units_best_first_and_flags_an_incomplete_one(sample_database):
    app = open_present({"quarter": "2021Q4", "slides": "streets"})
    while label(app) != "须水街道":
        click(app, "present-next")
    units = expected_unit_totals().query("季度 == '2021Q4' and 街道 == '须水街道'").copy()
    units["总分"] = units["总分"].map(round2)
    units = units.sort_values(["总分", "村(社区)"], ascending=[False, True])
    shown = tables(app)[0]
    assert shown["村(社区)"].tolist() == units["村(社区)"].tolist()
    assert shown["总分"].tolist() == [f"{v:.2f}" for v in units["总分"]]
    assert shown["等次"].tolist() == [grade(v) for v in units["总分"]]
    incomplete = shown.set_index("村(社区)").loc["白寨村", "评分状态"]
    coverage = units.set_index("村(社区)").loc["白寨村", "覆盖率"] * 100
    assert incomplete == f"⚠ 不完整（覆盖率 {coverage:.2f}%）"
    row = expected_ranking("2021Q4").set_index("街道").loc["须水街道"]
    assert f"第 {row['排名']} 名" in text(app) and f"总分 {row['总分']:.2f}" in text(app)


def test_an_empty_database_says_there_is_no_data_instead_of_failing(tmp_path, monkeypatch):
    path = tmp_path / "empty.duckdb"
    build_database(path, empty=True)
    monkeypatch.setenv("LIANGSAIBI_DB", str(path))
    app = open_app()
    app.switch_page("pages/present.py").run()
    db.close_all()
    assert not app.exception
    assert "还没有评分数据" in text(app)


def test_in_the_first_quarter_a_street_slide_reads_new_for_every_change_never_a_dash_or_none(sample_database):
    first = sorted(expected_unit_totals()["季度"].unique())[0]  # no quarter before it: no 环比, no rank change
    app = open_present({"quarter": first, "slides": "streets"})
    shown = tables(app)[0]
    assert set(shown["环比"]) == {"新"}
    assert "环比 新" in text(app) and "（新）" in text(app)
    assert "None" not in text(app) and "环比 —" not in text(app)
