"""The overview's numbers: district summary and the 红黑榜 of units."""

import pandas as pd

from liangsaibi.board import views
from liangsaibi.store import db

BOARD_SIZE = 5


def unit_ranking(quarter: str) -> pd.DataFrame:
    """Every unit of the district in a quarter, best first."""
    return db.run("unit_ranking", quarter=quarter)


def red_black_boards(quarter: str) -> dict[str, pd.DataFrame]:
    """Top and bottom units and the most improved, among units whose scoring is complete."""
    complete = unit_ranking(quarter).query("评分状态 == '完整'")
    columns = ["排名", "街道", "村(社区)", "总分", "环比"]
    improved = complete.dropna(subset=["环比"]).sort_values(["环比", "总分"], ascending=False)
    return {
        "红榜（前五）": complete.head(BOARD_SIZE)[columns],
        "黑榜（后五）": complete.tail(BOARD_SIZE).iloc[::-1][columns],
        "进步最快": improved.head(BOARD_SIZE)[columns],
    }


def boards_shown(quarter: str) -> dict[str, pd.DataFrame]:
    """The 红黑榜 as the page shows them: the district rank named 全区排名, and 进步最快 led by its own order
    (名次 1–5), since its units' district ranks (say 1, 7, 24) would read as a broken list."""
    boards = {title: board.rename(columns={"排名": "全区排名"}) for title, board in red_black_boards(quarter).items()}
    improved = boards["进步最快"]
    boards["进步最快"] = improved.assign(名次=range(1, len(improved) + 1))[
        ["名次", "街道", "村(社区)", "环比", "总分", "全区排名"]
    ]
    return boards


def ranking_shown(quarter: str) -> pd.DataFrame:
    """The street ranking as the page shows it: rank changes as ▲ / ▼ / – / 新."""
    return views.with_rank_marks(views.ranking(quarter))


def theme_ranking(quarter: str, theme: str) -> pd.DataFrame:
    """The streets ranked by one theme's score in a quarter (empty when the year's rubric lacks it)."""
    return db.run("street_theme_ranking", quarter=quarter, theme=theme)


def theme_ranking_shown(quarter: str, theme: str) -> pd.DataFrame:
    """The theme ranking as the page shows it: rank changes as ▲ / ▼ / – / 新."""
    return views.with_rank_marks(theme_ranking(quarter, theme))


def not_taking_part(quarter: str) -> list[str]:
    """The registered streets none of whose units has a score in the quarter (未参评): listed, never ranked."""
    streets = views.participation(quarter)
    return streets.loc[streets["参评状态"] == "未参评", "街道"].tolist()


def summary(quarter: str) -> dict:
    """The overview's metric cards: district average, best and most improved street, commitment completion."""
    units = unit_ranking(quarter)
    compared = db.run("compared_quarter", quarter=quarter).quarter.iloc[0]  # never a draft for a published quarter
    previous = unit_ranking(compared) if compared else units.iloc[:0]
    ranking = views.ranking(quarter)
    improved = ranking.dropna(subset=["环比"]).sort_values("环比", ascending=False).head(1)
    commitments = views.commitments(quarter)
    return {
        "average": round(units["总分"].mean(), 2),
        "average_change": round(units["总分"].mean() - previous["总分"].mean(), 2) if len(previous) else None,
        "best": ranking.iloc[0][["街道", "总分"]].tolist(),
        "improved": improved.iloc[0][["街道", "环比"]].tolist() if len(improved) else None,
        "completion": round(commitments["已完成"].sum() / commitments["承诺数"].sum() * 100, 2)
        if len(commitments)
        else None,
    }
