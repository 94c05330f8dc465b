"""党务知识测试: a test's own questions, participants and links, the server's time limit, submitting once, and the close
into the quarter as one import, exactly once, undone (docs/党务知识测试.md)."""

import datetime
import os
import shutil
import sqlite3
import subprocess
import sys
import threading

import pandas as pd
import pytest
from import_support import csv_file, scores

from liangsaibi.intake.sheets import ImportRefused
from liangsaibi.live import ledger
from liangsaibi.live.closing import KILL_POINT
from liangsaibi.ops import check
from liangsaibi.quiz import answers, bank, closing, results, sittings
from liangsaibi.quiz.sittings import QuizRefused
from liangsaibi.store import db, store

T0 = datetime.datetime(2026, 11, 26, 9, 0, 0)
QUESTIONS = (
    "题型,题干,选项A,选项B,选项C,选项D,答案,分值,标签,解析\n"
    "单选,一题,甲,乙,丙,,B,2,党章,选乙。\n"
    "多选,二题,甲,乙,丙,丁,ACD,3,组织生活,\n"
    "判断,三题,,,,,对,1,党章,\n"
    "多选,四题,甲,乙,丙,,AB,4,纪律,\n"
)
PEOPLE = (
    "姓名,职务,街道,村(社区)\n"
    "张甲,书记,建设路街道,中心医院社区\n"
    "李乙,党建专干,建设路街道,中心医院社区\n"
    "王丙,书记,建设路街道,华山路社区\n"
    "赵丁,党建专干,建设路街道,华山路社区\n"
)


@pytest.fixture
def quiz_db(demo_db, monkeypatch):
    monkeypatch.setenv("LIANGSAIBI_DB", str(demo_db))
    bank.import_bank("题库.csv", csv_file(QUESTIONS))
    yield demo_db


def new_test(marking="strict", minutes=30, **kwargs):
    people = sittings.participants_of("参测人员.csv", csv_file(PEOPLE))
    ids = bank.bank().question_id.tolist()
    return sittings.create("2021Q4", people, fixed=kwargs.pop("fixed", ids), minutes=minutes, marking=marking, **kwargs)


def answer(token, given: dict, at=T0, submit=True):
    answers.open_paper(token, now=at)
    for number, value in given.items():
        answers.save(token, number, value, now=at + datetime.timedelta(minutes=1))
    if submit:
        answers.submit(token, now=at + datetime.timedelta(minutes=2))


def test_an_unknown_unit_in_the_participants_file_is_named_with_a_did_you_mean(quiz_db):
    with pytest.raises(ImportRefused) as refused:
        sittings.participants_of("参测人员.csv", csv_file("姓名,职务,街道,村(社区)\n张三,书记,建设路街道,中心医院社\n"))
    said = str(refused.value.problems[0])
    assert "第 2 行「村(社区)」列的值「中心医院社」不在建设路街道的村(社区)名单中" in said
    assert "是不是「中心医院社区」？" in said


def picked(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["姓名", "职务", "街道", "村(社区)"])


def test_participants_typed_for_picked_units_are_checked_as_a_files_and_unnamed_rows_take_no_part(quiz_db):
    people = sittings.participants_picked(
        picked(
            ("张甲", "党组织书记", "建设路街道", "中心医院社区"),
            ("", "党建专干", "建设路街道", "中心医院社区"),  # nobody: not taking part
            (" 王丙 ", "党组织书记", "建设路街道", "华山路社区"),
        )
    )
    assert people[["name", "duty", "street", "unit"]].values.tolist() == [
        ["张甲", "党组织书记", "建设路街道", "中心医院社区"],
        ["王丙", "党组织书记", "建设路街道", "华山路社区"],
    ]
    with pytest.raises(ImportRefused) as refused:  # rows counted as the table shows them: the 4th row
        sittings.participants_picked(
            picked(
                ("张甲", "党组织书记", "建设路街道", "中心医院社区"),
                ("", "党建专干", "建设路街道", "中心医院社区"),
                ("李乙", "党组织书记", "建设路街道", "华山路社区"),
                ("张甲", "党建专干", "建设路街道", "中心医院社区"),
            )
        )
    (problem,) = refused.value.problems
    assert str(problem) == (
        "文件「所选村(社区)的参测人员表」第 4 行「姓名」列的值「张甲」在第 1 行已列出（同一村(社区)同名）。"
        "同一人只列一行；同名的两人请加以区分。"
    )
    with pytest.raises(ImportRefused, match="没有填写姓名的人员"):
        sittings.participants_picked(picked(("", "党组织书记", "建设路街道", "中心医院社区")))


def test_a_test_cannot_be_created_when_the_years_rubric_lacks_the_theme(quiz_db):
    store.set_settings({"quiz_theme": "党建知识"}, operator="测试")
    with pytest.raises(QuizRefused, match="2021 年的评分细则中没有「党建知识」指标，不能建立测试"):
        new_test()


def test_marking_the_hand_worked_papers_gives_each_unit_the_mean_of_those_who_finished(quiz_db):
    # 10 marks in all. 张甲: 2 + 0 (AC of ACD, strict) + 0 + 4 = 6 → 60; 李乙: 0 + 3 + 1 + 0 = 4 → 40;
    # 王丙: only 一题 right = 2 → 20; 赵丁 never opens: named, not counted. 中心医院社区 (60 + 40) / 2 = 50,
    # 华山路社区 20; 党务知识 满分 100 in 2021, so the same on its scale.
    test_id, tokens = new_test()
    answer(tokens[1], {1: "B", 2: ["A", "C"], 3: "错", 4: "BA"})
    answer(tokens[2], {1: "A", 2: "ACD", 3: "√", 4: "ABC"})
    answer(tokens[3], {1: "B"})
    current = results.state(test_id)
    people = results.scores(current, now=T0 + datetime.timedelta(minutes=5))
    assert people.score.tolist()[:3] == [60.0, 40.0, 20.0] and people.score.isna().tolist()[3]
    assert people.status.tolist() == ["已交卷", "已交卷", "已交卷", "未打开"]
    units = results.unit_results(current, now=T0 + datetime.timedelta(minutes=5))
    assert units[["村(社区)", "计入得分", "未参测"]].values.tolist() == [
        ["中心医院社区", 50.0, ""],
        ["华山路社区", 20.0, "赵丁"],
    ]


def test_half_marks_for_a_correct_subset_when_the_test_says_so(quiz_db):
    test_id, tokens = new_test(marking="half")
    answer(tokens[1], {1: "B", 2: "AC", 3: "错", 4: "AB"})  # 2 + 1.5 + 0 + 4 = 7.5 → 75
    people = results.scores(results.state(test_id), now=T0 + datetime.timedelta(minutes=5))
    assert people.score.iloc[0] == 75.0


def test_the_server_refuses_answers_after_the_limit_and_marks_those_saved_before(quiz_db):
    test_id, tokens = new_test(minutes=10)
    answers.open_paper(tokens[1], now=T0)
    answers.open_paper(tokens[1], now=T0 + datetime.timedelta(minutes=5))  # counted from the first opening
    answers.save(tokens[1], 1, "B", now=T0 + datetime.timedelta(minutes=9, seconds=59))
    with pytest.raises(QuizRefused, match="作答时间已到（09:10:00 截止），这次作答未保存"):
        answers.save(tokens[1], 4, "AB", now=T0 + datetime.timedelta(minutes=10))
    paper = answers.open_paper(tokens[1], now=T0 + datetime.timedelta(minutes=11))
    assert paper.finished and paper.given == {1: "B"}
    people = results.scores(results.state(test_id), now=T0 + datetime.timedelta(minutes=11))
    assert people.status.iloc[0] == "超时交卷" and people.score.iloc[0] == 20.0


def test_an_answer_is_kept_as_given_and_the_latest_counts_and_a_paper_is_submitted_once(quiz_db):
    test_id, tokens = new_test()
    answers.open_paper(tokens[1], now=T0)
    answers.save(tokens[1], 1, "A", now=T0)
    answers.save(tokens[1], 1, "B", now=T0 + datetime.timedelta(seconds=30))
    assert answers.open_paper(tokens[1], now=T0 + datetime.timedelta(minutes=1)).given == {1: "B"}  # a reload
    with pytest.raises(QuizRefused, match="单选题只能选一个答案"):
        answers.save(tokens[1], 1, "AB", now=T0)
    answers.submit(tokens[1], now=T0 + datetime.timedelta(minutes=2))
    with pytest.raises(QuizRefused, match="您已交卷"):
        answers.save(tokens[1], 2, "AC", now=T0 + datetime.timedelta(minutes=3))
    with pytest.raises(QuizRefused, match="您已交卷"):
        answers.submit(tokens[1], now=T0 + datetime.timedelta(minutes=3))
    with pytest.raises(QuizRefused, match="此测试链接无效"):
        answers.open_paper(tokens[1][:-2] + "xx")
    trail = results.state(test_id).answers
    assert trail.given.tolist() == ["B"]


def test_a_random_draw_keeps_its_own_copy_the_same_for_all_or_one_per_person(quiz_db):
    same_id, _ = new_test(fixed=None, count=2, seed=7)
    each_id, _ = new_test(fixed=None, count=2, per_person=True, seed=7)
    tagged_id, _ = new_test(fixed=None, count=2, tags=["党章"], seed=1)
    with pytest.raises(QuizRefused, match="标签为「党章」的题目只有 2 道，不够抽 3 道"):
        new_test(fixed=None, count=3, tags=["党章"])
    bank.import_bank("改.csv", csv_file("题型,题干,选项A,选项B,答案\n单选,一题,甲,乙,A\n"))  # changes no test
    same, each = results.state(same_id), results.state(each_id)
    assert len(same.questions) == 2 and same.papers.groupby("participant_id").number.apply(tuple).nunique() == 1
    assert len(each.questions) == 4 and each.papers.groupby("participant_id").size().eq(2).all()
    tagged = results.state(tagged_id).questions.set_index("stem")
    assert sorted(tagged.index) == ["一题", "三题"] and tagged.loc["一题", "answer"] == "B"


def test_closing_writes_each_units_result_as_one_import_replacing_the_theme_and_undo_reopens(quiz_db):
    test_id, tokens = new_test()
    answer(tokens[1], {1: "B", 2: "AC", 3: "错", 4: "AB"})
    answer(tokens[2], {1: "A", 2: "ACD", 3: "对", 4: "ABC"})
    answer(tokens[3], {1: "B"})
    before = [row for row in scores(quiz_db, "2021Q4") if row[3] == "党务知识" and row[2] == "中心医院社区"]
    assert len(before) > 0
    plan, summary, changed, units = closing.preview(test_id)
    assert not plan.problems and units["计入得分"].tolist() == [50.0, 20.0]
    import_id = closing.close(test_id, operator="测试")
    db.close_all()
    written = [
        row for row in scores(quiz_db, "2021Q4") if row[3] == "党务知识" and row[2] in ("中心医院社区", "华山路社区")
    ]
    assert written == [
        ("2021Q4", "建设路街道", "中心医院社区", "党务知识", "党务知识测试", 50.0),
        ("2021Q4", "建设路街道", "华山路社区", "党务知识", "党务知识测试", 20.0),
    ]
    assert store.history().iloc[-1][["编号", "文件", "导入人"]].tolist() == [
        import_id,
        f"党务知识测试_第{test_id}场.csv",
        "测试",
    ]
    with pytest.raises(QuizRefused, match="测试已结束"):
        answers.save(tokens[4], 1, "B")
    with pytest.raises(QuizRefused, match="已结束并导入"):
        closing.close(test_id, operator="测试")
    store.undo(import_id, operator="测试")
    db.close_all()
    assert [row for row in scores(quiz_db, "2021Q4") if row[3] == "党务知识" and row[2] == "中心医院社区"] == before
    assert not results.state(test_id).closed


def test_a_unit_nobody_finished_needs_allow_incomplete(quiz_db):
    test_id, tokens = new_test()
    answer(tokens[1], {1: "B"})
    with pytest.raises(QuizRefused, match="华山路社区没有人交卷"):
        closing.close(test_id, operator="测试")
    assert not results.state(test_id).ending  # the refusal left the test open
    closing.close(test_id, operator="测试", allow_incomplete=True)
    db.close_all()
    assert [row[2] for row in scores(quiz_db, "2021Q4") if row[4] == "党务知识测试"] == ["中心医院社区"]


def test_answers_saved_while_the_test_closes_are_either_in_the_import_or_refused(quiz_db):
    test_id, tokens = new_test()
    for token in tokens.values():
        answers.open_paper(token, now=datetime.datetime.now())
    confirmed, stop = {}, threading.Event()

    def participant(number_of):
        token, flip = tokens[number_of], 0
        while not stop.is_set():
            flip = 1 - flip
            try:
                answers.save(token, 1, "B" if flip else "A")
                confirmed[number_of] = "B" if flip else "A"
            except QuizRefused:
                return

    workers = [threading.Thread(target=participant, args=(n,)) for n in tokens]
    for worker in workers:
        worker.start()
    import_id = closing.close(test_id, operator="测试")
    stop.set()
    for worker in workers:
        worker.join()
    db.close_all()
    written = {row[2]: row[5] for row in scores(quiz_db, "2021Q4") if row[4] == "党务知识测试"}
    by_unit = {"中心医院社区": [1, 2], "华山路社区": [3, 4]}
    expected = {
        unit: sum(20.0 if confirmed.get(n) == "B" else 0.0 for n in people) / 2 for unit, people in by_unit.items()
    }
    assert import_id and written == expected


def test_two_closes_at_once_write_one_import(quiz_db):
    test_id, tokens = new_test()
    answer(tokens[1], {1: "B"})
    answer(tokens[3], {1: "B"})
    outcomes = []

    def close_it():
        try:
            outcomes.append(closing.close(test_id, operator="测试"))
        except QuizRefused as refused:
            outcomes.append(str(refused))

    closers = [threading.Thread(target=close_it) for _ in range(2)]
    for closer in closers:
        closer.start()
    for closer in closers:
        closer.join()
    import_id = results.state(test_id).test.import_id
    assert all(outcome == import_id or "已结束并导入" in str(outcome) for outcome in outcomes), outcomes
    history = store.history()
    assert (history["文件"] == f"党务知识测试_第{test_id}场.csv").sum() == 1


@pytest.mark.parametrize("point, written", [("marked", False), ("written", False), ("imported", True)])
def test_a_close_killed_at_any_point_finishes_on_the_next_close_without_importing_twice(quiz_db, point, written):
    test_id, tokens = new_test()
    answer(tokens[1], {1: "B", 3: "对"})  # 2 + 1 of 10 marks: 30 (党务知识 满分 100 in 2021: the same on its scale)
    answer(tokens[3], {1: "B"})  # 2 of 10: 20; 李乙 and 赵丁 never open their links: not counted
    db.close_all()
    killed = subprocess.run(
        [sys.executable, "-m", "liangsaibi", "quiz", "close", str(test_id)],
        cwd=db.ROOT,
        env={**os.environ, "LIANGSAIBI_DB": str(quiz_db), KILL_POINT: point},
        capture_output=True,
        timeout=120,
    )
    assert killed.returncode == -9
    name = f"党务知识测试_第{test_id}场.csv"
    history = store.history()
    assert (history["文件"] == name).sum() == (1 if written else 0)
    with pytest.raises(QuizRefused):  # the close had begun: answers are refused from then on
        answers.save(tokens[2], 1, "B")
    import_id = closing.close(test_id, operator="测试")
    history = store.history()
    assert history.loc[history["文件"] == name, "编号"].tolist() == [import_id]
    db.close_all()
    written_scores = {row[2]: row[5] for row in scores(quiz_db, "2021Q4") if row[4] == "党务知识测试"}
    assert written_scores == {"中心医院社区": 30.0, "华山路社区": 20.0}
    assert results.state(test_id).closed


def test_check_names_quiz_rows_without_their_parent_and_a_closed_test_whose_import_is_gone(quiz_db, tmp_path):
    test_id, tokens = new_test()
    answer(tokens[1], {1: "B"})
    answer(tokens[3], {1: "B"})
    assert check.problems(quiz_db) == []
    store.backup(tmp_path / "旧", quiz_db)
    import_id = closing.close(test_id, operator="测试")
    db.close_all()
    shutil.copyfile(tmp_path / "旧" / "liangsaibi.duckdb", quiz_db)  # the database alone put back, by hand
    (found,) = check.problems(quiz_db)
    assert f"测试第 {test_id} 场" in found and f"第 {import_id} 号导入" in found and "restore" in found
    ledger.release(quiz_db)
    with sqlite3.connect(ledger.live_path(quiz_db)) as connection:
        connection.execute("pragma foreign_keys = off")
        connection.execute("delete from quiz_participant where participant_id = 1")
    connection.close()
    found = check.problems(quiz_db)
    # 张甲's four paper rows, the answer to 一题 and the link are left without him
    assert any("有 4 道试卷题目的参测人员不在其测试中" in problem for problem in found)
    assert any("有 1 条答题记录的参测人员不在其测试中" in problem for problem in found)
    assert any("有 1 个测试链接的参测人员不在其测试中" in problem for problem in found)


def test_check_passes_a_live_store_from_before_the_knowledge_test(quiz_db):
    ledger.release(quiz_db)
    with sqlite3.connect(ledger.live_path(quiz_db)) as connection:
        for table in ("quiz_answer", "quiz_token", "quiz_paper", "quiz_participant", "quiz_test_question", "quiz_test"):
            connection.execute(f"drop table {table}")
    connection.close()
    assert check.problems(quiz_db) == []
