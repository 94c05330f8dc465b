"""现场评分 against bad input (docs/现场评分.md «输入»): any live= and token= get one Chinese sentence, scores typed on
phones are read by one rule (17,5 is 17.5), an empty 说明 leaves the form working, and sessions of odd sizes (one
rater, one theme, 40 raters, 60 units, a rubric without 说明) work on the form, the screen and the close."""

import pytest
from fixtures import open_app
from import_support import query

from liangsaibi.intake import imports
from liangsaibi.live import closing, form, results, screen, sessions, submissions
from liangsaibi.store import db

THEMES = ["党建引领", "创新举措", "工作成效"]
UNITS = [("建设路街道", "中心医院社区"), ("建设路街道", "华山路社区")]
YEAR = 2015  # a year before the demo data: its rubric can be replaced, and a close refuses quarters to come


@pytest.fixture
def live_db(demo_db, monkeypatch):
    monkeypatch.setenv("LIANGSAIBI_DB", str(demo_db))
    yield demo_db


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("17,5", 17.5),
        ("17，5", 17.5),
        ("17。5", 17.5),
        ("１７．５", 17.5),
        ("17.50", 17.5),
        ("１８", 18.0),
        (" 18 ", 18.0),
        (".5", 0.5),
        (17.5, 17.5),
    ],
)
def test_a_comma_or_full_stop_before_one_or_two_digits_is_a_decimal_point(typed, stored):
    assert submissions.checked([{"theme": "党建引领", "max_score": 20, "step": 0.5}], {"党建引领": typed}) == {
        "党建引领": stored
    }


@pytest.mark.parametrize(
    "typed, message",
    [
        ("175", "「党建引领」的得分 175 超出 0–20 的范围。"),
        ("17,500", "「党建引领」的得分「17,500」不是数字，请填写如 19.5 这样的分数（小数点后最多两位）。"),
        ("1,7,5", "「党建引领」的得分「1,7,5」不是数字，请填写如 19.5 这样的分数（小数点后最多两位）。"),
        ("1e-300", "「党建引领」的得分「1e-300」不是数字，请填写如 19.5 这样的分数（小数点后最多两位）。"),
        (1e-300, "「党建引领」的得分「1e-300」不是数字，请填写如 19.5 这样的分数（小数点后最多两位）。"),
        (0.25, "「党建引领」的得分 0.25 不符合打分档次：只能按 0.5 分一档打分。"),
        ("nan", "「党建引领」的得分「nan」不是数字，请填写如 19.5 这样的分数（小数点后最多两位）。"),
        ("17.", "「党建引领」的得分「17.」不是数字，请填写如 19.5 这样的分数（小数点后最多两位）。"),
    ],
)
def test_anything_else_is_refused_with_a_sentence_never_read_as_another_number(typed, message):
    with pytest.raises(submissions.ScoreRefused) as refused:
        submissions.checked([{"theme": "党建引领", "max_score": 20, "step": 0.5}], {"党建引领": typed})
    assert refused.value.messages == [message]


@pytest.mark.parametrize("asked", ["²", "12345678901234567890", "-1", "1.5", "abc", "", " 1 2 ", "１"])
def test_any_live_value_gets_a_sentence(live_db, asked):
    assert screen.session_id(asked) is None
    assert "没有这个评分场次。请检查链接中的 live= 编号。" in screen.screen(asked)


def test_a_typod_token_says_the_link_is_not_valid_and_a_closed_session_says_the_scoring_ended(live_db):
    session_id, tokens = sessions.create("2021Q4", UNITS, THEMES, [("张三", ""), ("李四", "")])
    for wrong in [tokens["张三"][:-1] + "x", "²", "1" * 20, "x" * 5000, "", None, "'; drop table live_token; --"]:
        with pytest.raises(sessions.LiveRefused) as refused:
            sessions.admit(wrong)
        assert str(refused.value) == sessions.INVALID_LINK
    sessions.revoke(session_id, 2)
    with pytest.raises(sessions.LiveRefused, match=sessions.REVOKED_LINK):
        sessions.admit(tokens["李四"])
    submissions.submit(tokens["张三"], 1, {theme: 10 for theme in THEMES})
    closing.close(session_id, allow_incomplete=True, operator="测试")
    with pytest.raises(sessions.LiveRefused, match=sessions.ENDED):
        sessions.admit(tokens["张三"])


def rater_page(token: str, **query):
    app = open_app({"token": token, **query})
    app.switch_page("pages/score.py").run()
    assert not app.exception
    return app


def shown_text(app) -> str:
    return " ".join(part.proto.body for part in app.get("html"))


@pytest.mark.parametrize(
    "token, sentence",
    [("²", sessions.INVALID_LINK), ("1" * 20, sessions.INVALID_LINK), ("x" * 300, sessions.INVALID_LINK)],
)
def test_the_rater_page_shows_one_sentence_for_any_token(live_db, token, sentence):
    app = rater_page(token)
    assert sentence in shown_text(app) and not app.text_input


def test_the_present_page_shows_one_sentence_for_an_odd_live_value(live_db):
    app = open_app({"live": "²"})
    app.switch_page("pages/present.py").run()
    assert not app.exception
    assert "没有这个评分场次" in shown_text(app)


def rubric_without_descriptions(database, year: int, themes: int) -> None:
    """A rubric of `year` with no 说明 column at all, and a units file of one street of 60 units."""
    rubric = "年度,指标,权重,满分\n" + "".join(f"{year},指标{i},{100 / themes:g},10\n" for i in range(1, themes + 1))
    units = "街道,村(社区),类型\n" + "".join(f"新区街道,第{i:02d}社区,社区\n" for i in range(1, 61))
    imports.import_files([("细则.csv", rubric.encode()), ("名单.csv", units.encode())], database, operator="测试")


def test_a_rubric_without_description_leaves_the_form_working_and_reads_17_comma_5(live_db):
    rubric_without_descriptions(live_db, YEAR, themes=1)
    session_id, tokens = sessions.create(f"{YEAR}Q1", [("新区街道", "第01社区")], ["指标1"], [("张三", "")])
    assert results.state(session_id).themes.description.tolist() == [""]
    app = rater_page(tokens["张三"])
    app.text_input(key=form.input_key(1, "指标1")).input("7,5")
    app.button[0].click().run()
    assert not app.exception
    assert [said.value for said in app.success] == ["已提交。评分结束前仍可修改后重新提交。"]
    assert results.state(session_id).scores.score.tolist() == [7.5]
    assert "已评 1 / 1" in screen.slide(results.state(session_id))
    import_id = closing.close(session_id, operator="测试")
    db.close_all()
    assert query(live_db, "select unit, rater, score from score where import_id = $id", {"id": import_id}) == [
        ("第01社区", "张三", 7.5)
    ]


def test_forty_raters_and_sixty_units_on_the_form_the_screen_and_the_close(live_db):
    rubric_without_descriptions(live_db, YEAR, themes=2)
    units = [("新区街道", f"第{i:02d}社区") for i in range(1, 61)]
    raters = [(f"评委{i:02d}", "") for i in range(1, 41)]
    session_id, tokens = sessions.create(f"{YEAR}Q1", units, ["指标1", "指标2"], raters)
    app = rater_page(tokens["评委40"])
    assert len(app.text_input) == 120 and "共 60 个村(社区)" in shown_text(app)
    for i, (rater, _) in enumerate(raters):
        for position in (1, 60):
            submissions.submit(tokens[rater], position, {"指标1": i % 21 / 2, "指标2": 10})
    slide = screen.slide(results.state(session_id))
    assert "已评 40 / 40" in slide and "最高分" in slide  # 40 raters: each theme's extremes, not 40 columns
    missing = closing.preview(session_id)[3]
    assert len(missing) == 58 * 2 and missing["已评"].eq(0).all()
    import_id = closing.close(session_id, allow_incomplete=True, operator="测试")
    db.close_all()
    assert query(
        live_db, "select count(*), count(distinct rater) from score where import_id = $id", {"id": import_id}
    ) == [(40 * 2 * 2, 40)]
