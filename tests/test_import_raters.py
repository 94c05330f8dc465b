"""What a score sheet replaces (docs/导入格式.md): a sheet naming its raters replaces only theirs (and scores stored
without a rater) for each (季度, 村(社区), 指标) it holds; the preview says in words what goes.

The district is tests/publish_support.py's: 2026Q3 scored by 张三 8 and 8 everywhere; total = 5 × (a + b) with a,
b the theme scores (means over raters)."""

import pytest
from import_support import query, sha256, tables
from publish_support import TODAY, csv, six_streets  # noqa: F401

from liangsaibi.intake.imports import check_files, import_files
from liangsaibi.intake.sheets import ImportRefused
from liangsaibi.store import store

HEADER = "季度,街道,村(社区),指标,评分人,得分"


def sheet(name: str, *rows: str, header: str = HEADER) -> tuple[str, bytes]:
    return name, csv(header, list(rows))


def rater_sheet(rater: str, first: float, second: float) -> tuple[str, bytes]:
    """One rater's scores of 甲1社区 in 2026Q3."""
    return sheet(
        f"{rater}.csv",
        f"2026Q3,甲街道,甲1社区,党建引领,{rater},{first}",
        f"2026Q3,甲街道,甲1社区,创新举措,{rater},{second}",
    )


def stored(path) -> list[tuple]:
    return query(
        path, "select theme, rater, score from score where unit = '甲1社区' and quarter = '2026Q3' order by all"
    )


def total(path) -> float:
    return query(path, "select round2(total) from unit_total where unit = '甲1社区' and quarter = '2026Q3'")[0][0]


def test_two_raters_sheets_imported_one_after_the_other_keep_both_and_the_first(six_streets):
    import_files([rater_sheet("李四", 6, 6)], six_streets, today=TODAY, operator="测试")
    import_files([rater_sheet("王五", 10, 10)], six_streets, today=TODAY, operator="测试")
    assert stored(six_streets) == [
        ("党建引领", "张三", 8.0),
        ("党建引领", "李四", 6.0),
        ("党建引领", "王五", 10.0),
        ("创新举措", "张三", 8.0),
        ("创新举措", "李四", 6.0),
        ("创新举措", "王五", 10.0),
    ]
    # Each theme: (8 + 6 + 10) / 3 = 8 of 10; total 5 × (8 + 8) = 80.00.
    assert total(six_streets) == 80.0


def test_a_raters_second_sheet_replaces_only_that_raters_scores_and_undo_restores_them(six_streets):
    import_files([rater_sheet("李四", 6, 6)], six_streets, today=TODAY, operator="测试")
    before = tables(six_streets)
    plan, _ = import_files([rater_sheet("李四", 7, 9)], six_streets, today=TODAY, operator="测试")
    assert ("党建引领", "张三", 8.0) in stored(six_streets) and ("党建引领", "李四", 7.0) in stored(six_streets)
    # 党建引领 (8 + 7) / 2 = 7.5, 创新举措 (8 + 9) / 2 = 8.5: 5 × 16 = 80.00.
    assert total(six_streets) == 80.0
    store.undo(plan.import_ids[0], six_streets, operator="测试")
    assert tables(six_streets) == before


def test_the_preview_says_in_words_whose_scores_go(six_streets):
    import_files([rater_sheet("李四", 6, 6)], six_streets, today=TODAY, operator="测试")
    plan, summary, _ = check_files([rater_sheet("李四", 7, 7)], six_streets, today=TODAY)
    assert plan.replaced == [
        "将替换 2026年第三季度 甲街道 甲1社区 党建引领 评分人 李四 的 1 个得分",
        "将替换 2026年第三季度 甲街道 甲1社区 创新举措 评分人 李四 的 1 个得分",
    ]
    assert plan.deleted.empty and plan.raters_new == []
    assert summary["列对应"].tolist() == [""]  # the canonical Chinese headers: nothing to say


def test_a_sheet_without_raters_replaces_each_unit_and_theme_whole_and_lists_what_is_deleted(six_streets):
    import_files([rater_sheet("李四", 6, 6)], six_streets, today=TODAY, operator="测试")
    whole = sheet(
        "汇总.csv",
        "2026Q3,甲街道,甲1社区,党建引领,9",
        header="quarter,street,unit,theme,score",
    )
    plan, summary, _ = check_files([whole], six_streets, today=TODAY)
    assert plan.replaced == ["将替换 2026年第三季度 甲街道 甲1社区 党建引领 评分人 张三、李四 的 2 个得分"]
    assert plan.deleted.values.tolist() == [
        ["2026Q3", "甲街道", "甲1社区", "党建引领", "张三", 8.0],
        ["2026Q3", "甲街道", "甲1社区", "党建引领", "李四", 6.0],
    ]
    assert summary["列对应"].tolist() == ["quarter→季度、street→街道、unit→村(社区)、theme→指标、score→得分"]


def test_scores_stored_without_a_rater_go_when_a_sheet_names_raters(six_streets):
    import_files([sheet("无名.csv", "2026Q3,甲街道,甲2社区,党建引领,,5")], six_streets, today=TODAY, operator="测试")
    named = sheet("赵六.csv", "2026Q3,甲街道,甲2社区,党建引领,赵六,9")
    plan, _, _ = check_files([named], six_streets, today=TODAY)
    assert plan.replaced == ["将替换 2026年第三季度 甲街道 甲2社区 党建引领 评分人 （未写评分人） 的 1 个得分"]
    assert plan.raters_new == [
        "评分人「赵六」在2026年第三季度还没有得分。该季度已有的评分人：张三。"
    ]  # nothing close to 赵六


def test_a_blank_rater_in_a_sheet_that_names_raters_is_refused_naming_the_row(six_streets):
    before = sha256(six_streets)
    mixed = sheet("混合.csv", "2026Q3,甲街道,甲1社区,党建引领,李四,6", "2026Q3,甲街道,甲1社区,创新举措,,6")
    with pytest.raises(ImportRefused) as refused:
        import_files([mixed], six_streets, today=TODAY, operator="测试")
    assert [str(problem) for problem in refused.value.problems] == [
        "文件「混合.csv」第 3 行「评分人」列的值「」为空，而本表其他行写了评分人（按评分人替换）。"
        "请补上评分人；整张表都不写评分人时，按季度、村(社区)、指标整体替换。"
    ]
    assert sha256(six_streets) == before


def test_a_rater_new_to_the_quarter_gets_a_did_you_mean(six_streets):
    plan, _, _ = check_files([rater_sheet("张叁", 8, 8)], six_streets, today=TODAY)
    assert plan.raters_new == ["评分人「张叁」在2026年第三季度还没有得分。是不是「张三」？该季度已有的评分人：张三。"]
