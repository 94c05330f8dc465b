"""党务知识测试 under load: python -m benchmarks.quiz [--participants 100 --questions 20 --seconds 60].

Every participant answers their paper through a running `streamlit run` server, over Streamlit's own WebSocket
protocol as benchmarks/viewers.py speaks it: the page run of /quiz?token=… (which opens the paper), then one rerun
per answer carrying the widget's new state (the radio's option, a 多选's ticked boxes), as the phone's frontend sends
it, then 确认交卷 and 交卷. Participants start spread over the first tenth of the window and pace their answers to
finish within it. An answer counts as stored when its rerun has finished (the widget's callback stores it before
the page is drawn again). Prints answers per second, p50/p95 answer → stored, the server's CPU seconds per answer
(user + system from /proc), its peak memory, and answers or papers lost (what the store holds against what was
sent). Reports; never fails.
"""

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from browser import Server  # noqa: E402

from benchmarks import load as browser_load  # noqa: E402
from benchmarks.live import p50_p95  # noqa: E402
from liangsaibi.quiz import bank, results, sittings  # noqa: E402
from liangsaibi.store import db  # noqa: E402
from liangsaibi.store.build import build_database  # noqa: E402

LETTERS = "ABCD"


def bank_file(count: int) -> bytes:
    """A 题库 of `count` questions: 单选, 多选 and 判断 in turn."""
    rows = ["题型,题干,选项A,选项B,选项C,选项D,答案,分值,标签"]
    for number in range(1, count + 1):
        kind = ("单选", "多选", "判断")[number % 3]
        options = ",,,," if kind == "判断" else "甲,乙,丙,丁,"
        answer = {"单选": LETTERS[number % 4], "多选": "ABD", "判断": "对"}[kind]
        rows.append(f"{kind},第{number}题,{options}{answer},1,标签{number % 4}")
    return ("\n".join(rows) + "\n").encode("utf-8")


def participants_file(database: Path, count: int) -> bytes:
    units = db.run("registered_units", path=database)
    rows = ["姓名,职务,街道,村(社区)"]
    rows += [
        f"参测{n:03d},书记,{units.street.iloc[n % len(units)]},{units.unit.iloc[n % len(units)]}" for n in range(count)
    ]
    return ("\n".join(rows) + "\n").encode("utf-8")


class Participant:
    """One phone: a WebSocket session that opens the paper, answers each question, then hands it in."""

    def __init__(self, base: str, token: str, number: int):
        self.url = base.replace("http://", "ws://") + "/_stcore/stream"
        self.token, self.rng = token, random.Random(number)
        self.widgets: dict[str, tuple[str, str]] = {}  # key → (element id, the fragment drawing it, or "")
        self.states: dict[str, object] = {}  # what the frontend would send back: every widget set so far
        self.radios: dict[str, list[str]] = {}  # key → the radio's options as shown
        self.sent: dict[int, str] = {}  # question number → the answer sent
        self.times: list[float] = []
        self.errors: list[str] = []
        self.submitted = False

    async def run(self, start_after: float, pace: float, timeout: float) -> None:
        import websockets

        await asyncio.sleep(start_after)
        async with websockets.connect(
            self.url, subprotocols=["streamlit"], max_size=None, ping_interval=None
        ) as socket:
            await self._rerun(socket, timeout)
            numbers = sorted({int(key.split("-")[1]) for key in self.widgets if key.count("-") == 2})
            for number in numbers:
                await asyncio.sleep(pace * self.rng.uniform(0.5, 1.5))
                fragment = self._answer(number)
                started = time.perf_counter()
                await self._rerun(socket, timeout, fragment)  # as the frontend: the question's fragment only
                self.times.append(time.perf_counter() - started)
            self.states["quiz-sure"] = True
            await self._rerun(socket, timeout)
            self.states["交卷"] = "trigger"
            await self._rerun(socket, timeout)
            self.submitted = not self._last_keys  # the result page has no widget

    def _answer(self, number: int) -> str:
        """Set the question's widgets as a tap would; returns the fragment that draws them."""
        radio = f"quiz-{number}-"
        if radio in self.radios:
            choice = self.rng.choice(self.radios[radio])
            self.states[radio] = choice
            self.sent[number] = choice.split(".")[0] if "." in choice else choice
            return self.widgets[radio][1]
        ticked = sorted(self.rng.sample(LETTERS, self.rng.choice([1, 2, 3])))
        for letter in LETTERS:
            self.states[f"quiz-{number}-{letter}"] = letter in ticked
        self.sent[number] = "".join(ticked)
        return self.widgets[f"quiz-{number}-A"][1]

    async def _rerun(self, socket, timeout: float, fragment: str = "") -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        request = BackMsg()
        request.rerun_script.query_string = f"token={self.token}"
        request.rerun_script.page_name = "quiz"
        request.rerun_script.fragment_id = fragment
        for key, value in self.states.items():
            if key not in self.widgets:
                continue
            state = request.rerun_script.widget_states.widgets.add()
            state.id = self.widgets[key][0]
            if value == "trigger":
                state.trigger_value = True
            elif isinstance(value, bool):
                state.bool_value = value
            else:
                state.string_value = value
        self.states.pop("交卷", None)  # a trigger is sent once
        await socket.send(request.SerializeToString())
        await asyncio.wait_for(self._until_finished(socket), timeout)

    async def _until_finished(self, socket) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self._last_keys = set()
        while True:
            message = ForwardMsg()
            message.ParseFromString(await socket.recv())
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                self._note(message.delta.new_element, message.delta.fragment_id)
            elif kind == "script_finished":
                return

    def _note(self, element, fragment: str) -> None:
        kind = element.WhichOneof("type")
        if kind == "exception":
            self.errors.append(element.exception.message[:200])
        if kind not in ("radio", "checkbox", "button"):
            return
        widget = getattr(element, kind)
        key = widget.label if kind == "button" else widget.id.split("-", 2)[2]  # $$ID-<hash>-<the widget's key>
        self.widgets[key] = (widget.id, fragment)
        self._last_keys.add(key)
        if kind == "radio":
            self.radios[key] = list(widget.options)


async def drive(base: str, tokens: dict[int, str], seconds: float, questions: int, timeout: float):
    people = [Participant(base, token, number) for number, token in tokens.items()]
    pace = seconds * 0.85 / (questions + 2)
    outcomes = await asyncio.gather(
        *(person.run(seconds * 0.1 * n / len(people), pace, timeout) for n, person in enumerate(people)),
        return_exceptions=True,
    )
    for person, outcome in zip(people, outcomes):
        if isinstance(outcome, BaseException):
            person.errors.append(f"{type(outcome).__name__}: {outcome}"[:200])
    return people


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60, help="the window every participant answers within")
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "quiz.duckdb"
        build_database(database)
        bank.import_bank("题库.csv", bank_file(args.questions), database)
        people = sittings.participants_of("参测人员.csv", participants_file(database, args.participants), database)
        test_id, tokens = sittings.create("2021Q4", people, count=args.questions, main=database, minutes=30)
        db.close_all()
        with Server(database) as server:
            pid = server.process.pid
            asyncio.run(drive(server.url, dict(list(tokens.items())[:1]), 1, args.questions, args.timeout))  # warm
            cpu, started = browser_load.cpu_seconds(pid), time.perf_counter()
            phones = asyncio.run(
                drive(server.url, dict(list(tokens.items())[1:]), args.seconds, args.questions, args.timeout)
            )
            wall, used = time.perf_counter() - started, browser_load.cpu_seconds(pid) - cpu
            peak = browser_load.resident_mb(pid, "VmHWM:")
        current = results.state(test_id, database)
    stored = {
        (int(p), int(n)): given
        for p, n, given in zip(current.answers.participant_id, current.answers.number, current.answers.given)
    }
    sent = {(number, n): given for number, phone in zip(list(tokens)[1:], phones) for n, given in phone.sent.items()}
    lost = sum(1 for key, given in sent.items() if stored.get(key) != given)
    handed_in = int(current.participants.submitted_at.notna().sum()) - 1  # the warming participant
    times = [t for phone in phones for t in phone.times]
    errors = [e for phone in phones for e in phone.errors]
    print(
        f"## 党务知识测试: {len(phones)} participants × {args.questions} questions in {args.seconds:g} s ({wall:.0f} s)\n"
    )
    print(f"answers sent {len(sent)}, {len(sent) / wall:.1f}/s; answer → stored p50/p95 {p50_p95(times)}")
    print(f"server CPU {used:.1f} s, {used / max(1, len(times)) * 1000:.0f} ms per answer; peak RSS {peak:.0f} MB")
    print(f"lost answers {lost}; papers handed in {handed_in} / {len(phones)}; errors {len(errors)} {errors[:3]}")
    if times:
        print(f"mean answer → stored {statistics.mean(times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
