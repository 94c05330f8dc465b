"""现场评分 under load: python -m benchmarks.live [--raters 30 --units 15 --browser 2].

Every rater submits each unit's 3 themes as the host leads the meeting unit by unit, all raters at once, as fast as
they can, every submission through the running `streamlit run` server: most by a rater client that speaks
Streamlit's WebSocket protocol as the phone's frontend does (benchmarks.viewers explains the protocol: it opens
/score?token=…, then sends the unit's form as a rerun of the form's fragment carrying the three text inputs' values
and the submit button's trigger, and waits for the form's 已提交), a few by real Chromium phones. The meeting screen (/present?live=…&screen=…,
Chromium) records every change of its 已评 n / m; once it shows every rater for a unit the host moves the room on.
Prints submissions per second, p50/p95 submit → 已提交 and submit → on screen, the server's CPU per submission and
peak memory, and lost or duplicated submissions. Reports; never fails.
"""

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from browser import CHROMIUM, CHROMIUM_ARGS, Server  # noqa: E402

from liangsaibi.live import closing, ledger, results, sessions  # noqa: E402
from liangsaibi.store import db  # noqa: E402
from liangsaibi.store.build import build_database  # noqa: E402

THEMES = ["党建引领", "创新举措", "工作成效"]
TOPS = {"党建引领": 20, "创新举措": 10, "工作成效": 20}
WATCH = """() => { window.seen = []; const note = () => { const c = document.querySelector('.live-count');
  const h = document.querySelector('.live-unit small'); if (c && h) window.seen.push([h.textContent, c.textContent, Date.now()]); };
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


class SocketRater:
    """A rater's phone as the server sees it: one WebSocket session on /score?token=…, submitting a unit's form."""

    def __init__(self, base: str, token: str):
        self.url, self.query = base.replace("http://", "ws://") + "/_stcore/stream", f"token={token}"
        self.inputs: dict[str, list[str]] = {}  # form id → its text inputs' widget ids, in order
        self.submit_ids: dict[str, str] = {}  # form id → its submit button's widget id
        self.fragments: dict[str, str] = {}  # form id → the fragment it is drawn in (a submit reruns that alone)

    async def open(self) -> None:
        import websockets

        self.socket = await websockets.connect(self.url, subprotocols=["streamlit"], max_size=None, ping_interval=None)
        await self._run([])

    async def submit(self, unit: int, values: dict) -> tuple[float, float]:
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        form = f"unit-{unit}"
        states = [WidgetState(id=i, string_value=f"{values[t]:g}") for i, t in zip(self.inputs[form], THEMES)]
        states.append(WidgetState(id=self.submit_ids[form], trigger_value=True))
        started = time.time()
        said = await self._run(states, self.fragments.get(form, ""))
        if not any(text.startswith("已提交") for text in said):
            raise RuntimeError(f"unit {unit} not confirmed: {said}")
        return started, time.time()

    async def _run(self, states, fragment: str = "") -> list[str]:
        """One run of the page with the given widget states; the alerts it showed. Learns the forms' widget ids."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        request = BackMsg()
        request.rerun_script.query_string, request.rerun_script.page_name = self.query, "score"
        request.rerun_script.widget_states.widgets.extend(states)
        request.rerun_script.fragment_id = fragment
        await self.socket.send(request.SerializeToString())
        alerts = []
        while True:
            message = ForwardMsg()
            message.ParseFromString(await self.socket.recv())
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element
                which = element.WhichOneof("type")
                if which == "text_input":
                    known = self.inputs.setdefault(element.text_input.form_id, [])
                    if element.text_input.id not in known:
                        known.append(element.text_input.id)
                elif which == "button" and element.button.is_form_submitter:
                    self.submit_ids[element.button.form_id] = element.button.id
                    self.fragments[element.button.form_id] = message.delta.fragment_id
                elif which == "alert":
                    alerts.append(element.alert.body)
                elif which == "exception":
                    raise RuntimeError(element.exception.message)
            elif kind == "script_finished" and message.script_finished in (
                ForwardMsg.FINISHED_SUCCESSFULLY,
                ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
            ):
                return alerts


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

    names = list(tokens)
    in_browser, by_socket = names[: args.browser], names[args.browser :]
    stored: list[tuple[str, int, float, float, str]] = []  # rater, unit, submitted, confirmed, how
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        screen = await (await chromium.new_context(viewport={"width": 1920, "height": 1080})).new_page()
        link = sessions.issue_screen_link(session_id, database)
        await screen.goto(f"{server.url}/present?live={session_id}&screen={link}")
        await screen.locator(".live-count").wait_for(timeout=60_000)
        await screen.evaluate(WATCH)
        phones = {}
        for name in in_browser:
            phones[name] = await (await chromium.new_context(viewport={"width": 390, "height": 844})).new_page()
            await phones[name].goto(f"{server.url}/score?token={tokens[name]}")
            await phones[name].locator('[data-testid="stForm"]').nth(args.units - 1).wait_for(timeout=60_000)
        sockets = {name: SocketRater(server.url, tokens[name]) for name in by_socket}
        await asyncio.gather(*(rater.open() for rater in sockets.values()))

        begun, server_cpu = time.time(), cpu_seconds(server.process.pid)
        for unit in range(1, args.units + 1):
            sent = [sockets[name].submit(unit, scores_for(names.index(name), unit)) for name in by_socket]
            clicks = [browser_rater(phones[name], unit, scores_for(names.index(name), unit)) for name in in_browser]
            done = await asyncio.gather(*sent, *clicks)
            stored += [
                (name, unit, start, end, "socket" if name in sockets else "browser")
                for name, (start, end) in zip(by_socket + in_browser, done)
            ]
            await screen.wait_for_function(
                f"window.seen.some(([h, c]) => h.startsWith('第 {unit} /') && "
                f"c === '已评 {args.raters} / {args.raters}')",
                timeout=60_000,
            )
            closing.step(session_id, 1, database)  # the host moves the room on
        elapsed, server_cpu = time.time() - begun, cpu_seconds(server.process.pid) - server_cpu
        seen = await screen.evaluate("window.seen")
        for rater in sockets.values():
            await rater.socket.close()
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
    parser.add_argument("--browser", type=int, default=2)
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
    by_socket = [end - start for _, _, start, end, how in stored if how == "socket"]
    by_browser = [end - start for _, _, start, end, how in stored if how == "browser"]
    delays = on_screen_delays(stored, seen, args.raters, args.units)
    to_screen = [delay for delay, _ in delays]
    print(
        f"| 现场评分 through the server ({args.raters} raters × {args.units} units × {len(THEMES)} themes, "
        f"{args.browser} in Chromium, the rest WebSocket clients) | value |"
    )
    print("|---|---|")
    print(f"| submissions | {len(stored)} in {elapsed:.1f} s ({len(stored) / elapsed:.1f} /s, unit by unit) |")
    print(f"| submit → form says 已提交, p50 / p95 (WebSocket raters) | {p50_p95(by_socket)} |")
    print(f"| click → form says 已提交, p50 / p95 (Chromium raters) | {p50_p95(by_browser)} |")
    print(f"| submit → on the meeting screen, p50 / p95 | {p50_p95(to_screen)} ({len(to_screen)} seen) |")
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
