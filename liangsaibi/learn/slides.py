"""The meeting screen's 亮点展示 and 整改 slides, in large type; every text from a cell is escaped."""

from html import escape

import streamlit as st

from liangsaibi.frame import ui
from liangsaibi.learn import views
from liangsaibi.screen import slides as screen
from liangsaibi.store.quarters import quarter_text

PER_SLIDE = 3  # highlights read across a room at once; the next ones come when the slide comes round again
SCREEN_STREETS = 12  # streets on the 整改 slide, most overdue first: more would not be legible at 1080 px
LONGEST_ON_SCREEN = 140  # characters of a practice on screen; the whole text is on the 比学 page
STYLE = """<style>
.learn-screen-cards { flex: 1; min-height: 0; display: grid; grid-template-columns: repeat(3, 1fr); gap: 2vw; }
.learn-screen-card { border: 2px solid #334155; border-radius: 12px; padding: 1.2em 1.4em; background: #111a2e;
                     font-size: calc(var(--present-size) * 1.4); line-height: 1.5; overflow: hidden; }
.learn-screen-card .learn-screen-title { font-size: calc(var(--present-size) * 1.6); font-weight: 700;
                                         color: var(--present-accent); margin-bottom: 0.4em; }
.learn-screen-card .learn-screen-where { color: var(--present-muted); margin-bottom: 0.6em; }
.learn-screen-card .learn-screen-practice { white-space: pre-wrap; overflow-wrap: anywhere; }
</style>"""


def _short(text: str, longest: int) -> str:
    return text if len(text) <= longest else text[:longest] + "…"


def group_shown(state, count: int) -> int:
    """Which group of PER_SLIDE highlights to show: the next one each time the slide is shown anew (the meeting
    screen notes when a slide was shown in present-shown-at), the same one when the page only redraws."""
    shown_at = state.get("present-shown-at")
    if state.get("learn-highlights-shown-at") != shown_at:
        state["learn-highlights-shown-at"] = shown_at
        state["learn-highlights-group"] = state.get("learn-highlights-group", -1) + 1
    return state.get("learn-highlights-group", 0) % max(count, 1)


def highlight_cards(rows) -> str:
    """A few highlights side by side: title, street and unit, the practice (cut short if long)."""
    cards = "".join(
        f'<div class="learn-screen-card"><div class="learn-screen-title">{escape(row["标题"])}</div>'
        f'<div class="learn-screen-where">{escape(row["街道"])} · {escape(row["村(社区)"])}</div>'
        f'<div class="learn-screen-practice">{escape(_short(row["做法"], LONGEST_ON_SCREEN))}</div></div>'
        for row in rows.to_dict("records")
    )
    return f'{STYLE}<div class="learn-screen-cards">{cards}</div>'


def highlights(quarter: str, state) -> None:
    """亮点展示: the quarter's highlights, PER_SLIDE at a time."""
    rows = ui.load(views.highlights, quarter=quarter)
    groups = -(-len(rows) // PER_SLIDE)
    group = group_shown(state, groups)
    subtitle = (
        f"共 {len(rows)} 条 · 第 {group + 1}/{groups} 组（每次轮到本页换下一组）"
        if groups > 1
        else f"共 {len(rows)} 条"
    )
    body = (
        screen.message(f"{quarter_text(quarter)}还没有记录亮点做法。")
        if rows.empty
        else highlight_cards(rows.iloc[group * PER_SLIDE : (group + 1) * PER_SLIDE])
    )
    st.html(screen.page(f"{quarter_text(quarter)} 亮点展示", subtitle if len(rows) else "", body))


def overdue_table(rates, late) -> str:
    """The streets with overdue rectifications, most first: counts, 整改率, and the first overdue problem."""
    streets = (
        rates[rates["逾期未整改"] > 0]
        .sort_values(["逾期未整改", "整改率"], ascending=[False, True])
        .head(SCREEN_STREETS)
    )
    names = ["街道", "问题数", "已整改", "逾期未整改", "整改率", "逾期问题"]
    head = "".join(
        f'<th class="number">{name}</th>' if name not in ("街道", "逾期问题") else f"<th>{name}</th>" for name in names
    )
    body, cells = "", []
    for row in streets.itertuples():
        problems = late.loc[late["街道"] == row.街道, "问题"].tolist()
        example = _short(problems[0], 18) + (f" 等 {len(problems)} 项" if len(problems) > 1 else "")
        cells.append(
            [
                escape(row.街道),
                *(str(v) for v in (row.问题数, row.已整改, row.逾期未整改)),
                screen.percent(row.整改率),
                escape(example),
            ]
        )
        numbers = "".join(f'<td class="number">{value}</td>' for value in cells[-1][1:5])
        body += f"<tr><td>{cells[-1][0]}</td>{numbers}<td>{cells[-1][5]}</td></tr>"
    sizes = f"--lines: {len(streets) + 1}; --ems: {screen.ems(names, cells):.1f}"  # type fills the slide (present.css)
    return f'<table class="present-table" style="{sizes}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def rectification(quarter: str) -> None:
    """整改: the streets with problems overdue at the quarter's end."""
    rates, late = ui.load(views.rectification, quarter=quarter), ui.load(views.overdue, quarter=quarter)
    body = (
        screen.message(f"截至{quarter_text(quarter)}末，没有逾期未整改的问题。")
        if late.empty
        else overdue_table(rates, late)
    )
    st.html(
        screen.page(
            f"逾期未整改（截至{quarter_text(quarter)}末）",
            f"只计 {quarter[:4]} 年提出的问题 · 整改率 = 已整改 ÷ 问题数 · 共 {len(late)} 项逾期",
            body,
        )
    )
