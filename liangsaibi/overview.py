"""The overview's numbers: district summary and the 红黑榜 of units."""
import pandas as pd

from . import db, views
from .quarters import previous_quarter

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


def summary(quarter: str) -> dict:
    """The overview's metric cards: district average, best and most improved street, commitment completion."""
    units = unit_ranking(quarter)
    previous = unit_ranking(previous_quarter(quarter))
    ranking = views.ranking(quarter)
    improved = ranking.dropna(subset=["环比"]).sort_values("环比", ascending=False).head(1)
    commitments = views.commitments(quarter)
    return {
        "average": round(units["总分"].mean(), 2),
        "average_change": round(units["总分"].mean() - previous["总分"].mean(), 2) if len(previous) else None,
        "best": ranking.iloc[0][["街道", "总分"]].tolist(),
        "improved": improved.iloc[0][["街道", "环比"]].tolist() if len(improved) else None,
        "completion": round(commitments["已完成"].sum() / commitments["承诺数"].sum() * 100, 2) if len(commitments) else None,
    }
