"""承诺事项: completion as of a quarter's end, the stacked bar, and the filtered list with its download.

Page tests compare with statuses worked out in pandas straight from data/sample/commitments.csv;
query tests use the hand-written district of test_queries.py, the arithmetic in the comments.
"""

import numpy as np
import pandas as pd
import pytest
from fixtures import chart_traces, open_app, publish_scored, run_capturing_downloads
from test_queries import commitments as commitment_rows, district, query  # noqa: F401

from liangsaibi.board import commitments, export
from liangsaibi.store import db
from liangsaibi.store.build import SAMPLE

LIST = ("街道", "村(社区)", "承诺事项", "指标", "承诺时限", "完成日期", "状态", "备注")
COMPLETION = ("季度", "街道", "承诺数", "已完成", "推进中", "逾期", "年度完成率", "到期完成率")


# --- queries on hand-written rows ---------------------------------------------------------------

EVERY = dict(street=None, theme=None, status=None, search=None, limit=None)


def listed(path, quarter: str, **filters) -> list[tuple]:
    """The list as the query gives it, every filter off unless named, without the match count column."""
    header, *rows = query("commitment_list", path, quarter=quarter, **{**EVERY, **filters})
    assert header[-1] == "符合条数" and all(row[-1] == len(rows) for row in rows)
    return [header[:-1], *[row[:-1] for row in rows]]


def test_the_list_gives_each_commitment_its_status_at_the_quarter_end(commitment_rows):
    # As of 2022-06-30, ordered by street, unit, due quarter, title (东 before 西, 乙 before 甲).
    assert listed(commitment_rows, "2022Q2") == [
        LIST,
        ("东街道", "乙社区", "三季度到期未完成", None, "2022Q3", None, "推进中", None),
        ("东街道", "乙社区", "四季度到期提前完成", None, "2022Q4", "2022-05-01", "已完成", None),
        ("东街道", "甲村", "一季度完成", None, "2022Q1", "2022-03-15", "已完成", None),
        ("东街道", "甲村", "二季度到期三季度完成", None, "2022Q2", None, "逾期", None),  # done 07-01: too late
        ("东街道", "甲村", "二季度末日完成", None, "2022Q2", "2022-06-30", "已完成", None),  # the last day counts
        ("西街道", "丙村", "三季度到期", None, "2022Q3", None, "推进中", None),
        ("西街道", "丙村", "四季度到期", None, "2022Q4", None, "推进中", None),
        ("西街道", "丙村", "四季度到期二季度完成", None, "2022Q4", "2022-04-10", "已完成", None),
    ]


def test_a_completion_after_the_quarter_end_is_not_yet_known_in_the_list(commitment_rows):
    header, *rows = listed(commitment_rows, "2022Q1")
    shown = {row[2]: (row[5], row[6]) for row in rows}
    # 06-30 and 05-01 lie after 2022-03-31: open then, no date shown; only 一季度完成 was done.
    assert shown["二季度末日完成"] == (None, "推进中")
    assert shown["四季度到期提前完成"] == (None, "推进中")
    assert shown["一季度完成"] == ("2022-03-15", "已完成")
    assert {status for _, status in shown.values()} == {"已完成", "推进中"}


def test_the_list_carries_theme_and_note_and_only_the_quarters_year(district):
    with db.write(district) as connection:
        connection.execute("""
            insert into commitment (year, street, unit, title, theme, due_quarter, completed_on, note) values
                (2021, '东街道', '甲村', '建成党群服务中心', '阵地建设', '2021Q2', null, '=延期'),
                (2022, '东街道', '甲村', '下一年的事项', null, '2022Q1', null, null)""")
    assert listed(district, "2021Q3") == [
        LIST,
        ("东街道", "甲村", "建成党群服务中心", "阵地建设", "2021Q2", None, "逾期", "=延期"),
    ]


@pytest.mark.parametrize(
    "quarter, expected",
    [
        # 8 of 2022: done 东 3 + 西 1 = 4 → 50.0; due by Q2: 东's 3, done 2 → 66.67; 逾期 1; 推进中 8 − 4 − 1.
        ("2022Q2", ("2022Q2", 8, 4, 3, 1, 50.0, 66.67)),
        # done 东 4 + 西 1 = 5 → 62.5; due by Q3: 东 4 + 西 1 = 5, done 3 → 60.0; 逾期 东 1 + 西 1.
        ("2022Q3", ("2022Q3", 8, 5, 1, 2, 62.5, 60.0)),
        # the one 2021 commitment, open and due.
        ("2021Q4", ("2021Q4", 1, 0, 0, 1, 0.0, 0.0)),
        # no commitments in 2024: nothing to divide by.
        ("2024Q1", ("2024Q1", 0, 0, 0, 0, None, None)),
    ],
)
def test_district_completion_counts_every_street_together(commitment_rows, quarter, expected):
    header, *rows = query("commitment_completion", commitment_rows, quarter=quarter)
    assert header == COMPLETION and rows[-1] == (expected[0], None, *expected[1:])  # the district: the last row
    assert rows[:-1] == [row for row in rows[:-1] if row[1] is not None]  # the streets before it
    if quarter == "2024Q1":  # no commitments that year: the district's row alone
        assert len(rows) == 1


# --- the list's filters and file names ----------------------------------------------------------


@pytest.fixture
def hand_list(district, monkeypatch):
    monkeypatch.setenv("LIANGSAIBI_DB", str(district))
    # As of 2022-06-30: 修缮 and 冬训 are overdue (due Q1), 发展党员 done 05-01, 整治 open (due Q3).
    with db.write(district) as connection:
        connection.execute("""
            insert into commitment (year, street, unit, title, theme, due_quarter, completed_on, note) values
                (2022, '东街道', '甲村', '修缮党群服务中心', '阵地建设', '2022Q1', null, null),
                (2022, '东街道', '乙社区', '发展党员2名', '党建引领', '2022Q2', date '2022-05-01', '已销号，见WPS台账'),
                (2022, '西街道', '丙村', '整治背街小巷', '工作成效', '2022Q3', null, '延期原因：汛期影响'),
                (2022, '北街道', '戊村', '党员冬训全覆盖', '党建引领', '2022Q1', null, null),
                (2021, '东街道', '甲村', '上年的党员活动', '党建引领', '2021Q1', null, null)""")
    return district


@pytest.mark.parametrize(
    "filters, titles",
    [
        ({}, ["修缮党群服务中心", "发展党员2名", "整治背街小巷", "党员冬训全覆盖"]),
        ({"street": "东街道"}, ["修缮党群服务中心", "发展党员2名"]),
        ({"status": "逾期"}, ["修缮党群服务中心", "党员冬训全覆盖"]),
        ({"status": "已完成"}, ["发展党员2名"]),
        ({"theme": "党建引领", "status": "逾期"}, ["党员冬训全覆盖"]),  # not last year's 党员活动
        ({"search": "党员"}, ["发展党员2名", "党员冬训全覆盖"]),  # in the title
        ({"search": " 甲村 "}, ["修缮党群服务中心"]),  # in the unit, spaces ignored
        ({"search": "汛期"}, ["整治背街小巷"]),  # in the note
        ({"search": "wps"}, ["发展党员2名"]),  # any case
        ({"search": "汛期", "street": "东街道"}, []),
    ],
)
def test_the_list_keeps_the_commitments_that_match_every_filter(hand_list, filters, titles):
    rows, matched = commitments.commitment_list("2022Q2", **filters)
    assert sorted(rows["承诺事项"]) == sorted(titles) and matched == len(titles)


def test_a_long_list_shows_its_first_rows_and_counts_them_all(hand_list):
    rows, matched = commitments.commitment_list("2022Q2", limit=3)
    whole, _ = commitments.commitment_list("2022Q2", limit=None)
    assert matched == 4 and len(whole) == 4
    assert rows.equals(whole.head(3))


@pytest.mark.parametrize(
    "filters, name",
    [
        ({}, "承诺清单_2021Q4.csv"),
        ({"street": "建设路街道", "status": "逾期"}, "承诺清单_2021Q4_建设路街道_逾期.csv"),
        ({"theme": "党建引领", "search": "服务 中心"}, "承诺清单_2021Q4_党建引领_含服务中心.csv"),
        ({"search": 'a/b:c*"?'}, "承诺清单_2021Q4_含abc.csv"),  # characters Windows refuses are dropped
    ],
)
def test_the_download_name_carries_the_filters(filters, name):
    assert export.file_name("承诺清单", "2021Q4", *commitments.filter_names(**filters)) == name


def test_theme_choices_follow_the_rubric_then_other_themes(hand_list):
    with db.write(hand_list) as connection:
        connection.execute("update commitment set theme = '自定指标' where title = '整治背街小巷'")
    # 2022 names 阵地建设, 党建引领, 自定指标. The 2022 rubric is 党建引领, 工作成效, 党务知识: 党建引领 first,
    # then the two it lacks by name (自 U+81EA before 阵 U+9635); 工作成效 is named by none.
    assert commitments.themes_of("2022Q2") == ["党建引领", "自定指标", "阵地建设"]


# --- the page on the demo data ------------------------------------------------------------------


def expected_list(quarter: str) -> pd.DataFrame:
    """Each commitment of the quarter's year with its status at the quarter's end, from the CSV by pandas."""
    rows = pd.read_csv(SAMPLE / "commitments.csv", encoding="utf-8-sig", dtype=str)
    rows = rows[rows["年度"] == quarter[:4]].copy()
    quarter_end = pd.Period(quarter, freq="Q").end_time.normalize()
    done = pd.to_datetime(rows["完成日期"]) <= quarter_end
    due = rows["承诺时限"] <= quarter
    rows["状态"] = np.select([done, due], ["已完成", "逾期"], "推进中")
    return rows


def expected_completion(quarter: str) -> pd.DataFrame:
    rows = expected_list(quarter).assign(due=lambda r: r["承诺时限"] <= quarter, done=lambda r: r["状态"] == "已完成")
    rows["due_done"] = rows["due"] & rows["done"]
    by_street = rows.groupby("街道").agg(
        承诺数=("状态", "size"),
        已完成=("done", "sum"),
        逾期=("状态", lambda s: (s == "逾期").sum()),
        推进中=("状态", lambda s: (s == "推进中").sum()),
        due=("due", "sum"),
        due_done=("due_done", "sum"),
    )
    by_street["年度完成率"] = (by_street["已完成"] / by_street["承诺数"] * 100).round(2)
    by_street["到期完成率"] = (by_street["due_done"] / by_street["due"] * 100).round(2)
    return by_street


def open_commitments(query: dict):
    app = open_app(query)
    app.switch_page("pages/commitments.py").run()
    assert not app.exception
    return app


@pytest.mark.parametrize("quarter", ["2021Q4", "2022Q2"])
def test_completion_table_and_bar_hold_the_independently_computed_counts(sample_database, quarter):
    app = open_commitments({"quarter": quarter})
    expected = expected_completion(quarter)
    table = app.dataframe[0].value.set_index("街道")
    assert table.index.tolist() == expected.sort_values(["年度完成率"], ascending=False).index.tolist()
    for column in ("承诺数", "已完成", "推进中", "逾期"):
        assert table[column].to_dict() == expected[column].to_dict(), column
    for column in ("年度完成率", "到期完成率"):
        assert table[column].to_dict() == pytest.approx(expected[column].to_dict(), abs=0.005), column
    traces = {trace["name"]: trace for trace in chart_traces(app.get("plotly_chart")[0])}
    assert list(traces) == ["已完成", "推进中", "逾期"]
    for status, trace in traces.items():  # each part drawn as its share of the street's commitments, its count on it
        share = expected[status] / expected["承诺数"] * 100
        assert dict(zip(trace["y"], trace["x"])) == pytest.approx(share.to_dict()), status
        assert dict(zip(trace["y"], trace["text"])) == {s: f"{n} 项" if n else "" for s, n in expected[status].items()}
    # the rows are ordered by what is drawn: the 已完成 part shrinks from the top bar down (plotly's first is lowest)
    done = traces["已完成"]["x"][::-1]
    assert done == sorted(done, reverse=True) and traces["已完成"]["y"][::-1] == table.index.tolist()


def test_district_metrics_are_the_whole_districts_rates(sample_database):
    app = open_commitments({"quarter": "2022Q2"})
    rows = expected_list("2022Q2")
    due = rows[rows["承诺时限"] <= "2022Q2"]
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["全区承诺事项"] == f"{len(rows)} 项"
    assert metrics["年度完成率"] == f"{(rows['状态'] == '已完成').mean() * 100:.2f}%"
    assert metrics["到期完成率"] == f"{(due['状态'] == '已完成').mean() * 100:.2f}%"
    assert metrics["逾期"] == f"{(rows['状态'] == '逾期').sum()} 项"


def shown_titles(table: pd.DataFrame) -> list[tuple]:
    return sorted(zip(table["村(社区)"], table["承诺事项"], table["状态"]))


def test_the_list_starts_at_the_frames_street_and_narrows_by_status_and_search(sample_database):
    app = open_commitments({"quarter": "2021Q4", "street": "须水街道"})
    rows = expected_list("2021Q4")
    street = rows[rows["街道"] == "须水街道"]
    assert shown_titles(app.dataframe[1].value) == shown_titles(street)

    app.pills(key="list-status").set_value("逾期").run()
    overdue = street[street["状态"] == "逾期"]
    assert len(overdue) > 1 and shown_titles(app.dataframe[1].value) == shown_titles(overdue)

    word = overdue["村(社区)"].iloc[0][:2]  # a unit with an overdue item, searched by the start of its name
    app.text_input(key="list-search").set_value(word).run()
    assert shown_titles(app.dataframe[1].value) == shown_titles(overdue[overdue["村(社区)"].str.contains(word)])


def test_a_link_carrying_the_lists_status_and_search_opens_the_same_list(sample_database):
    # What a colleague sees when sent the address of a list narrowed to 须水街道's overdue items at one village.
    rows = expected_list("2021Q4").query("街道 == '须水街道' and 状态 == '逾期'")
    word = rows["村(社区)"].iloc[-1][:2]
    app = open_commitments({"quarter": "2021Q4", "street": "须水街道", "list-status": "逾期", "list-search": word})
    expected = rows[rows["村(社区)"].str.contains(word)]
    assert len(expected) >= 1 and shown_titles(app.dataframe[1].value) == shown_titles(expected)
    assert app.pills(key="list-status").value == "逾期" and app.text_input(key="list-search").value == word


def test_the_list_starts_at_the_frames_theme_and_the_page_may_widen_it_to_every_street(sample_database):
    app = open_commitments({"quarter": "2021Q4", "street": "须水街道", "theme": "党建引领"})
    rows = expected_list("2021Q4")
    assert shown_titles(app.dataframe[1].value) == shown_titles(rows.query("街道 == '须水街道' and 指标 == '党建引领'"))
    app.selectbox(key="list-street-须水街道").select("全部街道").run()
    assert shown_titles(app.dataframe[1].value) == shown_titles(rows.query("指标 == '党建引领'"))
    assert app.selectbox(key="street").value == "须水街道"  # the frame keeps its street


def test_the_list_download_holds_exactly_the_filtered_rows_and_names_the_filters(sample_database):
    app = open_commitments({"quarter": "2021Q4", "street": "建设路街道"})
    app.pills(key="list-status").set_value("逾期")
    downloads = run_capturing_downloads(app)
    table, name = downloads["list"]
    assert name == "承诺清单_2021Q4_建设路街道_逾期.csv"
    expected = expected_list("2021Q4").query("街道 == '建设路街道' and 状态 == '逾期'")
    assert shown_titles(table) == shown_titles(expected)
    pd.testing.assert_frame_equal(table, app.dataframe[1].value)
    assert {downloads["completion"][1], downloads["status-counts"][1]} == {
        "承诺完成情况_2021Q4.csv",
        "承诺进度_2021Q4.csv",
    }


def test_a_search_that_matches_nothing_says_so_instead_of_an_empty_table(sample_database):
    app = open_commitments({"quarter": "2021Q4"})
    app.text_input(key="list-search").set_value("没有这样的事项").run()
    assert "没有符合这些筛选条件的承诺事项。" in [info.value for info in app.info]
    assert len(app.dataframe) == 1  # the completion table only


def test_a_year_without_commitments_says_so(district, monkeypatch):
    with db.write(district) as connection:
        connection.execute(
            "insert into score (quarter, street, unit, theme, rater, score) "
            "values ('2021Q4', '东街道', '甲村', '党建引领', '', 18)"
        )
    publish_scored(district)  # viewers see published quarters only
    monkeypatch.setenv("LIANGSAIBI_DB", str(district))
    app = open_commitments({"quarter": "2021Q4"})
    assert [info.value for info in app.info] == [
        "2021年还没有承诺事项，2021年第四季度无可统计的完成情况。请先导入该年度的承诺事项表。"
    ]
    assert not app.get("plotly_chart") and not app.dataframe
