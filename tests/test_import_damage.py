"""Random damage to a valid score file: it is imported exactly as an independent reading of it says, or refused
with the database unchanged."""

import csv
import io
import re
import shutil
import tempfile
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, event, example, given, settings, strategies as st
from import_support import TODAY, query, sha256

from liangsaibi.intake.imports import import_files
from liangsaibi.intake.sheets import ImportRefused
from liangsaibi.store import db
from liangsaibi.store.build import SAMPLE

HEADER = ["季度", "街道", "村(社区)", "指标", "评分人", "得分"]
VALID = [HEADER] + [
    ["2026Q4", street, unit, theme, rater, score]
    for street, unit in [("建设路街道", "省五建社区"), ("须水街道", "付庄村")]
    for theme, score in [("党建引领", "18.5"), ("创新举措", "9")]
    for rater in ["评分人1", "评分人2"]
]
CELL_VALUES = [
    "",
    "省五建社",
    "建设路街到",
    "新庄村",
    "付庄村",
    "无疫创建",
    "党务知识",
    "-1",
    "21",
    "10.5",
    "1e1",
    "２０",
    " 18 ",
    "2027Q1",
    "2026Q5",
    "2026年第四季度",
    "2023Q4",
    "评分人1",
    "评分人3",
    "十八",
    "18,5",
    '"',
    "NaN",
    "inf",
    "0",
]


# The independent reading ----------------------------------------------------------------------------------------

NAMES = {"季度": "quarter", "街道": "street", "村(社区)": "unit", "指标": "theme", "评分人": "rater", "得分": "score"}
QUARTER = re.compile(r"(\d{4})\s*(?:[-\s]?\s*[Qq]\s*([1-4])|年\s*第?\s*([1-4一二三四])\s*季度)")
UNITS = set(
    map(tuple, pd.read_csv(SAMPLE / "units.csv", encoding="utf-8-sig")[["街道", "村(社区)"]].to_numpy().tolist())
)
RUBRIC = {
    (year, theme): top
    for year, theme, top in pd.read_csv(SAMPLE / "rubric.csv", encoding="utf-8-sig")[
        ["年度", "指标", "满分"]
    ].itertuples(index=False)
}


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean(cell: str) -> str:
    return "".join(unicodedata.normalize("NFKC", cell).split())


def _quarter(cell: str) -> str | None:
    match = QUARTER.fullmatch(unicodedata.normalize("NFKC", cell).strip())
    if not match:
        return None
    number = match.group(2) or match.group(3)
    return f"{match.group(1)}Q{'一二三四'.index(number) + 1 if number in '一二三四' else number}"


def _number(cell: str) -> float | None:
    try:
        value = float(cell)
    except ValueError:
        return None
    return value if value == value else None


def _decoded(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "gb18030"):  # GB18030 reads almost any bytes, so UTF-8 is tried first
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _table(text: str) -> tuple[dict[str, int], dict[str, int], list[list[str]]] | None:
    """Known columns, unknown (theme) columns and body rows under the first row naming two known columns."""
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error:
        return None
    headers = [i for i, row in enumerate(rows[:20]) if sum(_clean(cell).lower() in NAMES for cell in row) >= 2]
    if not headers:
        return None
    header = rows[headers[0]]
    known = {NAMES[_clean(cell)]: i for i, cell in enumerate(header) if _clean(cell) in NAMES}
    other = {_clean(cell): i for i, cell in enumerate(header) if _clean(cell) and _clean(cell) not in NAMES}
    body = rows[headers[0] + 1 :]
    if any(cell.strip() for row in body for cell in row[len(header) :]):
        return None  # a row with more filled cells than the header (18,5 in a CSV is two cells) is refused
    return known, other, [row + [""] * (len(header) - len(row)) for row in body]


def _long_rows(known, other, body) -> list[dict] | None:
    """One dict per score: a long sheet as it is, a wide one (no theme and score columns) one per filled theme cell."""
    wide = not {"theme", "score"} & set(known) and other
    used = list(known.values()) + (list(other.values()) if wide else [])
    body = [row for row in body if any(row[i].strip() for i in used)]
    if not wide:
        if not {"quarter", "street", "unit", "theme", "score"} <= set(known):
            return None
        return [{name: row[i] for name, i in known.items()} for row in body]
    return [
        {**{name: row[i] for name, i in known.items()}, "theme": theme, "score": row[i]}
        for row in body
        for theme, i in other.items()
        if row[i].strip()
    ]


def independent_reading(data: bytes) -> set[tuple] | None:
    """The score rows a correct importer stores for this file, or None when it must refuse it."""
    text = _decoded(data)
    table = _table(text) if text is not None else None
    cells = _long_rows(*table) if table else None
    if not cells:
        return None
    found, scores = set(), {}
    for cell in cells:
        if any(CONTROL.search(cell.get(name, "")) for name in ("street", "unit", "theme", "rater")):
            return None  # a control character (a NUL) in a text is refused; tab and line breaks may stand
        quarter, score = _quarter(cell["quarter"]), _number(_clean(cell["score"]))
        street, unit, theme = _clean(cell["street"]), _clean(cell["unit"]), _clean(cell["theme"])
        top = RUBRIC.get((int(quarter[:4]), theme)) if quarter else None
        if quarter is None or quarter > "2026Q4" or (street, unit) not in UNITS or top is None or score is None:
            return None
        key = (quarter, street, unit, theme, _clean(cell.get("rater", "")))
        if not 0 <= score <= top or scores.setdefault(key, score) != score:
            return None
        found.add((*key, score))
    raters = {row[4] for row in found}
    if "" in raters and len(raters) > 1:
        return None  # a sheet that names raters refuses a row without one (docs/导入格式.md)
    return found


# The damage -----------------------------------------------------------------------------------------------------

cells = st.tuples(st.integers(0, len(VALID) - 1), st.integers(0, len(HEADER) - 1))
damages = st.one_of(
    st.tuples(st.just("delete-cell"), cells),
    st.tuples(st.just("duplicate-row"), st.integers(1, len(VALID) - 1)),
    st.tuples(st.just("alter-cell"), cells, st.sampled_from(CELL_VALUES)),
    st.tuples(
        st.just("break-number"),
        st.integers(1, len(VALID) - 1),
        st.sampled_from(["{}.", "{}..5", "1８", "{}分", "{}e", "- {}"]),
    ),
    st.tuples(st.just("swap-columns"), st.integers(0, 5), st.integers(0, 5), st.booleans()),
    st.tuples(st.just("truncate"), st.floats(0.05, 0.999)),
    st.tuples(st.just("junk-bytes"), st.floats(0, 1), st.binary(min_size=1, max_size=4)),
    st.tuples(st.just("encoding"), st.sampled_from(["gbk", "gb18030", "utf-8-sig"])),
)


def damaged_file(steps) -> bytes:
    grid, encoding, byte_steps = [list(row) for row in VALID], "utf-8", []
    for step in steps:
        kind = step[0]
        if kind == "delete-cell":
            grid[step[1][0]][step[1][1]] = ""
        elif kind == "duplicate-row":
            grid.insert(step[1], list(grid[step[1]]))
        elif kind == "alter-cell":
            grid[step[1][0]][step[1][1]] = step[2]
        elif kind == "break-number":
            grid[step[1]][5] = step[2].format(grid[step[1]][5])
        elif kind == "swap-columns":
            for row in grid[0 if step[3] else 1 :]:
                row[step[1]], row[step[2]] = row[step[2]], row[step[1]]
        elif kind == "encoding":
            encoding = step[1]
        else:
            byte_steps.append(step)
    data = "".join(",".join(row) + "\n" for row in grid).encode(encoding)
    for step in byte_steps:
        if step[0] == "truncate":
            data = data[: max(1, int(len(data) * step[1]))]
        else:
            at = int(len(data) * step[1])
            data = data[:at] + step[2] + data[at:]
    return data


# The property ---------------------------------------------------------------------------------------------------


def test_the_undamaged_file_is_imported_as_read():
    assert independent_reading(damaged_file([])) == {(*row[:5], float(row[5])) for row in VALID[1:]}


SCORES_OF_THE_UNITS = (
    "select quarter, street, unit, theme, rater, score from score where unit in ('省五建社区', '付庄村')"
)


@pytest.fixture(scope="module")
def template_checksum(demo_template):
    return sha256(demo_template), query(demo_template, "select count(*) from score")[0][0]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(damages, min_size=1, max_size=3))
@example(steps=[("alter-cell", (1, 0), "2023Q4")])  # one row moved to a quarter other raters scored: theirs stay
@example(steps=[("alter-cell", (1, 4), "18,5")])  # a row one cell longer than the header is refused
def test_a_damaged_file_is_imported_exactly_as_read_or_refused_with_nothing_changed(
    demo_template, template_checksum, steps
):
    data = damaged_file(steps)
    expected = independent_reading(data)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "store.duckdb"
        shutil.copyfile(demo_template, path)
        stored_before = set(query(path, SCORES_OF_THE_UNITS))
        try:
            import_files([("评分.csv", data)], path, today=TODAY, operator="测试")
        except ImportRefused:
            assert sha256(path) == template_checksum[0]
            assert expected is None, f"refused a file that reads as valid: {data!r}"
            event("refused")
            return
        finally:
            db.close_all()
        assert expected is not None, f"imported a file that should be refused: {data!r}"
        event("imported")
        # docs/导入格式.md: a sheet naming raters replaces, for each (季度, 村(社区), 指标) it holds, those raters'
        # scores and the ones stored without a rater; a sheet without raters replaces the (季度, 村(社区), 指标) whole.
        covered, named = {row[:4] for row in expected}, {row[:5] for row in expected if row[4]}
        kept = {
            row for row in stored_before if row[:4] not in covered or (named and row[:5] not in named and row[4] != "")
        }
        assert set(query(path, SCORES_OF_THE_UNITS)) == kept | expected
        assert query(path, "select count(*) from score")[0][0] == template_checksum[1] - len(
            stored_before - kept
        ) + len(expected)
        # The score table has no keys (see schema.sql): every score must still name a unit and an import.
        assert query(path, "select count(*) from score anti join unit using (street, unit)") == [(0,)]
        assert query(path, "select count(*) from score anti join import_log using (import_id)") == [(0,)]
