"""A small district for the 季度发布 tests: six streets of six units, a two-theme rubric, files to import.

Rubric 2026: 党建引领 and 创新举措, weight 50 each, 满分 10: a unit's total is (a + b) / 20 × 100 = 5 × (a + b).
"""

import datetime

import pytest

from liangsaibi.intake.imports import import_files
from liangsaibi.store import db
from liangsaibi.store.build import build_database

TODAY = datetime.date(2026, 12, 1)
STREETS = ["甲街道", "乙街道", "丙街道", "丁街道", "戊街道", "己街道"]
UNITS = {street: [f"{street[0]}{n}社区" for n in range(1, 7)] for street in STREETS}


def csv(header: str, rows: list[str]) -> bytes:
    return "\n".join([header, *rows]).encode("utf-8")


def score_file(quarter: str, marks: dict[tuple[str, str], tuple[float, float]], rater: str = "张三") -> bytes:
    """A long score sheet: (street, unit) → (党建引领, 创新举措), one rater."""
    return csv(
        "季度,街道,村(社区),指标,评分人,得分",
        [
            f"{quarter},{street},{unit},{theme},{rater},{score}"
            for (street, unit), pair in marks.items()
            for theme, score in zip(("党建引领", "创新举措"), pair)
        ],
    )


def everyone(pair: tuple[float, float]) -> dict[tuple[str, str], tuple[float, float]]:
    return {(street, unit): pair for street in STREETS for unit in UNITS[street]}


def bring(path, *files: tuple[str, bytes]) -> None:
    import_files(list(files), path, today=TODAY, operator="测试")


@pytest.fixture
def six_streets(tmp_path):
    """An empty district of 36 units with 2026's rubric; 2026Q3 scored 8 and 8 everywhere (80.00), not published."""
    path = tmp_path / "six.duckdb"
    build_database(path, empty=True, district="测试区")
    bring(
        path,
        ("units.csv", csv("街道,村(社区),类型", [f"{s},{u},社区" for s in STREETS for u in UNITS[s]])),
        ("rubric.csv", csv("年度,指标,权重,满分,说明", ["2026,党建引领,50,10,", "2026,创新举措,50,10,"])),
        ("q3.csv", score_file("2026Q3", everyone((8, 8)))),
    )
    yield path
    db.close_all()
