"""The bulletin's content for a quarter: the settings' wording, the sentences and the tables' cells as text.

The same dict fills the .docx template and the page's preview, so both say exactly the same."""

import datetime

import pandas as pd

from liangsaibi.bulletin import sentences
from liangsaibi.bulletin.facts import Facts, gather
from liangsaibi.learn import views as learn
from liangsaibi.store.quarters import quarter_text

# Each table of the bulletin: its name in the template → (key in a row, heading) in column order.
COLUMNS = {
    "ranking": [
        ("rank", "排名"),
        ("street", "街道"),
        ("total", "总分"),
        ("qoq", "环比"),
        ("rank_change", "排名变化"),
        ("grade", "等次"),
    ],
    "completion": [
        ("street", "街道"),
        ("commitments", "承诺数"),
        ("completed", "已完成"),
        ("open", "推进中"),
        ("overdue", "逾期"),
        ("year_rate", "年度完成率"),
        ("due_rate", "到期完成率"),
    ],
    "overdue": [("street", "街道"), ("unit", "村(社区)"), ("title", "承诺事项"), ("due", "承诺时限")],
    "board": [("rank", "排名"), ("street", "街道"), ("unit", "村(社区)"), ("total", "总分"), ("qoq", "环比")],
    # As on the overview: its own order first, the district rank last (1, 7, 24 under 排名 read as a broken list).
    "improved": [
        ("place", "名次"),
        ("street", "街道"),
        ("unit", "村(社区)"),
        ("qoq", "环比"),
        ("total", "总分"),
        ("rank", "全区排名"),
    ],
}
NO_OVERDUE = "无逾期事项。"
# The setting each editable part comes from (and the page's word for it).
EDITABLE = {
    "bulletin_title": "标题",
    "bulletin_addressees": "主送",
    "bulletin_date": "成文日期",
    "bulletin_requirements": "下步要求",
}


def signed(value, digits: int = 2) -> str:
    """A change with its sign, +0.20 / -1.05 / 0.00; — where there is no previous quarter."""
    return "—" if pd.isna(value) else f"{value:+.{digits}f}".replace("+0.00", "0.00").replace("-0.00", "0.00")


def moved(value) -> str:
    """A rank change with its sign, +2 / -1 / 0, or 新 when the street had no previous rank."""
    return "新" if pd.isna(value) else (f"{int(value):+d}" if int(value) else "0")


def rate(value) -> str:
    """A rate as a percentage, 83.15%, or — when nothing was due."""
    return "—" if pd.isna(value) else f"{value:.2f}%"


def document_date(text: str, today: datetime.date | None = None) -> str:
    """The issuing date as written, or today's as 2026年12月1日 (Arabic numerals, as GB/T 9704 has it)."""
    day = today or datetime.date.today()
    return text.strip() or f"{day.year}年{day.month}月{day.day}日"


def paragraphs(text: str) -> list[str]:
    """A typed text's non-empty lines, each a paragraph."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def ranking_rows(ranking: pd.DataFrame) -> list[dict]:
    return [
        {
            "rank": str(int(row["排名"])),
            # A street with some units unscored is marked where it is ranked (docs/计分规则.md 参评与未参评).
            "street": row["街道"] + (f"（参评{row['参评']}，不完整）" if row.get("参评状态") == "不完整" else ""),
            "total": sentences.points(row["总分"]),
            "qoq": signed(row["环比"]),
            "rank_change": moved(row["排名变化"]),
            "grade": "" if pd.isna(row["等次"]) else row["等次"],
        }
        for _, row in ranking.iterrows()
    ]


def completion_rows(completion: pd.DataFrame) -> list[dict]:
    return [
        {
            "street": row["街道"],
            "commitments": str(row["承诺数"]),
            "completed": str(row["已完成"]),
            "open": str(row["推进中"]),
            "overdue": str(row["逾期"]),
            "year_rate": rate(row["年度完成率"]),
            "due_rate": rate(row["到期完成率"]),
        }
        for _, row in completion.iterrows()
    ]


def overdue_rows(overdue: pd.DataFrame) -> list[dict]:
    return [
        {"street": row["街道"], "unit": row["村(社区)"], "title": row["承诺事项"], "due": quarter_text(row["承诺时限"])}
        for _, row in overdue.iterrows()
    ]


def board_rows(board: pd.DataFrame) -> list[dict]:
    return [
        {
            "rank": str(int(row["排名"])),
            "street": row["街道"],
            "unit": row["村(社区)"],
            "total": sentences.points(row["总分"]),
            "qoq": signed(row["环比"]),
        }
        for _, row in board.iterrows()
    ]


def improved_rows(board: pd.DataFrame) -> list[dict]:
    """进步最快's rows, each with its place in that list (名次) beside its district rank."""
    return [{"place": str(place), **row} for place, row in enumerate(board_rows(board), start=1)]


def lessons(quarter: str) -> dict[str, dict[str, list[str]]]:
    """Hook for 亮点做法 and 逾期未整改 (liangsaibi/learn/): street → {"highlights", "rectifications"},
    each a list of sentences. Empty until that data is recorded; the template shows them where present."""
    return learn.bulletin_lessons(quarter)


def street_parts(facts: Facts) -> list[dict]:
    themes = facts.themes.set_index("街道").drop(columns="季度")
    learned = lessons(facts.quarter)
    return [
        {
            "name": row["街道"],
            "sentence": sentences.street(row, facts.ranking, themes.loc[row["街道"]]),
            "remark": paragraphs(facts.remarks.get(row["街道"], "")),
            "highlights": learned.get(row["街道"], {}).get("highlights", []),
            "rectifications": learned.get(row["街道"], {}).get("rectifications", []),
        }
        for _, row in facts.ranking.iterrows()
    ]


def draft_mark(facts: Facts) -> str:
    """Before a draft's title, where a reader looks first: 【草稿 · 参评 2/59 村(社区)】; '' once published."""
    streets = facts.streets_taking_part
    taking_part = f"{int(streets['参评村(社区)数'].sum())}/{int(streets['登记村(社区)数'].sum())}"
    return f"【草稿 · 参评 {taking_part} 村(社区)】" if facts.draft else ""


def bulletin(quarter: str, today: datetime.date | None = None, wenhao: str = "") -> dict:
    """The bulletin of a quarter as the template's names → values (text, lists of paragraphs, table rows); with a
    文号 (组通〔2026〕12号) the shipped template prints the 红头: the office in red, the 文号, a red line."""
    facts = gather(quarter)
    values, year, boards = facts.settings, int(quarter[:4]), list(facts.boards.values())
    return {
        "district": values["district"],
        "quarter": quarter,
        "quarter_text": quarter_text(quarter),
        "title": draft_mark(facts) + values["bulletin_title"].replace("{季度}", quarter_text(quarter)),
        "addressees": values["bulletin_addressees"],
        "office": values["office"],
        "wenhao": wenhao.strip(),
        "date": document_date(values["bulletin_date"], today),
        "overall": [
            sentences.participation(quarter_text(quarter), facts.participation, facts.streets_taking_part),
            sentences.average(facts.average, facts.average_change),
            *filter(None, [sentences.grades(facts.unit_grades, facts.incomplete_units)]),
            sentences.commitments(year, facts.district_completion),
        ],
        "ranking_summary": sentences.leaders(facts.ranking),
        "ranking": ranking_rows(facts.ranking),
        "streets": street_parts(facts),
        "has_commitments": bool(facts.district_completion["承诺数"]),
        "commitment_summary": sentences.commitments(year, facts.district_completion),
        "completion": completion_rows(facts.completion),
        "overdue": overdue_rows(facts.overdue),
        "no_overdue": NO_OVERDUE,
        "boards_summary": sentences.boards(facts.boards),
        "best": board_rows(boards[0]),
        "lowest": board_rows(boards[1]),
        "improved": improved_rows(boards[2]),
        "requirements": paragraphs(values["bulletin_requirements"]),
        "edited": sorted(EDITABLE[key] for key in facts.edited),
    }


def table(rows: list[dict], kind: str) -> pd.DataFrame:
    """A table of the bulletin with its Chinese headings, cells as in the document (the page's preview)."""
    return pd.DataFrame(
        [[row[key] for key, _ in COLUMNS[kind]] for row in rows], columns=[heading for _, heading in COLUMNS[kind]]
    )
