"""The meeting screen's figures: the pages' charts restyled for a big dark screen, read across a room."""

import pandas as pd
import plotly.graph_objects as go

from liangsaibi.board import charts, comparison, trends
from liangsaibi.board.style import FONT

BACKGROUND, TEXT, GRID = "#0b1220", "#f1f5f9", "#334155"
# Dark to bright blue: white cell values keep a contrast of at least 5:1 on every cell.
HEAT = [[0.0, "#1e2a44"], [1.0, "#1d5fd8"]]
INK = {"一般": BACKGROUND}  # dark text on the light bars (一般's amber): white on amber is hard to read
TICK, LABEL = 26, 30  # px at any screen size: ≥ 24 px at 1920×1080 (plotly takes no vh)
WIDTH = 1824  # px a chart has on a 1920×1080 screen (less the slide's padding): what a legend's rows are counted in
# Street lines differ by marker shape as well as by colour.
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "cross", "star", "triangle-down", "x", "pentagon", "hexagon"]


def big(figure: go.Figure) -> go.Figure:
    """A figure restyled for the big screen: dark, large type, as tall as the slide leaves room for."""
    figure.update_layout(
        template="plotly_dark",
        paper_bgcolor=BACKGROUND,
        plot_bgcolor=BACKGROUND,
        height=None,
        font=dict(family=FONT, size=TICK, color=TEXT),
        margin=dict(l=20, r=30, t=70, b=20),
        legend=dict(font_size=TICK),
        hoverlabel=dict(font_size=TICK),
    )
    figure.update_xaxes(tickfont_size=TICK, title_font_size=TICK, gridcolor=GRID, zerolinecolor=GRID)
    figure.update_yaxes(tickfont_size=TICK, title_font_size=TICK, gridcolor=GRID, zerolinecolor=GRID)
    figure.update_yaxes(title_standoff=12)  # stated, so that the screen's scaling (present_keys.js) scales it too
    figure.update_annotations(bgcolor=BACKGROUND, font=dict(color=TEXT, size=TICK))  # e.g. 略去 N 个街道
    return figure


def ranking_figure(ranking: pd.DataFrame) -> go.Figure:
    """The overview's ranking bars on the 百分制 axis (0–100), each bar carrying its rank, total, rank change
    and grade in words: inside the bar, or just beyond a short one."""
    figure, place = charts.ranking_bars(ranking), dict(zip(ranking["街道"], ranking["排名"]))
    for trace in figure.data:
        trace.text = [f"第{place[street]}名  {text}  {trace.name}" for street, text in zip(trace.y, trace.text)]
        trace.update(
            textposition="auto",
            insidetextanchor="end",
            textangle=0,
            cliponaxis=False,
            textfont=dict(size=LABEL, color=TEXT),
            insidetextfont=dict(size=LABEL, color=INK.get(trace.name, "#ffffff")),
            outsidetextfont=dict(size=LABEL, color=TEXT),
        )
    figure.update_xaxes(range=[0, 100], dtick=10)
    figure.update_layout(legend=dict(y=1.02, yanchor="bottom"), uniformtext=dict(minsize=LABEL, mode="show"))
    return big(figure)


def heatmap_figure(scores: pd.DataFrame, places: tuple[int, ...] = ()) -> go.Figure:
    """The comparison page's street × theme heatmap with white values on dark-to-bright cells, at big-screen size."""
    figure = comparison.theme_heatmap(scores, places=places)
    figure.update_traces(colorscale=HEAT, textfont=dict(size=LABEL, color=TEXT))
    big(figure)
    if figure.layout.annotations:
        figure.update_layout(margin_r=240)  # room for 略去 N 个街道 in big type
    return figure


def trend_figure(lines: pd.DataFrame, colours: dict[str, str]) -> go.Figure:
    """The trend page's street total lines, thicker, each street with its own marker shape too."""
    figure = trends.trend_lines(lines, "总分", colours)
    for place, trace in enumerate(figure.data):
        trace.line.width = 5
        trace.marker = dict(size=16, symbol=SYMBOLS[place % len(SYMBOLS)])
    # The legend in the figure's top margin, counted from the figure's top edge, never over the plot: the margin
    # is as tall as the legend's rows of names (each a marker, its name, a gap).
    names = sum(len(trace.name) * TICK + 80 for trace in figure.data)
    rows = -(-names // (WIDTH - 100))
    big(figure).update_layout(
        legend=dict(orientation="h", yref="container", y=1, yanchor="top", x=0, font_size=TICK),
        margin_t=rows * TICK * 1.6 + 30,
    )
    return figure
