"""Benchmark at a chosen scale: python -m benchmarks.run --scale district|city|province [--no-browser].

Generates synthetic data through the normal import path, then prints a Markdown table of import time
and peak memory, query latency, page run time (AppTest) and browser time against the floor page inside the
product's frame (framed_floor.py: as many constant charts and tables under the same navigation and filters), and
DuckDB against pandas on the same questions. It reports; it never fails on a slow machine.
"""

import argparse
import functools
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from benchmarks import synthetic
from liangsaibi.store import db

ROOT = Path(__file__).resolve().parent.parent
BROWSER_PAGES = ["overview", "compare", "trend", "commitments", "street", "present", "learn"]
PAGES = [*BROWSER_PAGES, "bulletin", "annual"]  # 季度通报 and 年度 are measured in AppTest only
RUNS = int(os.environ.get("BENCHMARK_RUNS", 9))  # timed runs per figure; the smoke test sets fewer


def median_ms(action, runs: int = RUNS, warmup: int = 2) -> float:
    for _ in range(warmup):
        action()
    return statistics.median(_ms(action) for _ in range(runs))


def paired_ms(*actions, runs: int = 3 * RUNS, warmup: int = 2) -> tuple[float, ...]:
    """Median ms of each action (a page and its floors), timed in turn so that all meet the same load of a shared
    machine (timed one after the other, a busy minute could fall on either)."""
    for _ in range(warmup):
        for action in actions:
            action()
    times = [[_ms(action) for action in actions] for _ in range(runs)]
    return tuple(statistics.median(column) for column in zip(*times))


def _ms(action) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def _import(database: Path, files: list[Path]) -> tuple[float, float]:
    """Seconds and peak memory (MB) of one `python -m liangsaibi import` process."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "liangsaibi", "import", *map(str, files)],
        cwd=ROOT,
        env={**os.environ, "LIANGSAIBI_DB": str(database)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise RuntimeError(process.stderr.read().decode()[-2000:])
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def load(size: synthetic.Scale, folder: Path, database: Path) -> list[tuple[str, str]]:
    """Build the database year by year through the import command, then time one quarter's re-import."""
    subprocess.run(
        [sys.executable, "-m", "liangsaibi", "init", "--empty", "--force"],
        cwd=ROOT,
        check=True,
        env={**os.environ, "LIANGSAIBI_DB": str(database)},
        capture_output=True,
    )
    figures = [("rows of scores", f"{size.score_rows:,}")]
    total, peak = _import(database, synthetic.write_reference(size, folder))
    quarters = synthetic.quarters(size.quarters)
    for year in sorted({q[:4] for q in quarters}):  # a year per import, a file per quarter: each under the upload limit
        sheets = [synthetic.write_scores(size, folder, [q], f"scores_{q}.csv") for q in quarters if q.startswith(year)]
        pledges = synthetic.write_commitments(size, folder, [int(year)], name=f"commitments_{year}.csv")
        # The 观摩 sheets a quarter a file too: a province's year of highlights is 71 MB, over the upload limit.
        learning = [
            path
            for q in quarters
            if q.startswith(year)
            for path in synthetic.write_learning(size, folder, [q], f"_{q}")
        ]
        seconds, memory = _import(database, [*sheets, pledges, *learning])
        total, peak = total + seconds, max(peak, memory)
    figures += [("bulk load, all quarters (s)", f"{total:.1f}"), ("bulk load peak memory (MB)", f"{peak:.0f}")]
    start = time.perf_counter()
    publish_all(database)
    figures.append(("publishing every quarter, one after the other (s)", f"{time.perf_counter() - start:.1f}"))
    one = synthetic.write_scores(size, folder, quarters[-1:], "scores_last_quarter.csv")
    runs = [_import(database, [one]) for _ in range(3)]
    figures += [
        (
            f"one quarter re-import, {one.stat().st_size / 2**20:.0f} MB CSV, median of 3 (s)",
            f"{statistics.median(r[0] for r in runs):.2f}",
        ),
        ("one quarter re-import peak memory (MB)", f"{max(r[1] for r in runs):.0f}"),
        ("database file (MB)", f"{database.stat().st_size / 2**20:.0f}"),
    ]
    return figures


def publish_all(database: Path) -> None:
    """Every quarter published, oldest first, as in a department's database: viewers' pages show published
    quarters only."""
    from liangsaibi.publish import states

    for quarter in reversed(db.run("quarters", path=database, drafts=True)["quarter"].tolist()):
        states.change(quarter, True, path=database, operator="基准")
    db.close_all()


def parameters(database: Path) -> dict:
    """The values the pages pass: the newest quarter, the first street and theme, the whole range, the
    trend's leading streets and a list's first rows, no list filter."""
    from liangsaibi.board.commitments import MAX_ROWS
    from liangsaibi.board.trends import MAX_LINES

    quarters = db.run("quarters", path=database, drafts=True)["quarter"].tolist()
    return {
        "quarter": quarters[0],
        "street": db.run("streets", path=database)["street"].iloc[0],
        "unit": db.run("unit_list", path=database)["村(社区)"].iloc[0],
        "tag": None,
        "theme": db.run("themes", path=database)["theme"].iloc[0],
        "year": int(quarters[0][:4]),
        "first": quarters[-1],
        "last": quarters[0],
        "top": MAX_LINES,
        "limit": MAX_ROWS,
        "status": None,
        "search": None,
        "drafts": False,  # what viewers see
        "weights": [1, 1, 1, 1],  # the year's quarter weights as the settings default them
    }


def query_calls(database: Path) -> list[tuple[str, str, dict]]:
    """Every query in queries/ with the parameters it names, then the calls pages also make without a
    street (the whole district's list and changes, a trend's leaders without a chosen street)."""
    values = parameters(database)
    calls = []
    for file in sorted(db.QUERIES.glob("*.sql")):
        names = set(re.findall(r"\$(\w+)", file.read_text(encoding="utf-8")))
        calls.append((file.stem, file.stem, {name: values[name] for name in names}))
    every_street = {"street": None}
    calls += [
        ("commitment_list, every street", "commitment_list", {**calls_of(calls, "commitment_list"), **every_street}),
        (
            "street_changes, every street in the last quarter",
            "street_changes",
            {"first": values["last"], "last": values["last"], **every_street},
        ),
        ("street_trend, no street chosen", "street_trend", {**calls_of(calls, "street_trend"), **every_street}),
        (
            "street_theme_trend, no street chosen",
            "street_theme_trend",
            {**calls_of(calls, "street_theme_trend"), **every_street},
        ),
    ]
    return calls


def calls_of(calls: list[tuple[str, str, dict]], name: str) -> dict:
    return next(params for label, query, params in calls if label == name)


def query_latency(database: Path) -> list[tuple[str, float]]:
    """Median latency of every query call in query_calls()."""
    return [
        (label, median_ms(lambda: db.run(query, path=database, **params)))
        for label, query, params in query_calls(database)
    ]


def pandas_peers(database: Path, folder: Path) -> list[tuple[str, float, float, float, float]]:
    """The same questions in DuckDB (the named query) and in pandas on in-memory tables, two like-for-like pairs
    (peers.py): both from the raw tables, and both from the summary tables. Each pair is checked to give the same
    numbers first. Per question: DuckDB raw, pandas raw, DuckDB summary, pandas summary (ms)."""
    from benchmarks import peers

    raw_database = peers.raw_copy(database, folder)
    raw, summary, values = peers.Raw(database), peers.Summary(database), parameters(database)
    quarter, street = values["quarter"], values["street"]
    span = {"first": values["first"], "last": values["last"]}
    questions = {
        "street_ranking": ((quarter,), {"quarter": quarter}),
        "street_themes": ((quarter,), {"quarter": quarter}),
        "street_trend": ((span["first"], span["last"]), {**span, "top": None, "street": None}),
        "street_units": ((quarter, street), {"quarter": quarter, "street": street}),
        "unit_ranking": ((quarter,), {"quarter": quarter}),
        "commitment_completion": ((quarter,), {"quarter": quarter}),
    }
    rows = []
    for name, (arguments, params) in questions.items():
        figures = []
        for path, peer in ((raw_database, raw), (database, summary)):
            duck, pandas = (lambda: db.run(name, path=path, **params)), (lambda: getattr(peer, name)(*arguments))
            peers.check_same(name, duck(), pandas())
            figures += paired_ms(duck, pandas, runs=max(1, RUNS // 2) if peer is raw else RUNS, warmup=1)
        rows.append((name, *figures))
    return rows


def peers_report(database: Path, folder: Path) -> str:
    rows = pandas_peers(database, folder)
    return _table(
        [
            "question",
            "from raw: DuckDB ms",
            "pandas ms",
            "DuckDB / pandas",
            "from summary tables: DuckDB ms",
            "pandas ms",
            "DuckDB / pandas",
        ],
        [
            f"| {n} | {dr:.1f} | {pr:.1f} | {dr / pr:.2f} | {ds:.1f} | {ps:.1f} | {ds / ps:.2f} |"
            for n, dr, pr, ds, ps in rows
        ],
    ) + (
        "\nEach pair gave the same rows and numbers before it was timed (peers.check_same); commitment_completion "
        f"reads the raw commitments on both sides in both pairs. {machine_load()}\n"
    )


def _app(script: Path, page: str | None, query: dict):
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(script), default_timeout=120)
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    if page:
        app.switch_page(page).run()
    return app


@functools.cache
def compiled(script: Path):
    """A script's code, compiled once, as a server compiles dashboard.py once (framed_floor.py runs it so; plain
    AppTest compiles our dashboard.py anew on each run, 0.4 ms, and the floor's copy not)."""
    return compile(script.read_text(encoding="utf-8"), str(script), "exec")


def floor_app(charts: int, tables: int, query: dict, cached: bool = False):
    """The floor page in the product's frame (framed_floor.py) with a page's charts, tables and link; `cached`:
    its figures and tables from the pages' caches (ui.figure, ui.table), as a page's are."""
    return _app(
        ROOT / "benchmarks" / "framed_floor.py",
        "floor_page.py",
        {**query, "charts": str(charts), "tables": str(tables), **({"cached": "1"} if cached else {})},
    )


def floors(charts: int, tables: int, query: dict) -> tuple:
    """The floor in the frame built anew each run, and the floor that takes its charts and tables from the caches."""
    return floor_app(charts, tables, query), floor_app(charts, tables, query, cached=True)


def page_query(page: str, values: dict) -> dict:
    """A page's URL parameters: no street chosen (the whole district: the most a page draws) but on
    街道详情; the meeting screen held on its ranking slide."""
    return {
        "quarter": values["quarter"],
        **({"street": values["street"]} if page == "street" else {}),
        **({"slides": "ranking"} if page == "present" else {}),
    }


def page_times(database: Path) -> list[tuple]:
    """Per page: warm AppTest run with the cache cleared and kept, and the floor in the frame with as many charts/tables;
    then the kept run and the floor again as a server runs them (as_a_server())."""
    from liangsaibi.frame import ui

    os.environ["LIANGSAIBI_DB"] = str(database)
    values, rows = parameters(database), []
    for page in PAGES:
        app = _app(ROOT / "dashboard.py", f"pages/{page}.py", page_query(page, values))
        charts, tables = len(app.get("plotly_chart")), len(app.dataframe)

        def cleared():
            ui.clear_caches()
            app.run()

        floor, cached = floors(charts, tables, page_query(page, values))
        plain = (median_ms(cleared), *paired_ms(app.run, floor.run, cached.run))
        with as_a_server():
            served = paired_ms(app.run, floor.run, cached.run)
            if (len(app.get("plotly_chart")), len(app.dataframe)) != (charts, tables):
                raise RuntimeError(f"{page} drew other elements when run as a server")
        rows.append((page, *plain, *served, charts, tables))
    return rows


@contextmanager
def as_a_server():
    """AppTest runs a page as a server does once it has answered a first request. Left alone, AppTest compiles
    every script anew on each run, and each run finds pages/ beside dashboard.py and goes back into Streamlit's
    legacy pages mode, so that ui.leave_legacy_pages_mode() runs the frame again; a server compiles each script
    once and leaves that mode for good at its first st.navigation."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test

    cache, enter = ScriptCache(), PagesManager.__init__

    def left_legacy_mode(self, *args, **kwargs):
        PagesManager.uses_pages_directory = False
        enter(self, *args, **kwargs)

    app_test.ScriptCache, PagesManager.__init__ = (lambda: cache), left_legacy_mode
    try:
        yield
    finally:
        app_test.ScriptCache, PagesManager.__init__ = ScriptCache, enter


def browser_times(database: Path, counts: dict[str, tuple[int, int]]) -> list[tuple]:
    """Per page: seconds from navigation to all charts drawn in headless Chromium, and from choosing another quarter
    to all charts drawn again; the same for its floor page built anew and from the caches (`counts`: each page's
    charts and tables)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from browser import Server, launch_browser
    from playwright.sync_api import sync_playwright

    values = parameters(database)
    port = int(os.environ.get("BENCHMARK_PORT", 0))  # two ports from it on a shared machine, else free ones
    app, floor = (
        Server(database, port=port),
        Server(database, script="benchmarks/framed_floor.py", port=port and port + 1),
    )
    rows = []
    try:
        with sync_playwright() as playwright:
            browser = launch_browser(playwright)
            for page_name in BROWSER_PAGES:
                path = "" if page_name == "overview" else page_name
                charts, tables = max(counts[page_name][0], 1), counts[page_name][1]
                query = "&".join(f"{key}={value}" for key, value in page_query(page_name, values).items())
                floor_url = f"{floor.url}/floor?{query}&charts={charts}&tables={tables}"
                loads, switches = _navigate(
                    browser, [f"{app.url}/{path}?{query}", floor_url, f"{floor_url}&cached=1"], charts
                )
                rows.append((page_name, *loads))
                rows.append((f"{page_name}, quarter switched", *switches))
            browser.close()
        rows.append(("dashboard process peak memory (MB)", _peak_memory_mb(app.process.pid), None, None))
    finally:
        app.stop()
        floor.stop()
    return rows


def _peak_memory_mb(pid: int) -> float:
    # VmHWM: the resident set's high-water mark of the server process, after every page was drawn.
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _navigate(browser, urls: list[str], charts: int, runs: int = 5) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Median seconds until the charts of each link (a page, its floors) are drawn, and then until they are drawn
    again after choosing the next quarter in the frame's 季度 selector; links loaded in turn after a warming load of
    each (it fills the server's caches)."""
    times = [[_logged(url, _load(browser, url, charts)) for url in urls] for _ in range(runs + 1)][1:]
    loads = tuple(statistics.median(load for load, _ in column) for column in zip(*times))
    switches = tuple(statistics.median(switch for _, switch in column) for column in zip(*times))
    return loads, switches


# A quarter switch is done when the run it started has finished with the charts on the page, and the browser has
# painted twice since: the same test for a page and its floors. Any change of the run state counts as the run
# (a short run goes to running and back before the observer is called, which then reads notRunning).
_WATCH_RUN = """() => { window.sawRun = false; const app = document.querySelector('[data-testid=stApp]');
  new MutationObserver(() => { window.sawRun = true; })
    .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']}); }"""
_SWITCHED = """(charts) => window.sawRun && document.querySelector('[data-testid=stApp]').dataset.testScriptState
  === 'notRunning' && document.querySelectorAll('.js-plotly-plot .main-svg').length >= charts"""
_PAINTED = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


def _logged(url: str, times: tuple[float, float]) -> tuple[float, float]:
    """Each load as it is measured, on stderr: a long run shows where it is."""
    print(f"  {url.split('/', 3)[-1]}: {times[0]:.2f} s, quarter switched {times[1]:.2f} s", file=sys.stderr)
    return times


def _load(browser, url: str, charts: int) -> tuple[float, float]:
    """Seconds until the link's charts are drawn, then from choosing the next quarter until they are drawn again
    (nan for a page without the frame's 季度 selector: the meeting screen); inf for what was not drawn in 120 s."""
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    try:
        start = time.perf_counter()
        page.goto(url)
        try:
            page.wait_for_function(
                f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {charts}", timeout=120_000
            )
        except Exception:  # reported as not drawn within the limit, and the rest of the report still printed
            return float("inf"), float("nan")
        loaded = time.perf_counter() - start
        selector = page.get_by_role("combobox", name="季度")
        if not selector.count():
            return loaded, float("nan")
        selector.first.click()
        chosen = page.get_by_role("option").nth(1)
        chosen.wait_for()
        page.evaluate(_WATCH_RUN)
        start = time.perf_counter()
        chosen.click()
        try:
            page.wait_for_function(_SWITCHED, arg=charts, timeout=120_000)
            page.evaluate(_PAINTED)
        except Exception:
            return loaded, float("inf")
        return loaded, time.perf_counter() - start
    finally:
        page.close()


def machine_load() -> str:
    """The load average (1, 5, 15 minutes), printed with each figure: on a shared machine it says what the
    wall times met."""
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def machine() -> str:
    return (
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


PAGE_HEADER = [
    "cache cleared ms",
    "cache kept ms",
    "floor ms",
    "cached floor ms",
    "kept / floor",
    "kept / cached floor",
    "as a server: kept ms",
    "floor ms",
    "cached floor ms",
    "kept / floor",
    "kept / cached floor",
    "charts",
    "tables",
]


def page_row(label, cleared, kept, floor, cached, served, served_floor, served_cached, charts, tables) -> str:
    """A page's line: its runs, both floors in the frame (built anew each run; from the caches the pages use) and the
    page's ratio to each, in plain AppTest and as a server runs it."""
    figures = [cleared, kept, floor, cached, kept / floor, kept / cached]
    figures += [served, served_floor, served_cached, served / served_floor, served / served_cached]
    shown = [f"{x:.2f}" if i in (4, 5, 9, 10) else f"{x:.0f}" for i, x in enumerate(figures)]
    return f"| {label} | {' | '.join(shown)} | {charts} | {tables} |"


SECTIONS = ("import", "queries", "peers", "pages", "browser")


def report(scale: str, sections=SECTIONS, keep: Path | None = None):
    """The report's Markdown, a section at a time, each as soon as it is measured (with the machine's load)."""
    size = synthetic.scale(scale)
    with tempfile.TemporaryDirectory() as temporary:
        folder = keep or Path(temporary)
        database = folder / "bench.duckdb"
        yield (
            f"## Scale `{scale}`: {size.streets} streets × {size.units_per_street} units, {size.quarters} quarters, "
            f"{size.themes} themes, {size.raters} raters\n\nMachine: {machine()}; {machine_load()}\n"
        )
        if not (keep and database.exists()) or "import" in sections:
            yield _table(
                ["import", "figure"], [f"| {name} | {value} |" for name, value in load(size, folder, database)]
            )
        if "queries" in sections:
            yield _table(["query", "median ms"], [f"| {name} | {ms:.1f} |" for name, ms in query_latency(database)])
        if "peers" in sections:
            yield peers_report(database, folder)
        if "pages" in sections or "browser" in sections:
            pages = page_times(database)
            yield _table(["page (AppTest, warm)", *PAGE_HEADER], [page_row(*row) for row in pages])
            yield machine_load() + "\n"
        if "browser" in sections:
            yield _table(
                ["page (Chromium)", "navigation to charts s", "floor s", "cached floor s", "/ floor", "/ cached floor"],
                [
                    f"| {name} | {own:.0f} | | | | |"
                    if bare is None
                    else f"| {name} | {own:.2f} | {bare:.2f} | {kept:.2f} | {own / bare:.2f} | {own / kept:.2f} |"
                    for name, own, bare, kept in browser_times(database, {row[0]: row[-2:] for row in pages})
                ],
            )
            yield machine_load() + "\n"
        db.close_all()


def _table(header: list[str], rows: list[str]) -> str:
    return "\n".join([f"| {' | '.join(header)} |", "|" + "---|" * len(header), *rows, ""])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=synthetic.SCALES, default="district")
    parser.add_argument("--no-browser", action="store_true", help="skip the headless Chromium timings")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, help="measure only these sections")
    parser.add_argument("--keep", type=Path, help="build the database in this folder, or reuse the one built there")
    args = parser.parse_args()
    sections = [name for name in args.only or SECTIONS if not (args.no_browser and name == "browser")]
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    for section in report(args.scale, sections, args.keep):
        print(section, flush=True)


if __name__ == "__main__":
    main()
