"""The bulletin's sentences on a hand-made district: no previous quarter, a tie for first, a street whose every
theme scored the same, and no overdue commitment."""

import pandas as pd
from bulletin_support import cells, small_district, texts  # noqa: F401
from docx import Document

from liangsaibi.__main__ import main
from liangsaibi.bulletin import sentences
from liangsaibi.bulletin.content import bulletin


def test_without_a_previous_quarter_no_sentence_compares_with_one(small_district):
    content = bulletin("2021Q1")
    said = "".join(
        content["overall"]
        + [content["ranking_summary"], content["boards_summary"]]
        + [street["sentence"] for street in content["streets"]]
    )
    assert "上季度" not in said and "环比" not in said
    assert content["overall"][:3] == [
        "2021年第一季度，全区3个街道、6个村(社区)参加“亮赛比”活动，1名评分人逐村(社区)观摩、现场评分。",
        "全区村(社区)平均得分75.00分。",
        "按总分评定等次：优秀0个、良好4个、一般2个、较差0个。",
    ]
    assert content["improved"] == []


def test_streets_tied_on_the_rounded_total_share_first_place_and_the_next_is_third(small_district):
    content = bulletin("2021Q1")
    assert [
        (row["rank"], row["street"], row["total"], row["qoq"], row["rank_change"]) for row in content["ranking"]
    ] == [("1", "乙街道", "80.00", "—", "新"), ("1", "甲街道", "80.00", "—", "新"), ("3", "丙街道", "65.00", "—", "新")]
    assert content["ranking_summary"] == "全区3个街道中，乙街道、甲街道以80.00分并列第一。"
    assert content["streets"][0]["sentence"] == (
        "乙街道总分80.00分，居全区并列第1位；工作成效得分最高（85.00分），党建引领得分最低（75.00分）。"
    )
    assert content["streets"][1]["sentence"] == (
        "甲街道总分80.00分，居全区并列第1位；党建引领得分最高（85.00分），工作成效得分最低（75.00分）。"
    )


def test_a_street_whose_every_theme_scored_the_same_is_said_to_be_even(small_district):
    assert (
        bulletin("2021Q1")["streets"][2]["sentence"]
        == "丙街道总分65.00分，居全区第3位；各项指标得分相同，均为65.00分。"
    )


def test_no_overdue_commitment_is_said_in_words_instead_of_an_empty_table(small_district, tmp_path):
    content = bulletin("2021Q1")
    assert content["commitment_summary"] == (
        "全区2021年承诺事项1项，截至季度末已完成1项，年度完成率100.00%，到期完成率100.00%，无逾期事项。"
    )
    main(["export", "bulletin", "--quarter", "2021Q1", "-o", str(tmp_path / "通报.docx")])
    document = Document(tmp_path / "通报.docx")
    paragraphs = texts(document)
    assert paragraphs[paragraphs.index("（二）逾期事项") + 1] == "无逾期事项。"
    # ranking, completion, 红榜, 黑榜: no overdue table, and no 进步最快 without a previous quarter
    assert [len(table.columns) for table in document.tables] == [6, 7, 5, 5]
    assert "（三）进步最快" not in paragraphs
    assert cells(document.tables[1]) == [["甲街道", "1", "1", "0", "0", "100.00%", "100.00%"]]


def test_themes_tied_for_strongest_or_weakest_are_all_named():
    scores = {"党建引领": 90.0, "创新举措": 90.0, "工作成效": 70.0, "阵地建设": 80.0}
    assert (
        sentences.extremes(pd.Series(scores))
        == "党建引领、创新举措得分最高（均为90.00分），工作成效得分最低（70.00分）"
    )


def test_a_change_of_the_average_is_said_as_rise_fall_or_level():
    assert sentences.average(76.97, 0.2) == "全区村(社区)平均得分76.97分，较上季度提高0.20分。"
    assert sentences.average(76.97, -1.05) == "全区村(社区)平均得分76.97分，较上季度降低1.05分。"
    assert sentences.average(76.97, 0.0) == "全区村(社区)平均得分76.97分，与上季度持平。"


def test_highlights_and_overdue_rectifications_follow_their_streets_sentence(small_district, monkeypatch, tmp_path):
    from liangsaibi.bulletin import content

    monkeypatch.setattr(
        content.learn,
        "bulletin_lessons",
        lambda quarter: {
            "丙街道": {"highlights": ["“红色物业”服务品牌（五社区）"], "rectifications": ["网格员配备不足（六社区）"]}
        },
    )
    main(["export", "bulletin", "--quarter", "2021Q1", "-o", str(tmp_path / "通报.docx")])
    said = texts(Document(tmp_path / "通报.docx"))
    at = said.index("丙街道总分65.00分，居全区第3位；各项指标得分相同，均为65.00分。")
    assert said[at + 1 : at + 3] == ["亮点：“红色物业”服务品牌（五社区）", "逾期未整改：网格员配备不足（六社区）"]
    assert said[at + 3] == "三、承诺事项完成情况"
