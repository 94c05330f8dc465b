"""The 比学 page's chart: how often each street went to learn from other streets, and how often others came."""

import plotly.graph_objects as go

from liangsaibi.board.style import style

MAX_STREETS = 20  # a city's busiest streets; the table and the download hold them all
DIRECTIONS = {"出访次数": ("去其他街道观摩", "#1f6fb2"), "来访次数": ("其他街道来观摩", "#d89614")}


def count_step(peak: int, ticks: int = 8) -> int:
    """The step between ticks of an axis of counts: a whole 1, 2 or 5 × 10ⁿ, at most `ticks` of them to the peak
    (left alone, plotly marks 0.5 visits)."""
    step = 1
    while peak / step > ticks:
        step = step * 5 // 2 if str(step)[0] == "2" else step * 2
    return step


def visit_bars(balance) -> go.Figure:
    """Per street two bars, visits made to other streets and visits received from them, busiest on top."""
    rows = balance.head(MAX_STREETS).iloc[::-1]  # plotly draws the first category at the bottom
    figure = go.Figure()
    for column, (name, colour) in DIRECTIONS.items():
        figure.add_bar(
            x=rows[column],
            y=rows["街道"],
            orientation="h",
            name=name,
            marker_color=colour,
            text=[str(n) if n else "" for n in rows[column]],
            textposition="outside",
            hovertemplate=f"<b>%{{y}}</b><br>{name} %{{x}} 次<extra></extra>",
        )
    figure.update_layout(
        barmode="group",
        xaxis=dict(title="次数", dtick=count_step(rows[list(DIRECTIONS)].to_numpy().max()), tick0=0),
        yaxis_title=None,
        legend=dict(orientation="h", y=1.12, x=0),
        yaxis=dict(categoryorder="array", categoryarray=list(rows["街道"])),
    )
    return style(figure, height=max(280, 56 * len(rows) + 120))
