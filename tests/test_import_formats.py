"""Every file format of docs/导入格式.md is accepted and stores exactly the rows written in it."""

import datetime

import pandas as pd
import pytest
from import_support import TODAY, csv_file, query, scores, xlsx_file

from liangsaibi.intake.imports import import_files
from liangsaibi.store.build import SAMPLE

LONG = [
    ("2026Q4", "建设路街道", "省五建社区", "党建引领", "评分人1", 18.5),
    ("2026Q4", "建设路街道", "省五建社区", "党建引领", "评分人2", 17.0),
    ("2026Q4", "须水街道", "付庄村", "创新举措", "评分人1", 9.0),
]
LONG_BODY = (
    "2026Q4,建设路街道,省五建社区,党建引领,评分人1,18.5\n2026Q4,建设路街道,省五建社区,党建引领,评分人2,17\n"
    "2026Q4,须水街道,付庄村,创新举措,评分人1,9\n"
)


def _import(demo_db, name, data, **options):
    return import_files([(name, data)], demo_db, today=TODAY, **options, operator="测试")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("季度,街道,村(社区),指标,评分人,得分\n" + LONG_BODY, LONG),
        ("quarter,street,unit,theme,rater,score\n" + LONG_BODY, LONG),
        (" Quarter , Street , Unit , Theme , Rater , Score \n" + LONG_BODY, LONG),
        ("季度,街道,社区,指标,评分人,分数\n" + LONG_BODY, LONG),
        ("季度,街道,村（社区）,指标,评分人,得分\n" + LONG_BODY, LONG),
        (
            "季度,街道,村(社区),指标,得分\n2026Q4,建设路街道,省五建社区,党建引领,18.5\n2026Q4,须水街道,付庄村,创新举措,9\n",
            [
                ("2026Q4", "建设路街道", "省五建社区", "党建引领", "", 18.5),
                ("2026Q4", "须水街道", "付庄村", "创新举措", "", 9.0),
            ],
        ),
        # Stray spaces, full-width digits and point, a Chinese quarter, a quoted number, trailing empty columns and rows.
        (
            "季度,街道,村（社区）,指标,评分人,得分,,\n 2026年第四季度 ,建设路 街道,省五建社区 ,党建引领, 评分人1 ,\"１８．５\",,\n"
            "2026Q4,建设路街道,省五建社区,党建引领,评分人2, 17.00 ,,\n2026Q4,须水街道,付庄村,创新举措,评分人1,9,,\n,,,,,,,\n\n",
            LONG,
        ),
    ],
    ids=["chinese", "english", "english-spaced", "社区-分数", "村（社区）", "no-rater", "messy-cells"],
)
def test_a_long_score_sheet_stores_exactly_its_rows(demo_db, text, expected):
    _import(demo_db, "评分.csv", csv_file(text))
    assert scores(demo_db, "2026Q4") == expected


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_a_score_csv_is_read_in_every_encoding_people_save_with(demo_db, encoding):
    _import(demo_db, "评分.csv", csv_file("季度,街道,村(社区),指标,评分人,得分\n" + LONG_BODY, encoding))
    assert scores(demo_db, "2026Q4") == LONG


def test_a_gb18030_file_keeps_characters_that_gbk_cannot_write(demo_db):
    text = "年度,街道,村(社区),承诺事项,承诺时限,完成日期,备注\n2026,须水街道,付庄村,修缮𠮷祥广场,2026Q4,,𠮷\n"
    _import(demo_db, "承诺.csv", csv_file(text, "gb18030"))
    assert query(demo_db, "select title, note from commitment where unit = '付庄村' and year = 2026") == [
        ("修缮𠮷祥广场", "𠮷")
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "季度,街道,村(社区),评分人,党建引领,创新举措\n2026Q4,建设路街道,省五建社区,评分人1,18.5,9\n"
            "2026Q4,建设路街道,省五建社区,评分人2,17,\n",
            [
                ("2026Q4", "建设路街道", "省五建社区", "党建引领", "评分人1", 18.5),
                ("2026Q4", "建设路街道", "省五建社区", "党建引领", "评分人2", 17.0),
                ("2026Q4", "建设路街道", "省五建社区", "创新举措", "评分人1", 9.0),
            ],
        ),
        (
            "季度,街道,社区,党建引领,党务知识\n2026年第四季度,须水街道,付庄村,16,88.5\n",
            [
                ("2026Q4", "须水街道", "付庄村", "党务知识", "", 88.5),
                ("2026Q4", "须水街道", "付庄村", "党建引领", "", 16.0),
            ],
        ),
    ],
    ids=["with-rater", "without-rater"],
)
def test_a_wide_score_sheet_becomes_one_row_per_theme_and_skips_blank_cells(demo_db, text, expected):
    _import(demo_db, "评分宽表.csv", csv_file(text))
    assert scores(demo_db, "2026Q4") == expected


COMMITMENTS = [
    (2026, "建设路街道", "省五建社区", "建成示范点", "阵地建设", "2026Q2", datetime.date(2026, 5, 20), "已验收"),
    (2026, "须水街道", "付庄村", "修缮广场", None, "2026Q4", None, None),
]


@pytest.mark.parametrize(
    "text",
    [
        "年度,街道,村(社区),承诺事项,指标,承诺时限,完成日期,备注\n2026,建设路街道,省五建社区,建成示范点,阵地建设,2026年第二季度,2026-05-20,已验收\n"
        "2026,须水街道,付庄村,修缮广场,,2026Q4,,\n",
        "year,street,unit,title,theme,due_quarter,completed_on,note\n2026,建设路街道,省五建社区,建成示范点,阵地建设,2026-Q2,2026/5/20,已验收\n"
        "2026,须水街道,付庄村,修缮广场,,2026 Q4,,\n",
        "年度,街道,村(社区),承诺事项,指标,承诺时限,完成日期,备注\n2026,建设路街道,省五建社区,建成示范点,阵地建设,2026年第二季度,2026年5月20日,已验收\n"
        "2026,须水街道,付庄村,修缮广场,,2026Q4,,\n",
    ],
    ids=["chinese", "english", "date-in-chinese"],
)
def test_a_commitment_list_replaces_the_years_commitments_of_its_units(demo_db, text):
    _import(demo_db, "承诺.csv", csv_file(text))
    assert (
        query(
            demo_db,
            "select year, street, unit, title, theme, due_quarter, completed_on, note from commitment "
            "where year = 2026 and unit in ('省五建社区', '付庄村') order by all",
        )
        == COMMITMENTS
    )


def test_a_commitment_list_without_the_optional_columns_is_accepted(demo_db):
    _import(
        demo_db,
        "承诺.csv",
        csv_file("年度,街道,村(社区),承诺事项,承诺时限,完成日期\n2026,须水街道,付庄村,修缮广场,2026Q4,\n"),
    )
    assert query(demo_db, "select title, theme, note from commitment where year = 2026 and unit = '付庄村'") == [
        ("修缮广场", None, None)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "街道,村(社区),类型\n建设路街道,新建社区,社区\n须水街道,新庄村,村\n 须水街道 ,付庄村,社区\n",
        "street,unit,kind\n建设路街道,新建社区,社区\n须水街道,新庄村,村\n须水街道,付庄村,社区\n",
    ],
    ids=["chinese", "english"],
)
def test_a_unit_list_adds_new_units_and_updates_the_kind_of_known_ones(demo_db, text):
    _import(demo_db, "名单.csv", csv_file(text))
    assert query(
        demo_db, "select street, unit, kind from unit where unit in ('新建社区', '新庄村', '付庄村') order by all"
    ) == [("建设路街道", "新建社区", "社区"), ("须水街道", "付庄村", "社区"), ("须水街道", "新庄村", "村")]
    assert query(demo_db, "select count(*) from unit")[0][0] == 61


@pytest.mark.parametrize(
    "text",
    [
        "年度,指标,权重,满分,说明\n2027,党建引领,60,20,党组织领导作用\n2027,创新举措,40,10,\n",
        "year,theme,weight,max_score,description\n2027,党建引领,60,20,党组织领导作用\n2027,创新举措,40,10,\n",
    ],
    ids=["chinese", "english"],
)
def test_a_rubric_stores_its_themes_in_order_with_default_grade_bands(demo_db, text):
    _import(demo_db, "细则.csv", csv_file(text))
    assert query(
        demo_db,
        "select year, theme, weight, max_score, coalesce(description, ''), position from rubric "
        "where year = 2027 order by position",
    ) == [(2027, "党建引领", 60.0, 20.0, "党组织领导作用", 1), (2027, "创新举措", 40.0, 10.0, "", 2)]
    assert query(demo_db, "select grade, min_total from grade_band where year = 2027 order by min_total desc") == [
        ("优秀", 90.0),
        ("良好", 80.0),
        ("一般", 60.0),
        ("较差", 0.0),
    ]


@pytest.mark.parametrize(
    "written",
    ["2026Q4", "2026-Q4", "2026 Q4", "2026年第四季度", "2026年四季度", "2026年第4季度", "２０２６Ｑ４", "2026q4"],
)
def test_every_quarter_spelling_is_stored_as_the_canonical_quarter(demo_db, written):
    _import(demo_db, "评分.csv", csv_file(f"季度,街道,村(社区),指标,得分\n{written},须水街道,付庄村,创新举措,9\n"))
    assert scores(demo_db, "2026Q4") == [("2026Q4", "须水街道", "付庄村", "创新举措", "", 9.0)]


def _workbook() -> bytes:
    title = ["2026年第四季度逐村(社区)观摩评分表", None, None, None, None, None]
    return xlsx_file(
        {
            "填表说明": [["请按模板填写，不要改动表头。"], ["评分表在后面的工作表里。"]],
            "名单": [["街道", "村（社区）", "类型"], ["建设路街道", "新建社区", "社区"]],
            "评分": [
                title,
                ["填表单位：区委组织部", None, None, None, None, "2026-11-20"],
                [],
                ["季度", "街道", "村（社区）", "指标", "评分人", "得分"],
                ["2026Q4", "建设路街道", "新建社区", "党建引领", 1, "18.5"],
                ["2026年第四季度", " 建设路街道", "省五建社区", "党建引领", "评分人1", 17],
                ["2026Q4", "须水街道", " 付庄村 ", "党务知识", "评分人1", "８８．５"],
            ],
            "承诺": [
                ["年度", "街道", "村(社区)", "承诺事项", "承诺时限", "完成日期"],
                [2026, "须水街道", "付庄村", "修缮广场", "2026Q2", datetime.datetime(2026, 5, 20)],
                ["2026", "须水街道", "付庄村", "硬化道路", "2026Q4", None],
            ],
        },
        merged={"评分": "A1:F1"},
        padding=True,
    )


def test_each_sheet_of_a_workbook_is_recognised_on_its_own(demo_db):
    plan, summary = _import(demo_db, "2026年第四季度.xlsx", _workbook())
    assert [(part.sheet.sheet, part.kind, len(part.rows)) for part in plan.parts] == [
        ("名单", "units", 1),
        ("评分", "scores", 3),
        ("承诺", "commitments", 2),
    ]
    assert plan.parts[1].sheet.header_row == 4
    assert list(summary["工作表"]) == ["名单", "评分", "承诺"]


def test_a_workbook_with_title_rows_merged_cells_and_text_numbers_stores_exactly_its_rows(demo_db):
    _import(demo_db, "2026年第四季度.xlsx", _workbook())
    assert scores(demo_db, "2026Q4") == [
        ("2026Q4", "建设路街道", "新建社区", "党建引领", "1", 18.5),
        ("2026Q4", "建设路街道", "省五建社区", "党建引领", "评分人1", 17.0),
        ("2026Q4", "须水街道", "付庄村", "党务知识", "评分人1", 88.5),
    ]
    assert query(demo_db, "select kind from unit where unit = '新建社区'") == [("社区",)]
    assert query(
        demo_db,
        "select title, due_quarter, completed_on from commitment where year = 2026 and unit = '付庄村' order by title",
    ) == [("修缮广场", "2026Q2", datetime.date(2026, 5, 20)), ("硬化道路", "2026Q4", None)]


def test_a_wide_workbook_sheet_with_numeric_raters_is_stored_per_theme(demo_db):
    book = xlsx_file(
        {
            "Sheet1": [
                ["季度", "街道", "村(社区)", "评分人", "党建引领", "创新举措"],
                ["2026Q4", "须水街道", "付庄村", 1, 16, "8.5"],
                ["2026Q4", "须水街道", "付庄村", 2, 15.5, None],
            ]
        },
        padding=True,
    )
    _import(demo_db, "宽表.xlsx", book)
    assert scores(demo_db, "2026Q4") == [
        ("2026Q4", "须水街道", "付庄村", "党建引领", "1", 16.0),
        ("2026Q4", "须水街道", "付庄村", "党建引领", "2", 15.5),
        ("2026Q4", "须水街道", "付庄村", "创新举措", "1", 8.5),
    ]


def test_reimporting_a_raters_sheet_replaces_that_raters_previous_values_and_history_counts_them(demo_db):
    _import(demo_db, "第一次.csv", csv_file("季度,街道,村(社区),指标,评分人,得分\n" + LONG_BODY))
    corrected = "季度,街道,村(社区),指标,评分人,得分\n2026Q4,建设路街道,省五建社区,党建引领,评分人1,19\n"
    _import(demo_db, "更正.csv", csv_file(corrected))
    # The sheet names 评分人1: 评分人2's score of the same unit and theme stays (docs/导入格式.md).
    assert scores(demo_db, "2026Q4") == [
        ("2026Q4", "建设路街道", "省五建社区", "党建引领", "评分人1", 19.0),
        ("2026Q4", "建设路街道", "省五建社区", "党建引领", "评分人2", 17.0),
        ("2026Q4", "须水街道", "付庄村", "创新举措", "评分人1", 9.0),
    ]
    assert query(
        demo_db, "select file_name, rows_added, rows_replaced from import_log order by import_id desc limit 2"
    ) == [("更正.csv", 1, 1), ("第一次.csv", 3, 0)]


def test_reimporting_a_sheet_without_raters_replaces_each_unit_and_theme_whole(demo_db):
    _import(demo_db, "第一次.csv", csv_file("季度,街道,村(社区),指标,评分人,得分\n" + LONG_BODY))
    _import(demo_db, "更正.csv", csv_file("季度,街道,村(社区),指标,得分\n2026Q4,建设路街道,省五建社区,党建引领,19\n"))
    assert scores(demo_db, "2026Q4") == [
        ("2026Q4", "建设路街道", "省五建社区", "党建引领", "", 19.0),
        ("2026Q4", "须水街道", "付庄村", "创新举措", "评分人1", 9.0),
    ]
    assert query(demo_db, "select rows_replaced from import_log order by import_id desc limit 1") == [(2,)]


def test_a_sheet_of_one_theme_replaces_only_that_theme_of_the_units_it_covers(demo_db):
    # A separate 党务知识 or 党建引领 sheet must not wipe the unit's other scores of the quarter.
    demo = pd.read_csv(SAMPLE / "scores.csv", encoding="utf-8-sig")
    unit = demo[(demo["季度"] == "2026Q3") & (demo["村(社区)"] == "省五建社区")]
    # The sheet names 评分人1: only 评分人1's 党建引领 goes; the other raters' 党建引领 stays.
    goes = (unit["指标"] == "党建引领") & (unit["评分人"] == "评分人1")
    replaced, kept = unit[goes], unit[~goes]
    _import(
        demo_db,
        "更正.csv",
        csv_file("季度,街道,村(社区),指标,评分人,得分\n2026Q3,建设路街道,省五建社区,党建引领,评分人1,19\n"),
    )
    stored = query(
        demo_db, "select theme, rater, score from score where quarter = '2026Q3' and unit = '省五建社区' order by all"
    )
    expected = sorted(
        [("党建引领", "评分人1", 19.0)] + list(kept[["指标", "评分人", "得分"]].itertuples(index=False, name=None))
    )
    assert stored == expected
    assert (
        query(demo_db, "select rows_replaced from import_log order by import_id desc limit 1")[0][0]
        == len(replaced)
        == 1
    )
    others = demo[demo["季度"] == "2026Q3"]
    assert (
        query(demo_db, "select count(*) from score where quarter = '2026Q3'")[0][0] == len(others) - len(replaced) + 1
    )


def test_an_exact_repeat_of_a_row_is_stored_once(demo_db):
    row = "2026Q4,须水街道,付庄村,创新举措,评分人1,9\n"
    _import(demo_db, "评分.csv", csv_file("季度,街道,村(社区),指标,评分人,得分\n" + row + row.replace(",9", ",9.0")))
    assert scores(demo_db, "2026Q4") == [("2026Q4", "须水街道", "付庄村", "创新举措", "评分人1", 9.0)]


def test_add_units_accepts_a_genuinely_new_unit_and_guesses_its_kind(demo_db):
    text = "季度,街道,村(社区),指标,得分\n2026Q4,须水街道,新庄村,创新举措,9\n2026Q4,建设路街道,新华里社区,创新举措,8\n"
    plan, _ = _import(demo_db, "评分.csv", csv_file(text), add_units=True)
    assert sorted(map(tuple, plan.new_units.to_numpy().tolist())) == [
        ("建设路街道", "新华里社区", "社区"),
        ("须水街道", "新庄村", "村"),
    ]
    assert query(
        demo_db, "select street, unit, kind from unit where unit in ('新庄村', '新华里社区') order by all"
    ) == [("建设路街道", "新华里社区", "社区"), ("须水街道", "新庄村", "村")]
    assert len(scores(demo_db, "2026Q4")) == 2
