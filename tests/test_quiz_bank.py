"""党务知识测试: the 题库 import (docs/党务知识测试.md «题库») and marking worked out by hand («评分»)."""

import os

import pandas as pd
import pytest
from import_support import csv_file, xlsx_file

from liangsaibi import intake
from liangsaibi.board import export
from liangsaibi.intake import child
from liangsaibi.intake.sheets import ImportRefused
from liangsaibi.quiz import bank, marking

HEADER = "题型,题干,选项A,选项B,选项C,选项D,答案,分值,标签,解析"


def bank_csv(*rows: str) -> bytes:
    return csv_file("\n".join([HEADER, *rows]) + "\n")


def refusal(data: bytes, name: str = "题库.csv") -> list[str]:
    with pytest.raises(ImportRefused) as refused:
        bank.questions_of(name, data)
    return [str(problem) for problem in refused.value.problems]


def test_a_bank_is_read_with_answers_normalised_and_points_defaulting_to_one():
    questions = bank.questions_of(
        "题库.csv",
        bank_csv(
            "单选,党的最高理想是,共产主义,小康,现代化,,b,2,党章,见党章总纲",
            "多选,三会指,党员大会,支部委员会,党小组会,群众会,\"C, a、B\",,组织生活、党章,",
            "判断,预备期为一年。,,,,,√,1.5,,",
            "判断,预备期为两年。,,,,,×,,,",
        ),
    )
    assert questions[["kind", "answer", "points", "tags"]].values.tolist() == [
        ["单选", "B", 2.0, "党章"],
        ["多选", "ABC", 1.0, "组织生活、党章"],
        ["判断", "对", 1.5, ""],
        ["判断", "错", 1.0, ""],
    ]
    assert questions.options.iloc[0] == ["共产主义", "小康", "现代化"]
    assert questions.options.iloc[2] == []


def test_the_template_is_blank_and_its_example_sheet_reads_back_as_three_questions():
    (csv_data, csv_name), (xlsx_data, xlsx_name) = bank.blank_files(bank.TEMPLATE, "题库")
    assert "只有表头" in refusal(csv_data, csv_name)[0] and "只有表头" in refusal(xlsx_data, xlsx_name)[0]
    example = export.csv_bytes(bank.TEMPLATE)
    questions = bank.questions_of("例.csv", example)
    assert questions.kind.tolist() == ["单选", "多选", "判断"] and questions.answer.tolist() == ["A", "ABC", "对"]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("单选,甲,一,二,三,,E,1,,", "第 2 行「答案」列的值「E」不在本题的选项中（本题选项为 A–C）"),
        ("判断,乙,对的,错的,,,对,1,,", "第 2 行「选项A」列的值「对的」判断题不应填写选项"),
        ("多选,丙,一,二,三,,B,1,,", "第 2 行「答案」列的值「B」多选题的答案至少要有两个选项"),
        ("单选,丁,一,二,,,A,0,,", "第 2 行「分值」列的值「0」必须大于 0"),
        ("单选,戊,一,二,,,A,-1,,", "第 2 行「分值」列的值「-1」必须大于 0"),
        ("单选,己,一,二,,,AB,1,,", "第 2 行「答案」列的值「AB」单选题只能有一个答案"),
        ("问答,庚,一,二,,,A,1,,", "第 2 行「题型」列的值「问答」不是可用的题型"),
        ("判断,辛,,,,,是,1,,", "第 2 行「答案」列的值「是」不是判断题的答案"),
    ],
)
def test_a_bad_row_is_refused_naming_file_row_column_and_value(row, expected):
    said = refusal(bank_csv(row))
    assert len(said) == 1 and said[0].startswith("文件「题库.csv」") and expected in said[0], said


def test_a_duplicate_stem_is_refused_naming_both_rows_and_every_problem_is_listed():
    said = refusal(bank_csv("单选,同一题,一,二,,,A,1,,", "单选,别的题,一,二,,,C,1,,", "判断,同一题,,,,,对,1,,"))
    assert len(said) == 2
    assert "第 3 行「答案」列的值「C」" in said[0]
    assert "第 4 行「题干」列的值「同一题」与第 2 行的题干重复" in said[1]


def test_an_xlsx_bank_is_refused_with_its_sheet_row_and_cell():
    data = xlsx_file({"题库": [HEADER.split(","), ["多选", "题一", "甲", "乙", "丙", "", "AD", 1, "", ""]]})
    said = refusal(data, "题库.xlsx")
    assert said == [
        "文件「题库.xlsx」工作表「题库」第 2 行「答案」列的值「AD」不在本题的选项中（本题选项为 A–C）。"
        "答案填选项字母，如 B；多选题如 ABD。"
    ]


def test_a_file_with_only_the_header_or_another_header_is_refused():
    assert "只有表头" in refusal(bank_csv())[0]
    assert "不是题库" in refusal(csv_file("姓名,街道\n张三,建设路街道\n"))[0]


def test_a_bank_is_read_in_a_child_process_and_what_breaks_the_reader_is_refused_with_a_sentence(monkeypatch, tmp_path):
    # Read as an import's files are (intake/child.py): in a forked child within the memory and time limits, so that
    # a reader that runs out of memory or dies on a hostile file ends the child only.
    readers = tmp_path / "pids"
    reader = child.read_table

    def recorded(*arguments):
        with readers.open("a") as record:
            record.write(f"{os.getpid()}\n")
        return reader(*arguments)

    monkeypatch.setattr(child, "read_table", recorded)
    assert len(bank.questions_of("题库.csv", bank_csv("单选,题一,甲,乙,丙,丁,A,1,,"))) == 1
    assert readers.read_text().split() != [str(os.getpid())] and len(readers.read_text().split()) == 1

    def exhausted(*arguments):
        raise MemoryError

    monkeypatch.setattr(child, "read_table", exhausted)
    assert "超出了内存或时间的上限" in refusal(bank_csv("单选,题一,甲,乙,丙,丁,A,1,,"))[0]
    monkeypatch.setattr(child, "read_table", reader)
    monkeypatch.setattr(intake, "LIMITS", intake.Limits(max_cell_chars=50))
    said = refusal(bank_csv("单选,题一,甲,乙,丙,丁,A,1,," + "长" * 60))
    assert "第 2 行" in said[0] and "60 个字符" in said[0]


def test_importing_adds_new_stems_and_replaces_known_ones_and_a_refused_file_changes_nothing(tmp_path):
    main = tmp_path / "demo.duckdb"
    assert bank.import_bank("a.csv", bank_csv("单选,题一,一,二,,,A,1,,", "判断,题二,,,,,对,1,,"), main) == (2, 0)
    assert bank.import_bank("b.csv", bank_csv("单选,题一,一,二,,,B,3,,", "判断,题三,,,,,错,1,,"), main) == (1, 1)
    with pytest.raises(ImportRefused):
        bank.import_bank("c.csv", bank_csv("判断,题四,,,,,对,1,,", "判断,题五,,,,,好,1,,"), main)
    stored = bank.bank(main)
    assert stored[["stem", "answer", "points"]].values.tolist() == [
        ["题一", "B", 3.0],
        ["题二", "对", 1.0],
        ["题三", "错", 1.0],
    ]


# Marking, worked out by hand. A paper of four questions, 10 marks in all:
#   1 单选 B (2)   2 多选 ACD (3)   3 判断 对 (1)   4 多选 AB (4)
PAPER = [("单选", "B", 2.0), ("多选", "ACD", 3.0), ("判断", "对", 1.0), ("多选", "AB", 4.0)]


@pytest.mark.parametrize(
    ("given", "strict", "half"),
    [
        (["B", "AC", "错", "AB"], 2 + 0 + 0 + 4, 2 + 1.5 + 0 + 4),  # 少选 AC of ACD: half of 3
        (["A", "ACD", "对", "ABC"], 0 + 3 + 1 + 0, 0 + 3 + 1 + 0),  # ABC holds a wrong option: nothing
        (["", "", "", ""], 0, 0),  # an empty answer earns 0
        (["B", "D", "对", "B"], 2 + 0 + 1 + 0, 2 + 1.5 + 1 + 2),
    ],
)
def test_marks_are_all_or_nothing_or_half_for_a_correct_subset(given, strict, half):
    for method, expected in (("strict", strict), ("half", half)):
        earned = [marking.marks(kind, answer, g, points, method) for (kind, answer, points), g in zip(PAPER, given)]
        assert sum(earned) == expected
        assert marking.score(earned, 10.0) == expected * 10  # marks ÷ 10 × 100


def test_a_unit_result_is_the_mean_of_those_who_finished_scaled_to_the_theme_and_absentees_are_named():
    people = pd.DataFrame(
        {
            "street": ["甲街道", "甲街道", "甲街道", "乙街道"],
            "unit": ["一社区", "一社区", "二村", "三社区"],
            "name": ["张", "李", "王", "赵"],
            "finished": [True, True, False, False],
            "score": [60.0, 45.0, None, None],
        }
    )
    units = marking.unit_results(people, max_score=12.5)
    assert units["平均分(百分制)"].tolist()[0] == 52.5  # (60 + 45) / 2
    assert units["计入得分"].tolist()[0] == 6.5625  # 52.5 × 12.5 / 100
    assert units["未参测"].tolist() == ["", "王", "赵"]
    assert units["交卷人数"].tolist() == [2, 0, 0]
    assert units["计入得分"].isna().tolist() == [False, True, True]
