"""Many viewers at once: python -m benchmarks.load [--scale district|city] [--sessions 10,30,60] [--nginx].

Opens N concurrent headless Chromium contexts (one browser, a context per viewer) against one `streamlit run` (a mix
of pages and the meeting screen), and prints per level: p50/p95 seconds to all charts drawn (the script's run over, as
Streamlit's frontend marks it, and every plotly chart of the page drawn), failed sessions (not drawn within the time
allowed, an error shown or the connection lost), server CPU seconds, peak memory while the level ran and the growth
per session, then the same for a quarter switch in every session at once (the sidebar's 季度; the meeting screen has
no sidebar and is left out of it). With --nginx the same load goes through deploy/'s nginx site in front of two
Streamlit processes on the same database (nginx as this user, a temp folder as its prefix, as tests/test_deploy.py
runs it); CPU and memory are then the two processes' sums, and each one's share of the CPU is printed.

The browsers share the machine's two cores with the server, so the times measure the browsers as much as the server;
the server's own capacity is benchmarks.viewers (sessions that speak Streamlit's protocol without drawing). What this
prints that is the server's own is its CPU time per page view (each opened page and each switch is one script run).
It reports; it never fails.
"""

import argparse
import asyncio
import contextlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import run, synthetic
from liangsaibi.store import db

MIX = ["", "compare", "trend", "commitments", "street?street={street}", "present?slides=ranking,heatmap,trend&every=60"]
OPEN_SECONDS, SWITCH_SECONDS = 600, 300  # per session: 60 contexts, each compiling plotly.js, take minutes on 2 cores


def cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of a process so far (from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def resident_mb(pid: int, key: str = "VmRSS:") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key):
            return int(line.split()[1]) / 1024
    return float("nan")


# Streamlit's frontend marks its root with the script's state; a page is drawn when its run is over and every plotly
# chart on it has drawn its SVG. An exception element or a lost connection is an error (no use waiting on).
DRAWN = """() => {
  const app = document.querySelector('[data-testid=stApp]');
  if (!app) return false;
  if (document.querySelector('[data-testid=stException]')) return 'error shown';
  if (app.getAttribute('data-test-connection-state') === 'DISCONNECTED_FOREVER') return 'disconnected';
  const charts = document.querySelectorAll('[data-testid=stPlotlyChart]');
  return app.getAttribute('data-test-script-state') === 'notRunning' && charts.length > 0
    && window.__runs >= 1 && performance.now() - window.__last > 300
    && [...charts].every(chart => chart.querySelector('.main-svg'));
}"""
# Counts the changes a switch makes to the page's content, so that it waits for its own run, not the one drawn before
# it (the script's "running" state can come and go between two of the frontend's renders, unseen), then for quiet.
WATCH_RUNS = """() => {
  window.__runs = 0; window.__last = performance.now();
  const seen = () => { window.__runs += 1; window.__last = performance.now(); };
  new MutationObserver(seen).observe(document.querySelector('[data-testid=stMain]') || document.body,
                                     {subtree: true, childList: true, characterData: true, attributes: true});
}"""
OPEN_WATCH = """window.__runs = 0; window.__last = 0; document.addEventListener('DOMContentLoaded', () => {
  const wait = setInterval(() => { const app = document.querySelector('[data-testid=stApp]'); if (!app) return;
    clearInterval(wait);
    const seen = () => { if (app.getAttribute('data-test-script-state') === 'running') window.__runs += 1; };
    seen(); new MutationObserver(seen).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
  }, 20); });"""


async def _drawn(page, seconds: float) -> str | None:
    """None once the page is drawn, else what went wrong."""
    try:
        outcome = await (await page.wait_for_function(DRAWN, timeout=seconds * 1000)).json_value()
        return None if outcome is True else outcome
    except Exception as problem:
        return type(problem).__name__


FAILURES = Path(tempfile.gettempdir()) / "benchmarks-load-failures"  # a screenshot of each failed session


async def _keep(page, what: str) -> None:
    try:
        FAILURES.mkdir(exist_ok=True)
        await page.screenshot(path=FAILURES / f"{what}-{time.time():.0f}-{id(page)}.png", timeout=30_000)
        (FAILURES / f"{what}-{time.time():.0f}-{id(page)}.txt").write_text(
            page.url
            + "\n"
            + str(
                await page.evaluate(
                    "() => [window.__runs, document.querySelector('[data-testid=stApp]')"
                    "?.getAttribute('data-test-script-state')]"
                )
            )
        )
    except Exception:
        pass


async def _open(context, url: str) -> tuple[float | None, str | None]:
    start = time.perf_counter()
    try:
        page = await context.new_page()
        await page.add_init_script(OPEN_WATCH)
        await page.goto(url, timeout=OPEN_SECONDS * 1000, wait_until="domcontentloaded")
        problem = await _drawn(page, OPEN_SECONDS - (time.perf_counter() - start))
        if problem:
            await _keep(page, "open")
    except Exception as error:
        problem = type(error).__name__
    return (None, f"open {url.split('/', 3)[-1] or '/'}: {problem}") if problem else (time.perf_counter() - start, None)


async def _switch(page, quarter: str) -> tuple[float | None, str | None]:
    start = time.perf_counter()
    try:
        await page.evaluate(WATCH_RUNS)
        await page.get_by_role("combobox", name="季度").first.click(timeout=60_000)
        await page.get_by_role("option", name=quarter, exact=True).click(timeout=60_000)
    except Exception as error:
        problem = f"choosing the quarter: {type(error).__name__}"
    else:
        problem = await _drawn(page, SWITCH_SECONDS - (time.perf_counter() - start))
    if problem:
        await _keep(page, "switch")
        return None, f"switch {page.url.split('/', 3)[-1].split('?')[0] or '/'}: {problem}"
    return time.perf_counter() - start, None


class Sampler:
    """The servers' summed resident memory every half second while a level runs (its peak) and their CPU."""

    def __init__(self, pids: list[int]):
        self.pids, self.peak = pids, 0.0
        self.cpu = [cpu_seconds(pid) for pid in pids]
        self.start_rss = sum(resident_mb(pid) for pid in pids)

    async def watch(self):
        while True:
            self.peak = max(self.peak, sum(resident_mb(pid) for pid in self.pids))
            await asyncio.sleep(0.5)

    def used(self) -> list[float]:
        return [cpu_seconds(pid) - before for pid, before in zip(self.pids, self.cpu)]


async def level(browser, base: str, sessions: int, street: str, quarter: str, pids: list[int]) -> dict:
    urls = [f"{base}/{MIX[i % len(MIX)].format(street=street)}" for i in range(sessions)]
    sampler, load_before = Sampler(pids), os.getloadavg()[0]
    watching = asyncio.create_task(sampler.watch())
    contexts = [await browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(sessions)]
    try:
        started = time.perf_counter()
        opened = await asyncio.gather(*(_open(context, url) for context, url in zip(contexts, urls)))
        cpu_open = sum(sampler.used())
        print(f"  {sessions} sessions opened in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
        switchable = [
            context.pages[0]
            for context, url, (took, _) in zip(contexts, urls, opened)
            if "present" not in url and took is not None and context.pages
        ]
        started = time.perf_counter()
        switched = await asyncio.gather(*(_switch(page, quarter) for page in switchable))
        print(
            f"  {len(switchable)} sessions switched in {time.perf_counter() - started:.0f} s",
            file=sys.stderr,
            flush=True,
        )
        rss = sum(resident_mb(pid) for pid in pids)  # every session still open
    finally:
        print(f"  closing {sessions} contexts", file=sys.stderr, flush=True)
        for context in contexts:
            try:
                await context.close()
            except Exception:
                pass
        watching.cancel()
    used = sampler.used()
    views = sum(took is not None for took, _ in opened) + sum(took is not None for took, _ in switched)
    problems = [problem for _, problem in opened + switched if problem]
    return {
        "sessions": sessions,
        "open": [t for t, _ in opened],
        "switch": [t for t, _ in switched],
        "failed_open": sum(t is None for t, _ in opened),
        "failed_switch": sum(t is None for t, _ in switched),
        "problems": problems,
        "cpu": sum(used),
        "cpu_each": used,
        "cpu_open": cpu_open,
        "views": views,
        "peak": sampler.peak,
        "growth": (rss - sampler.start_rss) / sessions,
        "load": (load_before + os.getloadavg()[0]) / 2,
    }


def _p(values, q: int) -> float:
    done = sorted(v for v in values if v is not None)
    if len(done) >= 2:
        return statistics.quantiles(done, n=100, method="inclusive")[q - 1]
    return done[0] if done else float("nan")


HEADER = (
    "| sessions | open p50 (s) | open p95 (s) | failed open | switch p50 (s) | switch p95 (s) | failed switch "
    "| server CPU (s) | CPU per page view (ms) | peak RSS (MB) | RSS growth per session (MB) | load avg |\n|"
    + "---|"
    * 12
)


def row(f: dict) -> str:
    for problem in sorted(set(f["problems"])):
        print(f"  {f['sessions']} sessions: {f['problems'].count(problem)} × {problem}", file=sys.stderr)
    return (
        f"| {f['sessions']} | {_p(f['open'], 50):.1f} | {_p(f['open'], 95):.1f} | {f['failed_open']} "
        f"| {_p(f['switch'], 50):.1f} | {_p(f['switch'], 95):.1f} | {f['failed_switch']} | {cpu_text(f, 0)} "
        f"| {1000 * f['cpu'] / max(f['views'], 1):.0f} | {f['peak']:.0f} | {f['growth']:.1f} | {f['load']:.1f} |"
    )


def cpu_text(figures: dict, decimals: int) -> str:
    """The servers' CPU seconds, with each process's share when there are several: 41.3 (20 + 21)."""
    each = figures["cpu_each"]
    share = "" if len(each) < 2 else " (" + " + ".join(f"{c:.{decimals}f}" for c in each) + ")"
    return f"{figures['cpu']:.1f}{share}"


def median_row(runs: list[dict]) -> str:
    m = lambda key, q=None: statistics.median(_p(r[key], q) if q else r[key] for r in runs)  # noqa: E731
    return (
        f"| {runs[0]['sessions']} (median of {len(runs)}) | {m('open', 50):.1f} | {m('open', 95):.1f} "
        f"| {m('failed_open'):g} | {m('switch', 50):.1f} | {m('switch', 95):.1f} | {m('failed_switch'):g} "
        f"| {m('cpu'):.1f} | {statistics.median(1000 * r['cpu'] / max(r['views'], 1) for r in runs):.0f} "
        f"| {m('peak'):.0f} | {m('growth'):.1f} | {m('load'):.1f} |"
    )


async def measure(url: str, pids: list[int], levels: list[int], repeat: int, street: str, quarter: str) -> list[str]:
    from browser import CHROMIUM, CHROMIUM_ARGS
    from playwright.async_api import async_playwright

    rows = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        await level(browser, url, len(MIX), street, quarter, pids)  # warm: every page's first run, the caches filled
        for sessions in levels:
            runs = []
            for _ in range(repeat):
                runs.append(await level(browser, url, sessions, street, quarter, pids))
                rows.append(row(runs[-1]))
                print(rows[-1], file=sys.stderr, flush=True)
            if repeat > 1:
                rows.append(median_row(runs))
        await browser.close()
    return rows


@contextlib.contextmanager
def served(database: Path, folder: Path, nginx_port: int | None):
    """One Streamlit process on the database, or two behind deploy/'s nginx site on nginx_port: yields the URL
    viewers open and the servers, and stops them all afterwards."""
    sys.path.insert(0, str(run.ROOT / "tests"))
    from browser import Server
    from test_deploy import Nginx

    servers = [Server(database) for _ in range(2 if nginx_port else 1)]
    proxy = None
    try:
        proxy = Nginx(folder, [server.port for server in servers], nginx_port) if nginx_port else None
        yield (proxy or servers[0]).url, servers
    finally:
        if proxy:
            proxy.stop()
        for server in servers:
            server.stop()


def arguments(description: str, repeat: str, *more: tuple[str, dict]) -> argparse.Namespace:
    """The load benchmarks' command line (this one's and viewers.py's): scale or database, levels, repeats, nginx."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--scale", choices=["district", "city"], default="district")
    parser.add_argument(
        "--database", type=Path, help="a database built before (else the scale is built in a temp folder)"
    )
    parser.add_argument("--sessions", default="10,30,60")
    parser.add_argument("--repeat", type=int, default=1, help=repeat)
    parser.add_argument(
        "--nginx", type=int, metavar="PORT", help="through deploy/'s nginx site on this port, two processes"
    )
    for name, options in more:
        parser.add_argument(name, **options)
    return parser.parse_args()


def main() -> None:
    args = arguments(__doc__.splitlines()[0], "runs of each level; with more than one, a median row")
    with tempfile.TemporaryDirectory() as folder:
        database = args.database
        if database is None:
            database = Path(folder) / "load.duckdb"
            run.load(synthetic.scale(args.scale), Path(folder), database)
        street = db.run("streets", path=database)["street"].iloc[0]
        quarter = db.run("quarters", path=database, drafts=True)["quarter"].tolist()[
            1
        ]  # the switch: to the quarter before
        with served(database, Path(folder), args.nginx) as (url, servers):
            rows = asyncio.run(
                measure(
                    url,
                    [s.process.pid for s in servers],
                    [int(n) for n in args.sessions.split(",")],
                    args.repeat,
                    street,
                    quarter,
                )
            )
    how = "two processes behind deploy/'s nginx site" if args.nginx else "one process"
    print(f"## Load, scale `{args.scale}`, {how} ({run.machine()}; browsers and server share the machine)\n")
    print(HEADER)
    print("\n".join(rows))


if __name__ == "__main__":
    main()
