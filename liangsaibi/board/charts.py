"""The plotly figures of the pages: each takes a view's table and returns a figure."""

import pandas as pd
import plotly.graph_objects as go

from liangsaibi.board.commitments import STATUS_COLOURS
from liangsaibi.board.style import GRADE_COLOURS, style
from liangsaibi.board.views import rank_change_mark

MAX_BARS = 30


def bars_shown(ranking: pd.DataFrame, highlight: str | None = None, most: int = MAX_BARS) -> pd.DataFrame:
    """All streets of a district; of a city's hundreds (rows in ranked order), the first and last `most`/2
    and the chosen street, in that order: a chart of 2,000 rows can be neither read nor drawn."""
    return ranking if len(ranking) <= most else ranking.iloc[places_shown(ranking["街道"].tolist(), highlight, most)]


def places_shown(ranked: list[str], highlight: str | None = None, most: int = MAX_BARS) -> list[int]:
    """The positions in a ranked list of street names that bars_shown() keeps."""
    count, half = len(ranked), most // 2
    if count <= most:
        return list(range(count))
    middle = [ranked.index(highlight, half, count - half)] if highlight in ranked[half : count - half] else []
    return [*range(half), *middle, *range(count - half, count)]


def streets_shown(ranked: list[str], highlight: str | None = None, most: int = MAX_BARS) -> list[str]:
    """The streets bars_shown() keeps of a ranked list of names."""
    return [ranked[place] for place in places_shown(ranked, highlight, most)]


def mark_gaps(figure: go.Figure, places: list[int], top_down: bool = False, beside: bool = False) -> None:
    """A dotted line and 略去 N 个街道 where bars_shown() left streets out of a chart of rows: `places` are the
    drawn rows' positions before the cut, top to bottom; category positions count from the bottom row,
    or from the top one on a reversed axis (`top_down`). The note stands at the plot's right end (bars rarely
    reach it) or, `beside` it, in the right margin (a heatmap's cells fill the plot; the caller leaves room)."""
    for i in range(1, len(places)):
        if places[i] - places[i - 1] > 1:
            between = i - 0.5 if top_down else len(places) - i - 0.5
            figure.add_hline(y=between, line_dash="dot", line_color="#888888", line_width=1)
            figure.add_annotation(
                y=between,
                x=1,
                xref="paper",
                xanchor="left" if beside else "right",
                xshift=6 if beside else 0,
                showarrow=False,
                text=f"略去 {places[i] - places[i - 1] - 1} 个街道",
                font=dict(size=12, color="#555555"),
                bgcolor="#ffffff",
            )


def ranking_bars(ranking: pd.DataFrame, highlight: str | None = None) -> go.Figure:
    """Streets as horizontal bars, best on top, coloured by grade, labelled with total and rank change
    (a city's ranking is cut by bars_shown() first)."""
    rows = ranking.iloc[::-1]  # plotly draws the first category at the bottom
    marks = rows["排名变化"].map(rank_change_mark)
    qoq = rows["环比"].map(lambda v: "环比 新" if pd.isna(v) else f"环比 {v:+.2f}")
    figure = go.Figure()
    for grade, colour in GRADE_COLOURS.items():
        part = rows["等次"] == grade
        if not part.any():
            continue
        figure.add_bar(
            x=rows.loc[part, "总分"],
            y=rows.loc[part, "街道"],
            orientation="h",
            name=grade,
            marker_color=colour,
            marker_line=dict(color="#222", width=[3 if s == highlight else 0 for s in rows.loc[part, "街道"]]),
            text=[f"{t:.2f}  {m}" for t, m in zip(rows.loc[part, "总分"], marks[part])],
            textposition="outside",
            customdata=list(zip(rows.loc[part, "排名"], marks[part], qoq[part], rows.loc[part, "覆盖率"])),
            hovertemplate="<b>%{y}</b><br>总分 %{x:.2f}<br>第 %{customdata[0]} 名（%{customdata[1]}）"
            "<br>%{customdata[2]}<br>覆盖率 %{customdata[3]:.2f}%<extra>%{fullData.name}</extra>",
        )
    figure.update_layout(
        barmode="overlay",
        xaxis_title="总分（百分制）",
        yaxis_title=None,
        yaxis=dict(categoryorder="array", categoryarray=list(rows["街道"])),
        legend=dict(orientation="h", y=1.08, x=0),
    )
    figure.update_xaxes(range=[0, 110])
    mark_gaps(figure, ranking.index.tolist())
    return style(figure, height=max(300, 60 * len(rows) + 120))


def theme_ranking_bars(ranking: pd.DataFrame, highlight: str | None = None) -> go.Figure:
    """Streets as horizontal bars of one theme's score (百分制), best on top, labelled with score and rank change."""
    rows = ranking.iloc[::-1]
    marks = rows["排名变化"].map(rank_change_mark)
    qoq = rows["环比"].map(lambda v: "环比 新" if pd.isna(v) else f"环比 {v:+.2f}")
    figure = go.Figure(
        go.Bar(
            x=rows["得分"],
            y=rows["街道"],
            orientation="h",
            marker_color="#1f6fb2",
            showlegend=False,
            marker_line=dict(color="#222", width=[3 if s == highlight else 0 for s in rows["街道"]]),
            text=[f"{t:.2f}  {m}" for t, m in zip(rows["得分"], marks)],
            textposition="outside",
            customdata=list(zip(rows["排名"], marks, qoq)),
            hovertemplate="<b>%{y}</b><br>得分 %{x:.2f}<br>第 %{customdata[0]} 名（%{customdata[1]}）"
            "<br>%{customdata[2]}<extra></extra>",
        )
    )
    figure.update_layout(
        xaxis_title=f"{ranking['指标'].iloc[0]}得分（百分制）",
        yaxis_title=None,
        yaxis=dict(categoryorder="array", categoryarray=list(rows["街道"])),
    )
    figure.update_xaxes(range=[0, 110])
    mark_gaps(figure, ranking.index.tolist())
    return style(figure, height=max(300, 60 * len(rows) + 120))


def status_bars(counts: pd.DataFrame) -> go.Figure:
    """One horizontal bar per street, its commitments as shares stacked 已完成 / 推进中 / 逾期 (the 已完成 part is
    its 年度完成率, the order of the rows), counts printed, first street on top."""
    rows = counts.iloc[::-1]  # plotly draws the first category at the bottom
    totals = rows[list(STATUS_COLOURS)].sum(axis=1)
    figure = go.Figure()
    for status, colour in STATUS_COLOURS.items():
        share = (rows[status] / totals.where(totals > 0) * 100).fillna(0)
        figure.add_bar(
            x=share,
            y=rows["街道"],
            orientation="h",
            name=status,
            marker_color=colour,
            text=[f"{n} 项" if n else "" for n in rows[status]],
            textposition="inside",
            insidetextanchor="middle",
            customdata=list(zip(rows[status], totals)),
            hovertemplate=f"<b>%{{y}}</b><br>{status} %{{customdata[0]}} 项（共 %{{customdata[1]}} 项，占 %{{x:.2f}}%）"
            "<extra></extra>",
        )
    figure.update_layout(
        barmode="stack",
        xaxis=dict(title="占本街道承诺事项的比例（%）", range=[0, 100], dtick=20),
        yaxis_title=None,
        yaxis=dict(categoryorder="array", categoryarray=list(rows["街道"])),
        legend=dict(orientation="h", y=1.1, x=0, traceorder="normal"),
    )
    mark_gaps(figure, counts.index.tolist())
    return style(figure, height=max(280, 50 * len(rows) + 120)).update_layout(margin_r=30)  # room for "100"
