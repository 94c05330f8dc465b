"""趋势: street totals or one theme's scores over a range of quarters, ranks over time, 环比 and 同比."""

import math

import pandas as pd
import plotly.graph_objects as go

from liangsaibi.board.style import shade, style
from liangsaibi.board.views import with_rank_marks
from liangsaibi.store import db

NOT_IN_RUBRIC = "当年评分细则无此指标"


MAX_LINES = 10  # a city's 200 lines would be unreadable (and slow to draw): the leaders and the chosen street
MAX_TICKS = 20  # a bump chart labels every place up to this many, else ranks go on a log scale
LOG_TICKS = [n * 10**e for e in range(5) for n in (1, 2, 3, 5)]


def totals(first: str, last: str, street: str | None = None, top: int | None = MAX_LINES) -> pd.DataFrame:
    """Street totals and ranks from `first` to `last`, oldest first: the `top` streets of `last` and `street`."""
    return db.run("street_trend", first=first, last=last, top=top, street=street)


def theme_scores(
    theme: str, first: str, last: str, street: str | None = None, top: int | None = MAX_LINES
) -> pd.DataFrame:
    """One theme's street scores and ranks from `first` to `last`, empty where the rubric lacks it; the
    `top` streets on the theme and `street`."""
    return db.run("street_theme_trend", theme=theme, first=first, last=last, top=top, street=street)


def changes(first: str, last: str, street: str | None = None) -> pd.DataFrame:
    """环比, 同比 and rank change of every street (or only `street`) and quarter from `first` to `last`."""
    return db.run("street_changes", first=first, last=last, street=street)


def changes_shown(first: str, last: str, street: str | None = None) -> pd.DataFrame:
    """The changes as the page shows them: rank changes as ▲ / ▼ / – / 新."""
    return with_rank_marks(changes(first, last, street))


def years_without_theme(scores: pd.DataFrame) -> list[int]:
    """The years in a theme trend whose rubric lacks the theme."""
    missing = scores.loc[scores["说明"] == NOT_IN_RUBRIC, "季度"]
    return sorted({int(quarter[:4]) for quarter in missing})


def year_span(years: list[int]) -> str:
    """Years as people write them: 2023–2026 when consecutive, else 2021、2023."""
    if len(years) > 1 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return "、".join(map(str, years))


def no_scores_sentence(theme: str, scores: pd.DataFrame) -> str:
    """Why a theme trend has nothing to draw, in one sentence."""
    missing = years_without_theme(scores)
    if missing:
        return f"“{theme}”不在 {year_span(missing)} 年的评分细则中，所选时段没有该指标的得分；请换一个指标或时段。"
    return f"所选时段没有“{theme}”的得分；请换一个指标或时段。"


def _line(street: str, highlight: str | None) -> dict:
    # The frame's street stands out by width and opacity, not colour alone; the others fade.
    if highlight is None:
        return dict(width=2.5, opacity=1.0)
    return dict(width=4.5, opacity=1.0) if street == highlight else dict(width=1.5, opacity=0.35)


def _streets(table: pd.DataFrame, highlight: str | None) -> list[tuple[str, pd.DataFrame]]:
    # The highlighted street is drawn last, so it lies on top of the others.
    groups = list(table.groupby("街道", sort=True))
    return sorted(groups, key=lambda group: group[0] == highlight)


def _shade_gaps(figure: go.Figure, table: pd.DataFrame, quarters: list[str]) -> None:
    # Quarters whose rubric lacks the theme get a grey band, so the gap reads as intended, not as lost data.
    if "说明" not in table:
        return
    missing = set(table.loc[table["说明"] == NOT_IN_RUBRIC, "季度"])
    runs: list[list[int]] = []
    for place, quarter in enumerate(quarters):
        if quarter not in missing:
            continue
        if runs and runs[-1][1] == place - 1:
            runs[-1][1] = place
        else:
            runs.append([place, place])
    for start, end in runs:
        shade(figure, start, end, "评分细则无此指标", opacity=0.15)


def trend_lines(table: pd.DataFrame, value: str, colours: dict[str, str], highlight: str | None = None) -> go.Figure:
    """One line with markers per street over the quarters; `value` is 总分 or 得分, gaps stay gaps."""
    quarters = sorted(table["季度"].unique())
    figure = go.Figure()
    for street, rows in _streets(table, highlight):
        look = _line(street, highlight)
        _add_line(
            figure,
            rows,
            rows[value],
            street,
            look,
            colours,
            marker=dict(size=look["width"] + 4),
            customdata=rows["排名"].astype(float),
            hovertemplate=f"<b>%{{fullData.name}}</b><br>%{{x}}<br>{value} %{{y:.2f}}<br>第 %{{customdata:.0f}} 名<extra></extra>",
        )
    _shade_gaps(figure, table, quarters)
    figure.update_layout(
        xaxis_title="季度",
        yaxis_title=f"{value}（百分制）",
        hovermode="closest",
        legend=dict(orientation="h", y=1.1, x=0),
    )
    figure.update_xaxes(type="category", categoryorder="array", categoryarray=quarters)
    return style(figure, height=460)


def bump_chart(table: pd.DataFrame, colours: dict[str, str], highlight: str | None = None) -> go.Figure:
    """Rank over the quarters, rank 1 on top, each line labelled with its street at its last point.

    The axis spans the ranks drawn. A city's leaders and a chosen street far below them (第 1–10 and
    第 900 名) share a log scale, so the leaders' places stay apart and the chart stays screen-sized.
    """
    quarters = sorted(table["季度"].unique())
    ranks = table["排名"].dropna()
    best, worst = (int(ranks.min()), int(ranks.max())) if len(ranks) else (1, 1)
    places = worst - best + 1
    at = float if places <= MAX_TICKS else math.log10  # plotly places annotations on a log axis by exponent
    figure = go.Figure()
    for street, rows in _streets(table, highlight):
        look, ranked = _line(street, highlight), rows.dropna(subset=["排名"])
        _add_line(
            figure,
            rows,
            rows["排名"],
            street,
            look,
            colours,
            marker=dict(size=look["width"] + 6),
            showlegend=False,
            hovertemplate="<b>%{fullData.name}</b><br>%{x}<br>第 %{y:.0f} 名<extra></extra>",
        )
        if not ranked.empty:
            end = ranked.iloc[-1]
            figure.add_annotation(
                x=end["季度"],
                y=at(end["排名"]),
                text=street,
                showarrow=False,
                xanchor="left",
                xshift=10,
                font=dict(color=colours.get(street), size=14),
                opacity=max(look["opacity"], 0.75),
            )
    _shade_gaps(figure, table, quarters)
    figure.update_xaxes(type="category", categoryorder="array", categoryarray=quarters)
    if places <= MAX_TICKS:
        figure.update_layout(xaxis_title="季度", yaxis_title="名次")
        figure.update_yaxes(range=[worst + 0.5, best - 0.5], dtick=1, tickprefix="第 ", ticksuffix=" 名")
        style(figure, height=max(320, 50 * places + 140))
    else:
        ticks = [tick for tick in LOG_TICKS if best <= tick <= worst]
        figure.update_layout(xaxis_title="季度", yaxis_title="名次（对数刻度）")
        figure.update_yaxes(
            type="log",
            range=[math.log10(worst * 1.15), math.log10(best * 0.85)],
            tickvals=ticks,
            ticktext=[f"第 {tick} 名" for tick in ticks],
        )
        style(figure, height=640)
    figure.update_layout(margin_r=120)  # room for the street names at the line ends
    return figure


def _add_line(figure: go.Figure, rows: pd.DataFrame, y: pd.Series, street: str, look: dict, colours: dict, **options):
    # A street's line over the quarters, broken where a quarter has no value, in its colour and weight.
    figure.add_scatter(
        x=rows["季度"],
        y=y.astype(float),
        name=street,
        mode="lines+markers",
        connectgaps=False,
        opacity=look["opacity"],
        line=dict(color=colours.get(street), width=look["width"]),
        **options,
    )
