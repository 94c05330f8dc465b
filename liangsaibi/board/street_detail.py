"""The street detail page's tables and figures: one street's units ranked, their themes, their trend."""

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from liangsaibi.board import overview, views
from liangsaibi.board.style import style
from liangsaibi.store import db

RANKING_COLUMNS = ["排名", "村(社区)", "类型", "总分", "环比", "等次", "覆盖率", "评分状态"]
# Traffic lights of the department: red below 60, yellow 60–80, green from 80; values are printed too.
THEME_SCALE = [[0.0, "#c0392b"], [0.333, "#f4d03f"], [0.667, "#a9d18e"], [1.0, "#1b7f3b"]]


def registered_units(street: str) -> int:
    """How many units the street has on record, scored or not."""
    streets = db.run("streets").set_index("street")["units"]
    return int(streets.get(street, 0))


def unit_ranking(quarter: str, street: str) -> pd.DataFrame:
    """The street's units in a quarter, best first, with whether each one's scoring is complete."""
    return db.run("street_units", quarter=quarter, street=street)[RANKING_COLUMNS]


def headline(quarter: str, street: str) -> dict | None:
    """The street's standing in a quarter, as the page opens with it: rank among the streets and its change,
    total and 环比, grade, and the gaps to the district average (总览's card) and to the 优秀 line; None
    when the street has no scores that quarter."""
    ranking = views.ranking(quarter)
    row = ranking[ranking["街道"] == street]
    if row.empty:
        return None
    row = row.iloc[0]
    average = overview.summary(quarter)["average"]
    bands = db.run("grade_bands", year=int(quarter[:4])).set_index("等次")["最低分"]
    excellent = float(bands["优秀"]) if "优秀" in bands else None
    return {
        "rank": int(row["排名"]),
        "streets": len(ranking),
        "rank_change": row["排名变化"],
        "total": float(row["总分"]),
        "qoq": row["环比"],
        "grade": row["等次"],
        "average": average,
        "to_average": _gap(row["总分"], average),
        "excellent": excellent,
        "to_excellent": None if excellent is None else _gap(row["总分"], excellent),
    }


def _gap(total: float, line: float) -> float:
    # Both have 2 decimals already, so their difference has too: rounding only drops float noise.
    return round(float(total) - float(line), 2)


def street_order(quarter: str) -> list[str]:
    """The district's streets in the quarter's rank order, streets without scores then after."""
    ranked = views.ranking(quarter)["街道"].tolist()
    return ranked + [name for name in views.streets() if name not in ranked]


def theme_ranking(quarter: str, street: str, theme: str) -> pd.DataFrame:
    """The street's units ranked by one theme's score (百分制) in a quarter, with their total and its rank;
    units without a score on the theme last, unranked. Empty when the year's rubric lacks the theme."""
    scores = unit_themes(quarter, street)
    scores = scores[scores["指标"] == theme][["村(社区)", "得分"]]
    totals = unit_ranking(quarter, street)[["村(社区)", "类型", "排名", "总分"]].rename(columns={"排名": "总分排名"})
    ranked = scores.merge(totals, on="村(社区)").sort_values(
        ["得分", "村(社区)"], ascending=[False, True], na_position="last"
    )
    ranked.insert(0, "排名", ranked["得分"].rank(method="min", ascending=False).astype("Int64"))
    return ranked.rename(columns={"得分": f"{theme}得分"})[
        ["排名", "村(社区)", "类型", f"{theme}得分", "总分", "总分排名"]
    ]


def incomplete_sentence(ranking: pd.DataFrame) -> str | None:
    """One sentence naming the units whose scoring is incomplete, or None when all are complete."""
    named = "、".join(
        f"{unit}（覆盖率 {coverage:.2f}%）"
        for unit, coverage, state in zip(ranking["村(社区)"], ranking["覆盖率"], ranking["评分状态"])
        if state == "不完整"
    )
    return f"{named}评分不完整：总分只按已评的指标计算，与其他村(社区)比较时请留意。" if named else None


def unit_themes(quarter: str, street: str) -> pd.DataFrame:
    """Each unit's theme scores (百分制) in a quarter, every theme of the year, units in rank order."""
    return db.run("unit_themes", quarter=quarter, street=street)


def theme_matrix(themes: pd.DataFrame) -> pd.DataFrame:
    """The theme scores as the heatmap shows them: one row per unit in rank order, one column per theme."""
    units, order = themes["村(社区)"].unique().tolist(), themes["指标"].unique().tolist()
    wide = themes.pivot(index="村(社区)", columns="指标", values="得分")
    return wide.loc[units, order].reset_index().rename_axis(columns=None)


def theme_heatmap(themes: pd.DataFrame) -> go.Figure:
    """Units × themes, best unit on top, each cell's score printed; an unscored theme shows 未评分."""
    weights = dict(zip(themes["指标"], themes["权重"]))
    rows = theme_matrix(themes).iloc[::-1]  # plotly draws the first row at the bottom
    names = [column for column in rows.columns if column != "村(社区)"]
    values = rows[names].to_numpy(dtype=float, na_value=float("nan"))
    text = [["未评分" if pd.isna(value) else f"{value:.2f}" for value in row] for row in values]
    labels = [f"{name}\n权重 {weights[name]:g}" for name in names]  # "\n": a line break (ui.chart_text)
    figure = go.Figure(
        go.Heatmap(
            z=values,
            x=labels,
            y=rows["村(社区)"],
            text=text,
            texttemplate="%{text}",
            textfont_size=13,
            colorscale=THEME_SCALE,
            zmin=40,
            zmax=100,
            xgap=2,
            ygap=2,
            hoverongaps=True,
            colorbar=dict(title="得分", tickfont_size=12),
            hovertemplate="<b>%{y}</b><br>%{x}<br>得分 %{text}<extra></extra>",
        )
    )
    figure.update_layout(xaxis_title=None, yaxis_title=None, xaxis_side="top")
    return style(figure, height=max(300, 36 * len(rows) + 140))


def unit_trend(street: str, last: str) -> pd.DataFrame:
    """The totals of the street's units over the quarters with scores up to `last`, the newest quarter the visitor
    may see (published ones only when it is published)."""
    return db.run("unit_trend", street=street, last=last)


def trend_choices(ranking: pd.DataFrame, trend: pd.DataFrame) -> list[str]:
    """The units to choose from for the trend: this quarter's rank order, then units not scored in it."""
    return list(dict.fromkeys([*ranking["村(社区)"], *sorted(trend["村(社区)"].unique())]))


def trend_of(trend: pd.DataFrame, units: list[str]) -> pd.DataFrame:
    """The trend rows of the chosen units, as the chart draws them."""
    return trend[trend["村(社区)"].isin(units)].reset_index(drop=True)


def trend_lines(trend: pd.DataFrame, units: list[str], quarter: str) -> go.Figure:
    """One line per chosen unit over the quarters; an open marker is a quarter whose scoring was incomplete."""
    # Colours go by the order chosen: the few lines shown stay clearly apart (the legend names them).
    palette = px.colors.qualitative.T10
    figure = go.Figure()
    for i, unit in enumerate(units):
        rows = trend[trend["村(社区)"] == unit]
        figure.add_scatter(
            x=rows["季度"],
            y=rows["总分"],
            name=unit,
            mode="lines+markers",
            line_color=palette[i % len(palette)],
            marker=dict(size=7, symbol=["circle" if c >= 100 else "circle-open" for c in rows["覆盖率"]]),
            customdata=rows["覆盖率"],
            hovertemplate="<b>%{fullData.name}</b><br>%{x}<br>总分 %{y:.2f}<br>覆盖率 %{customdata:.2f}%<extra></extra>",
        )
    quarters = sorted(trend["季度"].unique())
    figure.update_layout(
        xaxis_title="季度",
        yaxis_title="总分（百分制）",
        xaxis=dict(type="category", categoryorder="array", categoryarray=quarters),
        legend=dict(orientation="h", y=-0.25, x=0),
    )
    if quarter in quarters:
        figure.add_vline(
            x=quarters.index(quarter),
            line_dash="dot",
            line_color="#888",
            annotation_text=quarter,
            annotation_position="top",
        )
    return style(figure, height=460)
