"""季度发布: a new quarter is a draft until published in order; publish and unpublish are history entries.

The district is tests/publish_support.py's: six streets of six units, total = 5 × (党建引领 + 创新举措).
"""

import io

import duckdb
import pandas as pd
import pytest
from import_support import sha256, tables
from publish_support import STREETS, UNITS, bring, everyone, score_file, six_streets  # noqa: F401

from liangsaibi.board import overview, street_detail, trends, views
from liangsaibi.publish import states
from liangsaibi.publish.states import PublishRefused
from liangsaibi.store import db, store
from liangsaibi.store.build import ensure_database

# 2026Q4: all six units of 甲街道, one of the six of 乙街道.
JIA = dict(zip(UNITS["甲街道"], [(9, 9), (8, 8), (7, 7), (9, 7), (10, 8), (6, 6)]))  # 90 80 70 80 90 60
Q4 = {**{("甲街道", unit): pair for unit, pair in JIA.items()}, ("乙街道", "乙1社区"): (10, 10)}  # 100


@pytest.fixture
def with_draft(six_streets, monkeypatch):
    monkeypatch.setenv("LIANGSAIBI_DB", str(six_streets))
    states.change("2026Q3", True, six_streets, operator="测试")
    bring(six_streets, ("q4.csv", score_file("2026Q4", Q4)))
    return six_streets


def test_a_draft_with_two_of_six_streets_scored_does_not_move_the_default(with_draft):
    assert views.quarters() == ["2026Q3"]
    assert views.quarters(drafts=True) == ["2026Q4", "2026Q3"]
    table = states.quarter_states(with_draft).set_index("quarter")
    assert table.loc["2026Q4"].tolist() == [False, 7, 36, 2, 6, 0]
    assert table.loc["2026Q3"].tolist() == [True, 36, 36, 6, 6, 0]


def test_after_publishing_only_participating_units_are_averaged_and_the_other_streets_are_not_ranked(with_draft):
    message = states.change("2026Q4", True, with_draft, operator="测试")
    assert "参评 7/36 村(社区)、2/6 街道" in message
    # 全区平均 = (90 + 80 + 70 + 80 + 90 + 60 + 100) / 7 = 570 / 7 = 81.428… → 81.43 (not 甲's 78.33, not over 36)
    assert overview.summary("2026Q4")["average"] == 81.43
    ranking = views.ranking("2026Q4")
    # 乙 100.00 (its one unit), 甲 470 / 6 = 78.333… → 78.33; 环比 against 2026Q3's 80.00 everywhere.
    assert ranking[["排名", "街道", "总分", "环比", "参评", "参评状态"]].values.tolist() == [
        [1, "乙街道", 100.0, 20.0, "1/6", "不完整"],
        [2, "甲街道", 78.33, -1.67, "6/6", "完整"],
    ]
    participation = db.run("street_participation", quarter="2026Q4")
    assert participation.set_index("街道")["参评状态"].to_dict() == {
        "甲街道": "完整",
        "乙街道": "不完整",
        **dict.fromkeys(["丙街道", "丁街道", "戊街道", "己街道"], "未参评"),
    }
    assert views.quarters() == ["2026Q4", "2026Q3"]


def test_publishing_out_of_order_is_refused_and_changes_nothing(with_draft):
    states.change("2026Q3", False, with_draft, operator="测试")  # back to a draft: 2026Q4 may not go first
    before = sha256(with_draft)
    with pytest.raises(PublishRefused, match="2026年第四季度之前的2026年第三季度还没有发布.*请先发布2026年第三季度"):
        states.change("2026Q4", True, with_draft, operator="测试")
    assert sha256(with_draft) == before


def test_publishing_a_quarter_without_scores_and_unpublishing_before_a_later_one_are_refused(with_draft):
    with pytest.raises(PublishRefused, match="2027年第一季度没有任何得分，不能发布"):
        states.change("2027Q1", True, with_draft, operator="测试")
    states.change("2026Q4", True, with_draft, operator="测试")
    with pytest.raises(PublishRefused, match="2026年第三季度之后的2026年第四季度已经发布.*请先撤回2026年第四季度"):
        states.change("2026Q3", False, with_draft, operator="测试")
    with pytest.raises(PublishRefused, match="2026年第四季度已经发布"):
        states.change("2026Q4", True, with_draft, operator="测试")


def test_publish_and_unpublish_are_history_entries_that_undo_reverses(with_draft):
    log = store.history(with_draft)
    assert log.iloc[-2][["文件", "类型", "导入人"]].tolist() == ["2026Q3_发布", "publish", "测试"]
    states.change("2026Q4", True, with_draft, operator="王五")
    published = store.history(with_draft).iloc[-1]["编号"]
    # Undoing 2026Q3's 发布 would leave the published 2026Q4 after a draft: refused.
    with pytest.raises(
        store.UndoRefused, match="第 4 号不能撤销：2026年第三季度之后的2026年第四季度已经发布.*请先撤回2026年第四季度"
    ):
        store.undo(int(log.iloc[-2]["编号"]), with_draft, operator="测试")
    store.undo(int(published), with_draft, operator="测试")
    assert views.quarters() == ["2026Q3"]
    states.change("2026Q3", False, with_draft, operator="测试")
    withdrawn = store.history(with_draft).iloc[-1]["编号"]
    assert views.quarters() == []
    store.undo(int(withdrawn), with_draft, operator="测试")
    assert views.quarters() == ["2026Q3"]


def test_for_viewers_the_change_skips_a_draft(with_draft):
    # 2026Q2 arrives after 2026Q3 was published: 甲's units 9 and 9 (90.00). While it is a draft, the published
    # 2026Q3 has nothing to compare with; once published, 甲's 环比 is 80.00 − 90.00 = −10.00.
    bring(with_draft, ("q2.csv", score_file("2026Q2", {("甲街道", unit): (9, 9) for unit in UNITS["甲街道"]})))
    jia = views.ranking("2026Q3").set_index("街道").loc["甲街道"]
    assert pd.isna(jia["环比"]) and pd.isna(jia["排名变化"])
    assert overview.unit_ranking("2026Q3")["环比"].isna().all()
    # A trend ending at the published 2026Q3 leaves the draft out; one ending at the draft (the administrator's) not.
    assert set(trends.totals("2026Q2", "2026Q3")["季度"]) == {"2026Q3"}
    assert set(street_detail.unit_trend("甲街道", "2026Q3")["季度"]) == {"2026Q3"}
    assert set(trends.totals("2026Q2", "2026Q4")["季度"]) == {"2026Q2", "2026Q3", "2026Q4"}
    states.change("2026Q2", True, with_draft, operator="测试")
    assert set(trends.totals("2026Q2", "2026Q3")["季度"]) == {"2026Q2", "2026Q3"}
    assert views.ranking("2026Q3").set_index("街道").loc["甲街道", "环比"] == -10.0
    assert overview.unit_ranking("2026Q3").set_index("村(社区)").loc["甲1社区", "环比"] == -10.0


def test_the_demo_database_publishes_every_quarter_without_history_entries(demo_db):
    with duckdb.connect(str(demo_db), read_only=True) as connection:
        published = connection.execute("select count(*) from quarter_state where state = 'published'").fetchall()
        entries = connection.execute("select count(*) from import_log where kind = 'publish'").fetchall()
    assert published == [(23,)] and entries == [(0,)]  # 2021Q1 … 2026Q3


def test_upgrading_a_database_from_before_publishing_publishes_its_quarters_and_changes_nothing_else(six_streets):
    before = tables(six_streets)
    with duckdb.connect(str(six_streets)) as connection:
        history = connection.execute("select * from import_log order by import_id").fetchall()
        # What the previous release wrote: no quarter states, another schema fingerprint.
        connection.execute("drop table quarter_state")
        connection.execute("drop table quarter_state_replaced")
        connection.execute("update meta set value = 'before-publishing' where key = 'schema'")
    db.close_all()
    ensure_database(six_streets)
    after = tables(six_streets)
    assert after.pop("quarter_state") == [("2026Q3", "published", None)]
    assert {name: rows for name, rows in before.items() if name != "quarter_state"} == after
    with duckdb.connect(str(six_streets), read_only=True) as connection:
        assert connection.execute("select * from import_log order by import_id").fetchall() == history
    assert db.run("quarters", path=six_streets, drafts=False).quarter.tolist() == ["2026Q3"]


def test_the_command_line_exports_the_published_quarter_by_default_and_lists_each_quarters_state(
    with_draft, capsysbinary
):
    from liangsaibi.__main__ import main

    main(["export", "ranking"])
    assert set(pd.read_csv(io.BytesIO(capsysbinary.readouterr().out), encoding="utf-8-sig")["季度"]) == {"2026Q3"}
    main(["quarters"])
    assert capsysbinary.readouterr().out.decode().splitlines() == [
        "2026Q4\t2026年第四季度\t草稿\t参评 7/36 村(社区)、2/6 街道（按现登记名单）",
        "2026Q3\t2026年第三季度\t已发布\t参评 36/36 村(社区)、6/6 街道（按现登记名单）",
    ]
    main(["publish", "2026Q4", "--dry-run"])
    assert (
        "将发布2026年第四季度：参评 7/36 村(社区)、2/6 街道（按现登记名单）。（试运行：未写入）"
        in capsysbinary.readouterr().err.decode()
    )
    assert views.quarters() == ["2026Q3"]


def test_the_bulletin_of_a_draft_says_so_first_and_names_the_streets_not_taking_part(with_draft):
    from liangsaibi.bulletin.content import bulletin

    content = bulletin("2026Q4")
    assert content["title"].startswith("【草稿 · 参评 7/36 村(社区)】关于2026年第四季度")
    assert content["overall"][0] == (
        "2026年第四季度，参评 2/6 街道、7/36 村(社区)（按现登记名单）参加“亮赛比”活动，1名评分人逐村(社区)观摩、现场评分。"
        "丁街道、丙街道、己街道、戊街道未参评，不排名、不计入平均。"
    )
    assert content["overall"][1].startswith("全区村(社区)平均得分81.43分")
    assert [row["street"] for row in content["ranking"]] == ["乙街道（参评1/6，不完整）", "甲街道"]
    assert content["ranking_summary"] == (
        "全区2个参评街道中，乙街道以100.00分位居第一；乙街道进步最大，较上季度提高20.00分（乙街道参评不完整）。"
    )


def test_an_import_into_a_published_quarter_says_so_before_it_is_confirmed(with_draft):
    from liangsaibi.intake.imports import check_files

    published = ("q3.csv", score_file("2026Q3", {("甲街道", "甲1社区"): (9, 9)}))
    draft = ("q4.csv", score_file("2026Q4", {("甲街道", "甲1社区"): (9, 9)}))
    assert check_files([published], with_draft)[0].published_sentence() == (
        "2026年第三季度：该季度已发布，写入后立即对外可见。"
    )
    assert check_files([draft], with_draft)[0].published_sentence() == ""
