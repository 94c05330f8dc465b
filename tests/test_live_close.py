"""Closing a 现场评分 session exactly once (docs/现场评分.md «结束评分»): under fire from raters still submitting,
two closes at once, a close killed at each point, undo reopening the session, names unchanged, and raters missing."""

import os
import random
import subprocess
import sys
import threading

import pytest
from import_support import query

from liangsaibi.intake import imports
from liangsaibi.live import closing, form, results, sessions, submissions
from liangsaibi.store import db, store

THEMES = ["党建引领", "创新举措", "工作成效"]
UNITS = [("建设路街道", "中心医院社区"), ("建设路街道", "华山路社区")]
RATERS = ["张三", "李四", "王五"]


@pytest.fixture
def live_db(demo_db, monkeypatch):
    monkeypatch.setenv("LIANGSAIBI_DB", str(demo_db))
    yield demo_db


def new_session(raters=RATERS):
    return sessions.create("2021Q4", UNITS, THEMES, [(rater, "") for rater in raters])


def score_all(tokens, positions=(1, 2)):
    for token in tokens.values():
        for position in positions:
            submissions.submit(token, position, {"党建引领": 18, "创新举措": 9, "工作成效": 17})


def imported(database, import_id: int) -> list[tuple]:
    db.close_all()  # this process's cached connection would show the file as it was
    return sorted(
        query(database, "select unit, theme, rater, score from score where import_id = $id", {"id": import_id})
    )


def imports_of(database, session_id: int) -> list[int]:
    """The imports in the history written by closing this session and not undone."""
    db.close_all()
    return [
        row[0]
        for row in query(
            database,
            "select import_id from import_log where file_name = $name and undone_at is null",
            {"name": f"现场评分_第{session_id}场.csv"},
        )
    ]


def rater_at_work(token: str, rater: str, confirmed: dict, ready: threading.Event, themes) -> None:
    """A rater's phone submitting again and again through the form's own callback, until it is told the scoring
    ended; every submission the phone showed as 已提交 is kept in `confirmed` (the last one per unit counts)."""
    state, round_ = {}, 0
    while "score-link-closed" not in state:
        position = 1 + round_ % 2
        given = {theme: f"{(round_ + i) % 40 / 2:g}" for i, theme in enumerate(THEMES)}
        state.update({form.input_key(position, theme): value for theme, value in given.items()})
        form.send(state, token, position, themes)
        said = state.pop(f"score-said-{position}", None)
        if said and said[0] == "success":
            confirmed[(rater, position)] = given
        if len([key for key in confirmed if key[0] == rater]) == 2:
            ready.set()
        round_ += 1
    assert state["score-link-closed"] == sessions.ENDED


def test_every_score_a_phone_confirmed_before_the_close_is_imported_once_and_none_after(live_db):
    rounds = 50
    for _ in range(rounds):
        session_id, tokens = new_session()
        themes = results.state(session_id).themes
        confirmed, readies, raters = {}, [], []
        for rater, token in tokens.items():
            readies.append(threading.Event())
            raters.append(
                threading.Thread(target=rater_at_work, args=(token, rater, confirmed, readies[-1], themes), daemon=True)
            )
            raters[-1].start()
        for ready in readies:
            assert ready.wait(60)
        threading.Event().wait(random.uniform(0, 0.02))  # the close lands anywhere among the submissions
        import_id = closing.close(session_id, operator="测试")
        for rater in raters:
            rater.join(60)
            assert not rater.is_alive()
        units = dict(enumerate((unit for _, unit in UNITS), 1))
        expected = sorted(
            (units[position], theme, rater, float(score))
            for (rater, position), given in confirmed.items()
            for theme, score in given.items()
        )
        assert imported(live_db, import_id) == expected  # 0 lost, 0 duplicated, nothing unconfirmed
        assert imports_of(live_db, session_id) == [import_id]


def test_two_closes_at_once_in_threads_write_one_import(live_db):
    session_id, tokens = new_session()
    score_all(tokens)
    start, answers = threading.Barrier(4), []

    def close():
        start.wait()
        try:
            answers.append(closing.close(session_id, operator="测试"))
        except sessions.LiveRefused as refused:
            answers.append(str(refused))
        except Exception as error:  # shown by the assertion below
            answers.append(repr(error))

    closers = [threading.Thread(target=close) for _ in range(4)]
    for closer in closers:
        closer.start()
    for closer in closers:
        closer.join(120)
    (import_id,) = imports_of(live_db, session_id)
    # Each close returned the one import, or (coming after the session was marked closed) said it was closed with it.
    assert all(
        answer in (import_id, f"第 {session_id} 号评分场次已结束并导入（第 {import_id} 号导入）。")
        for answer in answers
    )
    assert len(answers) == 4 and results.state(session_id).session.import_id == import_id
    assert len(imported(live_db, import_id)) == 18


def command(database, *arguments, **environment) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "liangsaibi", *arguments],
        cwd=db.ROOT,
        env={**os.environ, "LIANGSAIBI_DB": str(database), **environment},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_closes_at_once_in_processes_write_one_import(live_db):
    session_id, tokens = new_session()
    score_all(tokens)
    closes = [command(live_db, "live", "close", str(session_id)) for _ in range(2)]
    said = [close.communicate(timeout=120) for close in closes]
    (import_id,) = imports_of(live_db, session_id)
    for out, err in said:
        assert f"第 {import_id} 号导入" in out + err, (out, err)
    assert results.state(session_id).session.import_id == import_id


@pytest.mark.parametrize("point, written", [("marked", False), ("written", False), ("imported", True)])
def test_a_close_killed_at_any_point_finishes_on_the_next_close_without_importing_twice(live_db, point, written):
    session_id, tokens = new_session()
    score_all(tokens)
    killed = command(live_db, "live", "close", str(session_id), **{closing.KILL_POINT: point})
    killed.communicate(timeout=120)
    assert killed.returncode == -9
    assert len(imports_of(live_db, session_id)) == (1 if written else 0)
    # The close had begun: the phones are told the scoring ended, nothing more is stored.
    with pytest.raises(sessions.LiveRefused, match="评分已结束"):
        submissions.submit(tokens["张三"], 1, {"党建引领": 1, "创新举措": 1, "工作成效": 1})
    import_id = closing.close(session_id, operator="测试")
    assert imports_of(live_db, session_id) == [import_id]
    assert imported(live_db, import_id) == sorted(
        (unit, theme, rater, score)
        for _, unit in UNITS
        for theme, score in zip(THEMES, (18.0, 9.0, 17.0))
        for rater in RATERS
    )
    assert results.state(session_id).closed


def test_undoing_a_close_reopens_the_session_and_a_second_close_imports_anew(live_db):
    session_id, tokens = new_session()
    score_all(tokens)
    first = closing.close(session_id, operator="测试")
    store.undo(first, live_db, operator="测试")
    assert not results.state(session_id).ending
    assert sessions.admitted(tokens["李四"]).rater == "李四"
    submissions.submit(tokens["李四"], 1, {"党建引领": 12, "创新举措": 9, "工作成效": 17})
    second = closing.close(session_id, operator="测试")
    assert second != first and imports_of(live_db, session_id) == [second]
    assert ("中心医院社区", "党建引领", "李四", 12.0) in imported(live_db, second)


def test_names_pass_through_the_close_unchanged(live_db):
    raters = ["=张三", "-李四", "+王五", "@赵六"]
    session_id, tokens = new_session(raters)
    score_all(tokens)
    import_id = closing.close(session_id, operator="测试")
    assert sorted({row[2] for row in imported(live_db, import_id)}) == sorted(raters)


def test_a_close_with_raters_missing_is_refused_unless_confirmed_and_the_units_are_then_incomplete(live_db):
    session_id, tokens = new_session()
    score_all({rater: tokens[rater] for rater in ("张三", "李四")}, positions=(1,))
    score_all({"王五": tokens["王五"]}, positions=(1, 2))
    missing = closing.preview(session_id)[3]
    assert missing[["村(社区)", "指标", "已评", "未评的评分人"]].values.tolist() == [
        ["华山路社区", theme, 1, "张三、李四"] for theme in THEMES
    ]
    with pytest.raises(sessions.LiveRefused, match="评分人不全：华山路社区·党建引领（已评 1 / 3，缺 张三、李四）"):
        closing.close(session_id, operator="测试")
    assert not results.state(session_id).ending and imports_of(live_db, session_id) == []
    import_id = closing.close(session_id, allow_incomplete=True, operator="测试")
    shown = db.run("street_units", path=live_db, quarter="2021Q4", street="建设路街道").set_index("村(社区)")
    assert shown.loc["华山路社区", "评分状态"] == "不完整" and shown.loc["中心医院社区", "评分状态"] == "完整"
    # The missing raters' scores brought later on a score sheet make the unit complete.
    sheet = "季度,街道,村(社区),指标,评分人,得分\n" + "".join(
        f"2021Q4,建设路街道,华山路社区,{theme},{rater},10\n" for theme in THEMES for rater in ("张三", "李四")
    )
    later = imports.import_files([("补录.csv", sheet.encode())], live_db, operator="测试")[0].import_ids[0]
    shown = db.run("street_units", path=live_db, quarter="2021Q4", street="建设路街道").set_index("村(社区)")
    assert shown.loc["华山路社区", "评分状态"] == "完整"
    store.undo(later, live_db, operator="测试")
    store.undo(import_id, live_db, operator="测试")
    assert query(live_db, "select count(*) from rater_shortfall") == [(0,)]
