"""Reading the three sheets of the 观摩 (亮点做法, 问题反馈, 观摩记录) into store rows, and what only the store can tell."""

import dataclasses
import datetime
import difflib
import re

import numpy as np
import pandas as pd

from liangsaibi.intake.validate import Known, _Cells, _first_rows, _suggestion, check_units_exist, problem_at
from liangsaibi.store.names import clean_name, refused_in_text, shown

KINDS = ("highlights", "problems", "visits")
LONGEST = 2000  # characters of one text cell: a practice written up at length, not a pasted report
OWN_STREET, OTHER_STREET = "本街道观摩", "跨街道学习"
# 类型 as people write it → as stored; empty is derived from whether the visitor is the unit's own street.
VISIT_KINDS = {
    OWN_STREET: OWN_STREET,
    "本街道逐村观摩": OWN_STREET,
    "逐村观摩": OWN_STREET,
    "本街道": OWN_STREET,
    OTHER_STREET: OTHER_STREET,
    "跨街道观摩": OTHER_STREET,
    "跨街道": OTHER_STREET,
    "": "",
}
_TAG_SEPARATORS = re.compile(r"[、,，;；]+")


def _excerpt(text: str) -> str:
    return text if len(text) <= 30 else f"{text[:30]}…（共 {len(text)} 字）"


def prose(cells: _Cells, column: str, required: bool = True) -> pd.Series:
    """A text as written: line breaks and inner spaces kept, only the ends trimmed, at most LONGEST characters."""
    rows = cells.sheet.rows
    raw = rows[column] if column in rows else pd.Series("", rows.index, dtype=object)
    values = raw.fillna("").astype(str).str.replace("\r\n", "\n").str.replace("\r", "\n").str.strip()
    if required:
        cells.fail(values == "", column, values, "为空。", "此列必填，请补上。")
    refused = values.map(refused_in_text) != ""
    if refused.any():  # (quoted only then: a year's highlights run to tens of megabytes)
        cells.fail(
            refused,
            column,
            values.map(lambda text: _excerpt(shown(text))),
            "含有换行和制表符以外的控制字符或非字符（显示为 \\x07、\\ufffe 这样），无法写入 Excel 或 Word。",
            "请删去这些看不见的字符（常见于从其他系统复制的文字）后再导入。",
        )
    cells.fail(
        values.str.len() > LONGEST,
        column,
        values.map(_excerpt),
        f"超过 {LONGEST} 字。",
        f"请精简到 {LONGEST} 字以内，或分成几条。",
    )
    return values.astype(object)


def tags(cells: _Cells) -> pd.Series:
    """Tags separated by 、 or a comma, each cleaned like a name, kept once in the order written, joined by 、."""
    rows = cells.sheet.rows
    raw = rows["tags"] if "tags" in rows else pd.Series("", rows.index, dtype=object)

    def joined(text):
        names = dict.fromkeys(name for name in map(clean_name, _TAG_SEPARATORS.split(str(text))) if name)
        return "、".join(names) or None

    return raw.fillna("").map(joined).astype(object)


def tidy(sheet, today: datetime.date) -> tuple[pd.DataFrame, list]:
    """The sheet's rows cleaned into the store's columns, and every cell that could not be read."""
    cells = _Cells(sheet)
    rows = {"highlights": _highlights, "problems": _problems, "visits": _visits}[sheet.kind](cells, today)
    return rows, cells.problems


def _highlights(cells: _Cells, today) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "quarter": cells.quarter("quarter", today),
            "street": cells.text("street"),
            "unit": cells.text("unit"),
            "title": prose(cells, "title"),
            "description": prose(cells, "description"),
            "theme": cells.text("theme", False).astype(object).replace("", None),
            "tags": tags(cells),
        }
    )


def _quarter_start(quarter) -> pd.Timestamp:
    return pd.Timestamp(int(quarter[:4]), 3 * int(quarter[-1]) - 2, 1) if isinstance(quarter, str) else pd.NaT


def _problems(cells: _Cells, today) -> pd.DataFrame:
    # A rectification may be due years ahead; only the quarter raised and the completion must have happened.
    quarter = cells.quarter("quarter", today).astype(object)
    due = cells.quarter("due_quarter", datetime.date(today.year + 10, 12, 31)).astype(object)
    rows = pd.DataFrame(
        {
            "quarter": quarter,
            "street": cells.text("street"),
            "unit": cells.text("unit"),
            "problem": prose(cells, "problem"),
            "action": prose(cells, "action", False).replace("", None),
            "due_quarter": due,
            "completed_on": cells.date("completed_on", today),
        }
    )
    both = quarter.notna() & due.notna()
    cells.fail(
        both & (due.where(both, "") < quarter.where(both, "")),
        "due_quarter",
        due,
        "早于提出问题的季度。",
        "整改时限应是提出问题的季度或以后的季度。",
    )
    done, start = pd.to_datetime(rows.completed_on), quarter.map(_quarter_start)
    cells.fail(
        done.notna() & start.notna() & (done < pd.to_datetime(start)),
        "completed_on",
        done.dt.strftime("%Y-%m-%d"),
        "早于提出问题的季度（问题还没提出就已整改）。",
        "请核对完成日期和「季度」。",
    )
    return rows


def _visits(cells: _Cells, today) -> pd.DataFrame:
    cells.text("visited_on")  # the date is required: an empty cell is named as empty, not as unreadable
    street = cells.text("street")  # a category, as the unit check joins it with the unit list
    visitor, own = cells.text("visitor").astype(object), street.astype(object)
    written = cells.text("kind", False).astype(object)
    kind = written.map(VISIT_KINDS)
    cells.fail(
        kind.isna(),
        "kind",
        written,
        f"不是「{OWN_STREET}」或「{OTHER_STREET}」。",
        "请填写其中之一，或留空（观摩方就是被观摩街道时为本街道观摩，否则为跨街道学习）。",
    )
    kind = kind.where(kind != "", pd.Series(np.where(visitor == own, OWN_STREET, OTHER_STREET), kind.index))
    cells.fail(
        (kind == OTHER_STREET) & (visitor == own),
        "kind",
        written,
        "与观摩方不符：观摩方就是被观摩街道。",
        f"本街道内的观摩请填「{OWN_STREET}」或留空。",
    )
    return pd.DataFrame(
        {
            "visited_on": cells.date("visited_on", today),
            "visitor": visitor,
            "street": street,
            "unit": cells.text("unit"),
            "kind": kind,
            "note": prose(cells, "note", False).replace("", None),
        }
    )


# These sheets never add units (the unit list does): the unit check's offer to add them does not apply.
_ADDING = "，或在导入时选择“添加新村(社区)”（--add-units）"


def _near_street(name: str, streets: set[str]) -> bool:
    # 航海西路街 for 航海西路街道; a group named after its street (航海西路街道观摩团) is further off.
    return bool(difflib.get_close_matches(name, list(streets), n=1, cutoff=0.85))


def check_in_store(sheet, rows: pd.DataFrame, known: Known) -> list:
    """Units not on the unit list (with a did-you-mean; never added from these sheets) and, for visits, a
    visitor written as a street that is not on the list (a misspelt street would count as another street)."""
    found, _ = check_units_exist(sheet, rows, known, add_units=False)
    found = [dataclasses.replace(problem, fix=problem.fix.replace(_ADDING, "")) for problem in found]
    if sheet.kind != "visits":
        return found
    streets = set(known.units.street)
    visitor = rows.visitor.astype(object)
    # Each name not on the list once: a city's year of visits names its 200 streets in 13,600 rows.
    near = [
        name
        for name in visitor[~visitor.isin(streets)].unique()
        if name.endswith(("街道", "镇")) or _near_street(name, streets)
    ]
    unknown = visitor.isin(near)
    for row in _first_rows(sheet, rows, unknown, ["visitor"]).itertuples():
        found.append(
            problem_at(
                sheet,
                row.first,
                "visitor",
                row.visitor,
                f"像是街道名，但不在街道名单中（共 {row.size} 行）。",
                _suggestion(row.visitor, streets)
                + "请更正名称；若是观摩团等其他观摩方，请写明全称（不以“街道”结尾）。",
            )
        )
    return found
