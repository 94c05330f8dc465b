"""党务知识测试 as people use it: the participant's page from a link (AppTest) and the command line
(docs/党务知识测试.md «答题», «命令行»)."""

import pytest
from fixtures import open_page
from import_support import csv_file, scores
from test_quiz_sitting import PEOPLE, QUESTIONS

from liangsaibi.__main__ import main
from liangsaibi.quiz import answers, bank, results, sittings
from liangsaibi.store import db


@pytest.fixture
def quiz_db(demo_db, monkeypatch):
    monkeypatch.setenv("LIANGSAIBI_DB", str(demo_db))
    bank.import_bank("题库.csv", csv_file(QUESTIONS))
    yield demo_db


def new_test(**kwargs):
    people = sittings.participants_of("参测人员.csv", csv_file(PEOPLE))
    return sittings.create("2021Q4", people, fixed=bank.bank().question_id.tolist(), **kwargs)


def page_text(app) -> str:
    return "\n".join(str(element.proto.body) for element in app.get("html"))


def test_the_link_opens_the_persons_paper_saves_each_answer_and_after_submitting_shows_only_their_result(quiz_db):
    test_id, tokens = new_test()
    app = open_page("quiz", {"token": tokens[1]})
    shown = page_text(app)
    assert "张甲 · 中心医院社区 · 共 4 题 10 分 · 限时 30 分钟" in shown and "剩余时间" in shown
    assert "（单选 · 2 分）</span>一题" in shown
    assert len(app.radio) == 2 and len(app.checkbox) == 3 + 4 + 1  # 单选 and 判断; 多选 options; 确认交卷
    app.radio[0].set_value("B").run()
    app.checkbox(key="quiz-2-A").check().run()
    app.checkbox(key="quiz-2-C").check().run()
    stored = results.state(test_id).answers
    assert dict(zip(stored.number, stored.given)) == {1: "B", 2: "AC"}
    again = open_page("quiz", {"token": tokens[1]})  # a reload loses nothing
    assert again.radio[0].value == "B" and again.checkbox(key="quiz-2-C").value
    again.checkbox(key="quiz-sure").check().run()
    again.button[0].click().run()
    result = page_text(again)
    assert "您的成绩：<b>20.00</b> 分" in result and "得 2 / 10 分" in result  # 一题 2 of 10; AC of ACD strict 0
    assert not again.radio and not again.button
    other = page_text(open_page("quiz", {"token": tokens[2]}))
    assert "20.00" not in other and "李乙" in other  # another person never sees it


def test_an_unknown_link_gets_a_sentence_and_no_form(quiz_db):
    new_test()
    app = open_page("quiz", {"token": "not-a-token"})
    assert "此测试链接无效" in page_text(app) and not app.radio and not app.button


def test_the_command_line_imports_creates_with_links_reports_status_and_closes(quiz_db, tmp_path, capsys):
    (tmp_path / "题库.csv").write_bytes(csv_file(QUESTIONS.replace("选乙。", "改过的解析")))
    (tmp_path / "人员.csv").write_bytes(csv_file(PEOPLE))
    assert main(["quiz", "import", str(tmp_path / "题库.csv")]) == 0
    assert "新增 0 道、替换 4 道" in capsys.readouterr().err
    base = ["quiz", "create", "--quarter", "2021Q4", "--street", "建设路街道", "--count", "2", "--tags", "党章"]
    assert main([*base, "--participants", str(tmp_path / "人员.csv"), "--base-url", "http://10.0.0.5:8501"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == "1" and len(printed) == 5
    assert printed[1].startswith("张甲\t中心医院社区\thttp://10.0.0.5:8501/quiz?token=")
    assert sorted(results.state(1).questions.stem) == ["一题", "三题"]
    main(["quiz", "status", "1"])
    assert "张甲\t中心医院社区\t未打开\t已答 0 题" in capsys.readouterr().out
    with pytest.raises(SystemExit, match="还没有人交卷"):
        main(["quiz", "close", "1"])
    with pytest.raises(SystemExit, match="不属于华山路街道"):
        main([*base[:5], "华山路街道", "--count", "2", "--participants", str(tmp_path / "人员.csv")])
    db.close_all()
    assert not [row for row in scores(quiz_db, "2021Q4") if row[4] == "党务知识测试"]
    token = printed[1].split("token=")[1]
    answers.open_paper(token)
    answers.save(token, 1, "B")  # 一题 right, 三题 unanswered: 2 of 3 marks, 66.67, 满分 100
    answers.submit(token)
    assert main(["quiz", "close", "1", "--dry-run"]) == 0
    said = capsys.readouterr()
    assert "建设路街道 中心医院社区：交卷 1 / 2，党务知识 66.67；未参测：李乙" in said.out
    assert "2021年第四季度：该季度已发布，写入后立即对外可见。" in said.out and "试运行" in said.err
    with pytest.raises(SystemExit, match="华山路社区没有人交卷"):
        main(["quiz", "close", "1"])
    assert main(["quiz", "close", "1", "--allow-incomplete"]) == 0
    db.close_all()
    written = [row[2:] for row in scores(quiz_db, "2021Q4") if row[4] == "党务知识测试"]
    assert [(unit, theme, round(score, 2)) for unit, theme, _, score in written] == [
        ("中心医院社区", "党务知识", 66.67)
    ]
