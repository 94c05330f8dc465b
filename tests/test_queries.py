"""Each named query on a small hand-written district, against the rules in docs/计分规则.md.

Expected values are worked out by hand; the arithmetic is in the comments.
Rubric 2021: 党建引领 weight 50 / 满分 20, 工作成效 30 / 10, 党务知识 20 / 100 (Σ weight 100).
Rubric 2022: the same themes and 满分, weights 20 / 30 / 50.
"""

import pandas as pd
import pytest

from liangsaibi.store import db

DISTRICT = """
insert into street values ('东街道'), ('北街道'), ('南街道'), ('西街道');
insert into unit (street, unit, kind) values ('东街道', '甲村', '村'), ('东街道', '乙社区', '社区'),
    ('北街道', '戊村', '村'), ('南街道', '丁社区', '社区'), ('西街道', '丙村', '村');
insert into rubric (year, theme, weight, max_score, position) values
    (2021, '党建引领', 50, 20, 1), (2021, '工作成效', 30, 10, 2), (2021, '党务知识', 20, 100, 3),
    (2022, '党建引领', 20, 20, 1), (2022, '工作成效', 30, 10, 2), (2022, '党务知识', 50, 100, 3);
insert into grade_band (year, grade, min_total)
select year, grade, min_total
from (values (2021), (2022)) as years (year),
     (values ('优秀', 90), ('良好', 80), ('一般', 60), ('较差', 0)) as bands (grade, min_total);
"""

RANKING = ("季度", "排名", "街道", "总分", "环比", "排名变化", "等次", "村(社区)数", "覆盖率")
UNITS = ("季度", "排名", "街道", "村(社区)", "类型", "总分", "环比", "等次", "覆盖率", "评分状态")
THEMES = ("季度", "街道", "指标", "得分", "村(社区)数")
TREND = ("季度", "街道", "总分", "排名", "村(社区)数")
COMPLETION = ("季度", "街道", "承诺数", "已完成", "推进中", "逾期", "年度完成率", "到期完成率")


@pytest.fixture
def district(tmp_path):
    """A database file with the schema, five units in four streets, two rubrics and grade bands."""
    path = tmp_path / "district.duckdb"
    with db.write(path) as connection:
        db.create_schema(connection)
        connection.execute(DISTRICT)
    yield path
    db.close_all()


def scores(quarter, street, unit, **by_theme):
    """Score rows of one unit: a number is one rater's score, a list is one score per rater."""
    rows = []
    for theme, given in by_theme.items():
        for rater, score in enumerate(given if isinstance(given, list) else [given], start=1):
            rows.append((quarter, street, unit, theme, f"评分人{rater}", score))
    return rows


def add_scores(path, *units):
    with db.write(path) as connection:
        connection.executemany(
            "insert into score (quarter, street, unit, theme, rater, score) values (?, ?, ?, ?, ?, ?)",
            [row for unit in units for row in unit],
        )


def query(name, path, **params):
    """The whole result: the header, then every row, with SQL NULL (NaN in pandas) as None."""
    result = db.run(name, path=path, **params)
    return [
        tuple(result.columns),
        *[tuple(None if pd.isna(value) else value for value in row) for row in result.itertuples(index=False)],
    ]


# --- unit totals --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "given, total, grade, coverage, status",
    [
        # (18/20*100*50 + 8/10*100*30 + 70/100*100*20)/100 = (4500 + 2400 + 1400)/100 = 83.0
        (dict(党建引领=18, 工作成效=8, 党务知识=70), 83.0, "良好", 100.0, "完整"),
        # means 17.5 and 8.5: (87.5*50 + 85*30 + 90*20)/100 = (4375 + 2550 + 1800)/100 = 87.25
        (dict(党建引领=[18, 17], 工作成效=[8, 9], 党务知识=90), 87.25, "良好", 100.0, "完整"),
        # mean 53/3 = 17.667 → 88.333: (4416.667 + 2400 + 1800)/100 = 86.16667 → 86.17
        (dict(党建引领=[17, 18, 18], 工作成效=8, 党务知识=90), 86.17, "良好", 100.0, "完整"),
        # mean 52/3 = 17.333 → 86.667: (4333.333 + 2400 + 1800)/100 = 85.33333 → 85.33
        (dict(党建引领=[17, 17, 18], 工作成效=8, 党务知识=90), 85.33, "良好", 100.0, "完整"),
        # 党务知识 missing: (90*50 + 70*30)/(50 + 30) = 6600/80 = 82.5; coverage 80/100
        (dict(党建引领=18, 工作成效=7), 82.5, "良好", 80.0, "不完整"),
    ],
    ids=["one-rater", "mean-of-two-raters", "rounds-up", "rounds-down", "missing-theme"],
)
def test_unit_total_weighs_the_rater_mean_of_each_theme_on_its_own_scale(
    district, given, total, grade, coverage, status
):
    add_scores(district, scores("2021Q4", "东街道", "甲村", **given))
    assert query("street_units", district, quarter="2021Q4", street="东街道") == [
        UNITS,
        ("2021Q4", 1, "东街道", "甲村", "村", total, None, grade, coverage, status),
    ]


# --- street ranking -----------------------------------------------------------------------------


def test_rank_ties_share_a_place_and_skip_the_next(district):
    add_scores(
        district,
        scores("2021Q4", "东街道", "甲村", 党建引领=18, 工作成效=9, 党务知识=90),  # 45 + 27 + 18 = 90.0
        scores(
            "2021Q4", "南街道", "丁社区", 党建引领=17, 工作成效=8.5, 党务知识=85.005
        ),  # 42.5 + 25.5 + 17.001 = 85.001
        scores("2021Q4", "西街道", "丙村", 党建引领=17, 工作成效=8.5, 党务知识=84.99),  # 42.5 + 25.5 + 16.998 = 84.998
        scores("2021Q4", "北街道", "戊村", 党建引领=16, 工作成效=8, 党务知识=80),
    )  # 40 + 24 + 16 = 80.0
    # 85.001 and 84.998 both round to 85.00, so they tie: 1, 2, 2, 4. 90 and 80 sit on thresholds.
    assert query("street_ranking", district, quarter="2021Q4") == [
        RANKING,
        ("2021Q4", 1, "东街道", 90.0, None, None, "优秀", 1, 100.0),
        ("2021Q4", 2, "南街道", 85.0, None, None, "良好", 1, 100.0),
        ("2021Q4", 2, "西街道", 85.0, None, None, "良好", 1, 100.0),
        ("2021Q4", 4, "北街道", 80.0, None, None, "良好", 1, 100.0),
    ]


def test_units_tied_on_the_rounded_total_share_a_rank_within_their_street(district):
    add_scores(
        district,
        scores("2021Q4", "东街道", "甲村", 党建引领=17, 工作成效=8.5, 党务知识=85.005),  # 85.001
        scores("2021Q4", "东街道", "乙社区", 党建引领=17, 工作成效=8.5, 党务知识=84.99),
    )  # 84.998
    assert query("street_units", district, quarter="2021Q4", street="东街道") == [
        UNITS,
        ("2021Q4", 1, "东街道", "乙社区", "社区", 85.0, None, "良好", 100.0, "完整"),
        ("2021Q4", 1, "东街道", "甲村", "村", 85.0, None, "良好", 100.0, "完整"),
    ]


@pytest.mark.parametrize(
    "percent, total, grade",
    [
        (100, 100.0, "优秀"),
        (90, 90.0, "优秀"),
        (89.996, 90.0, "优秀"),  # the grade follows the rounded total
        (89.99, 89.99, "良好"),
        (80, 80.0, "良好"),
        (79.99, 79.99, "一般"),
        (60, 60.0, "一般"),
        (59.99, 59.99, "较差"),
        (0, 0.0, "较差"),
    ],
)
def test_grade_is_the_highest_band_the_rounded_total_reaches(district, percent, total, grade):
    # Every theme at the same share of its 满分 gives that share as the total.
    add_scores(
        district, scores("2021Q4", "东街道", "甲村", 党建引领=percent / 5, 工作成效=percent / 10, 党务知识=percent)
    )
    assert query("street_ranking", district, quarter="2021Q4") == [
        RANKING,
        ("2021Q4", 1, "东街道", total, None, None, grade, 1, 100.0),
    ]


@pytest.fixture
def two_quarters(district):
    """2021Q4 and 2022Q1 across the year boundary; 南街道 is scored only in 2022Q1."""
    add_scores(
        district,
        # 2021: (90*50 + 80*30 + 70*20)/100 = 83.0; 2022: (90*20 + 80*30 + 70*50)/100 = 77.0
        scores("2021Q4", "东街道", "甲村", 党建引领=18, 工作成效=8, 党务知识=70),
        scores("2022Q1", "东街道", "甲村", 党建引领=18, 工作成效=8, 党务知识=70),
        # 2021: (80*50 + 70*30 + 80*20)/100 = 77.0; 2022: (80*20 + 90*30 + 90*50)/100 = 88.0
        scores("2021Q4", "西街道", "丙村", 党建引领=16, 工作成效=7, 党务知识=80),
        scores("2022Q1", "西街道", "丙村", 党建引领=16, 工作成效=9, 党务知识=90),
        # 2022: (90*20 + 90*30 + 80*50)/100 = 85.0
        scores("2022Q1", "南街道", "丁社区", 党建引领=18, 工作成效=9, 党务知识=80),
    )
    return district


def test_first_quarter_has_empty_qoq_and_rank_change(two_quarters):
    assert query("street_ranking", two_quarters, quarter="2021Q4") == [
        RANKING,
        ("2021Q4", 1, "东街道", 83.0, None, None, "良好", 1, 100.0),
        ("2021Q4", 2, "西街道", 77.0, None, None, "一般", 1, 100.0),
    ]


def test_first_quarter_of_a_year_is_compared_with_the_last_quarter_of_the_year_before(two_quarters):
    assert query("street_ranking", two_quarters, quarter="2022Q1") == [
        RANKING,
        ("2022Q1", 1, "西街道", 88.0, 11.0, 1, "良好", 1, 100.0),  # 88 − 77; rank 2 − 1
        ("2022Q1", 2, "南街道", 85.0, None, None, "良好", 1, 100.0),  # not scored in 2021Q4
        ("2022Q1", 3, "东街道", 77.0, -6.0, -2, "一般", 1, 100.0),
    ]  # 77 − 83; rank 1 − 3


def test_a_gap_quarter_leaves_qoq_empty_rather_than_reaching_further_back(district):
    add_scores(
        district,
        scores("2021Q2", "东街道", "甲村", 党建引领=16, 工作成效=8, 党务知识=70),  # 40 + 24 + 14 = 78.0
        scores("2021Q4", "东街道", "甲村", 党建引领=18, 工作成效=8, 党务知识=70),
    )  # 83.0
    assert query("street_ranking", district, quarter="2021Q4") == [
        RANKING,
        ("2021Q4", 1, "东街道", 83.0, None, None, "良好", 1, 100.0),
    ]


def test_the_same_scores_weigh_differently_under_each_years_rubric(two_quarters):
    # 甲村 has the same scores in both quarters: 83.0 under 2021's weights, 77.0 under 2022's.
    assert query("street_units", two_quarters, quarter="2022Q1", street="东街道") == [
        UNITS,
        ("2022Q1", 1, "东街道", "甲村", "村", 77.0, -6.0, "一般", 100.0, "完整"),
    ]


def test_street_trend_lists_every_scored_street_in_every_quarter_with_its_rank(two_quarters):
    # Oldest quarter first (as the query's header says), best first within a quarter.
    assert query("street_trend", two_quarters, first="2021Q4", last="2022Q1", top=None, street=None) == [
        TREND,
        ("2021Q4", "东街道", 83.0, 1, 1),
        ("2021Q4", "西街道", 77.0, 2, 1),
        ("2022Q1", "西街道", 88.0, 1, 1),
        ("2022Q1", "南街道", 85.0, 2, 1),
        ("2022Q1", "东街道", 77.0, 3, 1),
    ]


def test_street_trend_of_many_streets_keeps_the_last_quarters_leaders_and_the_chosen_street(two_quarters):
    def trend(**params):
        return query("street_trend", two_quarters, first="2021Q4", last="2022Q1", **params)[1:]

    # 2022Q1's best two are 西街道 88.0 and 南街道 85.0; ranks stay those of the whole district.
    assert trend(top=2, street=None) == [
        ("2021Q4", "西街道", 77.0, 2, 1),
        ("2022Q1", "西街道", 88.0, 1, 1),
        ("2022Q1", "南街道", 85.0, 2, 1),
    ]
    assert trend(top=1, street="东街道") == [
        ("2021Q4", "东街道", 83.0, 1, 1),
        ("2021Q4", "西街道", 77.0, 2, 1),
        ("2022Q1", "西街道", 88.0, 1, 1),
        ("2022Q1", "东街道", 77.0, 3, 1),
    ]
    # The range ends in 2021Q4: its leader 东街道.
    assert query("street_trend", two_quarters, first="2021Q4", last="2021Q4", top=1, street=None)[1:] == [
        ("2021Q4", "东街道", 83.0, 1, 1)
    ]


def test_quarters_lists_the_scored_quarters_newest_first_and_for_viewers_the_published_ones(two_quarters):
    assert query("quarters", two_quarters, drafts=True) == [("quarter",), ("2022Q1",), ("2021Q4",)]
    assert query("quarters", two_quarters, drafts=False) == [("quarter",)]  # both are drafts (草稿)
    with db.write(two_quarters) as connection:
        connection.execute("insert into quarter_state values ('2021Q4', 'published', null)")
    assert query("quarters", two_quarters, drafts=False) == [("quarter",), ("2021Q4",)]


# --- incomplete units ---------------------------------------------------------------------------


@pytest.fixture
def one_unit_incomplete(district):
    """2021Q4: 东街道's 乙社区 has no 党务知识 score."""
    add_scores(
        district,
        # (85*50 + 80*30 + 70*20)/100 = (4250 + 2400 + 1400)/100 = 80.5
        scores("2021Q4", "东街道", "甲村", 党建引领=17, 工作成效=8, 党务知识=70),
        # (90*50 + 70*30)/(50 + 30) = 6600/80 = 82.5; coverage 80/100
        scores("2021Q4", "东街道", "乙社区", 党建引领=18, 工作成效=7),
        # mean 50/3 → 83.333: (4166.667 + 90*30 + 85*20)/100 = 85.66667 → 85.67
        scores("2021Q4", "西街道", "丙村", 党建引领=[16, 17, 17], 工作成效=9, 党务知识=85),
    )
    return district


def test_unit_missing_a_theme_is_totalled_on_the_present_weights_and_shown_incomplete(one_unit_incomplete):
    assert query("street_units", one_unit_incomplete, quarter="2021Q4", street="东街道") == [
        UNITS,
        ("2021Q4", 1, "东街道", "乙社区", "社区", 82.5, None, "良好", 80.0, "不完整"),
        ("2021Q4", 2, "东街道", "甲村", "村", 80.5, None, "良好", 100.0, "完整"),
    ]


def test_street_total_and_coverage_are_the_means_over_its_units(one_unit_incomplete):
    # 东街道: (80.5 + 82.5)/2 = 81.5, coverage (100 + 80)/2 = 90.0
    assert query("street_ranking", one_unit_incomplete, quarter="2021Q4") == [
        RANKING,
        ("2021Q4", 1, "西街道", 85.67, None, None, "良好", 1, 100.0),
        ("2021Q4", 2, "东街道", 81.5, None, None, "良好", 2, 90.0),
    ]


def test_street_theme_scores_are_means_of_unit_theme_scores_in_rubric_order(one_unit_incomplete):
    # Rubric position order (党建引领, 工作成效, 党务知识), not alphabetical order; then street.
    assert query("street_themes", one_unit_incomplete, quarter="2021Q4") == [
        THEMES,
        ("2021Q4", "东街道", "党建引领", 87.5, 2),  # (17/20*100 + 18/20*100)/2 = (85 + 90)/2
        ("2021Q4", "西街道", "党建引领", 83.33, 1),  # 50/3/20*100 = 83.333
        ("2021Q4", "东街道", "工作成效", 75.0, 2),  # (80 + 70)/2
        ("2021Q4", "西街道", "工作成效", 90.0, 1),
        ("2021Q4", "东街道", "党务知识", 70.0, 1),  # only 甲村 has it
        ("2021Q4", "西街道", "党务知识", 85.0, 1),
    ]


# --- commitments --------------------------------------------------------------------------------


@pytest.fixture
def commitments(district):
    with db.write(district) as connection:
        connection.execute("""
            insert into commitment (year, street, unit, title, due_quarter, completed_on) values
                (2022, '东街道', '甲村', '一季度完成', '2022Q1', date '2022-03-15'),
                (2022, '东街道', '甲村', '二季度末日完成', '2022Q2', date '2022-06-30'),
                (2022, '东街道', '甲村', '二季度到期三季度完成', '2022Q2', date '2022-07-01'),
                (2022, '东街道', '乙社区', '三季度到期未完成', '2022Q3', null),
                (2022, '东街道', '乙社区', '四季度到期提前完成', '2022Q4', date '2022-05-01'),
                (2022, '西街道', '丙村', '三季度到期', '2022Q3', null),
                (2022, '西街道', '丙村', '四季度到期二季度完成', '2022Q4', date '2022-04-10'),
                (2022, '西街道', '丙村', '四季度到期', '2022Q4', null),
                (2021, '东街道', '甲村', '上年未完成', '2021Q4', null),
                (2023, '东街道', '甲村', '下年未完成', '2023Q1', null);
        """)
    return district


def test_completion_on_the_last_day_counts_and_the_day_after_is_overdue(commitments):
    # 东 as of 2022-06-30: done 03-15, 06-30, 05-01 (early) = 3 of 5 → 60.0; due by Q2: 3, of which
    # done 2 → 66.667 → 66.67; 逾期 the one done 07-01; 推进中 5 − 3 − 1 = 1 (due Q3).
    # 西: done 04-10 = 1 of 3 → 33.333 → 33.33; nothing due yet → 到期完成率 empty, 推进中 2.
    assert query("commitment_completion", commitments, quarter="2022Q2") == [
        COMPLETION,
        ("2022Q2", "东街道", 5, 3, 1, 1, 60.0, 66.67),
        ("2022Q2", "西街道", 3, 1, 2, 0, 33.33, None),
        ("2022Q2", None, 8, 4, 3, 1, 50.0, 66.67),  # the district: 4 of 8; due 3, done 2
    ]


def test_commitments_are_shown_as_they_stood_at_an_earlier_quarter_end(commitments):
    # 东 as of 2022-03-31: done 03-15 only = 1 of 5 → 20.0; due by Q1: 1, done 1 → 100.0; 推进中 4.
    # 西: 04-10 is after the quarter end → 0 of 3 → 0.0; nothing due → empty.
    assert query("commitment_completion", commitments, quarter="2022Q1") == [
        COMPLETION,
        ("2022Q1", "东街道", 5, 1, 4, 0, 20.0, 100.0),
        ("2022Q1", "西街道", 3, 0, 3, 0, 0.0, None),
        ("2022Q1", None, 8, 1, 7, 0, 12.5, 100.0),  # the district: 1 of 8; due 1, done 1
    ]


def test_a_late_completion_counts_as_done_in_the_quarter_it_happened(commitments):
    # 东 as of 2022-09-30: done 4 of 5 → 80.0; due by Q3: 4, done 3 → 75.0; 逾期 the Q3 one open.
    # 西: done 1 of 3 → 33.33; due by Q3: 1, done 0 → 0.0, 逾期 1; 推进中 3 − 1 − 1 = 1.
    assert query("commitment_completion", commitments, quarter="2022Q3") == [
        COMPLETION,
        ("2022Q3", "东街道", 5, 4, 0, 1, 80.0, 75.0),
        ("2022Q3", "西街道", 3, 1, 1, 1, 33.33, 0.0),
        ("2022Q3", None, 8, 5, 1, 2, 62.5, 60.0),  # the district: 5 of 8; due 4 + 1, done 3
    ]


def test_commitments_of_other_years_are_ignored(commitments):
    # As of 2021Q4 only 东's one 2021 commitment counts: open and due → 逾期, both rates 0.0;
    # 西 made no commitments in 2021 and is not listed.
    assert query("commitment_completion", commitments, quarter="2021Q4") == [
        COMPLETION,
        ("2021Q4", "东街道", 1, 0, 0, 1, 0.0, 0.0),
        ("2021Q4", None, 1, 0, 0, 1, 0.0, 0.0),
    ]
