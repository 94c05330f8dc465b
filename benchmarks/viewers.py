"""The server's own capacity: python -m benchmarks.viewers [--scale district|city] [--sessions 30] [--seconds 60].

Many viewers that do not render. Each session speaks Streamlit's own WebSocket protocol to one `streamlit run`,
as its frontend does: it opens `/_stcore/stream` (subprotocol "streamlit"), then asks for page runs in a loop, each a
`rerun_script` BackMsg carrying the page's name and its query string (a mix of the pages and the meeting screen, the
newest quarters in turn), and waits for the run's `script_finished` before asking for the next. Like the browser it
remembers the large messages it was sent (plotly figures, tables) and names their hashes in the next request, so that
the server sends a reference instead of the same bytes again. A completed run is a page view; an `exception` element
or a run that does not finish is an error.

Why this generator and not the browsers of benchmarks.load: there, 10–60 Chromium contexts draw plotly charts on the
same two cores as the server, so the time to a drawn chart mostly measures the browsers, and the server cannot be
driven to its limit. Here a client costs a fraction of a millisecond per run (parsing protobufs), so the server gets
the cores: page views per second it sustains, its CPU seconds per page view (user + system from /proc, the figure a
shared machine disturbs least) and its memory per session are its own. What it leaves out is what only a browser
does: fetching the static files, drawing, and the reruns a widget's click sends (a quarter switch is the same run as
a page view with another quarter, so it is part of the mix). It reports; it never fails.
"""

import asyncio
import os
import statistics
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from benchmarks import load as browser_load, run, synthetic
from liangsaibi.store import db

# The pages viewers open (url path, query beyond the quarter): the frame's pages and the meeting screen.
MIX = [
    ("", ""),
    ("compare", ""),
    ("trend", ""),
    ("commitments", ""),
    ("street", "street={street}"),
    ("present", "slides=ranking,heatmap,trend&every=60"),
]


class Viewer:
    """One WebSocket session asking for page runs one after another."""

    def __init__(self, base: str, number: int):
        self.url = base.replace("http://", "ws://") + "/_stcore/stream"
        self.number = number
        self.cached: set[str] = set()  # hashes of the cacheable messages received, as the frontend keeps them
        self.views, self.errors, self.times, self.bytes = 0, 0, [], 0
        self.error_text: list[str] = []

    async def run(self, pages: list[tuple[str, str]], until: float, timeout: float) -> None:
        import websockets
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        async with websockets.connect(
            self.url, subprotocols=["streamlit"], max_size=None, open_timeout=timeout, ping_interval=None
        ) as socket:
            step = self.number
            while step == self.number or time.perf_counter() < until:  # one run at least
                page, query = pages[step % len(pages)]
                step += 1
                request = BackMsg()
                request.rerun_script.query_string = query
                request.rerun_script.page_name = page
                request.rerun_script.cached_message_hashes.extend(sorted(self.cached))
                start = time.perf_counter()
                await socket.send(request.SerializeToString())
                try:
                    failed = await asyncio.wait_for(self._until_finished(socket, ForwardMsg), timeout)
                except (TimeoutError, OSError, websockets.ConnectionClosed) as problem:
                    self.errors += 1
                    self.error_text.append(f"{page}?{query}: {type(problem).__name__}")
                    return
                self.times.append(time.perf_counter() - start)
                if failed:
                    self.errors += 1
                    self.error_text.append(f"{page}?{query}: {failed}")
                else:
                    self.views += 1

    async def _until_finished(self, socket, ForwardMsg) -> str | None:
        failed = None
        while True:
            data = await socket.recv()
            self.bytes += len(data)
            message = ForwardMsg()
            message.ParseFromString(data)
            kind = message.WhichOneof("type")
            if message.metadata.cacheable and message.hash:
                self.cached.add(message.hash)
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element
                if element.WhichOneof("type") == "exception":
                    failed = failed or element.exception.message[:200] or element.exception.type
            elif kind == "page_not_found":
                failed = failed or "page not found"
            elif kind == "script_finished":
                if message.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    return "compile error"
                if message.script_finished in (ForwardMsg.FINISHED_SUCCESSFULLY,):
                    return failed


def pages_of(database: Path, quarters: int = 4) -> list[tuple[str, str]]:
    """Every page of the mix with each of the newest quarters: the order a viewer's clicks go through."""
    street = db.run("streets", path=database)["street"].iloc[0]
    newest = db.run("quarters", path=database, drafts=True)["quarter"].tolist()[:quarters]
    return [
        (
            page,
            urllib.parse.urlencode({"quarter": quarter, **dict(urllib.parse.parse_qsl(extra.format(street=street)))}),
        )
        for quarter in newest
        for page, extra in MIX
    ]


async def drive(base: str, pages: list[tuple[str, str]], sessions: int, seconds: float, timeout: float):
    until = time.perf_counter() + seconds
    viewers = [Viewer(base, number) for number in range(sessions)]
    outcomes = await asyncio.gather(*(viewer.run(pages, until, timeout) for viewer in viewers), return_exceptions=True)
    for viewer, outcome in zip(viewers, outcomes):
        if isinstance(outcome, BaseException):
            viewer.errors += 1
            viewer.error_text.append(f"session: {type(outcome).__name__}: {outcome}"[:200])
    return viewers


def measure(url: str, pids: list[int], pages, sessions: int, seconds: float, timeout: float = 120) -> dict:
    """One level: every session asks for runs for `seconds`; the servers' CPU and memory before and after."""
    cpu = [browser_load.cpu_seconds(pid) for pid in pids]
    memory = sum(browser_load.resident_mb(pid) for pid in pids)
    load_before, wall = os.getloadavg()[0], time.perf_counter()
    viewers = asyncio.run(drive(url, pages, sessions, seconds, timeout))
    wall = time.perf_counter() - wall
    each = [browser_load.cpu_seconds(pid) - before for pid, before in zip(pids, cpu)]
    used = sum(each)
    views = sum(viewer.views for viewer in viewers)
    times = [t for viewer in viewers for t in viewer.times]
    return {
        "sessions": sessions,
        "views": views,
        "errors": sum(viewer.errors for viewer in viewers),
        "error_text": [text for viewer in viewers for text in viewer.error_text][:5],
        "wall": wall,
        "cpu": used,
        "cpu_each": each,
        "per_second": views / wall,
        "ms_per_view": 1000 * used / max(views, 1),
        "views_per_cpu_second": views / used if used else float("nan"),
        "p50": statistics.median(times) if times else float("nan"),
        "p95": statistics.quantiles(times, n=20)[-1] if len(times) >= 2 else float("nan"),
        "rss": sum(browser_load.resident_mb(pid) for pid in pids),
        "growth": (sum(browser_load.resident_mb(pid) for pid in pids) - memory) / sessions,
        "kb_per_view": sum(viewer.bytes for viewer in viewers) / 1024 / max(views, 1),
        "load": (load_before + os.getloadavg()[0]) / 2,
    }


HEADER = (
    "| sessions | page views | errors | wall (s) | page views/s | server CPU (s) | CPU ms per view "
    "| views per CPU s | run p50 (s) | run p95 (s) | sent per view (KB) | RSS after (MB) | RSS growth per session (MB) "
    "| load avg |\n|" + "---|" * 14
)


def row(figures: dict) -> str:
    f = figures
    for text in f["error_text"]:
        print(f"error ({f['sessions']} sessions): {text}", file=sys.stderr)
    return (
        f"| {f['sessions']} | {f['views']} | {f['errors']} | {f['wall']:.0f} | {f['per_second']:.1f} "
        f"| {browser_load.cpu_text(f, 1)} "
        f"| {f['ms_per_view']:.1f} | {f['views_per_cpu_second']:.1f} | {f['p50']:.2f} | {f['p95']:.2f} "
        f"| {f['kb_per_view']:.0f} | {f['rss']:.0f} | {f['growth']:.2f} | {f['load']:.1f} |"
    )


def main() -> None:
    args = browser_load.arguments(
        __doc__.splitlines()[0],
        "runs of each level (the table gives each run)",
        ("--seconds", {"type": float, "default": 60}),
        ("--url", {"help": "a server already running, instead of starting one"}),
        (
            "--pids",
            {"default": "", "help": "with --url: the server processes' ids, comma-separated, for CPU and memory"},
        ),
    )
    if args.url:
        pages, pids = pages_of(args.database), [int(pid) for pid in args.pids.split(",") if pid]
        measure(args.url, pids, pages, len(pages), 0)
        rows = [
            row(measure(args.url, pids, pages, int(n), args.seconds))
            for n in args.sessions.split(",")
            for _ in range(args.repeat)
        ]
        print(HEADER)
        print("\n".join(rows))
        return
    with tempfile.TemporaryDirectory() as folder:
        database = args.database
        if database is None:
            database = Path(folder) / "viewers.duckdb"
            run.load(synthetic.scale(args.scale), Path(folder), database)
        pages = pages_of(database)
        with browser_load.served(database, Path(folder), args.nginx) as (url, servers):
            pids = [server.process.pid for server in servers]
            measure(url, pids, pages, len(pages), 0)  # warm: each run of the mix once, the caches filled
            if args.nginx:  # each process's own first runs: a session without nginx's cookie may reach either
                for server in servers:
                    measure(server.url, [server.process.pid], pages, len(pages), 0)
            rows = [
                row(measure(url, pids, pages, int(n), args.seconds))
                for n in args.sessions.split(",")
                for _ in range(args.repeat)
            ]
            peak = sum(browser_load.resident_mb(pid, "VmHWM:") for pid in pids)
    how = "two processes behind deploy/'s nginx site" if args.nginx else "one process"
    print(f"## Viewers over the WebSocket, scale `{args.scale}`, {how} ({run.machine()})\n")
    print(HEADER)
    print("\n".join(rows))
    print(
        f"\nserver peak RSS {peak:.0f} MB; {len(pages)} page runs in the mix ({len(MIX)} pages × the newest quarters)"
    )


if __name__ == "__main__":
    main()
