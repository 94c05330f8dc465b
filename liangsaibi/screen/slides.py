"""The HTML of the big-screen slides: the cover, slide pages and tables whose type grows to fill the screen.

Type sizes are worked out by the style sheet (present.css) from what a table tells it: how many lines it
stacks (--lines) and how wide its widest row is in em (--ems, estimated here), so that a short table is
set large and a long one stays at least 24 px at 1920×1080 (longer ones page, see present.ROWS).
"""

import re
import unicodedata
from datetime import date
from html import escape

import pandas as pd

from liangsaibi.board.charts import rank_change_mark

# Completion rates in traffic-light colours (docs/计分规则.md, 第7条): ≥ 80 green, 60–80 yellow, < 60 red.
LIGHTS = ((80, "green"), (60, "yellow"), (float("-inf"), "red"))
BAR = 5.4  # em: a rate's bar and the gap after it


def number(value) -> str:
    """A score as shown everywhere: two decimals, — when missing."""
    return "—" if pd.isna(value) else f"{value:.2f}"


def change(value) -> str:
    """A change with its sign and an arrow, so up and down do not rely on colour; 新 with no previous quarter."""
    if pd.isna(value):
        return "新"
    arrow = "↑" if value > 0 else "↓" if value < 0 else ""
    return f'<span class="{"up" if value > 0 else "down" if value < 0 else ""}">{arrow}{value:+.2f}</span>'


def signed(value) -> str:
    """A change as plain text, +0.03 or 新 (no previous quarter), for titles."""
    return "新" if pd.isna(value) else f"{value:+.2f}"


def percent(value) -> str:
    """A rate as 83.15%, — when there is nothing to divide by."""
    return "—" if pd.isna(value) else f"{value:.2f}%"


def light(value: float) -> str:
    """The traffic light of a rate in %: green, yellow or red."""
    return next(colour for floor, colour in LIGHTS if value >= floor)


def rate_bar(value) -> str:
    """A completion rate with a bar drawn to scale in its traffic-light colour and the number printed beside it."""
    if pd.isna(value):
        return "—"
    return (
        f'<span class="present-bar"><span class="{light(value)}" style="width:{max(0.0, min(100.0, value)):.1f}%">'
        f"</span></span>{value:.2f}%"
    )


def completeness(row) -> str:
    """完整, or 不完整 with the coverage, so an incomplete unit is never read as complete."""
    return "完整" if row["评分状态"] == "完整" else f"⚠ 不完整（覆盖率 {row['覆盖率']:.2f}%）"


def flagged(value) -> str:
    """A completeness other than 完整 stands out in the accent colour as well as in words."""
    return escape(value) if value == "完整" else f'<span class="warn">{escape(value)}</span>'


FORMATS = {
    "总分": number,
    "得分": number,
    "环比": change,
    "排名变化": rank_change_mark,
    "年度完成率": rate_bar,
    "到期完成率": rate_bar,
    "评分状态": flagged,
}
NUMBERS = {"排名", "名次", "总分", "得分", "环比", "承诺数", "已完成", "推进中", "逾期", "年度完成率", "到期完成率"}
BARS = {"年度完成率", "到期完成率"}


def width(text: str) -> float:
    """Text's width in em, estimated on the safe side: a Chinese (or ambiguous) character 1, any other 0.6."""
    return sum(1.0 if unicodedata.east_asian_width(char) in "WFA" else 0.6 for char in text)


def ems(head: list[str], cells: list[list[str]]) -> float:
    """The width of a table's widest row in em: each column as wide as its widest cell (tags dropped), padding
    included, and a rate's bar."""

    def column(i):
        shown = max(width(re.sub(r"<[^>]+>", "", row[i])) for row in [head, *cells])
        return shown + 1.2 + (BAR if head[i] in BARS and cells else 0)

    return sum(column(i) for i in range(len(head)))


def table(rows: pd.DataFrame, lines: int | None = None, share: float = 1.0) -> str:
    """An HTML table of the rows; known columns formatted (FORMATS), numbers right-aligned, text escaped. Its type
    fits `lines` lines (its own rows and header by default) into the slide's height, and its width into `share`
    of the slide's width (present.css)."""
    head = [escape(c) for c in rows.columns]
    cells = [[FORMATS[c](v) if c in FORMATS else escape(str(v)) for c, v in row.items()] for _, row in rows.iterrows()]
    kind = ['class="number"' if c in NUMBERS else "" for c in rows.columns]
    heads = "".join(f"<th {k}>{h}</th>" for k, h in zip(kind, head))
    body = "".join("<tr>" + "".join(f"<td {k}>{v}</td>" for k, v in zip(kind, row)) + "</tr>" for row in cells)
    sizes = f"--lines: {lines or len(rows) + 1}; --ems: {ems(head, cells):.1f}; --share: {share}"
    return f'<table class="present-table" style="{sizes}"><thead><tr>{heads}</tr></thead><tbody>{body}</tbody></table>'


def title(text: str, subtitle: str = "") -> str:
    """A slide's title line and an optional line under it (a chart below takes the rest of the slide)."""
    under = f'<p class="present-subtitle">{escape(subtitle)}</p>' if subtitle else ""
    return f'<div class="present-head"><h1 class="present-title">{escape(text)}</h1>{under}</div>'


def page(text: str, subtitle: str, body: str) -> str:
    """A whole slide of HTML: its head, and the body filling the rest of the screen's height."""
    return f'<div class="present-page">{title(text, subtitle)}<div class="present-body">{body}</div></div>'


def today() -> str:
    """Today's date as a Chinese cover writes it: 2021年12月28日."""
    day = date.today()
    return f"{day.year}年{day.month}月{day.day}日"


def cover(meeting: str, district: str, office: str, latest: str, sample: bool, notes: list[str]) -> str:
    """The opening slide, centred: the district, the meeting's title, the motto, the organising office, the
    date, how current the data is, the demo-data mark and the notes on URL values that could not be used.
    A district or office nobody gave is left out, not made up."""
    parts = [
        f'<div class="present-district">{escape(district)}</div>' if district else "",
        f'<h1 class="present-meeting" style="--ems: {width(meeting):.1f}">{escape(meeting)}</h1>',
        '<div class="present-event">亮承诺 · 赛实绩 · 比干劲</div>',
        f'<div class="present-office">{escape(office)}</div>' if office else "",
        f'<div class="present-date">{today()}</div>',
        f'<p class="present-subtitle">数据截至 {escape(latest)}</p>',
        '<div class="present-sample">示例数据：分数为虚构，仅供演示</div>' if sample else "",
        ('<div class="present-notes">' + "<br>".join(escape(line) for line in notes) + "</div>") if notes else "",
    ]
    return f'<div class="present-page present-cover">{"".join(parts)}</div>'


def boards(named: dict[str, pd.DataFrame]) -> str:
    """The 红黑榜: the red and black boards side by side, the most improved under them, each under its name."""
    tall = 2 * (max([len(rows) for rows in named.values()], default=0) + 2)  # two rows of boards, each with its name
    parts = [
        f"<section><h3>{escape(name)}</h3>"
        f'{table(rows, lines=tall, share=0.48) if len(rows) else "<p>本季度没有可比的村(社区)。</p>"}</section>'
        for name, rows in named.items()
    ]
    key = (
        "<aside>红榜：总分最高的村(社区)<br>黑榜：总分最低的村(社区)<br>进步最快：环比上升最多的<br>"
        "环比：与上一季度总分之差</aside>"
    )
    return f'<div class="present-boards">{"".join(parts)}{key}</div>'


def standing(quarter: str, street: pd.Series) -> str:
    """A street's place in the ranking in one line: rank and its change, total, grade, 环比."""
    return (
        f"{quarter} 第 {street['排名']} 名（{rank_change_mark(street['排名变化'])}）· 总分 {street['总分']:.2f}"
        f" · {street['等次']} · 环比 {signed(street['环比'])}"
    )


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
