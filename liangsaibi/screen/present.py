"""大屏演示: the slide list's parts, which slides to show and how often (from the URL), their order and pages.

A slide is one function that draws it and one entry in the page's slide list (pages/present.py, SHOW):
its ?slides= name, its name on the screen, and how it repeats (a Kind). Nothing else names slides.
"""

import functools
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from liangsaibi.store.quarters import parse_quarter, quarter_text

DEFAULT_EVERY, SHORTEST, LONGEST = 20, 3, 3600
TREND_QUARTERS = 8
SCREEN_STREETS = 12  # a city's slides show its best and worst 6 streets: 30 rows would not be legible at 1080 px
ROWS = 12  # table rows a slide shows at most; more go on further pages (a 镇 with 30 村 pages 1/3, 2/3, 3/3)


@dataclass(frozen=True)
class Kind:
    """An entry of the slide list: the slide's name on the screen, the function drawing a Slide of it, whether
    it repeats once per street (best first), for a slide of table rows, a function counting a Slide's
    rows, so that it pages them ROWS at a time, and whether it is shown only when ?slides= names it."""

    label: str
    draw: Callable
    each_street: bool = False
    rows: Callable | None = None
    chosen_only: bool = False


@dataclass(frozen=True)
class Slide:
    """One slide: its kind (a ?slides= name), its name on the screen and, for a street's slide, the street;
    a paged slide knows its page (from 0) and how many pages there are."""

    kind: str
    name: str
    street: str | None = None
    page: int = 0
    pages: int = 1

    @property
    def label(self) -> str:
        """The slide's name as the screen and the progress line show it: 汝河路街道 1/2."""
        shown = self.street or self.name
        return f"{shown} {self.page + 1}/{self.pages}" if self.pages > 1 else shown

    def part(self, rows):
        """This page's share of `rows` (a DataFrame), in order; pages differ in length by at most one row."""
        count = len(rows)
        return rows.iloc[self.page * count // self.pages : (self.page + 1) * count // self.pages]


@functools.cache
def style() -> str:
    """The page's style sheet as an element of the page, so that it arrives with the slide and leaves with the page.

    A style-only st.html goes to Streamlit's event area instead: on a cold deep link the first slide was
    drawn for a moment beside the frame's sidebar. Beside a hidden span it is part of the page.
    """
    css = Path(__file__).with_name("present.css").read_text(encoding="utf-8")
    return f'<style>{css}</style><span class="present-style"></span>'


@functools.cache
def keys() -> str:
    """The presenter's keys (present_keys.js) as a script for st.html: clickers send PageDown/PageUp or arrows."""
    script = Path(__file__).with_name("present_keys.js").read_text(encoding="utf-8")
    return f'<script>{script}</script><span class="present-style"></span>'


def _shown(text: str, longest: int = 40) -> str:
    # Echo what was typed, but never a whole pasted paragraph.
    return text if len(text) <= longest else text[:longest] + "…"


def slide_names(text: str | None, names: list[str], default: list[str] | None = None) -> tuple[list[str], str | None]:
    """The slide names asked for in ?slides= (of `names`, the list's), in the order given, and a note on what
    was not understood; without a usable ?slides=, those of `default` (all of `names` unless given)."""
    default = list(names if default is None else default)
    if text is None:
        return default, None
    asked = [name.strip().lower() for name in text.replace("，", ",").split(",") if name.strip()]
    known = list(dict.fromkeys(name for name in asked if name in names))
    unknown = [name for name in asked if name not in names]
    choices = ",".join(names)
    if not asked:
        return default, f"slides 参数为空，已显示全部幻灯片。可选：{choices}"
    if not known:
        return default, f"slides 参数“{_shown(text)}”中没有可用的幻灯片名，已显示全部。可选：{choices}"
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
        return DEFAULT_EVERY, (
            f"every 参数“{_shown(text)}”不在 {SHORTEST}–{LONGEST} 秒之间，已按默认每 {DEFAULT_EVERY} 秒切换。"
        )
    return int(number), None


def quarter_note(asked: str | None, shown: str, drafts: tuple[str, ...] = ()) -> str | None:
    """A note when the URL's ?quarter= is not the quarter shown: the frame shows the latest one instead (the
    latest published one for a draft asked for without the administrator's login)."""
    if asked is None or parse_quarter(asked) == shown:
        return None
    if parse_quarter(asked) is None:
        return f"quarter 参数“{_shown(asked)}”不是季度（应写作 2021Q4），显示的是{quarter_text(shown)}。"
    if parse_quarter(asked) in drafts:
        return f"quarter 参数“{_shown(asked)}”还没有发布（草稿），显示的是已发布的最新季度{quarter_text(shown)}。"
    return f"quarter 参数“{_shown(asked)}”没有评分数据，显示的是{quarter_text(shown)}（有数据的最新季度）。"


def settings(
    params, names: list[str], asked: str | None, shown: str, default: list[str] | None = None, drafts: tuple = ()
) -> tuple[list[str], int, list[str]]:
    """The slide names (of `names`; `default` without ?slides=), the seconds per slide and the notes on bad values,
    from the URL's query parameters and the quarter it `asked` for (the frame `shown` another); with a note the
    cover (the list's first slide) comes first, so that nobody misses it."""
    chosen, slides_note = slide_names(params.get("slides"), names, default)
    every, every_note = interval(params.get("every"))
    notes = [note for note in (quarter_note(asked, shown, drafts), slides_note, every_note) if note]
    return (chosen if not notes or names[0] in chosen else [names[0], *chosen]), every, notes


def sequence(names: list[str], show: dict[str, Kind], streets: list[str]) -> list[Slide]:
    """The slides in showing order: a kind repeated per street gives one slide per street, and a kind of rows
    as many pages as its rows need; never empty."""
    slides = []
    for name in names:
        kind = show[name]
        for street in streets if kind.each_street else [None]:
            slide = Slide(name, kind.label, street)
            pages = max(1, math.ceil(kind.rows(slide) / ROWS)) if kind.rows else 1
            slides += [Slide(name, kind.label, street, page, pages) for page in range(pages)]
    return slides or [Slide(next(iter(show)), next(iter(show.values())).label)]


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


def participation_note(ranking: pd.DataFrame, absent: list[str]) -> str:
    """The ranking slide's words on streets not fully scored: 不完整 乙街道 1/6 and 未参评 丙街道… (never ranked)."""
    partial = ranking[ranking["参评状态"] == "不完整"]
    return "".join(
        [
            " · 不完整：" + "、".join(f"{row.街道} {row.参评}" for row in partial.itertuples()) if len(partial) else "",
            " · 未参评：" + "、".join(absent) if absent else "",
        ]
    )
