"""The 比学 tables: what the page, 街道详情, the meeting screen, the 通报 and the command line show."""

import pandas as pd

from liangsaibi.store import db
from liangsaibi.store.quarters import quarter_text

MAX_CARDS = 30  # highlights drawn as cards; a city's thousands a quarter are narrowed or downloaded
OPEN = ("整改中", "逾期未整改")


def unit_list() -> pd.DataFrame:
    """Every unit on the list with its street and kind."""
    return db.run("unit_list")


def highlight_list(
    first: str,
    last: str,
    street: str | None = None,
    theme: str | None = None,
    tag: str | None = None,
    search: str = "",
    limit: int | None = MAX_CARDS,
) -> tuple[pd.DataFrame, int]:
    """The highlights of the quarters first–last matching every filter given (at most `limit`, None: all), and
    how many match in all. The search word may be in 标题, 做法, 村(社区) or 标签, in any case."""
    return db.run_matched(
        "highlight_list",
        first=first,
        last=last,
        street=street,
        theme=theme,
        tag=tag,
        search=(search or "").strip() or None,
        limit=limit,
    )


def highlights(quarter: str, street: str | None = None) -> pd.DataFrame:
    """Every highlight of one quarter (of one street when given)."""
    return highlight_list(quarter, quarter, street, limit=None)[0]


def filter_choices(first: str, last: str) -> tuple[list[str], list[str]]:
    """The themes and the tags the highlights of the quarters first–last name, each sorted by how often."""
    named = db.run("highlight_choices", first=first, last=last)
    return [named.loc[named["kind"] == kind, "name"].tolist() for kind in ("指标", "标签")]


def rectification(quarter: str) -> pd.DataFrame:
    """Per street: problems raised in the quarter's year up to it, and how many stood 已整改 / 整改中 / 逾期未整改
    at its end, with the 整改率."""
    return db.run("rectification_by_street", quarter=quarter)


def problems(quarter: str, street: str | None = None, status: str | None = None) -> pd.DataFrame:
    """The problems of the quarter's year up to it, each with its status at the quarter's end."""
    return db.run("problem_list", quarter=quarter, street=street, status=status)


def overdue(quarter: str, street: str | None = None) -> pd.DataFrame:
    """The problems still not rectified at the quarter's end although due (逾期未整改)."""
    return problems(quarter, street, "逾期未整改").drop(columns=["完成日期", "状态"])


def open_problems(quarter: str, street: str) -> pd.DataFrame:
    """A street's problems not yet rectified at the quarter's end, overdue first."""
    rows = problems(quarter, street)
    return rows[rows["状态"].isin(OPEN)].drop(columns="完成日期").reset_index(drop=True)


def visits(first: str | None = None, last: str | None = None, street: str | None = None) -> pd.DataFrame:
    """The visits of the quarters first–last (all when not given), by or to one street when given."""
    return db.run("visit_list", first=first, last=last or first, street=street)


def tour_and_exchanges(quarter: str, street: str) -> tuple[str, pd.DataFrame]:
    """A street's visits of a quarter: one sentence on its own 逐村观摩 (each day and how many units), and the
    visits between it and other streets (or groups), each a row."""
    listed = visits(quarter, street=street)
    own = (listed["观摩方"] == street) & (listed["被观摩街道"] == street)
    days = listed[own].groupby("日期").size()
    tour = "；".join(f"{day} 本街道逐村观摩 {count} 个村(社区)" for day, count in days.items())
    return tour, listed[~own].reset_index(drop=True)


def model_units(first: str, last: str) -> pd.DataFrame:
    """示范点: units visited by other streets in the quarters first–last, most visiting streets first."""
    return db.run("model_units", first=first, last=last)


def street_visits(first: str, last: str, street: str | None = None) -> pd.DataFrame:
    """Who visited whom between streets in the quarters first–last: one row per visitor and visited street
    (only those where one street is `street`, when given)."""
    pairs = db.run("street_visits", first=first, last=last)
    return pairs if street is None else pairs[(pairs["观摩方"] == street) | (pairs["被观摩街道"] == street)]


def span_name(first: str, last: str) -> str:
    """A quarter range as a download's name part: 2021Q4, or 2021Q1-2021Q4."""
    return first if first == last else f"{first}-{last}"


def visit_balance(first: str, last: str) -> pd.DataFrame:
    """Per street with any: visits made to other streets' units (出访) and visits received from other streets
    (来访), busiest first."""
    pairs = street_visits(first, last)
    streets = db.run("streets")["street"]
    made = pairs.groupby("观摩方")["观摩次数"].sum()
    received = pairs.groupby("被观摩街道")["观摩次数"].sum()
    balance = pd.DataFrame(
        {
            "街道": streets,
            "出访次数": streets.map(made).fillna(0).astype(int),
            "来访次数": streets.map(received).fillna(0).astype(int),
        }
    )
    busiest = balance["出访次数"] + balance["来访次数"]
    ordered = balance.assign(_sum=busiest).sort_values(["_sum", "街道"], ascending=[False, True])
    return ordered[ordered["_sum"] > 0].drop(columns="_sum").reset_index(drop=True)


def for_bulletin(quarter: str) -> dict[str, dict[str, pd.DataFrame]]:
    """For the 通报: per street with something to report, its highlights of the quarter and its overdue
    rectifications at the quarter's end (keys 亮点做法, 逾期未整改), streets in the district's order."""
    shown, late = highlights(quarter), overdue(quarter)
    named = [street for street in db.run("streets")["street"] if street in set(shown["街道"]) | set(late["街道"])]
    return {
        street: {
            "亮点做法": shown[shown["街道"] == street].reset_index(drop=True),
            "逾期未整改": late[late["街道"] == street].reset_index(drop=True),
        }
        for street in named
    }


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def bulletin_lessons(quarter: str) -> dict[str, dict[str, list[str]]]:
    """The 通报's hook (bulletin.content.lessons): per street, its highlights of the quarter and its overdue
    rectifications at the quarter's end, each one sentence of plain text."""
    lessons = {}
    for street, parts in for_bulletin(quarter).items():
        shown, late = parts["亮点做法"], parts["逾期未整改"]
        lessons[street] = {
            "highlights": [
                f"{row['村(社区)']}：{_one_line(row['标题']).rstrip('。')}。{_one_line(row['做法'])}"
                for _, row in shown.iterrows()
            ],
            "rectifications": [
                f"{row['村(社区)']}：{_one_line(row['问题']).rstrip('。')}（{quarter_text(row['季度'])}提出，"
                f"整改时限{quarter_text(row['整改时限'])}）"
                for _, row in late.iterrows()
            ],
        }
    return lessons
