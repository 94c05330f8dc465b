"""What a test stands at: who has opened, answered and finished, every answer marked, each participant's score and
each unit's result (docs/党务知识测试.md «评分»)."""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from liangsaibi.live import ledger
from liangsaibi.quiz import marking

PARTS = ["quiz_test", "quiz_questions", "quiz_participants", "quiz_papers", "quiz_answers"]
TIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


def stamp(moment: datetime.datetime) -> str:
    """A time as the live store keeps it: local, with milliseconds."""
    return moment.strftime(TIME_FORMAT)[:-3]


@dataclass
class State:
    """One consistent reading of a test."""

    test: pd.Series
    questions: pd.DataFrame
    participants: pd.DataFrame
    papers: pd.DataFrame
    answers: pd.DataFrame

    @property
    def closed(self) -> bool:
        return pd.notna(self.test.closed_at)

    @property
    def ending(self) -> bool:
        """A close has begun (answers are refused from then on), or is done."""
        return pd.notna(self.test.closing_at) or self.closed

    def deadline(self, opened_at) -> pd.Timestamp | None:
        """When a participant who opened the link at `opened_at` runs out of time."""
        return None if pd.isna(opened_at) else opened_at + pd.Timedelta(minutes=int(self.test.minutes))

    def finished(self, now: datetime.datetime) -> pd.Series:
        """Per participant: submitted, or opened and out of time (at the limit, or the test closing): their saved
        answers are marked. A participant who never opened the link has not taken part."""
        opened = self.participants.opened_at
        out_of_time = opened.notna() & (self.ending | (opened + pd.Timedelta(minutes=int(self.test.minutes)) <= now))
        return self.participants.submitted_at.notna() | out_of_time


def state(test_id: int, main: Path | None = None, participant_id: int | None = None) -> State | None:
    """The test as it stands (only one participant's part of it when `participant_id` is given), or None when there
    is no such test."""
    with ledger.transaction(main, write=False) as connection:
        return state_on(connection, test_id, participant_id)


def state_on(connection, test_id: int, participant_id: int | None = None) -> State | None:
    """The test as an open transaction of the live store sees it, or None; with `participant_id`, that person's
    paper and answers only (a phone's page run reads its own rows, not the whole test's)."""
    found = {name: ledger.named(connection, name, test_id=test_id, participant_id=participant_id) for name in PARTS}
    if found["quiz_test"].empty:
        return None
    questions = found["quiz_questions"].assign(options=lambda q: q.options.map(json.loads))
    return State(
        found["quiz_test"].iloc[0], questions, found["quiz_participants"], found["quiz_papers"], found["quiz_answers"]
    )


def marked(current: State) -> pd.DataFrame:
    """Every question on every paper with its answer, the answer given ('' when none) and the marks it earns.
    Grain: one row per participant and question on their paper."""
    table = current.papers.merge(current.questions, on="number").merge(
        current.answers[["participant_id", "number", "given"]], on=["participant_id", "number"], how="left"
    )
    table["given"] = table["given"].fillna("")
    table["marks"] = [
        marking.marks(kind, answer, given, points, current.test.marking)
        for kind, answer, given, points in zip(table.kind, table.answer, table.given, table.points)
    ]
    return table.sort_values(["participant_id", "position"]).reset_index(drop=True)


def scores(current: State, now: datetime.datetime | None = None) -> pd.DataFrame:
    """Each participant: unit, status, answered count, marks earned of the paper's total, and the score (百分制) of
    those who finished. Grain: one row per participant, in the list's order."""
    now = now or datetime.datetime.now()
    table = marked(current)
    per = table.groupby("participant_id").agg(
        earned=("marks", "sum"), total=("points", "sum"), answered=("given", lambda given: int((given != "").sum()))
    )
    people = current.participants.join(per, on="participant_id")
    people["finished"] = current.finished(now).to_numpy()
    people["score"] = [
        marking.score([earned], total) if done else None
        for earned, total, done in zip(people.earned, people.total, people.finished)
    ]
    people["status"] = [
        status(opened, submitted, done)
        for opened, submitted, done in zip(people.opened_at, people.submitted_at, people.finished)
    ]
    return people


def status(opened_at, submitted_at, finished: bool) -> str:
    """未打开 / 答题中 / 已交卷 / 超时交卷 (out of time, or the test closed, with the answers saved marked)."""
    if pd.notna(submitted_at):
        return "已交卷"
    if finished:
        return "超时交卷"
    return "答题中" if pd.notna(opened_at) else "未打开"


def unit_results(current: State, now: datetime.datetime | None = None) -> pd.DataFrame:
    """Each unit's result: the mean of its finished participants' scores, on the theme's 满分 too, absentees named."""
    return marking.unit_results(scores(current, now), float(current.test.max_score))
