"""大屏演示: which slides to show and how often (from the URL), their order, and the figures restyled for a big screen."""
import functools
import re
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from . import charts, comparison, trends
from .ui import FONT

# ?slides= names → what each slide is called on the screen, in the default order.
SLIDES = {"title": "封面", "ranking": "街道排名", "heatmap": "街道 × 指标", "trend": "走势",
          "commitments": "承诺事项", "boards": "红黑榜", "highlights": "亮点展示", "rectification": "整改",
          "streets": "各街道"}
DEFAULT_EVERY, SHORTEST, LONGEST = 20, 3, 3600
TREND_QUARTERS = 8
SCREEN_STREETS = 12  # a city's slides show its best and worst 6 streets: 30 rows would not be legible at 1080 px
BACKGROUND, TEXT, GRID = "#0b1220", "#f1f5f9", "#334155"
# Dark to bright blue: white cell values keep a contrast of at least 5:1 on every cell.
HEAT = [[0.0, "#1e2a44"], [1.0, "#1d5fd8"]]
TICK, LABEL = 24, 26  # px at any screen size: ≥ 22 px at 1920×1080
# Street lines differ by marker shape as well as by colour.
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "cross", "star", "triangle-down", "x", "pentagon", "hexagon"]


@dataclass(frozen=True)
class Slide:
    """One slide: its kind (a ?slides= name, or street) and, for a street's slide, the street."""
    kind: str
    street: str | None = None

    @property
    def label(self) -> str:
        return self.street or SLIDES[self.kind]


@functools.cache
def style() -> str:
    """The page's style sheet as an element of the page, so that it arrives with the slide and leaves with the page.

    A style-only st.html goes to Streamlit's event area instead: on a cold deep link the first slide was
    drawn for a moment beside the frame's sidebar. Beside a hidden span it is part of the page.
    """
    css = Path(__file__).with_name("present.css").read_text(encoding="utf-8")
    return f'<style>{css}</style><span class="present-style"></span>'


def _shown(text: str, longest: int = 40) -> str:
    # Echo what was typed, but never a whole pasted paragraph.
    return text if len(text) <= longest else text[:longest] + "…"


def slide_names(text: str | None) -> tuple[list[str], str | None]:
    """The slide names asked for in ?slides=, in the order given, and a note on what was not understood."""
    if text is None:
        return list(SLIDES), None
    asked = [name.strip().lower() for name in text.replace("，", ",").split(",") if name.strip()]
    known = list(dict.fromkeys(name for name in asked if name in SLIDES))
    unknown = [name for name in asked if name not in SLIDES]
    choices = ",".join(SLIDES)
    if not asked:
        return list(SLIDES), f"slides 参数为空，已显示全部幻灯片。可选：{choices}"
    if not known:
        return list(SLIDES), f"slides 参数“{_shown(text)}”中没有可用的幻灯片名，已显示全部。可选：{choices}"
    if unknown:
        return known, f"已忽略不认识的幻灯片名“{_shown('、'.join(unknown))}”。可选：{choices}"
    return known, None


def interval(text: str | None) -> tuple[int, str | None]:
    """Seconds per slide from ?every= (15, 15s or 15秒), and a note when the value cannot be used."""
    if text is None:
        return DEFAULT_EVERY, None
    number = text.strip().removesuffix("秒").removesuffix("s")
    if not re.fullmatch(r"[+-]?[0-9]+", number):
        return DEFAULT_EVERY, f"every 参数“{_shown(text)}”不是整数秒数，已按默认每 {DEFAULT_EVERY} 秒切换。"
    if not SHORTEST <= int(number) <= LONGEST:
        return DEFAULT_EVERY, (f"every 参数“{_shown(text)}”不在 {SHORTEST}–{LONGEST} 秒之间，"
                               f"已按默认每 {DEFAULT_EVERY} 秒切换。")
    return int(number), None


def settings(params) -> tuple[list[str], int, list[str]]:
    """The slide names, the seconds per slide and the notes on bad values, from the URL's query parameters."""
    names, slides_note = slide_names(params.get("slides"))
    every, every_note = interval(params.get("every"))
    return names, every, [note for note in (slides_note, every_note) if note]


def sequence(names: list[str], streets: list[str]) -> list[Slide]:
    """The slides in showing order: streets expands to one slide per street; never empty."""
    slides = []
    for name in names:
        slides += [Slide("street", street) for street in streets] if name == "streets" else [Slide(name)]
    return slides or [Slide("title")]


def position(state, count: int, every: float, now: float | None = None) -> int:
    """The slide to show: a timer run moves one on unless paused; a click or a full run shows the held slide.

    A slide reached by a click stays at least half an interval: the timer does not restart on a click.
    """
    now = time.monotonic() if now is None else now
    timer_run = not state.pop("present-hold", False)
    if not timer_run:
        state["present-shown-at"] = now
    elif not state.get("present-paused", False) and now - state.get("present-shown-at", now - every) >= every / 2:
        state["present-position"] = state.get("present-position", 0) + 1
        state["present-shown-at"] = now
    state["present-position"] = state.get("present-position", 0) % count
    return state["present-position"]


def step(state, by: int) -> None:
    """Button callback: go `by` slides forward (or back), and hold there for this run."""
    state["present-position"] = state.get("present-position", 0) + by
    state["present-hold"] = True


def toggle_pause(state) -> None:
    """Button callback: pause or resume the slides moving on by themselves."""
    state["present-paused"] = not state.get("present-paused", False)
    state["present-hold"] = True


def last_quarters(quarters: list[str], quarter: str, count: int = TREND_QUARTERS) -> tuple[str, str]:
    """The first and last of the `count` quarters with data up to and including `quarter`."""
    upto = sorted(q for q in quarters if q <= quarter)[-count:]
    return upto[0], upto[-1]


def big(figure: go.Figure) -> go.Figure:
    """A figure restyled for the big screen: dark, large type, as tall as the slide leaves room for."""
    figure.update_layout(template="plotly_dark", paper_bgcolor=BACKGROUND, plot_bgcolor=BACKGROUND, height=None,
                         font=dict(family=FONT, size=TICK, color=TEXT), margin=dict(l=20, r=30, t=70, b=20),
                         legend=dict(font_size=TICK), hoverlabel=dict(font_size=20))
    figure.update_xaxes(tickfont_size=TICK, title_font_size=TICK, gridcolor=GRID, zerolinecolor=GRID)
    figure.update_yaxes(tickfont_size=TICK, title_font_size=TICK, gridcolor=GRID, zerolinecolor=GRID)
    figure.update_annotations(bgcolor=BACKGROUND, font=dict(color=TEXT, size=20))  # e.g. 略去 N 个街道
    return figure


def ranking_figure(ranking: pd.DataFrame) -> go.Figure:
    """The overview's ranking bars, each labelled with its total, rank change and grade in words."""
    figure = charts.ranking_bars(ranking)
    for trace in figure.data:
        trace.text = [f"{text}  {trace.name}" for text in trace.text]
        trace.textfont = dict(size=LABEL, color=TEXT)
    figure.update_xaxes(range=[0, 128])  # room for the labels beyond the best bar
    figure.update_layout(legend=dict(y=1.02, yanchor="bottom"))
    return big(figure)


def heatmap_figure(scores: pd.DataFrame, places: tuple[int, ...] = ()) -> go.Figure:
    """The comparison page's street × theme heatmap with white values on dark-to-bright cells, at big-screen size."""
    figure = comparison.theme_heatmap(scores, places=places)
    figure.update_traces(colorscale=HEAT, textfont=dict(size=LABEL, color=TEXT))
    big(figure)
    if figure.layout.annotations:
        figure.update_layout(margin_r=190)  # room for 略去 N 个街道 in big type
    return figure


def trend_figure(lines: pd.DataFrame, colours: dict[str, str]) -> go.Figure:
    """The trend page's street total lines, thicker, each street with its own marker shape too."""
    figure = trends.trend_lines(lines, "总分", colours)
    for place, trace in enumerate(figure.data):
        trace.line.width = 5
        trace.marker = dict(size=16, symbol=SYMBOLS[place % len(SYMBOLS)])
    figure.update_layout(legend=dict(y=1.02, yanchor="bottom", font_size=TICK))
    return big(figure)
