"""The import path the demo data goes through: header recognition, clean-up, clear refusals."""

import datetime

import duckdb
import pytest

from liangsaibi.intake.imports import import_files
from liangsaibi.intake.sheets import ImportRefused, read_sheets
from liangsaibi.store import db
from liangsaibi.store.build import SAMPLE
from liangsaibi.store.quarters import parse_quarter, previous_quarter


@pytest.mark.parametrize(
    "written, quarter",
    [
        ("2021Q4", "2021Q4"),
        ("2021-Q4", "2021Q4"),
        ("2021 Q4", "2021Q4"),
        ("2021年第四季度", "2021Q4"),
        ("2021年四季度", "2021Q4"),
        ("2021年第4季度", "2021Q4"),
        ("２０２１Ｑ１", "2021Q1"),
        (" 2022q2 ", "2022Q2"),
        ("2021年4季度", "2021Q4"),
        ("2021 年 第 4 季", "2021Q4"),
        ("2021Q5", None),
        ("21Q4", None),
        ("2021年第五季度", None),
        ("", None),
        ("第四季度", None),
        ("20214", None),
        ("2021-4", None),
        ("2021 4", None),
        ("2021年4月", None),
        ("2021年第4", None),
    ],
)
def test_quarters_are_read_as_people_write_them(written, quarter):
    assert parse_quarter(written) == quarter


@pytest.mark.parametrize("quarter, previous", [("2022Q1", "2021Q4"), ("2021Q4", "2021Q3"), ("2021Q2", "2021Q1")])
def test_the_previous_quarter_crosses_the_year_boundary(quarter, previous):
    assert previous_quarter(quarter) == previous


@pytest.mark.parametrize(
    "header, kind",
    [
        ("季度,街道,村(社区),指标,评分人,得分", "scores"),
        ("quarter,street,unit,theme,rater,score", "scores"),
        ("季度,街道,村（社区）,指标,分数", "scores"),
        ("季度,街道,社区,评分人,党建引领,创新举措", "scores_wide"),
        ("年度,街道,村(社区),承诺事项,指标,承诺时限,完成日期,备注", "commitments"),
        ("街道,村(社区),类型", "units"),
        ("year,theme,weight,max_score,description", "rubric"),
    ],
)
def test_the_kind_of_file_is_recognised_from_its_header(header, kind):
    assert read_sheets("表.csv", (header + "\n").encode("utf-8"))[0].kind == kind


def test_a_gbk_file_with_a_title_row_above_the_header_is_read():
    text = "2021年第四季度评分表\n季度,街道,村(社区),指标,得分\n2021Q4,建设路街道,省五建社区,党建引领,18\n"
    sheet = read_sheets("评分.csv", text.encode("gbk"))[0]
    assert sheet.header_row == 2 and sheet.rows.iloc[0]["unit"] == "省五建社区"


def test_a_file_whose_header_cannot_be_mapped_is_refused_naming_the_file():
    with pytest.raises(ImportRefused, match="文件「乱码.csv」的表头无法识别"):
        read_sheets("乱码.csv", "名称,数值\n甲,1\n".encode())


def test_a_file_missing_a_required_column_is_refused_naming_the_column():
    with pytest.raises(ImportRefused, match="缺少必需的列：得分"):
        read_sheets("评分.csv", "季度,街道,村(社区),指标\n".encode())


def test_a_file_that_is_neither_csv_nor_xlsx_is_refused():
    with pytest.raises(ImportRefused, match="既不是 CSV 也不是 XLSX"):
        read_sheets("评分.docx", b"...")


@pytest.fixture
def demo_store(tmp_path):
    path = tmp_path / "store.duckdb"
    with db.write(path) as connection:
        db.create_schema(connection)
    import_files([(name, (SAMPLE / name).read_bytes()) for name in ("units.csv", "rubric.csv")], path, operator="测试")
    yield path
    db.close_all()


def _score_count(path):
    with duckdb.connect(str(path), read_only=True) as connection:
        return connection.execute("select count(*) from score").fetchone()[0]


@pytest.mark.parametrize(
    "row, message",
    [
        (
            "2021Q4,建设路街道,不存在社区,党建引领,评分人1,18",
            "第 3 行「村(社区)」列的值「不存在社区」不在建设路街道的村(社区)名单中",
        ),
        ("2021Q4,建设路街道,省五建社区,党建引领,评分人1,21", "第 3 行「得分」列的值「21」超出 0–20 的范围"),
        (
            "2023Q1,建设路街道,省五建社区,无疫创建,评分人1,8",
            "第 3 行「指标」列的值「无疫创建」不在 2023 年的评分细则中",
        ),
        ("2021第九季,建设路街道,省五建社区,党建引领,评分人1,18", "第 3 行「季度」列的值「2021第九季」不是可识别的季度"),
        ("2021Q4,建设路街道,省五建社区,党建引领,评分人1,十八", "第 3 行「得分」列的值「十八」不是数字"),
    ],
)
def test_a_bad_row_is_refused_with_file_row_column_and_value_and_nothing_is_written(demo_store, tmp_path, row, message):
    good = "2021Q4,建设路街道,省五建社区,创新举措,评分人1,8"
    file = tmp_path / "评分.csv"
    file.write_text(f"季度,街道,村(社区),指标,评分人,得分\n{good}\n{row}\n", encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        import_files([(file.name, file.read_bytes())], demo_store, operator="测试")
    assert any(message in str(problem) and "文件「评分.csv」" in str(problem) for problem in refused.value.problems)
    assert _score_count(demo_store) == 0


def test_full_width_brackets_and_stray_spaces_in_names_are_cleaned(demo_store, tmp_path):
    file = tmp_path / "评分.csv"
    file.write_text(
        "季度,街道,村（社区）,指标,得分\n2021年第四季度, 建设路街道 ,省五建 社区,党建引领,１８\n", encoding="utf-8-sig"
    )
    import_files([(file.name, file.read_bytes())], demo_store, operator="测试")
    with duckdb.connect(str(demo_store), read_only=True) as connection:
        assert connection.execute("select quarter, street, unit, score from score").fetchall() == [
            ("2021Q4", "建设路街道", "省五建社区", 18.0)
        ]


def test_scores_stay_unique_per_unit_theme_and_rater_when_sheets_overlap(demo_store, tmp_path):
    # The score table has no primary key (see schema.sql): the importer alone keeps the key unique.
    sheet = "季度,街道,村(社区),指标,评分人,得分\n2021Q4,建设路街道,省五建社区,党建引领,评分人1,{}\n"
    first, second = tmp_path / "一.csv", tmp_path / "二.csv"
    first.write_text(sheet.format(18), encoding="utf-8")
    second.write_text(sheet.format(17), encoding="utf-8")
    import_files([(first.name, first.read_bytes())], demo_store, operator="测试")
    import_files([(first.name, first.read_bytes()), (second.name, second.read_bytes())], demo_store, operator="测试")
    with duckdb.connect(str(demo_store), read_only=True) as connection:
        assert connection.execute("select score from score").fetchall() == [(17.0,)]  # the later file wins


def test_commitments_stay_unique_per_unit_and_title_and_name_known_units(demo_store, tmp_path):
    # The commitment table has no keys either (see schema.sql): the importer alone keeps them.
    sheet = "年度,街道,村(社区),承诺事项,承诺时限,完成日期\n2021,建设路街道,省五建社区,修缮党群活动室,2021Q4,{}\n"
    first, second = tmp_path / "一.csv", tmp_path / "二.csv"
    first.write_text(sheet.format(""), encoding="utf-8")
    second.write_text(sheet.format("2021-11-02"), encoding="utf-8")
    import_files([(first.name, first.read_bytes())], demo_store, operator="测试")
    import_files([(first.name, first.read_bytes()), (second.name, second.read_bytes())], demo_store, operator="测试")
    stranger = tmp_path / "三.csv"
    stranger.write_text(sheet.replace("省五建社区", "不存在社区").format(""), encoding="utf-8")
    with pytest.raises(ImportRefused, match="不存在社区"):
        import_files([(stranger.name, stranger.read_bytes())], demo_store, operator="测试")
    with duckdb.connect(str(demo_store), read_only=True) as connection:
        assert connection.execute("select title, completed_on from commitment").fetchall() == [
            ("修缮党群活动室", datetime.date(2021, 11, 2))
        ]  # the later file wins
