"""街道对比: the streets of one quarter across the themes of that year's rubric — tables and figures."""

import math

import pandas as pd
import plotly.graph_objects as go

from liangsaibi.board import charts, views
from liangsaibi.board.style import shade, style
from liangsaibi.store import db

HIGHLIGHT = "#222222"


def street_theme_scores(quarter: str) -> pd.DataFrame:
    """Street × theme scores of a quarter, long: streets in ranking order, then themes in rubric order."""
    long = db.run("street_themes", quarter=quarter)
    ranks = views.ranking(quarter).set_index("街道")["排名"]
    long.insert(1, "排名", long["街道"].map(ranks))
    # A stable sort keeps the query's rubric order of the themes within each street.
    return long.sort_values(["排名", "街道"], kind="stable").reset_index(drop=True)


def pick(table: pd.DataFrame, streets: list[str]) -> pd.DataFrame:
    """The rows of the chosen streets, in the order they were chosen."""
    place = {street: i for i, street in enumerate(streets)}
    rows = table[table["街道"].isin(place)]
    return rows.sort_values("街道", key=lambda column: column.map(place), kind="stable").reset_index(drop=True)


def picked_scores(quarter: str, streets: tuple[str, ...]) -> pd.DataFrame:
    """street_theme_scores of the chosen streets, in the order chosen (a view of its own: the page's cache keeps it)."""
    return pick(street_theme_scores(quarter), list(streets))


def default_streets(ranked: list[str], frame_street: str | None) -> list[str]:
    """The top street and the frame's street when one is chosen (and is not the top), else the top two."""
    if frame_street in ranked[1:]:
        return [ranked[0], frame_street]
    return ranked[:2]


def _faded(colour: str | None, alpha: float = 0.12) -> str | None:
    # Light fills so that up to four overlapping outlines stay readable.
    if not colour or not colour.startswith("#"):
        return None
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {alpha})"


def _outline(figure: go.Figure, x: tuple[float, float], y: tuple[float, float]) -> None:
    # A dark frame rather than a colour change, so the mark does not depend on colour alone.
    figure.add_shape(type="rect", x0=x[0], x1=x[1], y0=y[0], y1=y[1], line=dict(color=HIGHLIGHT, width=3))


def theme_heatmap(
    scores: pd.DataFrame, theme: str | None = None, street: str | None = None, places: tuple[int, ...] = ()
) -> go.Figure:
    """Streets (rows, ranking order) × themes (columns, rubric order), the score printed in each cell;
    `places`, the rows' ranks when a city's streets were cut, marks what was left out."""
    streets, themes = scores["街道"].unique().tolist(), scores["指标"].unique().tolist()
    grid = scores.pivot(index="街道", columns="指标", values="得分").loc[streets, themes]
    units = scores.pivot(index="街道", columns="指标", values="村(社区)数").loc[streets, themes]
    figure = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=themes,
            y=streets,
            customdata=units.to_numpy(),
            colorscale="Blues",
            showscale=False,  # each cell prints its score: a colour scale would only repeat it
            texttemplate="%{z:.2f}",
            textfont=dict(size=14),
            xgap=2,
            ygap=2,
            hovertemplate="<b>%{y}</b><br>指标：%{x}<br>得分 %{z:.2f}（百分制）"
            "<br>%{customdata} 个村(社区)有该项评分<extra></extra>",
        )
    )
    if theme in themes:
        _outline(figure, (themes.index(theme) - 0.5, themes.index(theme) + 0.5), (-0.5, len(streets) - 0.5))
    if street in streets:
        _outline(figure, (-0.5, len(themes) - 0.5), (streets.index(street) - 0.5, streets.index(street) + 0.5))
    charts.mark_gaps(figure, list(places), top_down=True, beside=True)
    figure.update_layout(xaxis_title=None, yaxis_title=None, xaxis_side="top")
    figure.update_yaxes(autorange="reversed")  # rank 1 on top
    style(figure, height=max(320, 56 * len(streets) + 150))
    figure.update_layout(margin_t=75)  # the theme names on top stay clear of plotly's toolbar
    if figure.layout.annotations:
        figure.update_layout(margin_r=110)  # 略去 N 个街道 has the right margin to itself
    return figure


def radar(scores: pd.DataFrame, colours: dict[str, str]) -> go.Figure:
    """One closed outline per street across the themes, each street in its own colour."""
    figure = go.Figure()
    for street, rows in scores.groupby("街道", sort=False):
        themes, values = list(rows["指标"]), list(rows["得分"])
        figure.add_scatterpolar(
            r=values + values[:1],
            theta=themes + themes[:1],
            name=street,
            mode="lines+markers",
            line=dict(color=colours.get(street), width=3),
            fill="toself",
            fillcolor=_faded(colours.get(street)),
            hovertemplate="<b>%{fullData.name}</b><br>%{theta}：%{r:.2f}<extra></extra>",
        )
    # The radial axis starts near the lowest score: from 0 every street would look alike.
    floor = max(0, math.floor((scores["得分"].min() - 5) / 10) * 10)
    between_first_two = 90 - 180 / max(1, scores["指标"].nunique())  # degrees from east: clear of theme names
    figure.update_layout(
        polar=dict(
            radialaxis=dict(range=[floor, 100], tickfont_size=12, angle=between_first_two),
            angularaxis=dict(tickfont_size=14, direction="clockwise"),
        ),
        legend=dict(orientation="h", y=-0.08, x=0.5, xanchor="center"),
    )
    return style(figure, height=560)


def theme_bars(scores: pd.DataFrame, colours: dict[str, str], theme: str | None = None) -> go.Figure:
    """Grouped bars: one group per theme, one bar per chosen street in its colour."""
    themes = scores["指标"].unique().tolist()
    figure = go.Figure()
    for street, rows in scores.groupby("街道", sort=False):
        figure.add_bar(
            x=rows["指标"],
            y=rows["得分"],
            name=street,
            marker_color=colours.get(street),
            customdata=rows["村(社区)数"],
            texttemplate="%{y:.2f}",
            textposition="inside",
            textangle=-90,
            insidetextanchor="end",
            textfont=dict(size=13),
            hovertemplate="<b>%{fullData.name}</b><br>%{x}：%{y:.2f}<br>%{customdata} 个村(社区)有该项评分<extra></extra>",
        )
    if theme in themes:
        place = themes.index(theme)
        shade(figure, place, place, "所选指标", opacity=0.18)
    figure.update_layout(
        barmode="group", yaxis_title="得分（百分制）", xaxis_title=None, legend=dict(orientation="h", y=1.12, x=0)
    )
    figure.update_xaxes(categoryorder="array", categoryarray=themes)
    figure.update_yaxes(range=[0, 105])
    return style(figure, height=440)
