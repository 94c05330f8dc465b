"""年度评定 (docs/计分规则.md): every figure below is worked by hand from the table in tests/annual_support.py."""

import math

import pandas as pd
import pytest
from annual_support import add_2025, publish, small_year  # noqa: F401

from liangsaibi.annual import rules, views, year_settings
from liangsaibi.annual.year_settings import YearSettingsRefused
from liangsaibi.publish import states
from liangsaibi.store import db, store


def by_unit(table: pd.DataFrame, column: str) -> dict:
    return {unit: (None if pd.isna(value) else value) for unit, value in zip(table["村(社区)"], table[column])}


def by_street(table: pd.DataFrame, column: str) -> dict:
    return {street: (None if pd.isna(value) else value) for street, value in zip(table["街道"], table[column])}


def test_a_unit_scored_in_three_of_four_quarters_is_incomplete_and_not_ranked(small_year):
    units = views.unit_ranking(2026)
    # 乙2: incomplete in Q2 (one theme), so (85 + 90 + 90) / 3; 丙1: no Q4, so (75 + 70 + 100) / 3.
    assert by_unit(units, "年度总分") == {
        "甲2社区": 90.0,
        "甲1社区": 81.25,
        "乙1社区": 81.25,
        "乙2社区": 88.33,
        "丙1社区": 81.67,
    }
    assert by_unit(units, "季度覆盖") == {
        "甲2社区": "4/4",
        "甲1社区": "4/4",
        "乙1社区": "4/4",
        "乙2社区": "3/4",
        "丙1社区": "3/4",
    }
    assert by_unit(units, "评分状态")["乙2社区"] == by_unit(units, "评分状态")["丙1社区"] == "不完整"
    # 88.33 is higher than 81.25, yet the incomplete are not ranked with the complete: 1, 2, 2 and no place.
    assert by_unit(units, "名次") == {"甲2社区": 1, "甲1社区": 2, "乙1社区": 2, "乙2社区": None, "丙1社区": None}
    assert by_unit(units, "等次") == {
        "甲2社区": "优秀",
        "甲1社区": "良好",
        "乙1社区": "良好",
        "乙2社区": None,
        "丙1社区": None,
    }
    assert units["名次"].tolist()[:3] == [1, 2, 2]


def test_a_street_total_is_the_mean_of_its_complete_units_not_of_its_quarter_totals(small_year):
    streets = views.street_ranking(2026)
    # 甲: (81.25 + 90) / 2 = 85.625 → 85.63 (half up), while its quarter totals average (85+90+80+87.5)/4 = 85.625 too;
    # 乙: only 乙1 is complete: 81.25 (its quarter totals 85, 85, 85, 85 would say 85); 丙: no complete unit.
    assert streets["街道"].tolist() == ["甲街道", "乙街道", "丙街道"]
    assert by_street(streets, "年度总分") == {"甲街道": 85.63, "乙街道": 81.25, "丙街道": None}
    assert by_street(streets, "名次") == {"甲街道": 1, "乙街道": 2, "丙街道": None}
    assert by_street(streets, "计入村(社区)") == {"甲街道": "2/2", "乙街道": "1/2", "丙街道": "0/1"}
    assert by_street(streets, "评分状态")["丙街道"] == "不完整"
    assert by_street(streets, "第四季度") == {"甲街道": 87.5, "乙街道": 85.0, "丙街道": None}
    assert by_street(streets, "第三季度") == {"甲街道": 80.0, "乙街道": 85.0, "丙街道": 100.0}


def test_two_streets_tied_first_in_a_quarter_both_hold_its_flag(small_year):
    held = views.flags(2026)
    assert list(zip(held["季度"], held["街道"])) == [
        ("2026年第一季度", "乙街道"),
        ("2026年第一季度", "甲街道"),
        ("2026年第二季度", "甲街道"),
        ("2026年第三季度", "丙街道"),
        ("2026年第四季度", "甲街道"),
    ]
    counts = views.flag_counts(2026)
    assert by_street(counts, "红旗数") == {"甲街道": 3, "乙街道": 1, "丙街道": 1}
    assert counts[counts["年度红旗街道"]]["街道"].tolist() == ["甲街道"]


def test_flag_count_ties_are_broken_by_the_annual_total_and_still_tied_are_joint():
    held = pd.DataFrame({"季度": ["Q1", "Q2", "Q3", "Q4"], "街道": ["甲", "乙", "丙", "甲"]})
    held = pd.concat([held, pd.DataFrame({"季度": ["Q2"], "街道": ["乙"]})])
    annual = pd.DataFrame({"街道": ["甲", "乙", "丙"], "年度总分": [85.0, 86.0, 99.0]})
    counts = rules.flag_counts(held, annual)  # 甲 2, 乙 2, 丙 1: 乙 has the higher 年度总分
    assert counts[counts["年度红旗街道"]]["街道"].tolist() == ["乙"]
    joint = rules.flag_counts(held, annual.assign(年度总分=[86.0, 86.0, 99.0]))
    assert sorted(joint[joint["年度红旗街道"]]["街道"]) == ["乙", "甲"]


def test_quarter_weights_other_than_one(small_year):
    year_settings.set_year_settings(2026, ["1", "1", "1", "2"], "", operator="测试")
    units = views.unit_ranking(2026)
    # 甲1: (80 + 90 + 70 + 2×85) / 5 = 82; 乙1: (85 + 80 + 80 + 2×80) / 5 = 81; 乙2: (85 + 90 + 2×90) / 4 = 88.75.
    assert by_unit(units, "年度总分") == {
        "甲2社区": 90.0,
        "甲1社区": 82.0,
        "乙1社区": 81.0,
        "乙2社区": 88.75,
        "丙1社区": 81.67,
    }
    assert by_street(views.street_ranking(2026), "年度总分") == {"甲街道": 86.0, "乙街道": 81.0, "丙街道": None}
    # A weight of 0 leaves Q4 out: 丙1, unscored there, is now complete (3/3) and ranked: (75+70+100)/3 = 81.67,
    # tied with 乙1 (85+80+80)/3 = 81.67; 甲1 is (80+90+70)/3 = 80.
    year_settings.set_year_settings(2026, [1, 1, 1, 0], "", operator="测试")
    units = views.unit_ranking(2026)
    assert by_unit(units, "季度覆盖")["丙1社区"] == "3/3"
    assert by_unit(units, "年度总分")["甲1社区"] == 80.0
    assert by_unit(units, "名次") == {"甲2社区": 1, "丙1社区": 2, "乙1社区": 2, "甲1社区": 4, "乙2社区": None}


def test_quota_with_units_tied_at_the_cut_sends_them_all_to_good(small_year):
    store.set_grades(
        2026, pd.DataFrame({"等次": ["优秀", "良好", "一般", "较差"], "最低分": [80, 70, 60, 0]}), operator="测试"
    )
    grades = lambda: by_unit(views.unit_ranking(2026), "等次")  # noqa: E731
    assert grades() == {"甲2社区": "优秀", "甲1社区": "优秀", "乙1社区": "优秀", "乙2社区": None, "丙1社区": None}
    # 67 % of 3 ranked units: at most ⌊2.01⌋ = 2; 甲1 and 乙1 tied at 81.25 would make 3, so both go to 良好.
    year_settings.set_year_settings(2026, [1, 1, 1, 1], "67", operator="测试")
    assert grades() == {"甲2社区": "优秀", "甲1社区": "良好", "乙1社区": "良好", "乙2社区": None, "丙1社区": None}
    year_settings.set_year_settings(2026, [1, 1, 1, 1], "100", operator="测试")
    assert set(grades().values()) == {"优秀", None}
    year_settings.set_year_settings(2026, [1, 1, 1, 1], "0", operator="测试")  # 0: no 优秀 at all
    assert set(grades().values()) == {"良好", None}


@pytest.mark.parametrize(
    ("percent", "ranked", "cut"), [(29, 100, 29), (20, 9, 1), (50, 5, 2), (0, 10, 0), (None, 10, None)]
)
def test_the_quota_is_the_floor_of_the_share_of_ranked_units(percent, ranked, cut):
    assert rules.quota_cut(percent, ranked) == cut


def test_quota_keeps_a_unit_only_when_its_tie_group_fits_under_the_cut():
    totals = pd.Series([95.0, 93.0, 93.0, 91.0, 85.0])
    grades = pd.Series(["优秀", "优秀", "优秀", "优秀", "良好"])
    assert rules.apply_quota(grades, totals, 2).tolist() == ["优秀", "良好", "良好", "良好", "良好"]
    assert rules.apply_quota(grades, totals, 3).tolist() == ["优秀", "优秀", "优秀", "良好", "良好"]


def test_a_year_without_a_previous_year_has_no_progress_award(small_year):
    assert views.progress(2026) is None


def test_progress_award_goes_to_the_largest_rises_among_those_complete_in_both_years(small_year):
    add_2025(small_year)
    awards = views.progress(2026)
    # Streets: 甲 85 → 85.625 (+0.625), 乙 80 → 81.25 (+1.25), 丙 50 → incomplete in 2026, so not compared.
    assert awards["街道"][["街道", "上年年度总分", "年度总分", "提高"]].values.tolist() == [
        ["乙街道", 80.0, 81.25, 1.25]
    ]
    # Units: 乙1 70 → 81.25 (+11.25), 甲1 80 → 81.25 (+1.25), 甲2 90 → 90 (0); 乙2 and 丙1 incomplete in 2026.
    assert list(zip(awards["村(社区)"]["名次"], awards["村(社区)"]["村(社区)"], awards["村(社区)"]["提高"])) == [
        (1, "乙1社区", 11.25),
        (2, "甲1社区", 1.25),
        (3, "甲2社区", 0.0),
    ]


def test_before_q4_is_published_the_year_says_how_far_it_reaches(small_year):
    states.change("2026Q4", False, small_year, operator="测试")
    assert views.span(2026) == "2026年度（截至第三季度）"
    assert views.as_of(2026) == "2026Q3"
    units = views.unit_ranking(2026)  # the draft Q4 does not count: 丙1 is complete over Q1–Q3
    assert by_unit(units, "季度覆盖")["丙1社区"] == "3/3"
    publish(small_year, "2026Q4")
    assert views.span(2026) == "2026年度"


@pytest.mark.parametrize(
    ("weights", "quota", "said"),
    [
        (["1", "-1", "1", "1"], "", "第二季度的权重「-1」不是大于或等于 0 的数字"),
        (["1", "1", "一", "1"], "", "第三季度的权重「一」不是大于或等于 0 的数字"),
        (["0", "0", "0", "0"], "", "四个季度的权重不能全为 0"),
        (["1", "1", "1", "1"], "120", "优秀比例「120」须是 0 到 100 之间的百分数"),
        (["1", "1", "1", "1"], "-5", "优秀比例「-5」须是 0 到 100 之间的百分数"),
        (["1", "1", "1", "1"], "二十", "优秀比例「二十」须是 0 到 100 之间的百分数"),
    ],
)
def test_bad_weights_and_quotas_are_refused_with_a_sentence_and_change_nothing(small_year, weights, quota, said):
    before = store.history(small_year)
    with pytest.raises(YearSettingsRefused, match=said):
        year_settings.set_year_settings(2026, weights, quota, operator="测试")
    assert len(store.history(small_year)) == len(before)
    assert year_settings.weights(2026) == [1.0, 1.0, 1.0, 1.0] and year_settings.quota(2026) is None


def test_a_settings_change_is_one_history_entry_that_undo_reverses(small_year):
    before = len(store.history(small_year))
    said = year_settings.set_year_settings(2026, [1, 1, 1, 2], "20%", operator="张管理")
    log = store.history(small_year)
    assert len(log) == before + 1
    entry = log.iloc[-1]
    assert (entry["文件"], entry["类型"], entry["导入人"]) == ("年度评定设置_2026_编辑", "settings", "张管理")
    assert said == f"已保存 2026 年的季度权重和优秀比例（第 {entry['编号']} 号，可撤销）。"
    assert year_settings.weights(2026) == [1, 1, 1, 2] and year_settings.quota(2026) == 20
    store.undo(int(entry["编号"]), small_year, operator="张管理")
    assert year_settings.weights(2026) == [1, 1, 1, 1] and year_settings.quota(2026) is None


def test_the_sample_data_annual_numbers_equal_a_computation_from_the_rules(sample_database):
    from fixtures import expected_unit_totals, round2

    quarters = expected_unit_totals()
    year = quarters[quarters["年度"] == 2021]
    complete = year[year["覆盖率"] >= 1]  # the demo publishes every quarter; weights are 1 each
    annual = complete.groupby(["街道", "村(社区)"])["总分"].agg(["mean", "size"]).reset_index()
    annual["完整"] = annual["size"] == year["季度"].nunique()
    scored = year[["街道", "村(社区)"]].drop_duplicates()
    db.close_all()
    units = views.unit_ranking(2021)
    assert len(units) == len(scored)
    got = units.set_index("村(社区)")
    for row in annual.itertuples():
        assert got.loc[row[2], "年度总分"] == round2(row.mean)
        assert (got.loc[row[2], "评分状态"] == "完整") == row.完整
    ranked = annual[annual["完整"]].assign(总分=lambda t: t["mean"].map(round2))
    ranked["名次"] = ranked["总分"].rank(method="min", ascending=False).astype(int)
    assert dict(zip(ranked["村(社区)"], ranked["名次"])) == {
        unit: rank for unit, rank in zip(units["村(社区)"], units["名次"]) if not pd.isna(rank)
    }
    streets = ranked.groupby("街道")["mean"].mean().map(round2)
    assert by_street(views.street_ranking(2021), "年度总分") == streets.to_dict()
    assert not math.isnan(streets.max())


def test_export_annual_writes_the_streets_or_units_and_refuses_a_year_without_a_published_quarter(small_year, tmp_path):
    from liangsaibi.__main__ import main

    db.close_all()
    assert main(["export", "annual", "--year", "2026", "-o", str(tmp_path / "年度排名.xlsx")]) == 0
    streets = pd.read_excel(tmp_path / "年度排名.xlsx", engine="openpyxl")
    assert streets["街道"].tolist() == ["甲街道", "乙街道", "丙街道"]
    assert streets["年度总分"].tolist()[:2] == [85.63, 81.25] and streets["第四季度"].tolist()[:2] == [87.5, 85]
    assert main(["export", "annual", "--year", "2026", "--units", "-o", str(tmp_path / "units.csv")]) == 0
    units = pd.read_csv(tmp_path / "units.csv", encoding="utf-8-sig")
    assert dict(zip(units["村(社区)"], units["季度覆盖"]))["乙2社区"] == "3／4"  # a CSV's 3/4 Excel opens as a date
    with pytest.raises(SystemExit, match="2019年没有已发布的季度，没有年度评定；有已发布季度的年度：2026。"):
        main(["export", "annual", "--year", "2019"])


def test_the_annual_bulletin_says_the_hand_worked_numbers_and_no_progress_sentence_without_a_year_before(small_year):
    from liangsaibi.annual import bulletin

    said = bulletin.content(2026)
    assert said["title"] == "关于2026年度村(社区)党组织书记“亮赛比”活动评定情况的通报"
    assert [tuple(row.values()) for row in said["streets"]] == [
        ("1", "甲街道", "85.63", "2/2"),
        ("2", "乙街道", "81.25", "1/2"),
        ("—", "丙街道", "—", "0/1"),
    ]
    assert [row["unit"] for row in said["best"]] == ["甲2社区"]
    assert said["flag_lines"] == [
        "2026年第一季度，乙街道、甲街道获得流动红旗。",
        "2026年第二季度，甲街道获得流动红旗。",
        "2026年第三季度，丙街道获得流动红旗。",
        "2026年第四季度，甲街道获得流动红旗。",
        "甲街道全年获得流动红旗3面，为年度红旗街道。",
    ]
    assert "参加排名的3个，季度覆盖不完整、不参加排名的2个" in said["overall"][0]
    assert said["overall"][1].startswith("评定等次：优秀1个、良好2个、一般0个、较差0个。")
    assert not any("进步" in line for line in said["overall"])
    add_2025(small_year)
    assert bulletin.content(2026)["overall"][-1] == (
        "与2025年度相比，乙街道年度总分提高1.25分，进步最大；乙1社区、甲1社区、甲2社区获村(社区)进步奖。"
    )


def test_export_annual_bulletin_writes_a_word_document_with_the_six_sections(small_year, tmp_path):
    from docx import Document

    from liangsaibi.__main__ import main

    db.close_all()
    assert main(["export", "annual-bulletin", "--year", "2026", "-o", str(tmp_path / "年度通报.docx")]) == 0
    document = Document(tmp_path / "年度通报.docx")
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    for heading in (
        "一、总体情况",
        "二、年度排名与等次",
        "三、流动红旗",
        "四、承诺事项完成情况",
        "五、亮点与整改",
        "六、下步要求",
    ):
        assert heading in text
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "85.63" in cells and "2026年第三季度" in cells and "丙街道" in cells
    with pytest.raises(SystemExit, match="年度通报是 Word 文档"):
        main(["export", "annual-bulletin", "--year", "2026"])


def test_the_database_check_knows_the_years_settings(small_year):
    from liangsaibi.ops import check

    year_settings.set_year_settings(2026, [1, 1, 1, 2], "20", operator="测试")
    db.close_all()
    assert check.problems(small_year) == []
