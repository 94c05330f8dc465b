"""Rectification status as of a quarter's end and the 示范点 counts, on hand-written rows of the district of
test_queries.py (东, 北, 南, 西 streets); the expected values are worked out by hand in the comments."""

import pytest
from test_queries import district, query  # noqa: F401

from liangsaibi.store import db

RECTIFICATION = ("街道", "问题数", "已整改", "整改中", "逾期未整改", "整改率")
PROBLEMS = ("季度", "街道", "村(社区)", "问题", "整改措施", "整改时限", "完成日期", "状态")


@pytest.fixture
def problems(district):
    with db.write(district) as connection:
        connection.execute("""
            insert into problem (quarter, street, unit, problem, due_quarter, completed_on) values
                ('2022Q1', '东街道', '甲村', '二季度末日整改', '2022Q2', date '2022-06-30'),
                ('2022Q1', '东街道', '甲村', '到期后一天整改', '2022Q2', date '2022-07-01'),
                ('2022Q1', '东街道', '乙社区', '一季度到期从未整改', '2022Q1', null),
                ('2022Q2', '东街道', '乙社区', '四季度到期提前整改', '2022Q4', date '2022-05-10'),
                ('2022Q2', '东街道', '乙社区', '三季度到期未整改', '2022Q3', null),
                ('2022Q3', '西街道', '丙村', '三季度提出当季到期', '2022Q3', null),
                ('2021Q4', '东街道', '甲村', '上年提出', '2022Q1', null),
                ('2022Q1', '西街道', '丙村', '三季度到期八月整改', '2022Q3', date '2022-08-01')""")
    return district


@pytest.mark.parametrize(
    "quarter, expected",
    [
        # 2022-06-30: 东 — done on 06-30 and on 05-10 (early) = 2; 07-01 is too late and due Q2 → overdue, as is the
        # one due Q1; due Q3 still 整改中 → 5, 2, 1, 2, 2/5 = 40.0. 西 — due Q3, done 08-01 unknown yet → 整改中;
        # the one raised in Q3 is not counted yet → 1, 0, 1, 0, 0.0. 北 and 南: nothing → no rate, last.
        (
            "2022Q2",
            [
                ("东街道", 5, 2, 1, 2, 40.0),
                ("西街道", 1, 0, 1, 0, 0.0),
                ("北街道", 0, 0, 0, 0, None),
                ("南街道", 0, 0, 0, 0, None),
            ],
        ),
        # 2022-09-30: 东 — 07-01 now counts → 3 done; due Q1 and due Q3 overdue → 5, 3, 0, 2, 60.0.
        # 西 — done 08-01; raised and due Q3, open → overdue → 2, 1, 0, 1, 50.0.
        (
            "2022Q3",
            [
                ("东街道", 5, 3, 0, 2, 60.0),
                ("西街道", 2, 1, 0, 1, 50.0),
                ("北街道", 0, 0, 0, 0, None),
                ("南街道", 0, 0, 0, 0, None),
            ],
        ),
        # 2021-12-31: only the problem raised in 2021, due 2022Q1 → 整改中; 2022's are not counted.
        (
            "2021Q4",
            [
                ("东街道", 1, 0, 1, 0, 0.0),
                ("北街道", 0, 0, 0, 0, None),
                ("南街道", 0, 0, 0, 0, None),
                ("西街道", 0, 0, 0, 0, None),
            ],
        ),
    ],
)
def test_rectification_stands_as_at_the_quarter_end_over_the_years_problems(problems, quarter, expected):
    assert query("rectification_by_street", problems, quarter=quarter) == [RECTIFICATION, *expected]


def test_the_problem_list_gives_each_its_status_then_and_only_dates_known_then(problems):
    # As of 2022Q2, overdue first, then street, unit, quarter raised, problem text.
    assert query("problem_list", problems, quarter="2022Q2", street="东街道", status=None) == [
        PROBLEMS,
        ("2022Q1", "东街道", "乙社区", "一季度到期从未整改", None, "2022Q1", None, "逾期未整改"),
        ("2022Q1", "东街道", "甲村", "到期后一天整改", None, "2022Q2", None, "逾期未整改"),  # 07-01 not known yet
        ("2022Q2", "东街道", "乙社区", "三季度到期未整改", None, "2022Q3", None, "整改中"),
        ("2022Q2", "东街道", "乙社区", "四季度到期提前整改", None, "2022Q4", "2022-05-10", "已整改"),
        ("2022Q1", "东街道", "甲村", "二季度末日整改", None, "2022Q2", "2022-06-30", "已整改"),
    ]


def test_the_problem_list_narrows_to_one_status(problems):
    header, *rows = query("problem_list", problems, quarter="2022Q3", street=None, status="逾期未整改")
    assert sorted(row[3] for row in rows) == sorted(["一季度到期从未整改", "三季度到期未整改", "三季度提出当季到期"])


@pytest.fixture
def visits(district):
    with db.write(district) as connection:
        connection.execute("""
            insert into visit (visited_on, visitor, street, unit, kind) values
                (date '2021-12-01', '东街道', '南街道', '丁社区', '跨街道学习'),
                (date '2021-12-02', '西街道', '南街道', '丁社区', '跨街道学习'),
                (date '2021-12-20', '东街道', '南街道', '丁社区', '跨街道学习'),
                (date '2021-12-15', '南街道', '南街道', '丁社区', '本街道观摩'),
                (date '2021-12-15', '东街道', '东街道', '甲村', '本街道观摩'),
                (date '2021-12-16', '区委组织部观摩团', '东街道', '甲村', '跨街道学习'),
                (date '2021-11-11', '北街道', '西街道', '丙村', '跨街道学习'),
                (date '2022-01-05', '北街道', '南街道', '丁社区', '跨街道学习')""")
    return district


MODEL = ("街道", "村(社区)", "来访街道数", "观摩次数", "来访街道", "最近一次")


@pytest.mark.parametrize(
    "first, last, expected",
    [
        # 2021Q4: 丁社区 — 东 twice and 西 once = 2 streets, 3 visits; its own 南 does not count. 丙村 — 北 once.
        # 甲村 had its own street and a group that is not a street: not a 示范点.
        (
            "2021Q4",
            "2021Q4",
            [
                ("南街道", "丁社区", 2, 3, "东街道、西街道", "2021-12-20"),
                ("西街道", "丙村", 1, 1, "北街道", "2021-11-11"),
            ],
        ),
        # With 2022Q1 北 visited 丁社区 too: 3 streets, 4 visits.
        (
            "2021Q4",
            "2022Q1",
            [
                ("南街道", "丁社区", 3, 4, "东街道、北街道、西街道", "2022-01-05"),
                ("西街道", "丙村", 1, 1, "北街道", "2021-11-11"),
            ],
        ),
        ("2022Q1", "2022Q1", [("南街道", "丁社区", 1, 1, "北街道", "2022-01-05")]),
    ],
)
def test_a_model_unit_counts_the_distinct_other_streets_that_visited_it(visits, first, last, expected):
    assert query("model_units", visits, first=first, last=last) == [MODEL, *expected]


def test_who_visited_whom_counts_visits_between_streets_only(visits):
    assert query("street_visits", visits, first="2021Q4", last="2021Q4") == [
        ("观摩方", "被观摩街道", "观摩次数", "被观摩村(社区)"),
        ("东街道", "南街道", 2, "丁社区"),
        ("北街道", "西街道", 1, "丙村"),
        ("西街道", "南街道", 1, "丁社区"),
    ]
