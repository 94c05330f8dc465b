"""评分分析: how far raters agree, live and imported scores alike (the long score format carries 评分人)."""

import pandas as pd
import plotly.graph_objects as go

from liangsaibi.board.style import style
from liangsaibi.store import db

TOP = 15  # the pairs a meeting would talk about; the download holds every pair


def spread(quarter: str, street: str | None = None, theme: str | None = None) -> pd.DataFrame:
    """Every unit–theme pair scored by two or more raters, with max − min and the standard deviation, widest first."""
    return db.run("rater_spread", quarter=quarter, street=street, theme=theme)


def rater_deviation(quarter: str, street: str | None = None, theme: str | None = None) -> pd.DataFrame:
    """Each rater's average difference from the other raters of the same unit and theme (百分制 points)."""
    return db.run("rater_deviation", quarter=quarter, street=street, theme=theme)


def deviation_figure(deviation: pd.DataFrame) -> go.Figure:
    """One bar per rater: above zero scores higher than the others, below lower."""
    shown = deviation.iloc[::-1]
    figure = go.Figure(
        go.Bar(
            x=shown["平均偏差"],
            y=shown["评分人"],
            orientation="h",
            marker_color=["#c0392b" if v > 0 else "#1f6fb2" for v in shown["平均偏差"]],
            text=[f"{v:+.2f}" for v in shown["平均偏差"]],
            textposition="outside",
            hovertemplate="%{y}<br>平均偏差 %{x:+.2f}<extra></extra>",
        )
    )
    figure.update_layout(xaxis_title="与其他评分人平均分之差（百分制分）", yaxis_title=None)
    return style(figure, height=max(260, 28 * len(shown) + 120))
