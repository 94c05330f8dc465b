"""The commitments page's numbers: completion as of a quarter's end, and the narrowed list."""

import re

import pandas as pd

from liangsaibi.board import views
from liangsaibi.store import db

# Left to right in the bar as in the work: done, still open, overdue; the names say it, not the colour.
STATUS_COLOURS = {"已完成": "#1b7f3b", "推进中": "#8fa9c4", "逾期": "#c0392b"}
_NOT_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\s]+')


def percent(value) -> str:
    """A rate as people read it, 83.15%, or — when there is nothing to divide by."""
    return "—" if pd.isna(value) else f"{value:.2f}%"


MAX_ROWS = 1000  # rows a list shows; a province's 90,000 commitments are downloaded, not scrolled


def commitment_list(
    quarter: str,
    street: str | None = None,
    status: str | None = None,
    theme: str | None = None,
    search: str = "",
    limit: int | None = MAX_ROWS,
) -> tuple[pd.DataFrame, int]:
    """The commitments of the quarter's year that match every filter given, with their status at the
    quarter's end (at most `limit`, None: all), and how many match in all. The search word may be in
    承诺事项, 村(社区) or 备注, in any case."""
    return db.run_matched(
        "commitment_list",
        quarter=quarter,
        street=street,
        status=status,
        theme=theme,
        search=search.strip() or None,
        limit=limit,
    )


def filter_names(
    street: str | None = None, status: str | None = None, theme: str | None = None, search: str = ""
) -> list[str]:
    """The filters in force, as parts of a download's file name (characters Windows refuses removed)."""
    word = _NOT_IN_FILE_NAMES.sub("", search)
    return [part for part in (street, status, theme, f"含{word}" if word else None) if part]


def themes_of(quarter: str) -> list[str]:
    """The themes the year's commitments name, in the rubric's order, then any others by name."""
    named = set(db.run("commitment_themes", quarter=quarter)["theme"])
    rubric_order = views.rubric(int(quarter[:4]))["theme"]
    return [theme for theme in rubric_order if theme in named] + sorted(named - set(rubric_order))


def status_summary(commitments: pd.DataFrame) -> str:
    """How many of the listed commitments are in each status, as one line of text."""
    counts = commitments["状态"].value_counts()
    return f"共 {len(commitments)} 项：" + " · ".join(
        f"{status} {counts.get(status, 0)} 项" for status in STATUS_COLOURS
    )


def status_counts(quarter: str) -> pd.DataFrame:
    """The counts the stacked bar shows: each street's 已完成, 推进中 and 逾期 at the quarter's end."""
    return views.commitments(quarter)[["街道", *STATUS_COLOURS]]


def streets_of(quarter: str) -> list[str]:
    """The streets with commitments in the quarter's year, by name: the list's street filter."""
    return sorted(views.commitments(quarter)["街道"])
