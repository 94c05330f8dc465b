"""Validating recognised sheets against the store and writing them in one transaction."""
import hashlib
from pathlib import Path

import pandas as pd

from .names import clean_name
from .quarters import parse_quarter
from .sheets import ALIASES, ImportError_, Sheet, read_sheets

# Sheets are written in this order so that units and rubric exist before the rows that need them.
ORDER = ["units", "rubric", "scores", "scores_wide", "commitments"]
DEFAULT_GRADES = [("优秀", 90.0), ("良好", 80.0), ("一般", 60.0), ("较差", 0.0)]


def read_files(paths: list[Path]) -> list[Sheet]:
    """Every sheet of the given files, in the order they must be written."""
    sheets = [sheet for path in paths for sheet in read_sheets(Path(path).name, Path(path).read_bytes())]
    return sorted(sheets, key=lambda sheet: ORDER.index(sheet.kind))


def _label(column: str) -> str:
    return ALIASES[column][0] if column in ALIASES else column


class _Checker:
    """Collects every problem of a sheet instead of stopping at the first."""

    def __init__(self, sheet: Sheet):
        self.sheet, self.problems = sheet, []

    def fail(self, index, column, value, what):
        self.problems.append(f"{self.sheet.where(index, _label(column))}的值「{value}」{what}")

    def text(self, column, required=True):
        values = self.sheet.rows[column].map(clean_name) if column in self.sheet.rows else pd.Series("", self.sheet.rows.index)
        if required:
            for index in values.index[values == ""]:
                self.fail(index, column, "", "为空：此列必填，请补上。")
        return values

    def number(self, column, required=True):
        raw = self.text(column, required)
        values = pd.to_numeric(raw.where(raw != ""), errors="coerce")
        for index in values.index[values.isna() & (raw != "")]:
            self.fail(index, column, raw[index], "不是数字，请填写数字。")
        return values

    def quarter(self, column):
        raw = self.text(column)
        values = raw.map(parse_quarter)
        for index in values.index[values.isna() & (raw != "")]:
            self.fail(index, column, raw[index], "不是可识别的季度，请写成 2021Q4 或 2021年第四季度。")
        return values


def tidy(sheet: Sheet) -> tuple[pd.DataFrame, list[str]]:
    """The sheet's rows cleaned into the store's columns, and the problems found on the way."""
    check = _Checker(sheet)
    if sheet.kind == "scores_wide":
        sheet = _long_from_wide(sheet)
        check.sheet = sheet
    if sheet.kind == "units":
        rows = pd.DataFrame({"street": check.text("street"), "unit": check.text("unit"), "kind": check.text("kind")})
        for index in rows.index[~rows.kind.isin(["村", "社区", ""])]:
            check.fail(index, "kind", rows.kind[index], "不是「村」或「社区」。")
    elif sheet.kind == "rubric":
        rows = pd.DataFrame({"year": check.number("year"), "theme": check.text("theme"), "weight": check.number("weight"),
                             "max_score": check.number("max_score"), "description": check.text("description", False)})
        rows["position"] = range(1, len(rows) + 1)
    elif sheet.kind == "scores":
        rows = pd.DataFrame({"quarter": check.quarter("quarter"), "street": check.text("street"), "unit": check.text("unit"),
                             "theme": check.text("theme"), "rater": check.text("rater", False), "score": check.number("score")})
    else:
        rows = pd.DataFrame({"year": check.number("year"), "street": check.text("street"), "unit": check.text("unit"),
                             "title": check.text("title"), "theme": check.text("theme", False).replace("", None),
                             "due_quarter": check.quarter("due_quarter"),
                             "completed_on": _dates(check), "note": check.text("note", False).replace("", None)})
    return rows, check.problems


def _dates(check: _Checker) -> pd.Series:
    raw = check.text("completed_on", required=False)
    values = pd.to_datetime(raw.where(raw != ""), errors="coerce", format="mixed").dt.date
    for index in values.index[values.isna() & (raw != "")]:
        check.fail(index, "completed_on", raw[index], "不是可识别的日期，请写成 2021-12-17。")
    return values


def _long_from_wide(sheet: Sheet) -> Sheet:
    keys = [c for c in ("quarter", "street", "unit", "rater") if c in sheet.rows]
    long = sheet.rows.reset_index(names="_row").melt(id_vars=["_row", *keys], value_vars=sheet.themes, var_name="theme", value_name="score")
    long = long[long.score.map(lambda v: str(v).strip() != "")].set_index("_row")
    return Sheet(sheet.file, sheet.sheet, "scores", long, sheet.header_row)


def check_against_store(kind: str, rows: pd.DataFrame, sheet: Sheet, connection) -> list[str]:
    """Problems that only the stored units and rubric can reveal: unknown names, scores out of range."""
    problems = []
    if kind in ("scores", "commitments"):
        known = connection.execute("select street, unit, true as known from unit").df()
        pairs = rows.merge(known, how="left", on=["street", "unit"]).set_index(rows.index)
        for index, row in pairs[pairs.known.isna()].iterrows():
            problems.append(f"{sheet.where(index, '村(社区)')}的值「{row.street} {row.unit}」不在村(社区)名单中：请先导入名单或更正名称。")
    if kind == "scores":
        rubric = connection.execute("select year, theme, max_score from rubric").df()
        scored = rows.assign(year=rows.quarter.str[:4].astype(int)).merge(rubric, how="left", on=["year", "theme"]).set_index(rows.index)
        for index, row in scored[scored.max_score.isna()].iterrows():
            problems.append(f"{sheet.where(index, '指标')}的值「{row.theme}」不在 {row.year} 年的评分细则中。")
        for index, row in scored[(scored.score < 0) | (scored.score > scored.max_score)].iterrows():
            problems.append(f"{sheet.where(index, '得分')}的值「{row.score:g}」超出 0–{row.max_score:g} 的范围。")
    return problems


_KEYS = {"units": ["street", "unit"], "rubric": ["year", "theme"], "scores": ["quarter", "street", "unit", "theme", "rater"],
         "commitments": ["year", "street", "unit", "title"]}
# What a sheet replaces: the stored rows sharing these keys with it (an import is the truth for what it covers).
_COVERS = {"units": ["street", "unit"], "rubric": ["year"], "scores": ["quarter", "street", "unit"],
           "commitments": ["year", "street", "unit"]}
_TABLES = {"units": "unit", "rubric": "rubric", "scores": "score", "commitments": "commitment"}


def duplicate_problems(kind: str, rows: pd.DataFrame, sheet: Sheet) -> list[str]:
    """The same key twice in one sheet: which rows, and what to do."""
    twice = rows[rows.duplicated(_KEYS[kind], keep=False)]
    return [f"{sheet.where(index, _label(_KEYS[kind][-1]))}与同一文件中的另一行重复（{' '.join(str(row[k]) for k in _KEYS[kind])}）：请删去多余的一行。"
            for index, row in twice.iterrows()]


def write_sheet(connection, sheet: Sheet, kind: str, rows: pd.DataFrame, checksum: str) -> None:
    """Write one validated sheet, replacing the stored rows it covers, and log it."""
    import_id = connection.execute("select coalesce(max(import_id), 0) + 1 from import_log").fetchone()[0]
    connection.execute("insert into import_log (import_id, file_name, kind, checksum, rows_added) values ($id, $file, $kind, $sum, $rows)",
                       {"id": import_id, "file": sheet.file + (f"#{sheet.sheet}" if sheet.sheet else ""), "kind": kind,
                        "sum": checksum, "rows": len(rows)})
    table, covers = _TABLES[kind], _COVERS[kind]
    connection.register("incoming", rows)
    if kind == "units":
        connection.execute("insert or ignore into street select distinct street from incoming")
    match = " and ".join(f"i.{c} = {table}.{c}" for c in covers)
    replaced = connection.execute(f"delete from {table} where exists (select 1 from incoming as i where {match})").fetchone()[0]
    columns = ", ".join(rows.columns)
    extra = ", $id" if kind in ("scores", "commitments") else ""
    connection.execute(f"insert into {table} ({columns}{', import_id' if extra else ''}) select {columns}{extra} from incoming",
                       {"id": import_id} if extra else {})
    if kind == "rubric":
        for grade, minimum in DEFAULT_GRADES:
            connection.execute("insert or ignore into grade_band select distinct year, $grade, $minimum from incoming",
                               {"grade": grade, "minimum": minimum})
    connection.execute("update import_log set rows_replaced = $n where import_id = $id", {"n": replaced, "id": import_id})
    connection.unregister("incoming")


def import_files(connection, paths: list[Path]) -> list[str]:
    """Import the files all together or not at all; returns a line per sheet written, raises ImportError_ otherwise."""
    sheets = read_files(paths)
    checksums = {Path(p).name: hashlib.sha256(Path(p).read_bytes()).hexdigest() for p in paths}
    written, problems = [], []
    connection.execute("begin transaction")
    try:
        for sheet in sheets:
            rows, found = tidy(sheet)
            kind = "scores" if sheet.kind == "scores_wide" else sheet.kind
            found += duplicate_problems(kind, rows, sheet) if not found else []
            found += check_against_store(kind, rows, sheet, connection) if not found else []
            problems += found
            if not found and not problems:
                write_sheet(connection, sheet, kind, rows, checksums[sheet.file])
                written.append(f"{sheet.file}{'#' + sheet.sheet if sheet.sheet else ''}：{len(rows)} 行")
        if problems:
            raise ImportError_(problems)
        connection.execute("commit")
    except BaseException:
        connection.execute("rollback")
        raise
    return written
