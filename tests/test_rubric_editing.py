"""Editing a year's rubric and grade thresholds: the change reaches that year's numbers everywhere, and undoes."""

import pandas as pd
import pytest
from fixtures import round2
from import_support import sha256

from liangsaibi.intake import templates
from liangsaibi.intake.imports import import_files
from liangsaibi.store import db, store
from liangsaibi.store.build import SAMPLE

# 2021's rubric with the weight moved onto 党务知识 (the knowledge test): Σ = 100.
WEIGHTS_2021 = {
    "党建引领": 10,
    "创新举措": 10,
    "工作成效": 10,
    "阵地建设": 10,
    "承诺践诺": 10,
    "集中攻坚": 10,
    "无疫创建": 10,
    "党务知识": 30,
}


def street_totals(quarter: str, weights: dict) -> dict:
    """Street totals of docs/计分规则.md from the demo CSVs under the given weights (满分 from rubric.csv)."""
    scores = pd.read_csv(SAMPLE / "scores.csv", encoding="utf-8-sig").query("季度 == @quarter")
    top = pd.read_csv(SAMPLE / "rubric.csv", encoding="utf-8-sig").query("年度 == 2021").set_index("指标")["满分"]
    theme = scores.groupby(["街道", "村(社区)", "指标"], as_index=False)["得分"].mean()
    theme["权重"] = theme["指标"].map(weights)
    theme["加权"] = theme["权重"] * theme["得分"] / theme["指标"].map(top) * 100
    unit = theme.groupby(["街道", "村(社区)"])[["加权", "权重"]].sum()
    totals = (unit["加权"] / unit["权重"]).groupby("街道").mean()
    return {street: round2(total) for street, total in totals.items()}


def test_an_edited_rubric_changes_that_years_totals_everywhere_and_undo_restores_them(demo_db):
    before = db.run("street_ranking", path=demo_db, quarter="2021Q4")
    next_year = db.run("street_ranking", path=demo_db, quarter="2022Q1")
    rubric = pd.read_csv(SAMPLE / "rubric.csv", encoding="utf-8-sig").query("年度 == 2021")
    rubric = rubric.assign(权重=rubric["指标"].map(WEIGHTS_2021))[["指标", "权重", "满分", "说明"]]
    plan, _ = import_files([templates.rubric_file(2021, rubric)], demo_db, operator="测试")
    after = db.run("street_ranking", path=demo_db, quarter="2021Q4").set_index("街道")["总分"].to_dict()
    assert after == pytest.approx(street_totals("2021Q4", WEIGHTS_2021), abs=1e-9)
    assert (
        db.run("street_ranking", path=demo_db, quarter="2022Q1")
        .drop(columns=["环比", "排名变化"])
        .equals(next_year.drop(columns=["环比", "排名变化"]))
    )  # 2022's own totals keep 2022's rubric
    store.undo(plan.import_ids[0], demo_db, operator="测试")
    assert db.run("street_ranking", path=demo_db, quarter="2021Q4").equals(before)


def test_a_rubric_whose_weights_do_not_sum_to_100_is_refused_and_nothing_changes(demo_db):
    from liangsaibi.intake.sheets import ImportRefused

    rubric = pd.DataFrame({"指标": ["党建引领", "工作成效"], "权重": [50, 40], "满分": [20, 20], "说明": ["", ""]})
    before = sha256(demo_db)
    with pytest.raises(ImportRefused, match="2021 年各指标权重之和为 90，不是 100"):
        import_files([templates.rubric_file(2021, rubric)], demo_db, operator="测试")
    assert sha256(demo_db) == before


def test_new_grade_thresholds_change_the_grades_of_that_year_and_undo_restores_them(demo_db):
    # 桐柏路街道 has 84.63 in 2021Q4: 良好 under 优秀 ≥ 90, 优秀 once the threshold is 84.
    grade = lambda: db.run("street_ranking", path=demo_db, quarter="2021Q4").set_index("街道")["等次"]  # noqa: E731
    assert grade()["桐柏路街道"] == "良好"
    bands = pd.DataFrame({"等次": ["优秀", "良好", "一般", "较差"], "最低分": [84, 75, 60, 0]})
    store.set_grades(2021, bands, demo_db, operator="测试")
    assert grade()["桐柏路街道"] == "优秀" and grade()["航海西路街道"] == "良好"  # 81.90
    assert (
        db.run("street_ranking", path=demo_db, quarter="2022Q1").set_index("街道")["等次"]["桐柏路街道"] == "良好"
    )  # 86.68, 2022 unchanged
    last = db.run("import_history", path=demo_db)["编号"].max()
    store.undo(int(last), demo_db, operator="测试")
    assert grade()["桐柏路街道"] == "良好"


@pytest.mark.parametrize(
    "grades, minimums",
    [
        (["优秀", "良好"], [90, 80]),  # no band from 0: a total below 80 would have no grade
        (["优秀", "优秀", "较差"], [90, 80, 0]),  # the same grade twice
        (["优秀", "较差"], [120, 0]),  # above 100
    ],
)
def test_grade_thresholds_that_leave_totals_without_a_grade_are_refused(demo_db, grades, minimums):
    before = sha256(demo_db)
    with pytest.raises(store.GradesRefused, match="等次阈值须在 0–100 之间"):
        store.set_grades(2021, pd.DataFrame({"等次": grades, "最低分": minimums}), demo_db, operator="测试")
    assert sha256(demo_db) == before
