"""The invariants of docs/数据约束.md: refused at every write (on the end state of an import), reported by `check`."""

import pandas as pd
import pytest
from import_support import TODAY, csv_file, query, sha256
from test_check import checked, damage

from liangsaibi.bulletin import remarks
from liangsaibi.intake import templates
from liangsaibi.intake.imports import check_files, import_files
from liangsaibi.intake.sheets import ImportRefused
from liangsaibi.ops import check
from liangsaibi.store import db, store
from liangsaibi.store.build import SAMPLE

SCORES = pd.read_csv(SAMPLE / "scores.csv", encoding="utf-8-sig")


def rubric_2021(monkeypatch, demo_db, **changes) -> tuple[str, bytes]:
    monkeypatch.setenv("LIANGSAIBI_DB", str(demo_db))
    rows = templates.rubric_rows(2021)
    for theme, max_score in changes.items():
        rows.loc[rows["指标"] == theme, "满分"] = max_score
    return templates.rubric_file(2021, rows)


def scores_over(theme: str, max_score: float, year: str = "2021") -> pd.DataFrame:
    return SCORES[(SCORES["季度"].str[:4] == year) & (SCORES["指标"] == theme) & (SCORES["得分"] > max_score)]


def test_a_rubric_lowering_a_max_under_stored_scores_is_refused_with_the_count_and_examples(demo_db, monkeypatch):
    before = sha256(demo_db)
    over = scores_over("党建引领", 10)
    assert len(over) > 100  # the demo's 党建引领 scores run up to 20
    with pytest.raises(ImportRefused) as refused:
        import_files([rubric_2021(monkeypatch, demo_db, 党建引领=10)], demo_db, today=TODAY, operator="测试")
    message = str(refused.value)
    assert f"得分中有 {len(over)} 条超出该年评分细则中该指标的 0–满分" in message
    first = over.sort_values(["季度", "街道", "村(社区)", "指标", "评分人"]).iloc[0]
    assert f"{first['季度']} {first['街道']} {first['村(社区)']} 党建引领 {first['评分人']}" in message
    assert sha256(demo_db) == before


def test_the_preview_of_such_a_rubric_says_so_before_anything_is_written(demo_db, monkeypatch):
    plan, summary, _ = check_files([rubric_2021(monkeypatch, demo_db, 党建引领=10)], demo_db, today=TODAY)
    assert summary.empty
    assert any(f"有 {len(scores_over('党建引领', 10))} 条超出" in problem.what for problem in plan.problems)


def test_a_rubric_and_its_corrected_scores_arrive_together_in_one_import(demo_db, monkeypatch):
    over = scores_over("党建引领", 10)
    corrected = over.assign(得分=10.0).to_csv(index=False)
    import_files(
        [rubric_2021(monkeypatch, demo_db, 党建引领=10), ("改正.csv", csv_file(corrected))],
        demo_db,
        today=TODAY,
        operator="测试",
    )
    db.close_all()  # (the rubric read above holds a connection to the file as it was)
    assert query(demo_db, "select max(score) from score where quarter like '2021%' and theme = '党建引领'") == [(10.0,)]
    assert check.problems(demo_db) == []


def test_a_rubric_dropping_a_theme_that_has_scores_is_refused(demo_db, monkeypatch):
    monkeypatch.setenv("LIANGSAIBI_DB", str(demo_db))
    rows = templates.rubric_rows(2021)
    kept = rows[rows["指标"] != "创新举措"].assign(权重=[15, 15, 15, 15, 15, 15, 10])
    scored = SCORES[(SCORES["季度"].str[:4] == "2021") & (SCORES["指标"] == "创新举措")]
    with pytest.raises(ImportRefused, match=f"得分中有 {len(scored)} 条的指标不在该年的评分细则中"):
        import_files([templates.rubric_file(2021, kept)], demo_db, today=TODAY, operator="测试")


def test_undoing_a_rubric_that_later_scores_need_is_refused(demo_db, monkeypatch):
    raised = rubric_2021(monkeypatch, demo_db, 创新举措=30)
    import_files([raised], demo_db, today=TODAY, operator="测试")
    rubric_id = int(store.history(demo_db)["编号"].max())
    import_files(
        [
            (
                "高分.csv",
                csv_file("季度,街道,村(社区),指标,评分人,得分\n2021Q4,建设路街道,省五建社区,创新举措,新评分人,25\n"),
            )
        ],
        demo_db,
        today=TODAY,
        operator="测试",
    )
    with pytest.raises(store.UndoRefused, match="得分中有 1 条超出"):
        store.undo(rubric_id, demo_db, operator="测试")


def test_a_zero_width_space_in_a_unit_name_is_removed_so_no_look_alike_unit_is_added(demo_db):
    units = query(demo_db, "select count(*) from unit")
    sheet = "季度,街道,村(社区),指标,评分人,得分\n2021Q4,建设路街道,省五建\u200b社区,党建引领,评分人9,18\n"
    import_files([("分.csv", csv_file(sheet))], demo_db, add_units=True, today=TODAY, operator="测试")
    assert query(demo_db, "select count(*) from unit") == units
    assert query(demo_db, "select unit from score where rater = '评分人9'") == [("省五建社区",)]


@pytest.mark.parametrize(
    "sheet, where",
    [
        (
            "街道,村(社区),类型\n建设路街道\u202e,新社区,社区\n",
            "第 2 行「街道」列的值「建设路街道\\u202e」含有看不见的",
        ),
        (
            "季度,街道,村(社区),指标,评分人,得分\n2021Q4,建设路街道,省五建社区,党建引领,张\u2066三,18\n",
            "第 2 行「评分人」列的值「张\\u2066三」含有看不见的",
        ),
        (
            "季度,街道,村(社区),标题,做法\n2021Q4,建设路街道,省五建社区,好做法,先做\ufffe后做\n",
            "第 2 行「做法」列的值「先做\\ufffe后做」含有换行和制表符以外的控制字符或非字符",
        ),
    ],
)
def test_direction_marks_in_names_and_non_characters_in_texts_are_refused_naming_the_row(demo_db, sheet, where):
    before = sha256(demo_db)
    with pytest.raises(ImportRefused) as refused:
        import_files([("表.csv", csv_file(sheet))], demo_db, today=TODAY, operator="测试")
    assert where in str(refused.value)
    assert sha256(demo_db) == before


def test_a_remark_with_a_non_character_is_refused(demo_db, monkeypatch):
    monkeypatch.setenv("LIANGSAIBI_DB", str(demo_db))
    with pytest.raises(remarks.RemarkRefused):
        remarks.set_remarks("2021Q4", {"建设路街道": "很好\uffff"}, operator="测试")


BROKEN = [
    "update rubric set max_score = 10 where year = 2021 and theme = '党建引领'",
    "insert into street values ('建设路街道\u202e')",
    "update highlight set description = description || chr(65534) where rowid = (select min(rowid) from highlight)",
    "delete from unit where unit = '省五建社区'",
]


def test_check_lists_every_broken_invariant_of_an_old_database_which_still_opens_and_can_be_corrected(
    demo_db, monkeypatch, capsys
):
    damage(demo_db, *BROKEN)
    status, report = checked(demo_db, monkeypatch, capsys)
    unit_scores = len(SCORES[SCORES["村(社区)"] == "省五建社区"])
    assert status == 1
    assert f"得分中有 {len(scores_over('党建引领', 10))} 条超出该年评分细则中该指标的 0–满分" in report
    assert "街道名单中有 1 个名称含有看不见的控制字符或格式字符" in report and "街道 建设路街道\\u202e" in report
    assert "亮点做法中有 1 段文字含有换行和制表符以外的控制字符或非字符" in report and "\\ufffe" in report
    assert f"得分中有 {unit_scores} 条所属的村(社区)或街道不在名单中" in report
    # It still opens; a change adding no breach is written, one adding a breach is refused.
    store.set_settings({"office": "中共中原区委组织部（试）"}, demo_db, operator="测试")
    rows = templates.rubric_rows(2021)
    import_files([templates.rubric_file(2021, rows.assign(说明="改过的说明"))], demo_db, today=TODAY, operator="测试")
    rows.loc[rows["指标"] == "工作成效", "满分"] = 10
    with pytest.raises(ImportRefused) as refused:
        import_files([templates.rubric_file(2021, rows)], demo_db, today=TODAY, operator="测试")
    assert f"得分中有 {len(scores_over('工作成效', 10))} 条超出" in str(refused.value)
    assert "党建引领" not in str(refused.value)  # what was broken before is not held against this change


def test_a_live_session_refuses_a_rater_with_a_direction_mark_and_cleans_invisible_spaces(demo_db):
    from liangsaibi.live import sessions

    with pytest.raises(sessions.LiveRefused, match="评分人「张\\\\u202e三」含有看不见的"):
        sessions.create("2021Q4", [("建设路街道", "华山路社区")], ["党建引领"], [("张\u202e三", "")], main=demo_db)
    with pytest.raises(sessions.LiveRefused, match="重名"):  # the same rater, but for a zero-width space
        sessions.create(
            "2021Q4", [("建设路街道", "华山路社区")], ["党建引领"], [("张三", ""), ("张\u200b三", "")], main=demo_db
        )
