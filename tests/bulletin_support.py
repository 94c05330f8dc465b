"""Shared pieces of the bulletin tests: a hand-made district of one quarter, and reading a .docx back."""

import pytest
from docx import Document

from liangsaibi.intake.imports import import_files
from liangsaibi.publish import states
from liangsaibi.store import db
from liangsaibi.store.build import build_database

UNITS = "街道,村(社区),类型\n甲街道,一村,村\n甲街道,二村,村\n乙街道,三村,村\n乙街道,四村,村\n丙街道,五社区,社区\n丙街道,六社区,社区\n"
RUBRIC = "年度,指标,权重,满分,说明\n2021,党建引领,50,100,\n2021,工作成效,50,100,\n"
# Unit totals (equal weights): 一村 80, 二村 80, 三村 80, 四村 80, 五社区 70, 六社区 60 → district average 75.00.
# 甲 and 乙 both 80.00 (a tie for first), 丙 65.00 with both themes at 65.00 (every theme equal).
SCORES = {
    ("甲街道", "一村"): (90, 70),
    ("甲街道", "二村"): (80, 80),
    ("乙街道", "三村"): (70, 90),
    ("乙街道", "四村"): (80, 80),
    ("丙街道", "五社区"): (70, 70),
    ("丙街道", "六社区"): (60, 60),
}
COMMITMENTS = "年度,街道,村(社区),承诺事项,指标,承诺时限,完成日期,备注\n2021,甲街道,一村,修通村内主干道,工作成效,2021Q1,2021-02-01,\n"


def score_sheet() -> str:
    rows = [
        f"2021Q1,{street},{unit},{theme},评分人1,{score}"
        for (street, unit), scores in SCORES.items()
        for theme, score in zip(("党建引领", "工作成效"), scores)
    ]
    return "季度,街道,村(社区),指标,评分人,得分\n" + "\n".join(rows) + "\n"


@pytest.fixture
def small_district(tmp_path, monkeypatch):
    """Three streets, six units, one quarter (2021Q1, so no previous one), one commitment done in time."""
    path = tmp_path / "small.duckdb"
    build_database(path, empty=True, district="二七区")
    files = {"units.csv": UNITS, "rubric.csv": RUBRIC, "scores.csv": score_sheet(), "commitments.csv": COMMITMENTS}
    import_files([(name, text.encode("utf-8")) for name, text in files.items()], path, operator="测试")
    states.change("2021Q1", True, path, operator="测试")  # viewers' pages and the bulletin show published quarters
    monkeypatch.setenv("LIANGSAIBI_DB", str(path))
    db.close_all()
    yield path
    db.close_all()


def cells(table) -> list[list[str]]:
    """A .docx table's rows below its heading row, as text."""
    return [[cell.text for cell in row.cells] for row in table.rows[1:]]


def texts(document: Document) -> list[str]:
    """The document's non-empty paragraphs outside tables, in order."""
    return [paragraph.text for paragraph in document.paragraphs if paragraph.text.strip()]
