"""现场评分 under load: python -m benchmarks.live [--raters 30 --units 15 --browser 3].

Every rater submits each unit's 3 themes as the meeting goes unit by unit, all raters at once, as fast as they can:
most through submissions.submit (the function the form's callback calls) from a thread pool in this process, a
few through real Chromium contexts filling the phone form on a `streamlit run` server. A meeting screen
(/present?live=…) records every change of its 已评 n / m. Prints submissions per second, p50/p95 submit → stored
and submit → on screen, the server's peak memory, and lost or duplicated submissions. Reports; never fails.
"""

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from browser import CHROMIUM, CHROMIUM_ARGS, Server  # noqa: E402

from liangsaibi.live import ledger, results, sessions, submissions  # noqa: E402
from liangsaibi.store import db  # noqa: E402
from liangsaibi.store.build import build_database  # noqa: E402

THEMES = ["党建引领", "创新举措", "工作成效"]
TOPS = {"党建引领": 20, "创新举措": 10, "工作成效": 20}
WATCH = """() => { window.seen = []; const note = () => { const c = document.querySelector('.live-count');
  const h = document.querySelector('.present-subtitle'); if (c && h) window.seen.push([h.textContent, c.textContent, Date.now()]); };
  new MutationObserver(note).observe(document.body, {subtree: true, childList: true, characterData: true}); note(); }"""


def scores_for(rater: int, unit: int) -> dict[str, float]:
    rng = random.Random(rater * 1000 + unit)
    return {theme: rng.randrange(0, 2 * top + 1) / 2 for theme, top in TOPS.items()}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] if ordered else float("nan")


def p50_p95(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.0f} / {percentile(values, 0.95) * 1000:.0f} ms" if values else "–"


def peak_memory_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def browser_rater(page, unit: int, values: dict) -> tuple[float, float]:
    form = page.locator('[data-testid="stForm"]').nth(unit - 1)
    for i, theme in enumerate(THEMES):
        await form.locator("input").nth(i).fill(f"{values[theme]:g}")
    started = time.time()
    await form.get_by_role("button", name="提交").click()
    await form.get_by_text("已提交。评分结束前仍可修改").wait_for(timeout=60_000)
    return started, time.time()


async def meeting(args, database: Path, server: Server, session_id: int, tokens: dict[str, str]):
    from playwright.async_api import async_playwright

    pool = ThreadPoolExecutor(max_workers=args.raters)
    loop = asyncio.get_running_loop()
    names = list(tokens)
    in_browser, by_call = names[: args.browser], names[args.browser :]
    stored: list[tuple[str, int, float, float, str]] = []  # rater, unit, submitted, stored, how
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        screen = await (await chromium.new_context(viewport={"width": 1600, "height": 900})).new_page()
        await screen.goto(f"{server.url}/present?live={session_id}")
        await screen.locator(".live-count").wait_for(timeout=60_000)
        await screen.evaluate(WATCH)
        phones = {}
        for name in in_browser:
            phones[name] = await (await chromium.new_context(viewport={"width": 390, "height": 844})).new_page()
            await phones[name].goto(f"{server.url}/score?token={tokens[name]}")
            await phones[name].locator('[data-testid="stForm"]').nth(args.units - 1).wait_for(timeout=60_000)

        def call(name: str, unit: int) -> tuple[float, float]:
            started = time.time()
            submissions.submit(tokens[name], unit, scores_for(names.index(name), unit), database)
            return started, time.time()

        begun, server_cpu = time.time(), cpu_seconds(server.process.pid)
        for unit in range(1, args.units + 1):
            calls = [loop.run_in_executor(pool, call, name, unit) for name in by_call]
            clicks = [browser_rater(phones[name], unit, scores_for(names.index(name), unit)) for name in in_browser]
            done = await asyncio.gather(*calls, *clicks)
            stored += [
                (name, unit, start, end, "call" if name in by_call else "browser")
                for name, (start, end) in zip(by_call + in_browser, done)
            ]
            await screen.wait_for_function(
                f"window.seen.some(([h, c]) => h.startsWith('第 {unit} /') && "
                f"c === '已评 {args.raters} / {args.raters}')",
                timeout=60_000,
            )
        elapsed, server_cpu = time.time() - begun, cpu_seconds(server.process.pid) - server_cpu
        seen = await screen.evaluate("window.seen")
        await chromium.close()
    return stored, seen, elapsed, server_cpu


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (its own, not its children's)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def on_screen_delays(stored, seen, raters: int, units: int) -> list[tuple[float, str]]:
    """For each unit, the n-th stored submission against the first time the screen showed 已评 n (or more) for it;
    each delay with how that submission was made (call or browser)."""
    delays = []
    for unit in range(1, units + 1):
        shown = [(int(c.split()[1]), at / 1000) for h, c, at in seen if h.startswith(f"第 {unit} /")]
        ends = sorted(end for _, u, _, end, _ in stored if u == unit)
        for n, end in enumerate(ends, 1):
            start, how = next((s, h) for _, u, s, e, h in stored if u == unit and e == end)
            first = min((at for count, at in shown if count >= n), default=None)
            if first is not None:
                delays.append((max(0.0, first - start), how))
    return delays


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--raters", type=int, default=30)
    parser.add_argument("--units", type=int, default=15)
    parser.add_argument("--browser", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="live-bench-"))
    database = folder / "bench.duckdb"
    build_database(database)
    units = db.run("registered_units", path=database)[["street", "unit"]].head(args.units)
    session_id, tokens = sessions.create(
        "2021Q4",
        list(units.itertuples(index=False, name=None)),
        THEMES,
        [(f"评分人{i:02d}", "") for i in range(1, args.raters + 1)],
        main=database,
    )
    server = Server(database)
    try:
        load = os.getloadavg()
        stored, seen, elapsed, server_cpu = asyncio.run(meeting(args, database, server, session_id, tokens))
        memory = peak_memory_mb(server.process.pid)
    finally:
        server.stop()
    current = results.state(session_id, database)
    events = ledger.run("audit", database, session_id=session_id).drop_duplicates("event_id")
    names = list(tokens)
    expected = {
        (name, unit, theme): scores_for(i, unit)[theme]
        for i, name in enumerate(names)
        for unit in range(1, args.units + 1)
        for theme in THEMES
    }
    got = {(row.rater, int(row.position), row.theme): row.score for row in current.scores.itertuples()}
    lost = sum(1 for key in expected if key not in got or got[key] != expected[key])
    duplicated = len(events) - args.raters * args.units
    to_store = [end - start for _, _, start, end, how in stored if how == "call"]
    by_browser = [end - start for _, _, start, end, how in stored if how == "browser"]
    delays = on_screen_delays(stored, seen, args.raters, args.units)
    to_screen = [delay for delay, _ in delays]
    by_call_screen = [delay for delay, how in delays if how == "call"]
    by_browser_screen = [delay for delay, how in delays if how == "browser"]
    print(
        f"| 现场评分 ({args.raters} raters × {args.units} units × {len(THEMES)} themes, {args.browser} in Chromium) | value |"
    )
    print("|---|---|")
    print(f"| submissions | {len(stored)} in {elapsed:.1f} s ({len(stored) / elapsed:.1f} /s, unit by unit) |")
    print(f"| submit → stored, p50 / p95 (function calls) | {p50_p95(to_store)} |")
    print(f"| click → form says 已提交, p50 / p95 (browser) | {p50_p95(by_browser)} |")
    print(f"| submit → on the meeting screen, p50 / p95 | {p50_p95(to_screen)} ({len(to_screen)} seen) |")
    print(f"| … of function calls · of browser clicks | {p50_p95(by_call_screen)} · {p50_p95(by_browser_screen)} |")
    print(
        f"| server CPU during the meeting | {server_cpu:.1f} s ({server_cpu / len(stored) * 1000:.0f} ms per submission, "
        f"the screen and {args.browser} phones included) |"
    )
    print(f"| server peak memory (VmHWM) | {memory:.0f} MB |")
    print(f"| lost / duplicated submissions | {lost} / {duplicated} |")
    print(
        f"| load average (1 / 5 / 15 min) at the start, at the end | {' / '.join(f'{x:.1f}' for x in load)}, "
        f"{' / '.join(f'{x:.1f}' for x in os.getloadavg())} |"
    )


if __name__ == "__main__":
    main()
