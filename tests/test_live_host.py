"""The host leads the room (docs/现场评分.md «主持»): the meeting screen and the phones stay on a unit until the
administrator moves on; the screen names the unit large and who is still scoring; /present?live= opens only with the
administrator's login or the session's screen link."""

import pandas as pd
import pytest
from fixtures import open_app

from liangsaibi.live import closing, form, results, screen, sessions, submissions
from liangsaibi.ops import login

THEMES = ["党建引领", "创新举措", "工作成效"]
UNITS = [("建设路街道", "中心医院社区"), ("建设路街道", "华山路社区"), ("建设路街道", "协作路社区")]
SCORES = {"党建引领": 18, "创新举措": 9, "工作成效": 17}


@pytest.fixture
def live_db(demo_db, monkeypatch):
    monkeypatch.setenv("LIANGSAIBI_DB", str(demo_db))
    yield demo_db


def new_session():
    return sessions.create("2021Q4", UNITS, THEMES, [(rater, "") for rater in ("张三", "李四", "王五")])


def test_the_room_stays_on_a_unit_with_its_result_until_the_host_moves_on(live_db):
    session_id, tokens = new_session()
    for token in tokens.values():
        submissions.submit(token, 1, SCORES)
    submissions.submit(tokens["张三"], 2, SCORES)  # a rater scoring ahead moves nothing
    slide = screen.slide(results.state(session_id))
    assert '<h1 class="live-unit"><small>第 1 / 3 个</small>中心医院社区</h1>' in slide and "各指标得分" in slide
    assert closing.step(session_id, 1) == 2
    slide = screen.slide(results.state(session_id))
    assert "华山路社区</h1>" in slide and "已评 1 / 3" in slide and "尚未提交：李四、王五" in slide
    assert "各指标得分" not in slide and "本场排名" in slide  # the running ranking under the unit being scored
    assert [closing.step(session_id, 1), closing.step(session_id, 1), closing.step(session_id, -5)] == [3, 3, 1]


def present(query: dict, click: str | None = None):
    app = open_app(query)
    app.switch_page("pages/present.py").run()
    if click:
        next(button for button in app.button if button.label == click).click().run()
    assert not app.exception
    return app, " ".join(part.proto.body for part in app.get("html"))


def test_the_live_screen_opens_only_with_the_login_or_the_screen_link_and_its_keys_move_the_room(live_db, monkeypatch):
    monkeypatch.setenv(login.PASSWORD_VARIABLE, "口令-大屏")
    session_id, tokens = new_session()
    submissions.submit(tokens["李四"], 1, SCORES)
    link = sessions.issue_screen_link(session_id)
    for given in ({}, {"screen": "x" * 32}, {"screen": link[:-1]}):
        app, shown = present({"live": str(session_id), **given})
        assert [field.label for field in app.text_input] == ["管理员姓名", "管理员密码"] and "已评" not in shown
    app, shown = present({"live": str(session_id), "screen": link}, click="下一个")
    assert "已评 0 / 3" in shown and "华山路社区" in shown and results.state(session_id).shown() == 2
    assert sessions.screen_admits(session_id, sessions.issue_screen_link(session_id))
    assert not sessions.screen_admits(session_id, link)  # a new screen link ends the one before


def test_the_phone_goes_to_the_hosts_unit_and_keeps_every_form(live_db):
    session_id, tokens = new_session()
    closing.step(session_id, 2)
    followed = form.follow(results.state(session_id))
    assert "现在评：第 3 个 协作路社区" in followed and ".st-key-unit-box-3" in followed
    app = open_app({"token": tokens["王五"]})
    app.switch_page("pages/score.py").run()
    assert not app.exception
    shown = " ".join(part.proto.body for part in app.get("html"))
    assert "现在评：第 3 个 协作路社区" in shown and len(app.text_input) == 3 * 3  # the other units stay reachable


def test_the_running_ranking_keeps_to_what_fits_and_always_shows_the_unit_the_room_is_on():
    ranking = pd.DataFrame(
        {"名次": range(1, 9), "村(社区)": [f"第{i}社区" for i in range(1, 9)], "总分": range(90, 82, -1)}
    )
    ranking.insert(1, "顺序", [8, 7, 6, 5, 4, 3, 2, 1])
    table = screen.ranking_table(ranking, position=1)  # the room is on the unit ranked 8th
    assert [f"第{i}社区" in table for i in range(1, 9)] == [True] * 4 + [False] * 3 + [True]
    assert '<tr class="warn"><td class="number">8</td><td>第8社区</td>' in table
    assert "本场已出结果 8 个，上表列出前 4 名及当前村(社区)。" in table
    assert "本场已出结果 8 个，上表列出前 5 名。" in screen.ranking_table(ranking, position=8)
    assert "本场已出结果" not in screen.ranking_table(ranking.head(5), position=8)


def test_a_phone_submitting_after_the_close_began_is_told_the_scoring_ended_and_shows_no_form(live_db):
    session_id, tokens = new_session()
    app = open_app({"token": tokens["张三"]})
    app.switch_page("pages/score.py").run()
    submissions.submit(tokens["李四"], 1, SCORES)
    closing.close(session_id, allow_incomplete=True, operator="测试")
    for theme, score in SCORES.items():
        app.text_input(key=form.input_key(1, theme)).input(str(score))
    app.button[0].click().run()
    assert not app.exception
    shown = " ".join(part.proto.body for part in app.get("html"))
    assert sessions.ENDED in shown and not app.text_input and not app.success
