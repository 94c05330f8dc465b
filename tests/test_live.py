"""现场评分 without a browser: sessions and links, the form's checks, the audit trail, reopening, closing as one
import that undo reverses, the meeting screen's results, and submissions surviving a killed process."""

import os
import signal
import subprocess
import sys

import pandas as pd
import pytest
from import_support import query, tables

from liangsaibi.live import closing, ledger, results, screen, sessions, submissions
from liangsaibi.store import db, store

THEMES = ["党建引领", "创新举措", "工作成效"]
UNITS = [("建设路街道", "中心医院社区"), ("建设路街道", "华山路社区")]


@pytest.fixture
def live_db(demo_db, monkeypatch):
    """The demo database as the current one, with its (empty) live store beside it."""
    monkeypatch.setenv("LIANGSAIBI_DB", str(demo_db))
    yield demo_db


def new_session(raters=("张三", "李四", "王五"), **given):
    return sessions.create("2021Q4", given.pop("units", UNITS), THEMES, [(r, "") for r in raters], **given)


def test_a_new_session_is_named_as_the_meeting_and_lists_units_themes_and_raters(live_db):
    session_id, tokens = sessions.create("2021Q4", UNITS, THEMES, [("张三", "观摩团"), ("李四", "")])
    current = results.state(session_id)
    assert current.session["name"] == "2021年第四季度 建设路街道“亮赛比”专场比学交流会"
    assert current.units[["street", "unit"]].values.tolist() == [list(unit) for unit in UNITS]
    # 满分 and 说明 from data/sample/rubric.csv (2021)
    assert current.themes[["theme", "max_score", "step"]].values.tolist() == [
        ["党建引领", 20, 0.5],
        ["创新举措", 10, 0.5],
        ["工作成效", 20, 0.5],
    ]
    assert current.themes.description.iloc[0] == "党组织领导作用发挥及政治建设情况"
    assert current.raters[["rater", "group"]].values.tolist() == [["张三", "观摩团"], ["李四", ""]]
    assert sorted(tokens) == ["张三", "李四"]


def test_tokens_carry_at_least_128_bits_and_only_their_hash_is_stored(live_db):
    session_id, tokens = new_session()
    for token in tokens.values():
        assert len(token) >= 22 and len(set(tokens.values())) == 3  # 22 url-safe characters carry 132 bits
    stored = ledger.live_path(live_db).read_bytes()
    wal = ledger.live_path(live_db).with_name(ledger.live_path(live_db).name + "-wal")
    stored += wal.read_bytes() if wal.exists() else b""  # the log, unless the last connection's close emptied it
    assert all(token.encode() not in stored for token in tokens.values())
    assert sessions.admitted(tokens["李四"]) == sessions.Access(session_id, 2, "李四")


@pytest.mark.parametrize(
    "raters, message",
    [
        ([("张三", ""), ("张三", "")], "评分人「张三」重名"),
        ([("张三", "评委")], "分组「评委」不可用；可选：观摩团、街道党工委、党员群众代表，或留空。"),
        ([], "请至少填写一位评分人。"),
    ],
)
def test_raters_that_cannot_be_told_apart_or_grouped_are_refused(live_db, raters, message):
    with pytest.raises(sessions.LiveRefused, match=message):
        sessions.create("2021Q4", UNITS, THEMES, raters)


def test_a_theme_outside_the_years_rubric_or_an_unknown_unit_is_refused(live_db):
    with pytest.raises(sessions.LiveRefused, match="指标「学习强国」不在 2021 年的评分细则中"):
        sessions.create("2021Q4", UNITS, ["学习强国"], [("张三", "")])
    with pytest.raises(sessions.LiveRefused, match="建设路街道幸福村不在村\\(社区\\)名单中"):
        sessions.create("2021Q4", [("建设路街道", "幸福村")], THEMES, [("张三", "")])


def test_a_wrong_revoked_or_closed_link_admits_nobody(live_db):
    session_id, tokens = new_session()
    assert sessions.admitted("x" * 32) is None and sessions.admitted("") is None and sessions.admitted(None) is None
    sessions.revoke(session_id, 1)
    assert sessions.admitted(tokens["张三"]) is None
    new = sessions.reissue(session_id, 1)
    assert sessions.admitted(new).rater == "张三"
    submissions.submit(tokens["李四"], 1, {"党建引领": 18, "创新举措": 9, "工作成效": 17})
    closing.close(session_id, allow_incomplete=True, operator="测试")
    assert sessions.admitted(tokens["李四"]) is None and sessions.admitted(new) is None
    with pytest.raises(sessions.LiveRefused, match="评分已结束"):
        submissions.submit(tokens["李四"], 1, {"党建引领": 18, "创新举措": 9, "工作成效": 17})


@pytest.mark.parametrize(
    "given, messages",
    [
        ({"党建引领": 21, "创新举措": 9, "工作成效": 17}, ["「党建引领」的得分 21 超出 0–20 的范围。"]),
        ({"党建引领": -1, "创新举措": 9, "工作成效": 17}, ["「党建引领」的得分 -1 超出 0–20 的范围。"]),
        (
            {"党建引领": "十八", "创新举措": 9, "工作成效": 17},
            ["「党建引领」的得分「十八」不是数字，请填写如 19.5 这样的分数（小数点后最多两位）。"],
        ),
        (
            {"党建引领": 18, "创新举措": 9.3, "工作成效": 17},
            ["「创新举措」的得分 9.3 不符合打分档次：只能按 0.5 分一档打分。"],
        ),
        (
            {"党建引领": 18, "创新举措": None, "工作成效": 20.5},
            ["「创新举措」还没有打分。", "「工作成效」的得分 20.5 超出 0–20 的范围。"],
        ),
    ],
)
def test_bad_scores_are_refused_naming_the_theme_and_nothing_is_stored(live_db, given, messages):
    session_id, tokens = new_session()
    with pytest.raises(submissions.ScoreRefused) as refused:
        submissions.submit(tokens["张三"], 1, given)
    assert refused.value.messages == messages
    assert closing.audit(session_id).empty


def test_a_changed_score_keeps_the_old_one_in_the_audit_trail(live_db):
    session_id, tokens = new_session()
    submissions.submit(tokens["张三"], 1, {"党建引领": 18, "创新举措": 9, "工作成效": 17})
    submissions.submit(tokens["张三"], 1, {"党建引领": 16.5, "创新举措": 9, "工作成效": 17})
    trail = closing.audit(session_id)
    assert trail.loc[trail["指标"] == "党建引领", "得分"].tolist() == [18, 16.5]
    assert trail["操作"].unique().tolist() == ["提交"]
    current = results.state(session_id)
    assert current.scores.set_index("theme").loc["党建引领", "score"] == 16.5 and current.submitted(1) == 1


def test_a_reopened_unit_no_longer_counts_until_the_rater_submits_again(live_db):
    session_id, tokens = new_session()
    submissions.submit(tokens["王五"], 2, {"党建引领": 18, "创新举措": 9, "工作成效": 17})
    submissions.reopen(session_id, 3, 2)
    assert results.state(session_id).submitted(2) == 0
    assert closing.audit(session_id)["操作"].tolist() == ["提交"] * 3 + ["重开"]
    submissions.submit(tokens["王五"], 2, {"党建引领": 15, "创新举措": 9, "工作成效": 17})
    assert results.state(session_id).submitted(2) == 1


def test_the_screen_drops_one_highest_and_one_lowest_when_the_year_trims_and_five_raters_scored(live_db):
    from test_scoring_method import sample_rubric_2021

    from liangsaibi.intake import templates
    from liangsaibi.intake.imports import import_files

    import_files([templates.rubric_file(2021, sample_rubric_2021("去掉最高最低"))], live_db, operator="测试")
    session_id, tokens = new_session(raters=("甲", "乙", "丙", "丁", "戊"))
    for rater, score in zip("甲乙丙丁戊", [20, 20, 14, 12, 10]):
        submissions.submit(tokens[rater], 1, {"党建引领": score, "创新举措": 8, "工作成效": 16})
    rows = results.theme_results(results.state(session_id), 1)
    lead = rows[rows["指标"] == "党建引领"]
    marks = lead["去掉"].tolist()
    assert sorted(marks[:2]) == ["", "最高"] and marks[2:] == ["", "", "最低"]  # one 20 only, though two raters gave it
    assert lead["结果"].iloc[0] == pytest.approx((20 + 14 + 12) / 3)
    same = rows[rows["指标"] == "创新举措"]
    assert sorted(same["去掉"]) == ["", "", "", "最低", "最高"]  # all equal: still two different raters dropped
    # (46/3/20 + 8/10 + 16/20) / 3 × 100 with equal weights = (76.667 + 80 + 80) / 3 = 78.89
    assert results.round2(results.unit_totals(results.state(session_id), [1])[1]) == 78.89
    html = screen.slide(results.state(session_id))
    assert "已评 5 / 5" in html and html.count("class=\"live-dropped\"") == 6 and "78.89" in html


def test_with_more_raters_than_fit_across_the_screen_shows_each_themes_highest_and_lowest(live_db):
    from test_scoring_method import sample_rubric_2021

    from liangsaibi.intake import templates
    from liangsaibi.intake.imports import import_files

    import_files([templates.rubric_file(2021, sample_rubric_2021("去掉最高最低"))], live_db, operator="测试")
    raters = [f"评委{n}" for n in range(1, 13)]
    session_id, tokens = new_session(raters=raters)
    lead = [20, 20, 19, 18, 18, 17, 16, 16, 15, 14, 12, 10]
    for rater, score in zip(raters, lead):
        submissions.submit(tokens[rater], 1, {"党建引领": score, "创新举措": 8, "工作成效": 16})
    html = screen.slide(results.state(session_id))
    table = html[html.index("各指标得分") : html.index("本场排名")]
    assert "最高分" in table and "最低分" in table and "评委1" not in table  # 14 columns would not fit: 4 do
    assert table.count("</th>") == 4
    # 党建引领: 20 given twice, one dropped; 10 once, dropped; the other ten average (20+19+18+18+17+16+16+15+14+12)/10
    assert (
        "20<small>（2 人）</small><small>去掉一个</small>" in table
        and '<span class="live-dropped">10<small>去掉一个' in table
    )
    assert "<b>16.50</b>" in table
    assert table.count('class="live-dropped"') == 6  # each of the three themes drops one highest and one lowest


def test_the_screen_shows_only_the_count_until_every_rater_has_submitted(live_db):
    session_id, tokens = new_session()
    submissions.submit(tokens["张三"], 1, {"党建引领": 18, "创新举措": 9, "工作成效": 17})
    html = screen.slide(results.state(session_id))
    assert "已评 1 / 3" in html and "各指标得分" not in html
    closing.reveal(session_id, 1)
    assert "各指标得分" in screen.slide(results.state(session_id))


def test_closing_writes_the_sessions_scores_as_one_import_that_undo_reverses_exactly(live_db):
    before = tables(live_db)
    session_id, tokens = new_session()
    for rater, score in zip(["张三", "李四", "王五"], [18, 17, 16]):
        submissions.submit(tokens[rater], 1, {"党建引领": score, "创新举措": 9, "工作成效": 17})
    plan, summary, changed, _ = closing.preview(session_id)
    assert summary[["行数", "新增"]].values.tolist() == [[9, 9]]
    import_id = closing.close(session_id, allow_incomplete=True, operator="测试")
    assert store.history(live_db)["编号"].max() == import_id
    stored = query(
        live_db,
        "select rater, theme, score from score where quarter = '2021Q4' and unit = '中心医院社区' "
        "and theme in ('党建引领', '创新举措', '工作成效') order by theme, rater",
    )
    # The close names its raters: it adds theirs and keeps the demo's raters of those themes (docs/导入格式.md).
    kept = [(row[4], row[3], row[5]) for row in before["score"] if row[0] == "2021Q4" and row[2] == "中心医院社区"]
    assert stored == sorted(
        [
            (r, t, s)
            for r, lead in zip(["张三", "李四", "王五"], [18, 17, 16])
            for t, s in (("党建引领", lead), ("创新举措", 9), ("工作成效", 17))
        ]
        + [row for row in kept if row[1] in ("党建引领", "创新举措", "工作成效")],
        key=lambda x: (x[1], x[0]),
    )
    untouched = [
        row[:6] for row in before["score"] if row[0] == "2021Q4" and row[2] == "中心医院社区" and row[3] not in THEMES
    ]
    assert (
        query(
            live_db,
            "select quarter, street, unit, theme, rater, score from score where quarter = '2021Q4' "
            "and unit = '中心医院社区' and theme not in ('党建引领', '创新举措', '工作成效')",
        )
        != []
    )
    assert sorted(
        query(
            live_db,
            "select quarter, street, unit, theme, rater, score from score where quarter = '2021Q4' "
            "and unit = '中心医院社区' and theme not in ('党建引领', '创新举措', '工作成效')",
        )
    ) == sorted(untouched)
    store.undo(import_id, live_db, operator="测试")
    db.close_all()  # the history was read through a cached connection, which would show the file as it was then
    assert tables(live_db) == before


def test_a_session_without_scores_cannot_be_closed(live_db):
    session_id, _ = new_session()
    with pytest.raises(sessions.LiveRefused, match="还没有任何评分"):
        closing.close(session_id, allow_incomplete=True, operator="测试")


KILLED_WRITER = """
import sys
from liangsaibi.live import submissions
token = sys.argv[1]
for i in range(10_000):
    submissions.submit(token, 1 + i % 2, {"党建引领": i % 40 / 2, "创新举措": 9, "工作成效": 17})
    print(i, flush=True)
"""


def test_every_submission_a_killed_process_reported_stored_is_there_after_restart(live_db):
    session_id, tokens = new_session()
    writer = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, tokens["张三"]],
        cwd=db.ROOT,
        stdout=subprocess.PIPE,
        env={**os.environ, "LIANGSAIBI_DB": str(live_db)},
        text=True,
    )
    reported = [writer.stdout.readline() for _ in range(25)]
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    reported += writer.stdout.read().splitlines(keepends=True)
    events = closing.audit(session_id).drop_duplicates("序号")
    assert len(events) >= len([line for line in reported if line.strip()]) >= 25
    assert events["序号"].tolist() == list(range(1, len(events) + 1))  # nothing half-written in between


def test_submissions_are_kept_with_their_local_time_to_the_millisecond(live_db):
    import datetime

    session_id, tokens = new_session()
    before = datetime.datetime.now()
    submissions.submit(tokens["张三"], 1, {"党建引领": 18, "创新举措": 9, "工作成效": 17})
    submissions.submit(tokens["张三"], 1, {"党建引领": 17, "创新举措": 9, "工作成效": 17})
    after = datetime.datetime.now()
    times = closing.audit(session_id).drop_duplicates("序号")["时间"].tolist()
    assert len(times) == 2 and all(before - datetime.timedelta(milliseconds=1) <= t <= after for t in times)
    assert times[0] <= times[1]


SECOND_PROCESS = """
import sys
from liangsaibi.live import submissions
print(submissions.submit(sys.argv[1], 2, {"党建引领": 12, "创新举措": 6, "工作成效": 14}))
"""


def test_another_process_writes_and_reads_the_store_while_this_one_has_it_open(live_db):
    # The command line and a second server behind nginx reach the store while a server runs.
    session_id, tokens = new_session()
    submissions.submit(tokens["张三"], 1, {"党建引领": 18, "创新举措": 9, "工作成效": 17})
    with ledger.transaction(
        write=False
    ) as connection:  # this process is in the middle of reading when the other writes
        connection.execute("select count(*) from live_event").fetchall()
        environment = {**os.environ, "LIANGSAIBI_DB": str(live_db)}
        written = subprocess.run(
            [sys.executable, "-c", SECOND_PROCESS, tokens["李四"]],
            cwd=db.ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert written.returncode == 0, written.stderr
    status = subprocess.run(
        [sys.executable, "-m", "liangsaibi", "live", "status", str(session_id)],
        cwd=db.ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "1\t中心医院社区\t已评 1 / 3" in status.stdout and "2\t华山路社区\t已评 1 / 3" in status.stdout
    assert results.state(session_id).submitted(2) == 1


def live_slide_text(query: dict) -> str:
    from fixtures import open_app

    app = open_app(query)
    app.switch_page("pages/present.py").run()
    assert not app.exception
    return " ".join(part.proto.body for part in app.get("html"))


def test_a_live_slide_chosen_in_slides_shows_the_open_session_of_the_quarter(live_db):
    older, _ = new_session(name="上一场")
    chosen, tokens = new_session(name="第四季度比学交流会")
    elsewhere, _ = sessions.create("2021Q3", UNITS, THEMES, [("甲", "")], name="第三季度的一场")
    submissions.submit(tokens["李四"], 1, {"党建引领": 18, "创新举措": 9, "工作成效": 17})
    screen_link = sessions.issue_screen_link(chosen)
    shown = live_slide_text({"quarter": "2021Q4", "slides": "live,ranking", "every": "600", "screen": screen_link})
    assert "第四季度比学交流会" in shown and "已评 1 / 3" in shown  # the newest open one of 2021Q4, not of 2021Q3
    assert "第三季度的一场" not in shown and "上一场" not in shown
    other_link = sessions.issue_screen_link(elsewhere)
    assert "第三季度的一场" in live_slide_text({"quarter": "2021Q3", "slides": "live", "screen": other_link})
    # Another session's screen link (or none, without the administrator's login) shows no score, only a sentence.
    assert screen.LOCKED in live_slide_text({"quarter": "2021Q3", "slides": "live", "screen": screen_link})


def test_the_live_slide_says_when_no_session_is_open_and_the_default_rotation_leaves_it_out(live_db):
    shown = live_slide_text({"quarter": "2021Q4", "slides": "live"})
    assert "现在没有进行中的现场评分场次" in shown
    session_id, tokens = new_session()
    submissions.submit(tokens["张三"], 1, {"党建引领": 18, "创新举措": 9, "工作成效": 17})
    closing.close(session_id, allow_incomplete=True, operator="测试")
    assert "现在没有进行中的现场评分场次" in live_slide_text(
        {"quarter": "2021Q4", "slides": "live"}
    )  # closed: none open
    new_session(name="新的一场")
    # Without slides= the usual 15 slides (8 kinds, one per street of the demo, 汝河路街道 on two pages), no live one.
    assert '<span class="present-progress">1 / 15 · 封面' in live_slide_text({"quarter": "2021Q4"})
    assert '<span class="present-progress">1 / 2 · 街道排名' in live_slide_text(
        {"quarter": "2021Q4", "slides": "ranking,live"}
    )


def test_closing_previews_how_many_unit_totals_change_where_no_score_row_is_modified(live_db):
    from fixtures import round2

    from liangsaibi.store.build import SAMPLE

    session_id, tokens = new_session()  # 张三, 李四, 王五: raters the demo's 2021Q4 does not have
    given = {"张三": (18, 9, 17), "李四": (16, 8.5, 15), "王五": (12, 7, 19)}
    for rater, values in given.items():
        submissions.submit(tokens[rater], 1, dict(zip(THEMES, values)))
    # Independently: 中心医院社区's 2021Q4 total before, and with the three themes' scores those of the session.
    scores = pd.read_csv(SAMPLE / "scores.csv", encoding="utf-8-sig").query(
        "季度 == '2021Q4' and `村(社区)` == '中心医院社区'"
    )
    rubric = pd.read_csv(SAMPLE / "rubric.csv", encoding="utf-8-sig").query("年度 == 2021").set_index("指标")

    def total(rows: pd.DataFrame) -> float:
        theme = rows.groupby("指标")["得分"].mean()
        return round2(
            sum(rubric.loc[t, "权重"] * s / rubric.loc[t, "满分"] * 100 for t, s in theme.items())
            / sum(rubric.loc[t, "权重"] for t in theme.index)
        )

    live = pd.DataFrame(
        [(t, r, s) for r, values in given.items() for t, s in zip(THEMES, values)], columns=["指标", "评分人", "得分"]
    )
    # The session's raters are added beside the demo's (a sheet naming raters keeps the others: docs/导入格式.md).
    after = pd.concat([scores[["指标", "评分人", "得分"]], live])
    assert total(after) != total(scores)
    _, summary, _, _ = closing.preview(session_id)
    assert summary[["新增", "修改", "删除", "总分变化"]].values.tolist() == [[9, 0, 0, 1]]
    shown = subprocess.run(
        [sys.executable, "-m", "liangsaibi", "live", "close", str(session_id), "--dry-run"],
        cwd=db.ROOT,
        env={**os.environ, "LIANGSAIBI_DB": str(live_db)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "新增 9、修改 0、删除 0；总分变化 1 个" in shown.stdout
