"""党务知识测试 analysis worked out by hand (docs/党务知识测试.md «分析»), the admin tab and 街道详情's privacy."""

from fixtures import log_in, open_page
from test_quiz_sitting import answer, new_test, quiz_db  # noqa: F401 (quiz_db is a fixture)

from liangsaibi.ops.login import PASSWORD_VARIABLE
from liangsaibi.quiz import analysis, closing, results


def three_papers():
    """The papers of test_quiz_sitting's hand-worked case (strict marking), 赵丁 absent:
    张甲 1:B ✓ 2:AC ✗ 3:错 ✗ 4:AB ✓ · 李乙 1:A ✗ 2:ACD ✓ 3:对 ✓ 4:ABC ✗ · 王丙 1:B ✓, nothing else."""
    test_id, tokens = new_test()
    answer(tokens[1], {1: "B", 2: "AC", 3: "错", 4: "AB"})
    answer(tokens[2], {1: "A", 2: "ACD", 3: "对", 4: "ABC"})
    answer(tokens[3], {1: "B"})
    return test_id


def test_each_questions_right_share_and_most_chosen_wrong_option(quiz_db):
    current = results.state(three_papers())
    table = analysis.questions(current).set_index("题号")
    # 一题 right 2 of 3; 二题, 三题, 四题 1 of 3 each.
    assert table["正确率"].round(2).to_dict() == {1: 66.67, 2: 33.33, 3: 33.33, 4: 33.33}
    assert table["作答人数"].tolist() == [3, 3, 3, 3]
    # 一题 (B): A chosen once; 二题 (ACD): nobody chose B; 四题 (AB): C once; 判断 has no option.
    assert table["最多人选的错误选项"].to_dict() == {1: "A. 甲", 2: "", 3: "", 4: "C. 丙"}
    assert table.loc[[1, 4], "选错人数"].tolist() == [1, 1]


def test_right_share_by_tag_and_by_street(quiz_db):
    current = results.state(three_papers())
    tags = analysis.by_tag(current).set_index("标签")
    # 党章: 一题 + 三题 = 6 answers, 3 right; 组织生活: 二题 1 of 3; 纪律: 四题 1 of 3.
    assert tags["作答次数"].to_dict() == {"党章": 6, "纪律": 3, "组织生活": 3}
    assert tags["正确率"].round(2).to_dict() == {"党章": 50.0, "纪律": 33.33, "组织生活": 33.33}
    street = analysis.by_street(current).iloc[0]
    assert round(street["正确率"], 2) == 41.67  # 5 right of 12 answers
    assert street["平均分(百分制)"] == 35.0  # units 50 and 20: the mean of the units, not of the people (40)
    assert street["交卷人数"] == 3


def test_the_street_page_shows_unit_and_street_results_of_closed_tests_only_and_no_names(quiz_db):
    test_id = three_papers()
    assert analysis.street_results("2021Q4", "建设路街道") == []  # not closed yet
    closing.close(test_id, operator="测试", allow_incomplete=True)
    app = open_page("street", {"quarter": "2021Q4", "street": "建设路街道"})
    assert any("党务知识测试 · 街道平均 35.00 分" in text.value for text in app.text)
    shown = [frame.value for frame in app.dataframe]
    quiz_table = next(frame for frame in shown if "交卷人数" in frame.columns)
    assert quiz_table[["村(社区)", "交卷人数", "平均分(百分制)"]].values.tolist() == [
        ["中心医院社区", 2, 50.0],
        ["华山路社区", 1, 20.0],
    ]
    everything = " ".join(str(frame.to_dict()) for frame in shown) + " ".join(t.value for t in app.text)
    assert not any(name in everything for name in ("张甲", "李乙", "王丙", "赵丁"))


def test_the_admin_tab_lists_the_test_its_people_and_unit_results(quiz_db, monkeypatch):
    three_papers()
    monkeypatch.setenv(PASSWORD_VARIABLE, "口令-2026")
    app = log_in(open_page("admin", {}), "口令-2026")
    assert not app.exception
    assert any("交卷 3 / 4" in str(box.options) for box in app.selectbox)
    shown = [frame.value for frame in app.dataframe]
    people = next(frame for frame in shown if {"姓名", "状态"} <= set(frame.columns))
    assert people["成绩(百分制)"].round(2).tolist()[:3] == [60.0, 40.0, 20.0]
    units = next(frame for frame in shown if "计入得分" in frame.columns)
    assert units["未参测"].tolist() == ["", "赵丁"]
