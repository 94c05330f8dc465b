"""A participant's side of a test: opening the paper (the time limit starts), saving each answer as given, submitting
once; the server's clock decides (docs/党务知识测试.md «答题»)."""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from liangsaibi.live import ledger
from liangsaibi.quiz import bank, results
from liangsaibi.quiz.sittings import Access, QuizRefused, admit, admitted_row

ENDED = "测试已结束，不能再作答。"
SUBMITTED = "您已交卷，不能再修改答案。"


@dataclass
class Paper:
    """What a participant's link shows: their questions (without answers while the test is open), their answers,
    and when their time runs out."""

    access: Access
    current: results.State
    questions: pd.DataFrame  # position, number, kind, stem, options, points, answer, explanation
    given: dict[int, str]
    deadline: pd.Timestamp
    finished: bool


def open_paper(token: str, main: Path | None = None, now: datetime.datetime | None = None) -> Paper:
    """The participant's paper; the first opening starts their time (QuizRefused for an unknown link)."""
    now = now or datetime.datetime.now()
    with ledger.transaction(main, write=False) as connection:
        access = admit(token, connection=connection)
        current = results.state_on(connection, access.test_id, access.participant_id)
    if pd.isna(current.participants.opened_at.iloc[0]) and not current.ending:  # the first opening: a write
        with ledger.transaction(main) as connection:
            connection.execute(
                "update quiz_participant set opened_at = ? where test_id = ? and participant_id = ? and opened_at is null",
                [results.stamp(now), access.test_id, access.participant_id],
            )
            current = results.state_on(connection, access.test_id, access.participant_id)
    person = current.participants.participant_id == access.participant_id
    opened = current.participants.loc[person, "opened_at"].iloc[0]
    paper = current.papers[current.papers.participant_id == access.participant_id]
    mine = current.answers[current.answers.participant_id == access.participant_id]
    return Paper(
        access,
        current,
        paper.merge(current.questions, on="number").sort_values("position").reset_index(drop=True),
        dict(zip(mine.number, mine.given)),
        current.deadline(opened),
        bool(current.finished(now)[person].iloc[0]),
    )


def checked_answer(kind: str, options: list[str], given) -> str:
    """An answer as stored: letters in order (ABD), 对 / 错, or '' for none; QuizRefused for one the question
    cannot have (a letter it has no option for, two letters for a 单选)."""
    if given is None or given == "" or given == []:
        return ""
    text = bank.TRUE_FALSE.get(str(given).strip(), "") if kind == "判断" else bank.letters_of("".join(given))
    letters = bank.LETTERS[: len(options)]
    if kind == "判断" and not text:
        raise QuizRefused(f"判断题的答案只能是 对 或 错，收到的是「{given}」。")
    if kind != "判断" and (not text.isalpha() or any(letter not in letters for letter in text)):
        raise QuizRefused(f"答案「{given}」不在本题的选项 A–{letters[-1]} 中。")
    if kind == "单选" and len(text) > 1:
        raise QuizRefused("单选题只能选一个答案。")
    return text


def save(token: str, number: int, given, main: Path | None = None, now: datetime.datetime | None = None) -> str:
    """Keep one answer as given, with its time; returns it as stored. Refused with a sentence once the participant
    has submitted, their time has run out (what was saved before is marked), or the test's close has begun."""
    now = now or datetime.datetime.now()
    with ledger.transaction(main) as connection:
        row = _open_for_answers(connection, token, now, number)
        if row["kind"] is None:
            raise QuizRefused("您的试卷中没有这道题。")
        text = checked_answer(row["kind"], json.loads(row["options"]), given)
        connection.execute(
            "insert into quiz_answer (test_id, participant_id, number, given, answered_at) values (?, ?, ?, ?, ?)",
            [row["test_id"], row["participant_id"], number, text, results.stamp(now)],
        )
    return text


def submit(token: str, main: Path | None = None, now: datetime.datetime | None = None) -> None:
    """Hand in the paper, once; the answers saved are marked."""
    now = now or datetime.datetime.now()
    with ledger.transaction(main) as connection:
        row = _open_for_answers(connection, token, now)
        connection.execute(
            "update quiz_participant set submitted_at = ? where test_id = ? and participant_id = ?",
            [results.stamp(now), row["test_id"], row["participant_id"]],
        )


def _open_for_answers(connection, token: str, now: datetime.datetime, number: int | None = None) -> dict:
    """Inside the write transaction: the participant while the test takes their answers (with question `number` of
    their paper), or QuizRefused. Read as one row, without pandas: every answer of every phone passes here."""
    row = admitted_row(token, "quiz_answer_context", connection=connection, number=number)
    if row["closing_at"] is not None or row["closed_at"] is not None:
        raise QuizRefused(ENDED)
    if row["submitted_at"] is not None:
        raise QuizRefused(SUBMITTED)
    if row["opened_at"] is None:
        raise QuizRefused("请先打开试卷再作答。")
    deadline = ledger.timestamp(row["opened_at"]) + pd.Timedelta(minutes=int(row["minutes"]))
    if now >= deadline:
        raise QuizRefused(f"作答时间已到（{deadline:%H:%M:%S} 截止），这次作答未保存；截止前已保存的答案已按交卷计分。")
    return row
