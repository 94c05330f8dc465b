"""What every page shares: cached views keyed on the database version, the filters, downloads, chart style."""

import functools
import html
import importlib
import json
import pickle
import re
import runpy
import threading
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import plotly.io as pio
import pyarrow as pa
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from liangsaibi.board import export
from liangsaibi.board.style import CHART_CONFIG, MODEBAR_WORDS
from liangsaibi.frame import url_filters, widget_words
from liangsaibi.ops import door
from liangsaibi.store import db
from liangsaibi.store.quarters import quarter_text

ICON = str(Path(__file__).with_name("icon.png"))  # the browser tab's icon, served by the dashboard itself


@functools.lru_cache(maxsize=512)
def _cached(module: str, name: str, version: int, params: tuple):
    return getattr(importlib.import_module(module), name)(**dict(params))


def load(view, **params):
    """A view's result for the current database: `view` is a function of liangsaibi or its name in views.py.

    The cache key carries the database version read (one per page run, db.one_version), so a new import shows
    on the next run. Every page run and every viewer gets the same object, not a copy (unpickling a city's
    tables on each run cost more than drawing them): pages derive new tables from it and never change it. The key is a tuple of plain
    values, so Python's own cache serves it; st.cache_data hashed each call's arguments again.
    """
    module, name = ("liangsaibi.board.views", view) if isinstance(view, str) else (view.__module__, view.__name__)
    with db.one_version():  # the version in the key is the one the view reads (a page run's, or its own)
        return _cached(module, name, db.version_read(), tuple(sorted(params.items())))


_MARKDOWN = re.compile(r"[\\`*_{}\[\]()<>#+\-.!|~$:&^=@/\"']")


def plain(text) -> str:
    """Text that Streamlit's Markdown shows as typed: every character that Markdown, HTML, LaTeX or a bare
    link (http://…, a@b.cn) could read as markup is written as a character reference, so a street named
    [点我](http://…) or ![](http://…) stays text, not a link or an outside image (a backslash escape does not
    stop a bare link). For user data (names, notes, settings) in titles, captions, messages and labels."""
    # Bare links are found in the text after references are read: an invisible word joiner breaks them.
    text = _BARE_LINK.sub("\u2060", str(text))
    return _MARKDOWN.sub(lambda found: f"&#{ord(found[0])};", text)


_BARE_LINK = re.compile(r"(?<=https)(?=:)|(?<=http)(?=:)|(?<=ftp)(?=:)|(?<=www)(?=\.)|(?=@)", re.IGNORECASE)


# Plotly reads a subset of HTML (<a href> makes a link, <b>, <i>, <br>, <span style>) and character references
# (&lt;) in every text it draws: tick labels, legend entries, titles, annotations, hover text. So every text of
# a figure's data and layout is written with <, > and & escaped and shows as typed; the one markup the
# builders need there, a line break, they write as "\n". Hover and text templates are the builders' own words
# (names reach them through %{…} from the escaped data): there only a "<" not opening <b>, <br> or <extra> is.
_TEMPLATE_TAG = re.compile(r"<(?!/?(?:br|b|extra)>)", re.IGNORECASE)
_TEMPLATES = {"hovertemplate", "texttemplate"}


def chart_text(text: str) -> str:
    """A text as plotly must be given it to draw it as typed (a "\n" becomes a line break)."""
    return html.escape(text, quote=False).replace("\n", "<br>")


def _inert(value, key: str = ""):
    if isinstance(value, str):
        return _TEMPLATE_TAG.sub("&lt;", value) if key in _TEMPLATES else chart_text(value)
    if isinstance(value, dict):
        return {name: _inert(item, name) for name, item in value.items()}
    if isinstance(value, list):
        return [_inert(item, key) for item in value]
    return value


class _Kept(go.Figure):
    """A figure built once and never changed after. st.plotly_chart asks every run for its dict, which plotly
    deep-copies anew (a millisecond a chart), then writes it as JSON, walking it value by value when it holds
    arrays of text (orjson cannot write those). A kept figure's dict is worked out on its first draw, in plain
    JSON values, so that later runs reuse it and orjson writes it in one call."""

    def to_dict(self) -> dict:
        if "_as_dict" not in self.__dict__:
            self.__dict__["_as_dict"] = _inert(json.loads(pio.to_json(super().to_dict(), validate=False)))
        return self.__dict__["_as_dict"]


class _Arguments:
    # A figure's arguments as a cache key, equal when their pickles are: the same data, whatever object holds
    # it (pages cut tables anew each run). Pickling is some fifteen times faster than Streamlit's hashing of
    # columns, and the key is worked out once per call instead of by st.cache_resource's argument walk.
    __slots__ = ("args", "kwargs", "_pickle")

    def __init__(self, args: tuple, kwargs: dict):
        self.args, self.kwargs = args, kwargs
        self._pickle = pickle.dumps((args, sorted(kwargs.items())), protocol=5)

    def __hash__(self) -> int:
        return hash(self._pickle)

    def __eq__(self, other) -> bool:
        return self._pickle == other._pickle


@functools.lru_cache(maxsize=256)
def _figure(module: str, name: str, arguments: _Arguments) -> go.Figure:
    figure = getattr(importlib.import_module(module), name)(*arguments.args, **arguments.kwargs)
    figure.__class__ = _Kept  # the same object, no copy and no validation again: only to_dict() remembers
    return figure


class _Same:
    # A loaded table (or any loaded object) as a cache key: the same object on every run, compared by identity (a
    # DataFrame is not hashable); the key holds it, so its id is not reused while the entry lives.
    __slots__ = ("frame",)

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame

    def __hash__(self) -> int:
        return id(self.frame)

    def __eq__(self, other) -> bool:
        return self.frame is other.frame


@functools.lru_cache(maxsize=256)
def _arrow(same: _Same) -> pa.Table:
    return pa.Table.from_pandas(same.frame, preserve_index=False)


def table(frame: pd.DataFrame) -> pa.Table:
    """A loaded table (from load(), the same object every run) as st.dataframe sends it, converted once:
    given a DataFrame, st.dataframe converts it to Arrow again on every run (a millisecond a table)."""
    return _arrow(_Same(frame))


@functools.lru_cache(maxsize=64)
def _derived(module: str, name: str, same: _Same):
    return getattr(importlib.import_module(module), name)(same.frame)


def derived(builder, loaded):
    """What `builder` makes of a loaded object (from load(), the same object every run), made once per object and
    kept like a view: the tables it makes are then the same objects every run too, which ui.table converts once."""
    return _derived(builder.__module__, builder.__name__, _Same(loaded))


def clear_caches() -> None:
    """Forget every view, table and figure (the benchmark's cold runs)."""
    _cached.cache_clear()
    _arrow.cache_clear()
    _figure.cache_clear()
    _derived.cache_clear()


def figure(builder, *args, **kwargs) -> go.Figure:
    """A chart built once per distinct data and kept as the object itself, never changed after: building
    (or unpickling) a go.Figure validates every property, which costs more than the rest of a page run,
    while st.plotly_chart takes a built figure as it is."""
    return _figure(builder.__module__, builder.__name__, _Arguments(args, kwargs))


_frame = threading.local()  # whether the frame is running a page in this thread (each session's run has its own)


def chart(builder, *args, key: str, **options):
    """One of our figures on the page: built once for its data (figure()), full width, plotly's toolbar in Chinese."""
    return st.plotly_chart(figure(builder, *args), width="stretch", config=CHART_CONFIG, key=key, **options)


def grid(frame: pd.DataFrame, formats: dict[str, str] | None = None, place=st, placeholder: str = "", **options):
    """One of our tables on the page (`place`: st or a column): full width, no index, an empty cell shown as
    `placeholder`, and the numbers of the named columns in the given formats (%.2f, %+.2f, %.2f%%)."""
    numbers = {column: st.column_config.NumberColumn(format=shown) for column, shown in (formats or {}).items()}
    columns = numbers | options.pop("column_config", {})
    return place.dataframe(
        table(frame), hide_index=True, width="stretch", placeholder=placeholder, column_config=columns, **options
    )


def run_page(page) -> None:
    """The frame runs the chosen page (dashboard.py's last step); the page knows it runs inside the frame."""
    _frame.running = True
    try:
        page.run()
    finally:
        _frame.running = False


def leave_legacy_pages_mode() -> None:
    """Run the frame when a cold deep link made Streamlit run a pages/ file on its own.

    With a pages/ folder next to the entry point, the first requests of a fresh server that name a
    page (/trend) run pages/trend.py directly, skipping dashboard.py. Running dashboard.py here, in
    the same run, draws the frame and this page through it, and keeps the clicks of this run (a
    rerun would drop them); after its st.navigation call the legacy mode is off for the process.
    Whether this run is such a run is asked of the run itself, not of Streamlit's process-wide
    flag: viewers opening links together on a fresh server all start in that mode, and the first
    to get here turns the flag off for the others, whose pages would then run without the frame.
    """
    if not getattr(_frame, "running", False):
        PagesManager.uses_pages_directory = False
        runpy.run_path(str(db.ROOT / "dashboard.py"), run_name="__main__")
        st.stop()


def quarter() -> str | None:
    """The quarter chosen in the frame (None when the database holds no scores)."""
    leave_legacy_pages_mode()
    return st.session_state.get("quarter")


NO_DATA = "数据库中还没有评分数据。请在“数据管理”中导入评分表，或运行 python -m liangsaibi init 装入示例数据。"


def stop_without_data(chosen: str | None) -> None:
    """End the page with one sentence when the database holds no scores yet."""
    if chosen is None:
        st.info(NO_DATA)
        st.stop()


def street() -> str | None:
    """The street chosen in the frame, or None for all streets."""
    return st.session_state.get("street")


def theme() -> str | None:
    """The theme chosen in the frame, or None for the total."""
    return st.session_state.get("theme")


def filters(phone: bool = True) -> None:
    """The frame's filters in the sidebar, each kept in the URL (?quarter=2021Q4&street=…&theme=…); with `phone`,
    the quarter also at the top of the page, shown on a phone only (narrow.css).

    A bound widget silently drops a URL value it does not know, so the raw values are read first: a
    quarter written another way (2021q4, 2021年第四季度) is chosen as 2021Q4 and written back so, and an unknown
    value leaves one sentence for the page to show (url_notes) instead of a silent switch.
    """
    options = quarters()
    if not options:
        return
    # Read once per link. The server's copy of the URL is not refreshed by the widgets' own changes, and the
    # widgets drop what they do not know from it: a link left with fewer values is the same link.
    link = {key: value for key, value in st.query_params.to_dict().items() if key in ("quarter", "street", "theme")}
    if "link_read" not in st.session_state or not link.items() <= st.session_state["link_read"].items():
        chosen = url_filters.read(link, options, load("streets"), load("themes_ever"), drafts())
        # The URL's quarter as typed: the meeting screen names one it cannot show.
        st.session_state["quarter-asked"] = link.get("quarter")
        st.session_state.update(chosen.values, link_read=link, url_notes=chosen.notes)
    # The quarter is shown in words but kept in the URL as its key, so it is not bound to the URL (a bound
    # selectbox writes its shown text there): the URL is written here, always, so that a copied address opens
    # the quarter on screen even after the newest quarter has moved on.
    st.sidebar.selectbox(
        "季度",
        options,
        key="quarter",
        format_func=lambda quarter: quarter_text(quarter) + ("（草稿）" if quarter in drafts() else ""),
        placeholder="选择季度",
        help="默认显示已发布的最新季度；复制链接即可打开同一视图。",
    )
    if phone:  # a phone folds the sidebar away: the quarter is asked again where it is seen
        st.session_state["quarter-phone"] = st.session_state["quarter"]
        st.container(key="phone-quarter").selectbox(
            "季度",
            options,
            key="quarter-phone",
            format_func=quarter_text,
            label_visibility="collapsed",
            on_change=lambda: st.session_state.update(quarter=st.session_state["quarter-phone"]),
        )
    if st.query_params.get("quarter") != st.session_state["quarter"]:
        st.query_params["quarter"] = st.session_state["quarter"]
    st.session_state["link_read"]["quarter"] = st.session_state["quarter"]
    for label, key, view, placeholder, help in (
        ("街道", "street", "streets", "全部街道", "选定后各页突出或只显示该街道。"),
        (
            "指标",
            "theme",
            "themes_ever",
            "总分（全部指标）",
            "选定后总览、趋势、街道详情等页按该指标的得分排列或显示。",
        ),
    ):  # kept in the URL as they are (street=…, theme=…); none chosen: every street, the total
        st.sidebar.selectbox(
            label, load(view), index=None, key=key, bind="query-params", placeholder=placeholder, help=help
        )


def one_or_all(place, label: str, choices: list[str], everyone: str, start: str | None, key: str) -> str | None:
    """A selectbox of the choices and `everyone` (None), starting at `start` where it is one of them. The key
    carries `start`, so that the box starts again from the sidebar's filter whenever that changes."""
    options = [None, *choices]
    return place.selectbox(
        label,
        options,
        format_func=lambda name: name or everyone,
        index=options.index(start) if start in choices else 0,
        key=f"{key}-{start}",
    )


def quarters() -> list[str]:
    """The quarters this visitor may open, newest first: the published ones, and for a signed-in administrator the
    drafts (草稿) too (docs/计分规则.md 季度发布)."""
    return load("quarters", drafts=door.signed_in())


def drafts() -> tuple[str, ...]:
    """The quarters with scores that are not published yet (asked several times a run: computed once a version)."""
    return load("draft_quarters")


def draft_mark(quarter: str | None) -> str:
    """For a draft, what a reader must see first: 草稿 and its 参评 x/y 村(社区); '' for a published quarter."""
    if quarter not in drafts():
        return ""
    state = load("quarter_states").set_index("quarter").loc[quarter]
    return f"草稿 · 参评 {state.units_scored}/{state.units_registered} 村(社区)"


def draft_file_part(quarter: str) -> str:
    """A draft's mark as a file name may hold it: 草稿_参评2-59村社区."""
    return draft_mark(quarter).replace(" · ", "_").replace(" ", "").replace("/", "-").replace("(", "").replace(")", "")


def draft_banner() -> None:
    """The frame's line above every page on a draft (the frame's quarter): the numbers below are not final."""
    if mark := draft_mark(st.session_state.get("quarter")):
        st.warning(f"{mark}（按现登记名单）：本季度尚未发布，以下数字只有管理员能看到。", icon=":material/edit_note:")


def url_notes() -> None:
    """The sentences saying which value of the opened link was not found and what the page shows instead,
    each while the page still shows that instead (a choice in the sidebar ends it)."""
    notes = st.session_state.get("url_notes", {})
    for key, (sentence, shown) in list(notes.items()):
        if st.session_state.get(key) != shown:
            del notes[key]
        else:
            st.warning(sentence, icon=":material/link_off:")


def open_clicked_street() -> None:
    """Chart callback: choose the clicked street in the frame's filter, then the page opens its detail.

    The filter is bound to the URL, so it can only be set here, before the widget is drawn again;
    st.switch_page(query_params=…) refuses bound parameters.
    """
    points = st.session_state["ranking-chart"].selection.points
    if points:
        st.session_state["street"] = html.unescape(points[0]["y"])  # the chart was given the name escaped
        st.session_state["open_street"] = True


def street_colours(streets) -> dict[str, str]:
    """The colours of the streets drawn: in a district of up to ten streets each has its own, the same on
    every page and chart; a city's streets share ten colours, so those drawn together get distinct ones."""
    palette, drawn, everyone = px.colors.qualitative.T10, set(streets), load("streets")
    named = [name for name in everyone if name in drawn] if len(everyone) > len(palette) else everyone
    return {name: palette[i % len(palette)] for i, name in enumerate(named) if name in drawn}


def data_mark(latest: str | None) -> None:
    """The 数据截至 line and, for demo data, the visible 示例数据 mark."""
    if load("is_sample"):
        st.sidebar.warning("示例数据：分数为虚构，仅供演示。", icon=":material/science:")
    if latest:
        st.sidebar.caption(f"数据截至{quarter_text(latest)}")


@functools.cache
def _scoring_text() -> str:
    return Path(__file__).with_name("scoring_help.md").read_text(encoding="utf-8")


@functools.cache
def _print_style() -> str:
    here = Path(__file__).parent
    css, script = (here / "print.css").read_text(encoding="utf-8"), (here / "print.js").read_text(encoding="utf-8")
    css += (here / "narrow.css").read_text(encoding="utf-8")
    chinese = widget_words.script(tuple(MODEBAR_WORDS.items()))
    return f'<style>{css}</style><script>{script}</script>{chinese}<span class="print-style"></span>'


def print_style() -> None:
    """The print style sheet, given once by the frame: Ctrl+P prints the page's content on clean A4 sheets,
    scaled to the sheet's width by a script of ours (print.js) that runs just before printing; and the script
    that puts Chinese in place of the English words of Streamlit's own widgets (chinese.js, widget_words.py);
    and the phone's layout (narrow.css).

    Beside a hidden span, so that it is an element of the sidebar (a style-only st.html goes to Streamlit's
    event area) and print.css can hide its container.
    """
    st.sidebar.html(_print_style(), unsafe_allow_javascript=True)


def scoring_help() -> None:
    """The plain-Chinese explanation of how every number is computed, in the sidebar of every page."""
    with st.sidebar.expander("评分说明", icon=":material/help:"):
        st.markdown(_scoring_text())


def downloads(
    table: pd.DataFrame | Callable[[], pd.DataFrame],
    view: str,
    quarter: str | None = None,
    *filters: str,
    key: str = "",
) -> None:
    """CSV (UTF-8 with BOM) and XLSX downloads of the table shown, made only when clicked; `table` may be
    a function giving more rows than the page shows (a city's whole list), read only then."""
    rows = table if callable(table) else lambda: table
    filters = (*filters, *([draft_file_part(quarter)] if quarter in drafts() else []))  # a draft says so
    sheet = "_".join(part for part in (view, quarter, *filters) if part)
    file_buttons(
        view,
        (lambda: export.csv_bytes(rows()), export.file_name(view, quarter, *filters)),
        (lambda: export.xlsx_bytes(rows(), sheet), export.file_name(view, quarter, *filters, extension="xlsx")),
        key=key or view,
    )


def file_buttons(label: str, csv: tuple, xlsx: tuple, key: str) -> None:
    """A CSV and an Excel button side by side, each given (its bytes or a function making them, its file name)."""
    row = st.container(horizontal=True)
    file_button(f"{label} CSV", *csv, key=f"csv-{key}", place=row)
    file_button(f"{label} Excel", *xlsx, key=f"xlsx-{key}", icon=":material/table:", place=row)


FILE_TYPES = {
    "csv": "text/csv",
    "html": "text/html",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def file_button(label: str, data, name: str, key: str, icon: str = ":material/download:", place=st) -> None:
    """One download button, its file type told by the name's ending; clicking it does not rerun the page."""
    place.download_button(
        label, data, name, mime=FILE_TYPES[name.rsplit(".", 1)[-1]], on_click="ignore", icon=icon, key=key
    )


def change_metric(label: str, value: str, change: float | None, help: str) -> None:
    """A card with its change against the quarter before, or 新 (greyed, no arrow) when that quarter had none."""
    new = change is None or change != change
    st.metric(
        label,
        value,
        "新" if new else f"{change:+.2f}",
        delta_color="off" if new else "normal",
        delta_arrow="off" if new else "auto",
        border=True,
        width="content",
        help=help,
    )
