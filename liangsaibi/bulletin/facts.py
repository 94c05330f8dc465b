"""The numbers a bulletin states, taken from the same views and queries as the dashboard and the exports."""

from dataclasses import dataclass

import pandas as pd

from liangsaibi.board import commitments, overview, views
from liangsaibi.bulletin import remarks
from liangsaibi.store import db, settings


@dataclass
class Facts:
    """Everything one quarter's bulletin says, as the pages show it."""

    quarter: str
    participation: pd.Series  # 街道数, 村(社区)数, 评分人数
    streets_taking_part: pd.DataFrame  # views.participation: each registered street's 参评 and 参评状态
    draft: bool  # the quarter is not published (草稿)
    average: float  # 全区平均 (the 总览 card)
    average_change: float | None  # its 环比; None without a previous quarter
    unit_grades: pd.DataFrame  # 等次, 村(社区)数
    incomplete_units: int  # units whose scoring is incomplete (left out of the 红黑榜)
    ranking: pd.DataFrame  # views.ranking: the CLI's `export ranking`
    themes: pd.DataFrame  # views.themes: one row per street, one column per theme
    completion: pd.DataFrame  # views.commitments: the CLI's `export commitments`
    district_completion: pd.Series  # 承诺数, 已完成, 推进中, 逾期, 年度完成率, 到期完成率
    overdue: pd.DataFrame  # the 承诺清单 narrowed to 逾期
    boards: dict[str, pd.DataFrame]  # overview.red_black_boards
    remarks: dict[str, str]  # 街道 → 点评 (remarks.py)
    settings: dict[str, str]  # settings.current(), with defaults
    edited: set[str]  # the setting keys the administrator changed from their defaults


def gather(quarter: str) -> Facts:
    """The facts of a quarter from the current database."""
    summary = overview.summary(quarter)
    units = overview.unit_ranking(quarter)
    overdue, _ = commitments.commitment_list(quarter, status="逾期", limit=None)
    completion, district = views.completion(quarter)  # by street and the district's row: one query
    return Facts(
        quarter=quarter,
        participation=db.run("quarter_participation", quarter=quarter).iloc[0],
        streets_taking_part=views.participation(quarter),
        draft=quarter not in views.quarters(),
        average=summary["average"],
        average_change=summary["average_change"],
        unit_grades=db.run("unit_grades", quarter=quarter),
        incomplete_units=int((units["评分状态"] != "完整").sum()),
        ranking=views.ranking(quarter),
        themes=views.themes(quarter),
        completion=completion,
        district_completion=district.iloc[0],
        overdue=overdue,
        boards=overview.red_black_boards(quarter),
        remarks=remarks.remarks(quarter),
        settings=settings.current(),
        edited=edited_settings(),
    )


def edited_settings() -> set[str]:
    """The bulletin's settings whose stored value differs from the default."""
    defaults = {key: default for key, (_, default) in settings.SETTINGS.items()}
    stored = settings.stored()
    return {key for key, value in stored.items() if key.startswith("bulletin_") and value != defaults.get(key)}
