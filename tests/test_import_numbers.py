"""Numbers and text that cannot be meant are refused, naming row, column and value; nothing changes."""

import pandas as pd
import pytest
from import_support import TODAY, sha256

from liangsaibi.intake import imports
from liangsaibi.intake.sheets import ImportRefused
from liangsaibi.store.build import SAMPLE

RUBRIC = "年度,指标,权重,满分\n2026,党建引领,{weight},{top}\n2026,创新举措,{rest},10\n"


def refused(demo_db, name: str, text: str) -> list[str]:
    before = sha256(demo_db)
    with pytest.raises(ImportRefused) as caught:
        imports.import_files([(name, text.encode())], demo_db, today=TODAY, operator="测试")
    assert sha256(demo_db) == before
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize(
    "weight, top, rest, column, value",
    [
        ("50", "inf", "50", "满分", "inf"),
        ("50", "1e308", "50", "满分", "1e+308"),
        ("1e-300", "10", "100", "权重", "1e-300"),
        ("50", "1001", "50", "满分", "1001"),
    ],
)
def test_a_rubric_number_no_one_can_mean_is_refused_naming_its_cell(demo_db, weight, top, rest, column, value):
    found = refused(demo_db, "细则.csv", RUBRIC.format(weight=weight, top=top, rest=rest))
    assert any(f"第 2 行「{column}」列的值「{value}」" in problem and "0.01–1000" in problem for problem in found)


def test_a_nul_or_control_character_in_a_name_is_refused(demo_db):
    found = refused(
        demo_db, "评分.csv", "季度,街道,村(社区),指标,评分人,得分\n2021Q4,建设路街道,省五建\x00社区,党建引领,甲,18\n"
    )
    assert any("第 2 行「村(社区)」列" in problem and "控制字符" in problem for problem in found)


def test_a_completion_date_before_the_year_of_the_commitment_is_refused(demo_db):
    text = "年度,街道,村(社区),承诺事项,承诺时限,完成日期\n2026,建设路街道,省五建社区,建成示范点,2026Q2,1900-01-01\n"
    found = refused(demo_db, "承诺.csv", text)
    assert any(
        "第 2 行「完成日期」列的值「1900-01-01」" in problem and "早于承诺的年度" in problem for problem in found
    )


def test_a_rubric_whose_max_score_changes_previews_every_unit_total_it_changes(demo_db):
    from fixtures import expected_unit_themes

    rubric = pd.read_csv(SAMPLE / "rubric.csv", encoding="utf-8-sig")
    year = rubric[rubric["年度"] == 2021].copy()
    first = year.index[0]
    year.loc[first, "满分"] = year.loc[first, "满分"] * 2  # the same weights: only the 满分 changes
    theme = year.loc[first, "指标"]
    _, summary, _ = imports.check_files([("细则.csv", year.to_csv(index=False).encode())], demo_db, today=TODAY)
    scored = expected_unit_themes()
    expected = len(
        scored[(scored["年度"] == 2021) & (scored["指标"] == theme)][["季度", "街道", "村(社区)"]].drop_duplicates()
    )
    assert summary.loc[0, "修改"] == 1 and summary.loc[0, "总分变化"] == expected > 0
