"""亮点做法, 问题反馈 and 观摩记录 come in through the import path: both header languages, UTF-8, GBK and XLSX,
texts kept as written, every bad cell named in Chinese with nothing written, and undo exact."""

import datetime

import pytest
from import_support import TODAY, csv_file, query, sha256, tables, xlsx_file
from learn_support import bare_db, bare_template  # noqa: F401

from liangsaibi.intake.imports import import_files
from liangsaibi.intake.sheets import ImportRefused
from liangsaibi.store import store

HEADERS = {
    "highlights": ("季度,街道,村(社区),标题,做法,指标,标签", "quarter,street,unit,title,description,theme,tags"),
    "problems": (
        "季度,街道,村(社区),问题,整改措施,整改时限,完成日期",
        "quarter,street,unit,problem,action,due_quarter,completed_on",
    ),
    "visits": ("日期,观摩方,被观摩村(社区),被观摩街道,类型,备注", "date,visitor,unit,street,kind,note"),
}
BODIES = {
    "highlights": "2021Q4,建设路街道,计划路社区,一核多元融合共治,社区党委为主导,集中攻坚,无主管楼院、基层治理\n"
    "2021年第四季度,桐柏路街道,城开社区,三个圈,5分钟党建圈,,\"党建圈,养老圈\"\n",
    "problems": "2021Q4,汝河路街道,桐淮社区,阵地面积不足,调整用房,2022Q2,2022-03-01\n"
    "2021Q4,须水街道,白寨村,台账不全,,2021Q4,\n",
    "visits": "2021-12-16,航海西路街道,平安街社区,桐柏路街道,,学习阵地建设\n"
    "2021年12月15日,汝河路街道,汝河小区社区,汝河路街道,,\n",
}
STORED = {
    "highlights": (
        "select quarter, street, unit, title, description, theme, tags from highlight order by all",
        [
            (
                "2021Q4",
                "建设路街道",
                "计划路社区",
                "一核多元融合共治",
                "社区党委为主导",
                "集中攻坚",
                "无主管楼院、基层治理",
            ),
            ("2021Q4", "桐柏路街道", "城开社区", "三个圈", "5分钟党建圈", None, "党建圈、养老圈"),
        ],
    ),
    "problems": (
        "select quarter, street, unit, problem, action, due_quarter, completed_on from problem order by all",
        [
            ("2021Q4", "汝河路街道", "桐淮社区", "阵地面积不足", "调整用房", "2022Q2", datetime.date(2022, 3, 1)),
            ("2021Q4", "须水街道", "白寨村", "台账不全", None, "2021Q4", None),
        ],
    ),
    # An empty 类型 is derived: another street's visit is 跨街道学习, the street's own is 本街道观摩.
    "visits": (
        "select visited_on, visitor, street, unit, kind, note from visit order by all",
        [
            (datetime.date(2021, 12, 15), "汝河路街道", "汝河路街道", "汝河小区社区", "本街道观摩", None),
            (datetime.date(2021, 12, 16), "航海西路街道", "桐柏路街道", "平安街社区", "跨街道学习", "学习阵地建设"),
        ],
    ),
}


def _import(path, *files):
    return import_files(list(files), path, today=TODAY, operator="测试")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
@pytest.mark.parametrize("language", [0, 1], ids=["chinese", "english"])
@pytest.mark.parametrize("kind", list(HEADERS))
def test_each_sheet_of_the_tour_stores_exactly_its_rows(bare_db, kind, language, encoding):
    _import(bare_db, (f"{kind}.csv", csv_file(HEADERS[kind][language] + "\n" + BODIES[kind], encoding)))
    sql, expected = STORED[kind]
    assert query(bare_db, sql) == expected


@pytest.mark.parametrize("kind", list(HEADERS))
def test_each_sheet_of_the_tour_is_read_from_a_workbook_too(bare_db, kind):
    rows = [line.split(",") for line in BODIES[kind].replace('"党建圈,养老圈"', "党建圈、养老圈").splitlines()]
    _import(bare_db, (f"{kind}.xlsx", xlsx_file({"本季度": [HEADERS[kind][0].split(","), *rows]})))
    sql, expected = STORED[kind]
    assert query(bare_db, sql) == expected


def test_long_texts_keep_their_line_breaks_and_inner_spaces(bare_db):
    practice = "第一步：建立楼院党小组；\n第二步：  居民议事。\r\n第三步：" + "办" * 1971
    assert len(practice.replace("\r\n", "\n")) == 2000
    book = xlsx_file(
        {
            "亮点": [
                HEADERS["highlights"][0].split(","),
                ["2021Q4", "建设路街道", "计划路社区", " 一核 多元 ", practice, "", "无主管楼院，基层治理；楼院"],
            ]
        }
    )
    _import(bare_db, ("亮点.xlsx", book))
    assert query(bare_db, "select title, description, tags from highlight") == [
        ("一核 多元", practice.replace("\r\n", "\n"), "无主管楼院、基层治理、楼院")
    ]


def test_a_problem_completed_before_its_due_quarter_is_kept_with_its_date(bare_db):
    _import(
        bare_db,
        (
            "问题.csv",
            csv_file(HEADERS["problems"][0] + "\n2022Q1,须水街道,付庄村,路灯不亮,更换路灯,2022Q4,2022-02-01\n"),
        ),
    )
    assert query(bare_db, "select due_quarter, completed_on from problem") == [("2022Q4", datetime.date(2022, 2, 1))]


def test_a_corrected_sheet_replaces_the_units_quarter_and_leaves_other_units_alone(bare_db):
    header = HEADERS["highlights"][0] + "\n"
    _import(bare_db, ("一.csv", csv_file(header + BODIES["highlights"])))
    _import(bare_db, ("二.csv", csv_file(header + "2021Q4,建设路街道,计划路社区,楼院议事会,每月议事,,\n")))
    assert query(bare_db, "select unit, title from highlight order by all") == [
        ("城开社区", "三个圈"),
        ("计划路社区", "楼院议事会"),
    ]


def test_undoing_each_sheet_gives_back_exactly_the_tables_before(bare_db):
    before = tables(bare_db)
    plan, _ = _import(bare_db, *[(f"{kind}.csv", csv_file(HEADERS[kind][0] + "\n" + BODIES[kind])) for kind in HEADERS])
    middle = tables(bare_db)
    replacing, _ = _import(
        bare_db, ("再次.csv", csv_file(HEADERS["highlights"][0] + "\n2021Q4,建设路街道,计划路社区,新,新做法,,\n"))
    )
    store.undo(replacing.import_ids[0], bare_db, operator="测试")
    assert tables(bare_db) == middle
    for import_id in reversed(plan.import_ids):
        store.undo(import_id, bare_db, operator="测试")
    assert tables(bare_db) == before


def _refused(path, name: str, text: str) -> list[str]:
    before = sha256(path)
    with pytest.raises(ImportRefused) as refused:
        _import(path, (name, csv_file(text)))
    assert sha256(path) == before  # not a byte written
    return [str(problem) for problem in refused.value.problems]


# id, kind, the bad data row (file row 2), the one message expected
REFUSALS = [
    (
        "visit-to-a-unit-not-on-the-list",
        "visits",
        "2021-12-16,航海西路街道,平安街社,桐柏路街道,,",
        "文件「坏.csv」第 2 行「被观摩村(社区)」列的值「平安街社」不在桐柏路街道的村(社区)名单中（共 1 行）。"
        "是不是「平安街社区」？请更正名称；确属新增的村(社区)，请先导入名单。",
    ),
    (
        "visitor-a-misspelt-street",
        "visits",
        "2021-12-16,航海西路街,平安街社区,桐柏路街道,,",
        "文件「坏.csv」第 2 行「观摩方」列的值「航海西路街」像是街道名，但不在街道名单中（共 1 行）。"
        "是不是「航海西路街道」？请更正名称；若是观摩团等其他观摩方，请写明全称（不以“街道”结尾）。",
    ),
    (
        "visit-kind-unknown",
        "visits",
        "2021-12-16,航海西路街道,平安街社区,桐柏路街道,参观,",
        "文件「坏.csv」第 2 行「类型」列的值「参观」不是「本街道观摩」或「跨街道学习」。"
        "请填写其中之一，或留空（观摩方就是被观摩街道时为本街道观摩，否则为跨街道学习）。",
    ),
    (
        "own-street-called-cross-street",
        "visits",
        "2021-12-16,桐柏路街道,平安街社区,桐柏路街道,跨街道学习,",
        "文件「坏.csv」第 2 行「类型」列的值「跨街道学习」与观摩方不符：观摩方就是被观摩街道。本街道内的观摩请填「本街道观摩」或留空。",
    ),
    (
        "visit-date-empty",
        "visits",
        ",航海西路街道,平安街社区,桐柏路街道,,",
        "文件「坏.csv」第 2 行「日期」列的值「」为空。此列必填，请补上。",
    ),
    (
        "completed-before-the-quarter-raised",
        "problems",
        "2021Q4,须水街道,付庄村,路灯不亮,更换,2022Q1,2021-09-30",
        "文件「坏.csv」第 2 行「完成日期」列的值「2021-09-30」早于提出问题的季度（问题还没提出就已整改）。请核对完成日期和「季度」。",
    ),
    (
        "due-before-the-quarter-raised",
        "problems",
        "2021Q4,须水街道,付庄村,路灯不亮,更换,2021Q3,",
        "文件「坏.csv」第 2 行「整改时限」列的值「2021Q3」早于提出问题的季度。整改时限应是提出问题的季度或以后的季度。",
    ),
    (
        "problem-unit-not-on-the-list",
        "problems",
        "2021Q4,须水街道,付庄,路灯不亮,更换,2022Q1,",
        "文件「坏.csv」第 2 行「村(社区)」列的值「付庄」不在须水街道的村(社区)名单中（共 1 行）。"
        "是不是「付庄村」？请更正名称；确属新增的村(社区)，请先导入名单。",
    ),
    (
        "highlight-practice-too-long",
        "highlights",
        "2021Q4,建设路街道,计划路社区,长文," + "办" * 2001 + ",,",
        "文件「坏.csv」第 2 行「做法」列的值「"
        + "办" * 30
        + "…（共 2001 字）」超过 2000 字。请精简到 2000 字以内，或分成几条。",
    ),
    (
        "highlight-title-empty",
        "highlights",
        "2021Q4,建设路街道,计划路社区,,做法,,",
        "文件「坏.csv」第 2 行「标题」列的值「」为空。此列必填，请补上。",
    ),
]


@pytest.mark.parametrize("kind, row, message", [case[1:] for case in REFUSALS], ids=[case[0] for case in REFUSALS])
def test_a_bad_cell_is_named_in_chinese_and_nothing_is_written(bare_db, kind, row, message):
    assert _refused(bare_db, "坏.csv", HEADERS[kind][0] + "\n" + row + "\n") == [message]


def test_among_many_visits_each_visitor_like_a_street_but_not_on_the_list_is_named_once_with_its_rows(bare_db):
    # Rows 2–7: a group is welcome (not a street's name), a street on the list too; 白云街道 (ends in 街道, and shares
    # only that with 须水街道: no did-you-mean) and 须水街 (one character short of 须水街道) are not on the list, each
    # named at its first row with its count.
    rows = [
        "2021-12-16,区委组织部观摩团,平安街社区,桐柏路街道,,",
        "2021-12-16,白云街道,平安街社区,桐柏路街道,,",
        "2021-12-16,须水街,平安街社区,桐柏路街道,,",
        "2021-12-16,航海西路街道,平安街社区,桐柏路街道,,",
        "2021-12-17,白云街道,城开社区,桐柏路街道,,",
        "2021-12-17,须水街,城开社区,桐柏路街道,,",
    ]
    assert _refused(bare_db, "坏.csv", HEADERS["visits"][0] + "\n" + "\n".join(rows) + "\n") == [
        "文件「坏.csv」第 3 行「观摩方」列的值「白云街道」像是街道名，但不在街道名单中（共 2 行）。"
        "请更正名称；若是观摩团等其他观摩方，请写明全称（不以“街道”结尾）。",
        "文件「坏.csv」第 4 行「观摩方」列的值「须水街」像是街道名，但不在街道名单中（共 2 行）。"
        "是不是「须水街道」？请更正名称；若是观摩团等其他观摩方，请写明全称（不以“街道”结尾）。",
    ]
    _import(bare_db, ("好.csv", csv_file(HEADERS["visits"][0] + "\n" + "\n".join(rows[:1] + rows[3:4]) + "\n")))
    assert query(bare_db, "select visitor from visit order by visitor") == [("区委组织部观摩团",), ("航海西路街道",)]


def test_a_sheet_missing_a_column_names_it_as_the_sheet_would(bare_db):
    assert _refused(
        bare_db, "坏.csv", "季度,街道,村(社区),标题,指标\n2021Q4,建设路街道,计划路社区,一核多元,集中攻坚\n"
    ) == ["文件「坏.csv」第 1 行看起来是亮点做法，但缺少必需的列：做法。请按模板补齐表头。"]
