"""Checking recognised sheets: clean every value, then check what only the store can tell."""

import datetime
import difflib
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from liangsaibi.intake.sheets import Problem, Sheet, column_label
from liangsaibi.store.names import clean_name, refused_in_name, shown
from liangsaibi.store.quarters import parse_quarter, quarter_of_date

# The key of each kind of row: the same key twice in one import is a conflict.
KEYS = {
    "units": ["street", "unit"],
    "rubric": ["year", "theme"],
    "scores": ["quarter", "street", "unit", "theme", "rater"],
    "commitments": ["year", "street", "unit", "title"],
    "highlights": ["quarter", "street", "unit", "title"],
    "problems": ["quarter", "street", "unit", "problem"],
    "visits": ["visited_on", "visitor", "street", "unit"],
}


def label(column: str, kind: str = "") -> str:
    """The Chinese header of a canonical column (in a kind of sheet)."""
    return column_label(column, kind)


@dataclass
class Known:
    """What the store knows, plus the units and rubric this import brings, to check the other rows against."""

    units: pd.DataFrame  # street, unit, kind
    rubric: pd.DataFrame  # year, theme, weight, max_score


class _Cells:
    """Reads the columns of one sheet into clean values, noting every cell that cannot be read.

    Cells are addressed by position: a wide score sheet, once made long, repeats its row labels.
    """

    def __init__(self, sheet: Sheet):
        self.sheet, self.problems = sheet, []

    def fail(self, mask, column, values, what, fix=""):
        for position in mask.to_numpy().nonzero()[0]:
            self.problems.append(problem_at(self.sheet, position, column, values.iloc[position], what, fix))

    def text(self, column, required=True):
        rows = self.sheet.rows
        raw = rows[column] if column in rows else pd.Series("", rows.index, dtype=object)
        written = raw.fillna("").astype(str)
        values = _each_distinct(written, clean_name)
        # What clean-up cannot remove is refused (docs/数据约束.md): a name must not hide characters that show nothing.
        refused = _each_distinct(values, lambda text: refused_in_name(text) != "").astype(bool)
        if refused.any():
            self.fail(
                refused,
                column,
                values.map(shown),
                "含有看不见的控制字符或格式字符（如改变文字方向的字符，显示为 \\u202e、\\x00 这样）。",
                "请删去这些看不见的字符（常见于从网页或其他系统复制的文字）后再导入。",
            )
        if required:
            self.fail(values == "", column, values, "为空。", "此列必填，请补上。")
        return values

    def number(self, column, required=True):
        raw = self.text(column, required)
        values = _each_distinct(raw, _number).astype(float)
        self.fail(values.isna() & (raw != ""), column, raw, "不是数字。", "请填写数字，如 18.5。")
        return values

    def year(self, column):
        values = self.number(column)
        wrong = values.notna() & ((values % 1 != 0) | (values < 2000) | (values > 2100))
        self.fail(wrong, column, values, "不是年份。", "请写成 2021 这样的四位年份。")
        return values.where(~wrong).astype("Int64")

    def quarter(self, column, today: datetime.date):
        raw = self.text(column)
        values = _each_distinct(raw, parse_quarter)
        self.fail(values.isna() & (raw != ""), column, raw, "不是可识别的季度。", "请写成 2021Q4 或 2021年第四季度。")
        now = quarter_of_date(today)
        future = values.isin([quarter for quarter in values.cat.categories if quarter > now])
        self.fail(future, column, raw, f"是未来的季度（今天是 {today:%Y-%m-%d}）。", "请检查年份和季度。")
        return values

    def date(self, column, today: datetime.date):
        rows = self.sheet.rows
        raw = _each_distinct(rows[column] if column in rows else pd.Series("", rows.index, dtype=object), _date_text)
        stamps = pd.to_datetime(raw.where(raw != ""), errors="coerce", format="mixed")
        self.fail(
            stamps.isna() & (raw != ""), column, raw, "不是可识别的日期。", "请写成 2021-12-17 或 2021年12月17日。"
        )
        # Compared as timestamps: when every cell is empty, .dt.date stays datetime64 and cannot meet a date.
        self.fail(
            stamps.notna() & (stamps > pd.Timestamp(today)), column, raw, "晚于今天。", "完成日期不能是将来的日子。"
        )
        return stamps.dt.date


_CHINESE_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?")


def _date_text(cell) -> str:
    """A date cell as pandas reads dates: full-width folded, 2021年12月17日 as 2021-12-17. Spaces are kept,
    not removed as in names: an Excel date cell reads as "2021-12-17 00:00:00"."""
    return _CHINESE_DATE.sub(r"\1-\2-\3", " ".join(unicodedata.normalize("NFKC", str(cell)).split()))


def _number(text: str) -> float:
    return pd.to_numeric(text or None, errors="coerce")


def _each_distinct(column: pd.Series, function, distinct: tuple | None = None) -> pd.Series:
    """`function` of every value as a categorical column, worked out once per distinct value (`distinct`:
    the column's pd.factorize, where the caller has it already).

    Sheets repeat the same few names, quarters and scores thousands of times; as categoricals the later
    checks (duplicates, joins with names of the same categories) work on small integer codes.
    """
    codes, uniques = distinct or pd.factorize(column)
    done, categories = pd.factorize(pd.Index(uniques, dtype=object).map(function))  # two spellings, one name
    done = np.append(done, -1)  # a missing value (code -1) stays missing
    return pd.Series(pd.Categorical.from_codes(done.take(codes), categories), column.index)


def _as_categories_of(table: pd.DataFrame, rows: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    # A known table's names as categories of the sheet's columns, so that pandas joins them on codes;
    # names the sheet does not use cannot match any of its rows and are left out.
    coded = {
        column: pd.Categorical.from_codes(
            rows[column].cat.categories.get_indexer(table[column]), dtype=rows[column].dtype
        )
        for column in columns
    }
    return table.assign(**coded).dropna(subset=columns)


def problem_at(sheet: Sheet, position: int, column: str, value, what: str, fix: str = "") -> Problem:
    """A problem of the cell at a row position: a wide sheet's score is named by its theme column."""
    if column == "score" and sheet.themes:
        column = sheet.rows["theme"].iloc[position]
    return sheet.problem(sheet.rows.index[position], label(column, sheet.kind), value, what, fix)


def tidy(sheet: Sheet, today: datetime.date) -> tuple[pd.DataFrame, list[Problem]]:
    """The sheet's rows cleaned into the store's columns, and every cell that could not be read.

    A wide score sheet must first be made long with `long_from_wide`.
    """
    cells = _Cells(sheet)
    if sheet.kind == "units":
        rows = pd.DataFrame({"street": cells.text("street"), "unit": cells.text("unit"), "kind": cells.text("kind")})
        cells.fail(
            ~rows.kind.isin(["村", "社区", ""]), "kind", rows.kind, "不是「村」或「社区」。", "请填写 村 或 社区。"
        )
        rows["position"] = range(1, len(rows) + 1)  # 顺序: the roster order, as the file lists the units
    elif sheet.kind == "rubric":
        rows = pd.DataFrame(
            {
                "year": cells.year("year"),
                "theme": cells.text("theme"),
                "weight": cells.number("weight"),
                "max_score": cells.number("max_score"),
                "description": cells.text("description", False),
            }
        )
        for column in ("weight", "max_score"):  # inf, 1e308 or 1e-300 cannot be meant, and would swamp every total
            cells.fail(
                rows[column].notna() & ~rows[column].between(0.01, 1000),
                column,
                rows[column].map(lambda value: f"{value:g}"),
                "不在 0.01–1000 之间。",
                "权重和满分须是 0.01 到 1000 之间的数，如 20。",
            )
        rows["position"] = range(1, len(rows) + 1)
        rows["scoring"] = scoring_methods(cells)
    elif sheet.kind == "scores":
        rows = pd.DataFrame(
            {
                "quarter": cells.quarter("quarter", today),
                "street": cells.text("street"),
                "unit": cells.text("unit"),
                "theme": cells.text("theme"),
                "rater": cells.text("rater", False),
                "score": cells.number("score"),
            }
        )
    else:
        rows = pd.DataFrame(
            {
                "year": cells.year("year"),
                "street": cells.text("street"),
                "unit": cells.text("unit"),
                "title": cells.text("title"),
                "theme": cells.text("theme", False).replace("", None),
                "due_quarter": cells.quarter("due_quarter", today.replace(month=12, day=31)),
                "completed_on": cells.date("completed_on", today),
                "note": cells.text("note", False).replace("", None),
            }
        )
        other_year = rows.due_quarter.notna() & rows.year.notna() & (rows.due_quarter.str[:4] != rows.year.astype(str))
        cells.fail(other_year, "due_quarter", rows.due_quarter, "不在承诺的年度内。", "承诺时限应是当年的某个季度。")
        done_year = pd.to_datetime(rows.completed_on, errors="coerce").dt.year
        early = done_year.notna() & rows.year.notna() & (done_year < rows.year.astype("Float64"))
        cells.fail(
            early.fillna(False),
            "completed_on",
            rows.completed_on.astype(str),
            "早于承诺的年度。",
            "完成日期不能早于作出承诺的那一年，请核对年份。",
        )
    return rows, cells.problems


# 计分方式 as written (Chinese or English) → as stored; an empty cell means 平均 (docs/导入格式.md, 评分细则).
SCORING = {"平均": "mean", "mean": "mean", "去掉最高最低": "trimmed", "trimmed": "trimmed", "": "mean"}
SCORING_NAMES = {"mean": "平均", "trimmed": "去掉最高最低"}


def scoring_methods(cells: _Cells) -> pd.Series:
    """The rubric's 计分方式 column as stored ('mean' or 'trimmed'), noting every value it cannot read."""
    raw = cells.text("scoring", False)
    values = raw.astype(object).map(lambda text: SCORING.get(text.lower() if text.isascii() else text))
    cells.fail(
        values.isna(), "scoring", raw, "不是可识别的计分方式。", "请填写 平均 或 去掉最高最低（也可留空，即平均）。"
    )
    return values.fillna("mean").astype(str)


def long_from_wide(sheet: Sheet) -> Sheet:
    """A wide score sheet (one column per theme) as a long one, one row per score."""
    keys = [column for column in ("quarter", "street", "unit", "rater") if column in sheet.rows]
    long = sheet.rows.reset_index(names="_row").melt(
        id_vars=["_row", *keys], value_vars=sheet.themes, var_name="theme", value_name="score"
    )
    long = long[long.score.astype(str).str.strip() != ""].set_index("_row").rename_axis(None)
    return Sheet(sheet.file, sheet.sheet, "scores", long, sheet.header_row, sheet.themes, sheet.headers)


def _first_rows(sheet: Sheet, rows: pd.DataFrame, mask: pd.Series, by: list[str]):
    """Each distinct bad value once: its first row's position in the sheet (the index of rows that imports.plan
    gives) and how many rows share it."""
    if not mask.any():
        return pd.DataFrame(columns=[*by, "first", "size"])
    bad = rows.assign(_position=rows.index)[mask.to_numpy()]
    return bad.groupby(by, sort=False, dropna=False)["_position"].agg(["first", "size"]).reset_index()


_KINDS = ("街道", "社区", "镇", "村")


def _stem(name: str) -> str:
    # The name without what kind of place it is: 白云街道 and 须水街道 share only 街道, not a likeness.
    kind = next((kind for kind in _KINDS if name.endswith(kind) and len(name) > len(kind)), "")
    return name[: len(name) - len(kind)]


def _suggestion(name: str, candidates) -> str:
    by_stem = {}
    for candidate in candidates:
        by_stem.setdefault(_stem(candidate), candidate)
    match = difflib.get_close_matches(_stem(name), list(by_stem), n=1, cutoff=0.5)
    return f"是不是「{by_stem[match[0]]}」？" if match else ""


def _kind_of_name(unit: str) -> str:
    return "村" if unit.endswith("村") else "社区"


def check_units_exist(sheet, rows, known: Known, add_units: bool) -> tuple[list[Problem], pd.DataFrame]:
    """Unknown streets and units, with a did-you-mean; with add_units an unknown unit of a known street becomes
    a new unit instead. A street is never added that way: a misspelt one would stand in every ranking."""
    units = _as_categories_of(known.units, rows, ["street", "unit"])
    pairs = rows[["street", "unit"]].merge(units, how="left", on=["street", "unit"], indicator=True)
    unknown = pd.Series(pairs["_merge"].eq("left_only").to_numpy(), rows.index)
    streets = set(known.units.street)
    if add_units:
        listed = rows.street.isin(streets)
        new = rows.loc[unknown & listed, ["street", "unit"]].drop_duplicates().astype(object)
        unknown &= ~listed
    problems = []
    for row in _first_rows(sheet, rows, unknown, ["street", "unit"]).itertuples():
        # The problem names the cell that is wrong: the street's when the street is unknown, else the unit's.
        if row.street not in streets:
            column, value = "street", row.street
            what = f"不在街道名单中（共 {row.size} 行）。"
            fix = (
                _suggestion(row.street, streets) + "请更正名称；确属新设立的街道，请先导入含该街道及其村(社区)的名单。"
            )
        else:
            column, value = "unit", row.unit
            what = f"不在{row.street}的村(社区)名单中（共 {row.size} 行）。"
            fix = (
                _suggestion(row.unit, known.units.loc[known.units.street == row.street, "unit"])
                + "请更正名称；确属新增的村(社区)，请先导入名单，或在导入时选择“添加新村(社区)”（--add-units）。"
            )
        problems.append(problem_at(sheet, row.first, column, value, what, fix))
    if add_units:
        return problems, new.assign(kind=new.unit.map(_kind_of_name))
    return problems, rows.iloc[:0][["street", "unit"]].assign(kind="")


BLANK_RATERS_NAMED = 20  # a sheet's rows with a blank 评分人 named one by one; the rest counted


def check_raters(sheet, rows) -> list[Problem]:
    """A sheet that names raters replaces only theirs, so a row of it without a rater is refused, naming the row."""
    blank = rows["rater"].eq("").to_numpy()  # on the categorical's codes: a yearly file's 600,000 rows not made text
    if not blank.any() or blank.all():
        return []
    fix = "请补上评分人；整张表都不写评分人时，按季度、村(社区)、指标整体替换。"
    positions = rows.index[blank]
    problems = [
        problem_at(sheet, position, "rater", "", "为空，而本表其他行写了评分人（按评分人替换）。", fix)
        for position in positions[:BLANK_RATERS_NAMED]
    ]
    if len(positions) > BLANK_RATERS_NAMED:
        problems.append(
            Problem(sheet.file, f"另有 {len(positions) - BLANK_RATERS_NAMED} 行评分人为空。", fix, sheet.sheet)
        )
    return problems


def check_scores(sheet, rows, known: Known) -> list[Problem]:
    """Themes outside the year's rubric and scores outside 0–满分."""
    years = _each_distinct(rows.quarter, lambda quarter: int(quarter[:4])).astype("Int64")
    rubric = _as_categories_of(known.rubric, rows, ["theme"])
    scored = rows.assign(year=years).merge(rubric, how="left", on=["year", "theme"]).set_axis(rows.index)
    problems = []
    for row in _first_rows(sheet, scored, scored.max_score.isna(), ["year", "theme"]).itertuples():
        themes = known.rubric.loc[known.rubric.year == row.year, "theme"]
        fix = (
            (_suggestion(row.theme, themes) + f"该年的指标为：{'、'.join(themes)}。")
            if len(themes)
            else f"请先导入 {row.year} 年的评分细则。"
        )
        problems.append(
            problem_at(
                sheet, row.first, "theme", row.theme, f"不在 {row.year} 年的评分细则中（共 {row.size} 行）。", fix
            )
        )
    out = (scored.score < 0) | (scored.score > scored.max_score)
    for position in out.to_numpy().nonzero()[0]:
        top = scored.max_score.iloc[position]
        problems.append(
            problem_at(
                sheet,
                scored.index[position],
                "score",
                f"{scored.score.iloc[position]:g}",
                f"超出 0–{top:g} 的范围。",
                f"「{scored.theme.iloc[position]}」满分 {top:g}，请核对。",
            )
        )
    return problems


def check_duplicates(kind: str, sheet, rows) -> tuple[list[Problem], pd.DataFrame]:
    """The same key twice with different values is refused; exact repeats are kept once."""
    # Whole rows are compared only where a key repeats (in most sheets none does): comparing them all took a
    # third of this check's time on a yearly sheet.
    twice = rows.duplicated(KEYS[kind], keep=False)
    if twice.any():
        rows = rows[~(twice & rows.duplicated())]
        twice = rows.duplicated(KEYS[kind], keep=False)
    problems = []
    for row in _first_rows(sheet, rows, twice, KEYS[kind]).itertuples():
        key = " ".join(str(getattr(row, column)) for column in KEYS[kind])
        problems.append(
            problem_at(
                sheet,
                row.first,
                KEYS[kind][-1],
                key,
                f"在同一文件中出现 {row.size} 次且内容不同。",
                "请只保留正确的一行。",
            )
        )
    return problems, rows


def check_rubric(sheet, rows) -> list[Problem]:
    """Each year's weights must add up to 100, and its 计分方式 be the same on every row."""
    problems = []
    for year, group in rows.assign(_position=rows.index).groupby("year"):
        if "scoring" in group and group.scoring.nunique() > 1:
            first, other = group.scoring.iloc[0], group[group.scoring != group.scoring.iloc[0]].iloc[0]
            problems.append(
                problem_at(
                    sheet,
                    other._position,
                    "scoring",
                    SCORING_NAMES[other.scoring],
                    f"与 {year} 年其他行的计分方式「{SCORING_NAMES[first]}」不同：同一年各指标的计分方式必须相同。",
                    "请把该年各行的计分方式改成一样。",
                )
            )
        total = group.weight.sum()
        if abs(total - 100) > 0.01:
            problems.append(
                problem_at(
                    sheet,
                    group._position.iloc[0],
                    "weight",
                    f"{total:g}",
                    f"：{year} 年各指标权重之和为 {total:g}，不是 100。",
                    "请调整权重使其合计为 100。",
                )
            )
    return problems
