"""The HTML of the big-screen slides: the cover, slide titles and tables styled to be read across a room."""
from html import escape

import pandas as pd

from .charts import rank_change_mark


def number(value) -> str:
    """A score as shown everywhere: two decimals, — when missing."""
    return "—" if pd.isna(value) else f"{value:.2f}"


def change(value) -> str:
    """A change with its sign and an arrow, so up and down do not rely on colour."""
    if pd.isna(value):
        return "—"
    arrow = "↑" if value > 0 else "↓" if value < 0 else ""
    return f'<span class="{"up" if value > 0 else "down" if value < 0 else ""}">{arrow}{value:+.2f}</span>'


def signed(value) -> str:
    """A change as plain text, +0.03 or —, for titles."""
    return "—" if pd.isna(value) else f"{value:+.2f}"


def percent(value) -> str:
    """A rate as 83.15%, — when there is nothing to divide by."""
    return "—" if pd.isna(value) else f"{value:.2f}%"


def rate_bar(value) -> str:
    """A completion rate with a bar drawn to scale and the number printed beside it."""
    if pd.isna(value):
        return "—"
    return f'<span class="present-bar"><span style="width:{max(0.0, min(100.0, value)):.1f}%"></span></span>{value:.2f}%'


def completeness(row) -> str:
    """完整, or 不完整 with the coverage, so an incomplete unit is never read as complete."""
    return "完整" if row["评分状态"] == "完整" else f"⚠ 不完整（覆盖率 {row['覆盖率']:.2f}%）"


def flagged(value) -> str:
    """A completeness other than 完整 stands out in the accent colour as well as in words."""
    return escape(value) if value == "完整" else f'<span class="warn">{escape(value)}</span>'


FORMATS = {"总分": number, "得分": number, "环比": change, "排名变化": rank_change_mark,
           "年度完成率": rate_bar, "到期完成率": percent, "评分状态": flagged}
NUMBERS = {"排名", "名次", "总分", "得分", "环比", "承诺数", "已完成", "推进中", "逾期", "到期完成率"}


def table(rows: pd.DataFrame, roomy: bool = False) -> str:
    """An HTML table of the rows; known columns formatted (FORMATS), numbers right-aligned, text escaped.

    A roomy table has larger type, for a few rows on a wide slide; a long one gets smaller type (present.css).
    """
    def cell(column, value):
        shown = FORMATS[column](value) if column in FORMATS else escape(str(value))
        return f'<td class="number">{shown}</td>' if column in NUMBERS else f"<td>{shown}</td>"

    head = "".join(f'<th class="number">{escape(c)}</th>' if c in NUMBERS else f"<th>{escape(c)}</th>"
                   for c in rows.columns)
    body = "".join("<tr>" + "".join(cell(c, v) for c, v in row.items()) + "</tr>" for _, row in rows.iterrows())
    kind = "present-table roomy" if roomy else "present-table"
    return (f'<table class="{kind}" style="--rows: {len(rows)}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>")


def title(text: str, subtitle: str = "") -> str:
    """A slide's title line and an optional line under it."""
    under = f'<p class="present-subtitle">{escape(subtitle)}</p>' if subtitle else ""
    return f'<div class="present-head"><h1 class="present-title">{escape(text)}</h1>{under}</div>'


def cover(district: str, quarter: str, latest: str, sample: bool) -> str:
    """The opening slide: district, quarter, how current the data is, and the demo-data mark."""
    mark = '<div class="present-sample">示例数据：分数为虚构，仅供演示</div>' if sample else ""
    return (f'<div class="present-cover"><div class="present-district">{escape(district)}</div>'
            f'<div class="present-event">{escape(quarter)} 亮承诺 · 赛实绩 · 比干劲</div>'
            f'<p class="present-subtitle">街道比学交流 · 数据截至 {escape(latest)}</p>{mark}</div>')


def boards(named: dict[str, pd.DataFrame]) -> str:
    """The 红黑榜 side by side, each under its name."""
    parts = [f'<section><h3>{escape(name)}</h3>{table(rows) if len(rows) else "<p>本季度没有可比的村(社区)。</p>"}</section>'
             for name, rows in named.items()]
    return f'<div class="present-boards">{"".join(parts)}</div>'


def standing(quarter: str, street: pd.Series) -> str:
    """A street's place in the ranking in one line: rank and its change, total, grade, 环比."""
    return (f"{quarter} 第 {street['排名']} 名（{rank_change_mark(street['排名变化'])}）· 总分 {street['总分']:.2f}"
            f" · {street['等次']} · 环比 {signed(street['环比'])}")


def street_units(units: pd.DataFrame) -> pd.DataFrame:
    """A street's units as its slide lists them: rank, name, kind, total, 环比, grade, completeness."""
    shown = units[["排名", "村(社区)", "类型", "总分", "环比", "等次"]].copy()
    shown["评分状态"] = units.apply(completeness, axis=1)
    return shown


def message(text: str) -> str:
    """One sentence in the middle of the screen, for a slide with nothing to show."""
    return f'<div class="present-message">{escape(text)}</div>'


def progress(position: int, count: int, label: str, every: int, paused: bool) -> str:
    """Slide k / n, its name, and whether the slides move on by themselves."""
    state = "已暂停" if paused else f"每 {every} 秒自动切换"
    return f'<span class="present-progress">{position + 1} / {count} · {escape(label)} · {state}</span>'


def notes(lines: list[str]) -> str:
    """The notes on URL values that could not be used, one a line."""
    return '<div class="present-notes">' + "<br>".join(escape(line) for line in lines) + "</div>"
