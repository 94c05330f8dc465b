"""Many viewers at once: python -m benchmarks.load [--scale district|city] [--sessions 10,30,60].

Opens N concurrent headless Chromium contexts against one `streamlit run` (a mix of pages and the meeting
screen), and prints per level: p50/p95 seconds to all charts drawn, failed sessions, server CPU seconds and
peak memory, then the same for a quarter switch in every session at once. The browsers share the machine's
cores with the server, so it also prints what is the server's own: its CPU time per page view (server CPU
seconds over the page views the run made: each opened page and each switch is one script run) and the page
views per second that CPU time allows on one process (one core, the GIL). It reports; it never fails.
"""
import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import run, synthetic
from liangsaibi import db

MIX = ["", "compare", "trend", "commitments", "street?street={street}", "present?slides=ranking,heatmap,trend&every=60"]


def cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of a process so far (from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def resident_mb(pid: int, key: str = "VmRSS:") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key):
            return int(line.split()[1]) / 1024
    return float("nan")


DRAWN = ("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 1"
         " && !document.querySelector('[data-testid=stStatusWidget]')")


async def _open(context, url: str) -> float | None:
    page = await context.new_page()
    start = time.perf_counter()
    try:
        await page.goto(url, timeout=180_000)
        await page.wait_for_function(DRAWN, timeout=180_000)
        return time.perf_counter() - start
    except Exception:
        return None


async def _switch(page, quarter: str) -> float | None:
    start = time.perf_counter()
    try:
        await page.get_by_role("combobox", name="季度").first.click(timeout=60_000)
        await page.get_by_role("option", name=quarter, exact=True).click(timeout=60_000)
        await page.wait_for_function(f"location.search.includes('quarter={quarter}')", timeout=180_000)
        await page.wait_for_function(DRAWN, timeout=180_000)
        return time.perf_counter() - start
    except Exception:
        return None


async def level(browser, base: str, sessions: int, street: str, quarters: list[str]) -> dict:
    contexts = [await browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(sessions)]
    urls = [f"{base}/{MIX[i % len(MIX)].format(street=street)}" for i in range(sessions)]
    opened = await asyncio.gather(*(_open(context, url) for context, url in zip(contexts, urls)))
    pages = [context.pages[0] for context in contexts]
    switchable = [page for page, url in zip(pages, urls) if "present" not in url]  # the screen hides the sidebar
    switched = await asyncio.gather(*(_switch(page, quarters[1]) for page in switchable))
    for context in contexts:
        await context.close()
    return {"open": opened, "switch": switched}


def _p(values, q: float) -> str:
    done = sorted(v for v in values if v is not None)
    return f"{statistics.quantiles(done, n=100)[q - 1]:.1f}" if len(done) >= 2 else (f"{done[0]:.1f}" if done else "–")


async def measure(server, levels: list[int], street: str, quarters: list[str]) -> list[str]:
    from playwright.async_api import async_playwright

    from browser import CHROMIUM, CHROMIUM_ARGS

    rows = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        await level(browser, server.url, 2, street, quarters)  # warm the caches
        for sessions in levels:
            cpu, memory, wall = cpu_seconds(server.process.pid), resident_mb(server.process.pid), time.perf_counter()
            result = await level(browser, server.url, sessions, street, quarters)
            used, wall = cpu_seconds(server.process.pid) - cpu, time.perf_counter() - wall
            views = len(result["open"]) + len(result["switch"])
            failed = sum(t is None for t in result["open"]) + sum(t is None for t in result["switch"])
            grown = resident_mb(server.process.pid) - memory
            rows.append(f"| {sessions} | {_p(result['open'], 50)} | {_p(result['open'], 95)} | {_p(result['switch'], 50)} "
                        f"| {_p(result['switch'], 95)} | {failed} | {used:.1f} | {resident_mb(server.process.pid, 'VmHWM:'):.0f} "
                        f"| {grown / sessions:.1f} | {1000 * used / views:.0f} | {views / used:.1f} |")
        await browser.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["district", "city"], default="district")
    parser.add_argument("--sessions", default="10,30,60")
    args = parser.parse_args()
    sys.path.insert(0, str(run.ROOT / "tests"))
    from browser import Server

    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "load.duckdb"
        run.load(synthetic.scale(args.scale), Path(folder), database)
        street = db.run("streets", path=database)["street"].iloc[0]
        quarters = db.run("quarters", path=database)["quarter"].tolist()
        server = Server(database)
        try:
            rows = asyncio.run(measure(server, [int(n) for n in args.sessions.split(",")], street, quarters))
        finally:
            server.stop()
    print(f"## Load, scale `{args.scale}` ({run.machine()}; browsers and server share the machine)\n")
    print("| sessions | open p50 (s) | open p95 (s) | switch p50 (s) | switch p95 (s) | failed | server CPU (s) "
          "| server peak RSS (MB) | RSS growth per session (MB) | server CPU per page view (ms) | page views/s on one process |")
    print("|" + "---|" * 11)
    print("\n".join(rows))


if __name__ == "__main__":
    main()
