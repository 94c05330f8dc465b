"""A small district for the 年度评定 tests, its totals chosen so that every annual figure can be worked by hand.

Rubric (2025 and 2026): 党建引领 and 创新举措, weight 50 each, 满分 10: a unit's total is 5 × (a + b).
2026, quarter totals (— no score; ½ only 党建引领 scored, so incomplete in that quarter):

            Q1   Q2    Q3   Q4
    甲1     80   90    70   85
    甲2     90   90    90   90
    乙1     85   80    80   80
    乙2     85   90½   90   90
    丙1     75   70   100    —

Street totals (rule 3): Q1 甲 85, 乙 85, 丙 75 (甲 and 乙 tied first); Q2 甲 90, 乙 85, 丙 70; Q3 甲 80, 乙 85,
丙 100; Q4 甲 87.5, 乙 85. 2025 has Q4 only: 甲1 80, 甲2 90, 乙1 70, 乙2 90, 丙1 50.
"""

import datetime

import pytest
from publish_support import csv

from liangsaibi.intake.imports import import_files
from liangsaibi.publish import states
from liangsaibi.store import db
from liangsaibi.store.build import build_database

UNITS = {"甲街道": ["甲1社区", "甲2社区"], "乙街道": ["乙1社区", "乙2社区"], "丙街道": ["丙1社区"]}
# (a, b) per unit and quarter; b None: only 党建引领 scored.
MARKS_2026 = {
    "2026Q1": {"甲1社区": (8, 8), "甲2社区": (9, 9), "乙1社区": (8, 9), "乙2社区": (9, 8), "丙1社区": (7, 8)},
    "2026Q2": {"甲1社区": (9, 9), "甲2社区": (9, 9), "乙1社区": (8, 8), "乙2社区": (9, None), "丙1社区": (7, 7)},
    "2026Q3": {"甲1社区": (7, 7), "甲2社区": (9, 9), "乙1社区": (8, 8), "乙2社区": (9, 9), "丙1社区": (10, 10)},
    "2026Q4": {"甲1社区": (8, 9), "甲2社区": (9, 9), "乙1社区": (8, 8), "乙2社区": (9, 9)},
}
MARKS_2025 = {"2025Q4": {"甲1社区": (8, 8), "甲2社区": (9, 9), "乙1社区": (7, 7), "乙2社区": (9, 9), "丙1社区": (5, 5)}}
STREET_OF = {unit: street for street, units in UNITS.items() for unit in units}


def score_sheet(marks: dict[str, dict[str, tuple]]) -> bytes:
    rows = [
        f"{quarter},{STREET_OF[unit]},{unit},{theme},张三,{score}"
        for quarter, units in marks.items()
        for unit, pair in units.items()
        for theme, score in zip(("党建引领", "创新举措"), pair)
        if score is not None
    ]
    return csv("季度,街道,村(社区),指标,评分人,得分", rows)


def bring(path, *files) -> None:
    import_files(list(files), path, today=datetime.date(2026, 12, 20), operator="测试")


def publish(path, *quarters: str) -> None:
    for quarter in quarters:
        states.change(quarter, True, path, operator="测试")


@pytest.fixture
def small_year(tmp_path, monkeypatch):
    """The district above with 2026's four quarters scored and published (no 2025 yet), named by LIANGSAIBI_DB."""
    path = tmp_path / "annual.duckdb"
    build_database(path, empty=True, district="测试区")
    rubric = [f"{year},{theme},50,10," for year in (2025, 2026) for theme in ("党建引领", "创新举措")]
    bring(
        path,
        ("units.csv", csv("街道,村(社区),类型", [f"{s},{u},社区" for s, units in UNITS.items() for u in units])),
        ("rubric.csv", csv("年度,指标,权重,满分,说明", rubric)),
        ("scores.csv", score_sheet(MARKS_2026)),
    )
    publish(path, "2026Q1", "2026Q2", "2026Q3", "2026Q4")
    monkeypatch.setenv("LIANGSAIBI_DB", str(path))
    yield path
    db.close_all()


def add_2025(path) -> None:
    """2025Q4 scored and published: the year before, for the 进步奖."""
    bring(path, ("scores2025.csv", score_sheet(MARKS_2025)))
    publish(path, "2025Q4")
