"""Every refusal of docs/导入格式.md: a Chinese message naming file, row, column and value, and nothing written."""

import pytest
from import_support import TODAY, csv_file, sha256, xlsx_file

from liangsaibi.intake import imports
from liangsaibi.intake.imports import import_files
from liangsaibi.intake.sheets import ImportRefused

HEADER = "季度,街道,村(社区),指标,评分人,得分\n"
GOOD = "2026Q4,建设路街道,省五建社区,创新举措,评分人1,8\n"


def _scores(bad_row: str) -> bytes:
    """A score sheet whose second data row (file row 3) is the bad one."""
    return csv_file(HEADER + GOOD + bad_row + "\n")


# id, file name, bytes, (sheet, row, column, value), what the message says, what it suggests
CELL_CASES = [
    (
        "unknown-street",
        "评分.csv",
        _scores("2026Q4,建设路街到,省五建社区,党建引领,评分人1,18"),
        ("", 3, "街道", "建设路街到"),
        "不在街道名单中（共 1 行）",
        "是不是「建设路街道」？",
    ),
    (
        "unknown-unit-typo",
        "评分.csv",
        _scores("2026Q4,建设路街道,省五建社,党建引领,评分人1,18"),
        ("", 3, "村(社区)", "省五建社"),
        "不在建设路街道的村(社区)名单中（共 1 行）",
        "是不是「省五建社区」？",
    ),
    (
        "score-below-0",
        "评分.csv",
        _scores("2026Q4,建设路街道,省五建社区,党建引领,评分人1,-0.5"),
        ("", 3, "得分", "-0.5"),
        "超出 0–20 的范围",
        "「党建引领」满分 20",
    ),
    (
        "score-above-max",
        "评分.csv",
        _scores("2026Q4,建设路街道,省五建社区,党建引领,评分人1,20.5"),
        ("", 3, "得分", "20.5"),
        "超出 0–20 的范围",
        "「党建引领」满分 20",
    ),
    (
        "wide-score-above-max",
        "宽表.csv",
        csv_file(
            "季度,街道,村(社区),评分人,党建引领,创新举措\n2026Q4,须水街道,付庄村,甲,18,10\n"
            "2026Q4,须水街道,付庄村,乙,18,11\n"
        ),
        ("", 3, "创新举措", "11"),
        "超出 0–10 的范围",
        "「创新举措」满分 10",
    ),
    (
        "theme-not-in-years-rubric",
        "评分.csv",
        _scores("2023Q2,建设路街道,省五建社区,无疫创建,评分人1,8"),
        ("", 3, "指标", "无疫创建"),
        "不在 2023 年的评分细则中（共 1 行）",
        "该年的指标为：党建引领、",
    ),
    (
        "unreadable-quarter",
        "评分.csv",
        _scores("2026Q5,建设路街道,省五建社区,党建引领,评分人1,18"),
        ("", 3, "季度", "2026Q5"),
        "不是可识别的季度",
        "请写成 2021Q4",
    ),
    (
        "quarter-without-its-mark",
        "评分.csv",
        _scores("20264,建设路街道,省五建社区,党建引领,评分人1,18"),
        ("", 3, "季度", "20264"),
        "不是可识别的季度",
        "请写成 2021Q4",
    ),
    (
        "future-quarter",
        "评分.csv",
        _scores("2027年第一季度,建设路街道,省五建社区,党建引领,评分人1,18"),
        ("", 3, "季度", "2027年第一季度"),
        "是未来的季度（今天是 2026-11-26）",
        "请检查年份和季度",
    ),
    (
        "score-not-a-number",
        "评分.csv",
        _scores("2026Q4,建设路街道,省五建社区,党建引领,评分人1,十八"),
        ("", 3, "得分", "十八"),
        "不是数字",
        "请填写数字",
    ),
    (
        "required-cell-empty",
        "评分.csv",
        _scores("2026Q4,,省五建社区,党建引领,评分人1,18"),
        ("", 3, "街道", ""),
        "为空",
        "此列必填",
    ),
    (
        "same-key-different-scores",
        "评分.csv",
        _scores("2026Q4,建设路街道,省五建社区,创新举措,评分人1,9"),
        ("", 2, "评分人", "2026Q4 建设路街道 省五建社区 创新举措 评分人1"),
        "在同一文件中出现 2 次且内容不同",
        "请只保留正确的一行",
    ),
    (
        "completed-in-the-future",
        "承诺.csv",
        csv_file("年度,街道,村(社区),承诺事项,承诺时限,完成日期\n2026,须水街道,付庄村,修路,2026Q4,2026-12-01\n"),
        ("", 2, "完成日期", "2026-12-01"),
        "晚于今天",
        "完成日期不能是将来的日子",
    ),
    (
        "due-outside-the-year",
        "承诺.csv",
        csv_file("年度,街道,村(社区),承诺事项,承诺时限,完成日期\n2026,须水街道,付庄村,修路,2025Q4,\n"),
        ("", 2, "承诺时限", "2025Q4"),
        "不在承诺的年度内",
        "承诺时限应是当年的某个季度",
    ),
    (
        "unit-kind-unknown",
        "名单.csv",
        csv_file("街道,村(社区),类型\n须水街道,新庄村,小区\n"),
        ("", 2, "类型", "小区"),
        "不是「村」或「社区」",
        "请填写 村 或 社区",
    ),
    (
        "rubric-weights-not-100",
        "细则.csv",
        csv_file("年度,指标,权重,满分\n2027,党建引领,60,20\n2027,创新举措,30,10\n"),
        ("", 2, "权重", "90"),
        "2027 年各指标权重之和为 90，不是 100",
        "请调整权重使其合计为 100",
    ),
    (
        "xlsx-sheet-is-named",
        "评分.xlsx",
        xlsx_file(
            {
                "说明": [["说明"]],
                "三季度": [
                    [None],
                    HEADER.strip().split(","),
                    GOOD.strip().split(","),
                    ["2026Q4", "须水街道", "付庄村", "党建引领", "评分人1", "25"],
                ],
            }
        ),
        ("三季度", 4, "得分", "25"),
        "超出 0–20 的范围",
        "「党建引领」满分 20",
    ),
]


@pytest.mark.parametrize(
    "name, data, where, what, fix", [case[1:] for case in CELL_CASES], ids=[case[0] for case in CELL_CASES]
)
def test_a_bad_cell_is_refused_naming_file_row_column_and_value_and_nothing_is_written(
    demo_db, name, data, where, what, fix
):
    before = sha256(demo_db)
    with pytest.raises(ImportRefused) as refused:
        import_files([(name, data)], demo_db, today=TODAY, operator="测试")
    [problem] = refused.value.problems
    sheet, row, column, value = where
    assert (problem.file, problem.sheet, problem.row, problem.column, problem.value) == (
        name,
        sheet,
        row,
        column,
        value,
    )
    assert what in problem.what and fix in problem.fix
    sheet_text = f"工作表「{sheet}」" if sheet else ""
    assert str(problem).startswith(f"文件「{name}」{sheet_text}第 {row} 行「{column}」列的值「{value}」")
    assert sha256(demo_db) == before


# id, file name, bytes, row (None: the whole file), what the message says
FILE_CASES = [
    (
        "missing-required-column",
        "评分.csv",
        csv_file("标题\n季度,街道,村(社区),指标,评分人\n2026Q4,须水街道,付庄村,党建引领,评分人1\n"),
        2,
        "看起来是评分表，但缺少必需的列：得分",
    ),
    ("empty-file", "评分.csv", b"", None, "是空的"),
    ("only-spaces-and-bom", "评分.csv", "\ufeff \n\n".encode("utf-8"), None, "是空的"),
    ("header-without-rows", "评分.csv", csv_file(HEADER + ",,,,,\n"), 1, "只有表头，没有数据行"),
    ("empty-workbook", "评分.xlsx", xlsx_file({"Sheet1": [[]]}), None, "是空的"),
    ("header-unrecognised", "评分.csv", csv_file("名称,数值\n甲,1\n"), None, "的表头无法识别"),
    ("word-document", "评分.docx", b"PK\x03\x04 not really", None, "既不是 CSV 也不是 XLSX"),
    ("old-excel-extension", "评分.xls", b"\xd0\xcf\x11\xe0 old excel", None, "既不是 CSV 也不是 XLSX"),
    ("csv-named-xlsx", "评分.xlsx", csv_file(HEADER + GOOD), None, "不是可读取的 XLSX 文件"),
    (
        "truncated-xlsx",
        "评分.xlsx",
        xlsx_file({"Sheet1": [HEADER.strip().split(",")]})[:300],
        None,
        "不是可读取的 XLSX 文件",
    ),
    ("utf-16-text", "评分.csv", (HEADER + GOOD).encode("utf-16"), None, "编码无法识别"),
    (
        "unpaired-quote-in-a-big-file",
        "评分.csv",
        csv_file(HEADER + '2026Q4,须水街道,"付庄村,党建引领,评分人1,18\n' + GOOD * 6000),
        None,
        "可能有未配对的英文引号",
    ),
]


@pytest.mark.parametrize(
    "name, data, row, what", [case[1:] for case in FILE_CASES], ids=[case[0] for case in FILE_CASES]
)
def test_a_file_that_cannot_be_read_is_refused_naming_it_and_nothing_is_written(demo_db, name, data, row, what):
    before = sha256(demo_db)
    with pytest.raises(ImportRefused) as refused:
        import_files([(name, data)], demo_db, today=TODAY, operator="测试")
    [problem] = refused.value.problems
    assert problem.file == name and problem.row == row and what in problem.what and problem.fix
    assert str(problem).startswith(f"文件「{name}」" + (f"第 {row} 行" if row else "")) and what in str(problem)
    assert sha256(demo_db) == before


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(demo_db, monkeypatch):
    monkeypatch.setattr(imports, "MAX_FILE_BYTES", 1000)
    before = sha256(demo_db)
    with pytest.raises(ImportRefused) as refused:
        import_files(
            [("大.csv", csv_file(HEADER + GOOD * 20)), ("小.csv", csv_file(HEADER + GOOD))],
            demo_db,
            today=TODAY,
            operator="测试",
        )
    [problem] = refused.value.problems
    assert problem.file == "大.csv" and "上限" in problem.what and "拆成几个文件" in problem.fix
    assert sha256(demo_db) == before


def test_every_problem_of_every_file_is_listed_at_once(demo_db):
    first = _scores("2026Q4,建设路街道,省五建社,党建引领,评分人1,18\n2026Q4,建设路街道,省五建社区,党建引领,评分人2,99")
    second = csv_file("年度,指标,权重,满分\n2027,党建引领,60,20\n")
    with pytest.raises(ImportRefused) as refused:
        import_files([("一.csv", first), ("二.csv", second), ("三.txt", b"x")], demo_db, today=TODAY, operator="测试")
    assert [(p.file, p.row, p.column) for p in refused.value.problems] == [
        ("一.csv", 3, "村(社区)"),
        ("一.csv", 4, "得分"),
        ("三.txt", None, ""),
        ("二.csv", 2, "权重"),
    ]
    assert all(f"文件「{p.file}」" in str(exception) for p in refused.value.problems for exception in [refused.value])


def test_rows_left_out_of_the_later_checks_do_not_shift_the_rows_those_checks_name(demo_db):
    # By hand: file rows 2 and 3 are the same row (kept once), row 4 has no number, row 5 names an unknown unit,
    # row 6 scores 21 of 20, row 7 names a theme outside the rubric. In the wide sheet, rows 2 and 3 repeat, row 4
    # has no number under 党建引领 and row 5 scores 11 of 10 under 创新举措.
    long = csv_file(
        HEADER + GOOD + GOOD + "2026Q4,建设路街道,省五建社区,党建引领,评分人1,十八\n"
        "2026Q4,建设路街道,省五建社,党建引领,评分人1,18\n2026Q4,建设路街道,省五建社区,党建引领,评分人2,21\n"
        "2026Q4,建设路街道,省五建社区,无疫创建,评分人1,8\n"
    )
    wide = csv_file(
        "季度,街道,村(社区),评分人,党建引领,创新举措\n"
        + "2026Q4,须水街道,付庄村,甲,18,10\n" * 2
        + "2026Q4,须水街道,付庄村,乙,十八,10\n2026Q4,须水街道,付庄村,丙,18,11\n"
    )
    with pytest.raises(ImportRefused) as refused:
        import_files([("长表.csv", long), ("宽表.csv", wide)], demo_db, today=TODAY, operator="测试")
    assert [(p.file, p.row, p.column, p.value) for p in refused.value.problems] == [
        ("宽表.csv", 4, "党建引领", "十八"),
        ("宽表.csv", 5, "创新举措", "11"),
        ("长表.csv", 4, "得分", "十八"),
        ("长表.csv", 5, "村(社区)", "省五建社"),
        ("长表.csv", 6, "得分", "21"),
        ("长表.csv", 7, "指标", "无疫创建"),
    ]


def test_a_unit_typo_is_accepted_only_as_a_new_unit_when_adding_units_is_asked_for(demo_db):
    data = _scores("2026Q4,须水街道,新庄村,党建引领,评分人1,18")
    with pytest.raises(ImportRefused, match="不在须水街道的村\\(社区\\)名单中"):
        import_files([("评分.csv", data)], demo_db, today=TODAY, operator="测试")
    plan, _ = import_files([("评分.csv", data)], demo_db, add_units=True, today=TODAY, operator="测试")
    assert plan.new_units.to_numpy().tolist() == [["须水街道", "新庄村", "村"]]


def test_adding_units_never_adds_a_misspelt_street(demo_db):
    # 须水街到 is a slip for 须水街道: asked to add new units, the import still refuses the street, names its cell
    # and the known one, and writes nothing, not even the next row's genuinely new unit of 须水街道.
    data = _scores("2026Q4,须水街到,新庄村,党建引领,评分人1,18\n2026Q4,须水街道,新庄村,党建引领,评分人1,18")
    before = sha256(demo_db)
    with pytest.raises(ImportRefused) as refused:
        import_files([("评分.csv", data)], demo_db, add_units=True, today=TODAY, operator="测试")
    [problem] = refused.value.problems
    assert (problem.row, problem.column, problem.value) == (3, "街道", "须水街到")
    assert "不在街道名单中" in problem.what and "是不是「须水街道」" in problem.fix and "--add-units" not in problem.fix
    assert sha256(demo_db) == before


def test_the_problem_table_the_page_shows_has_the_row_as_a_number_and_a_blank_where_the_whole_file_is_wrong(demo_db):
    scores = _scores("2026Q4,建设路街道,省五建社区,党建引领,评分人2,99")
    checked, _, _ = imports.check_files([("一.csv", scores), ("三.txt", b"x")], demo_db, today=TODAY)
    table = checked.problem_table()
    assert table[["文件", "行"]].values.tolist() == [
        ["一.csv", "3"],
        ["三.txt", ""],
    ]  # the header is row 1, a good row 2
    assert not table.isna().any().any()  # Streamlit shows a missing cell as "None"
