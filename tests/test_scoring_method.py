"""计分方式 (docs/计分规则.md, 第1条): the plain mean, or 去掉最高最低 with at least 5 raters, and where it falls back.

Rubric 2021 of the hand-made district: 党建引领 weight 50 / 满分 20, 工作成效 30 / 10 (Σ 80 of 100 written
here, so a unit scored on 党建引领 alone has that theme's 百分制 score as its total). Arithmetic in comments.
"""

import pandas as pd
import pytest
from fixtures import round2
from import_support import sha256

from liangsaibi.intake import templates
from liangsaibi.intake.imports import import_files
from liangsaibi.intake.sheets import ImportRefused
from liangsaibi.live import scoring
from liangsaibi.store import db, store
from liangsaibi.store.build import SAMPLE

DISTRICT = """
insert into street values ('东街道');
insert into unit (street, unit, kind) values ('东街道', '甲村', '村'), ('东街道', '乙社区', '社区');
insert into rubric (year, theme, weight, max_score, position, scoring) values
    (2021, '党建引领', 50, 20, 1, $scoring), (2021, '工作成效', 50, 10, 2, $scoring);
"""


def district(path, scoring_method: str, **raters_of_unit) -> None:
    """A database where each unit's 党建引领 was scored by the given raters."""
    with db.write(path) as connection:
        db.create_schema(connection)
        connection.execute(DISTRICT, {"scoring": scoring_method})
        connection.executemany(
            "insert into score values ('2021Q4', '东街道', ?, '党建引领', ?, ?, null)",
            [(unit, f"评分人{i}", score) for unit, given in raters_of_unit.items() for i, score in enumerate(given, 1)],
        )


def theme_score(path, unit: str) -> float:
    themes = db.run("unit_themes", path=path, quarter="2021Q4", street="东街道")
    return themes.set_index(["村(社区)", "指标"]).loc[(unit, "党建引领"), "得分"]


@pytest.mark.parametrize(
    "method, given, expected",
    [
        # mean: (10 + 12 + 14 + 16 + 20) / 5 = 14.4 → 14.4 / 20 × 100 = 72.0
        ("mean", [10, 12, 14, 16, 20], 72.0),
        # trimmed, 5 raters: drop 20 and 10 → (12 + 14 + 16) / 3 = 14 → 70.0
        ("trimmed", [10, 12, 14, 16, 20], 70.0),
        # ties at the top: only one 20 goes → (12 + 14 + 20) / 3 = 15.333… → 76.67
        ("trimmed", [10, 12, 14, 20, 20], 76.67),
        # ties at the bottom and top: one 10 and one 20 go → (10 + 15 + 20) / 3 = 15 → 75.0
        ("trimmed", [10, 10, 15, 20, 20], 75.0),
        # 4 raters: too few to drop any, the plain mean (10 + 14 + 20 + 20) / 4 = 16 → 80.0
        ("trimmed", [10, 14, 20, 20], 80.0),
    ],
    ids=["plain-mean", "trimmed-five", "tie-at-top", "ties-both-ends", "four-raters-fall-back"],
)
def test_the_theme_score_follows_the_years_scoring_method(tmp_path, method, given, expected):
    district(tmp_path / "d.duckdb", method, 甲村=given)
    assert theme_score(tmp_path / "d.duckdb", "甲村") == expected
    db.close_all()


def test_the_page_sentence_names_the_pairs_that_kept_the_plain_mean_for_want_of_raters(tmp_path):
    district(tmp_path / "d.duckdb", "trimmed", 甲村=[10, 12, 14, 16, 20], 乙社区=[10, 14, 20])
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LIANGSAIBI_DB", str(tmp_path / "d.duckdb"))
        assert scoring.fallback_sentence("2021Q4", "东街道") == (
            "2021 年的计分方式为去掉最高最低，但乙社区·党建引领（3 人）的评分人少于 5 人，按平均分计算（未去掉最高最低）。"
        )
    db.close_all()


def test_a_year_scored_by_the_plain_mean_has_no_fallback_sentence(tmp_path):
    district(tmp_path / "d.duckdb", "mean", 乙社区=[10, 14, 20])
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LIANGSAIBI_DB", str(tmp_path / "d.duckdb"))
        assert scoring.fallback_sentence("2021Q4", "东街道") is None
    db.close_all()


def sample_rubric_2021(method: str) -> pd.DataFrame:
    rubric = pd.read_csv(SAMPLE / "rubric.csv", encoding="utf-8-sig").query("年度 == 2021")
    return rubric.assign(计分方式=method)[["指标", "权重", "满分", "说明", "计分方式"]]


def expected_trimmed_ranking(quarter: str) -> dict[str, float]:
    """Street totals straight from the long CSV, each theme trimmed where 5 or more raters scored it."""
    scores = pd.read_csv(SAMPLE / "scores.csv", encoding="utf-8-sig").query("季度 == @quarter")
    rubric = pd.read_csv(SAMPLE / "rubric.csv", encoding="utf-8-sig").query("年度 == 2021").set_index("指标")

    def theme(group: pd.Series) -> float:
        ordered = sorted(group)
        return sum(ordered[1:-1]) / (len(ordered) - 2) if len(ordered) >= 5 else sum(ordered) / len(ordered)

    themes = scores.groupby(["街道", "村(社区)", "指标"])["得分"].apply(theme).reset_index()
    themes["权重"] = themes["指标"].map(rubric["权重"])
    themes["加权"] = themes["权重"] * themes["得分"] / themes["指标"].map(rubric["满分"]) * 100
    units = themes.groupby(["街道", "村(社区)"])[["加权", "权重"]].sum()
    return {street: round2(total) for street, total in (units["加权"] / units["权重"]).groupby("街道").mean().items()}


def test_a_quarter_whose_year_trims_ranks_its_streets_as_computed_from_the_long_csv(demo_db):
    plan, _ = import_files([templates.rubric_file(2021, sample_rubric_2021("去掉最高最低"))], demo_db, operator="测试")
    ranking = db.run("street_ranking", path=demo_db, quarter="2021Q4")
    expected = expected_trimmed_ranking("2021Q4")
    assert ranking.set_index("街道")["总分"].to_dict() == pytest.approx(expected, abs=1e-9)
    ranks = pd.Series(expected).rank(method="min", ascending=False).astype(int)
    assert ranking.set_index("街道")["排名"].to_dict() == ranks.to_dict()
    assert db.run("rubric_of_year", path=demo_db, year=2021)["scoring"].unique().tolist() == ["trimmed"]
    store.undo(plan.import_ids[0], demo_db, operator="测试")
    assert db.run("rubric_of_year", path=demo_db, year=2021)["scoring"].unique().tolist() == ["mean"]


def test_the_english_word_trimmed_is_read_as_qu_diao_zui_gao_zui_di(demo_db):
    import_files([templates.rubric_file(2021, sample_rubric_2021("trimmed"))], demo_db, operator="测试")
    assert db.run("rubric_of_year", path=demo_db, year=2021)["scoring"].unique().tolist() == ["trimmed"]


def test_a_year_with_two_scoring_methods_is_refused_naming_row_column_and_value(demo_db):
    rubric = sample_rubric_2021("平均")
    rubric.iloc[2, rubric.columns.get_loc("计分方式")] = "去掉最高最低"
    before = sha256(demo_db)
    with pytest.raises(ImportRefused) as refused:
        import_files([templates.rubric_file(2021, rubric)], demo_db, operator="测试")
    assert str(refused.value) == (
        "文件「评分细则_2021_编辑.csv」第 4 行「计分方式」列的值「去掉最高最低」与 2021 年其他行的计分方式"
        "「平均」不同：同一年各指标的计分方式必须相同。请把该年各行的计分方式改成一样。"
    )
    assert sha256(demo_db) == before


def test_an_unknown_scoring_method_is_refused_naming_the_cell(demo_db):
    rubric = sample_rubric_2021("")
    rubric.iloc[0, rubric.columns.get_loc("计分方式")] = "加权"
    with pytest.raises(
        ImportRefused, match="第 2 行「计分方式」列的值「加权」不是可识别的计分方式。请填写 平均 或 去掉最高最低"
    ):
        import_files([templates.rubric_file(2021, rubric)], demo_db, operator="测试")


def test_the_rubric_template_has_the_scoring_column():
    assert templates.TEMPLATES["评分细则"].columns.tolist() == ["年度", "指标", "权重", "满分", "说明", "计分方式"]


def test_a_rubric_that_changes_only_the_scoring_method_previews_its_rows_as_changed_and_the_totals_it_moves(demo_db):
    from liangsaibi.intake import imports

    scores = pd.read_csv(SAMPLE / "scores.csv", encoding="utf-8-sig")
    scores = scores[scores["季度"].str.startswith("2021")]
    rubric = pd.read_csv(SAMPLE / "rubric.csv", encoding="utf-8-sig").query("年度 == 2021").set_index("指标")

    def totals(trim: bool) -> pd.Series:
        def theme(group: pd.Series) -> float:
            ordered = sorted(group)
            return (
                sum(ordered[1:-1]) / (len(ordered) - 2) if trim and len(ordered) >= 5 else sum(ordered) / len(ordered)
            )

        themes = scores.groupby(["季度", "街道", "村(社区)", "指标"])["得分"].apply(theme).reset_index()
        themes["权重"] = themes["指标"].map(rubric["权重"])
        themes["加权"] = themes["权重"] * themes["得分"] / themes["指标"].map(rubric["满分"]) * 100
        units = themes.groupby(["季度", "街道", "村(社区)"])[["加权", "权重"]].sum()
        return (units["加权"] / units["权重"]).map(round2)

    moved = int((totals(True) != totals(False)).sum())
    _, summary, _ = imports.check_files([templates.rubric_file(2021, sample_rubric_2021("去掉最高最低"))], demo_db)
    assert summary.loc[0, "修改"] == len(rubric)  # every row of 2021 changed its 计分方式, nothing else
    assert summary.loc[0, "总分变化"] == moved > 0
