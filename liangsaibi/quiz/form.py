"""The participant's page (pages/quiz.py): its parts as plain-text HTML, the countdown, and the callbacks that save
each answer as it is given and hand in the paper. The frame is hidden as on the rater's page (live/form.css)."""

import functools
import html
from pathlib import Path

import pandas as pd

from liangsaibi.quiz import answers, bank, results
from liangsaibi.quiz.sittings import QuizRefused


@functools.cache
def style() -> str:
    """The page's own style, marked so that its container hides too."""
    css = Path(__file__).with_name("form.css").read_text(encoding="utf-8")
    return f'<style>{css}</style><span class="quiz-style"></span>'


def heading(paper: answers.Paper) -> str:
    """The test's name, the participant's name and unit, and the rules in one line, as plain text."""
    test = paper.current.test
    return (
        f'<p class="score-session">{html.escape(test["name"])}</p>'
        f'<p class="score-rater">{html.escape(paper.access.name)} · {html.escape(paper.access.unit)} · '
        f"共 {len(paper.questions)} 题 {paper.questions.points.sum():g} 分 · 限时 {int(test.minutes)} 分钟</p>"
    )


def countdown(paper: answers.Paper, now: pd.Timestamp) -> str:
    """The time left, counted down by the phone from the server's figure (the server refuses late answers)."""
    left = max(0, int((paper.deadline - now).total_seconds()))
    return (
        f'<p class="quiz-clock">剩余时间 <b id="quiz-left">{left // 60:02d}:{left % 60:02d}</b>'
        f"（{paper.deadline:%H:%M} 截止，答案随选随存）</p>"
        "<script>(function(){var end=Date.now()+" + str(left * 1000) + ";"
        "var el=document.getElementById('quiz-left');function tick(){var s=Math.max(0,Math.round((end-Date.now())/1000));"
        "el.textContent=String(Math.floor(s/60)).padStart(2,'0')+':'+String(s%60).padStart(2,'0');"
        "if(s>0){setTimeout(tick,1000);}else{el.textContent='时间到';}}tick();})();</script>"
    )


def question_heading(position: int, question) -> str:
    """1. （单选 · 2 分）题干, as plain text."""
    return (
        f'<p class="quiz-stem"><span class="quiz-kind">{position}. （{question.kind} · {question.points:g} 分）</span>'
        f"{html.escape(question.stem)}</p>"
    )


def choices(question) -> list[str]:
    """The values a question's widget offers: 对 / 错, or the option letters."""
    return ["对", "错"] if question.kind == "判断" else list(bank.LETTERS[: len(question.options)])


def choice_label(question, value: str) -> str:
    return value if question.kind == "判断" else f"{value}. {question.options[bank.LETTERS.index(value)]}"


def key(number: int, letter: str = "") -> str:
    return f"quiz-{number}-{letter}"


def save(state, token: str, number: int, letters: list[str] | None) -> None:
    """Answer callback: store what the widget now holds (for a 多选, the `letters` ticked); keep a refusal for the
    page to show."""
    given = [letter for letter in letters if state.get(key(number, letter))] if letters else state.get(key(number))
    try:
        answers.save(token, number, given if given is not None else "")
        state.pop("quiz-said", None)
    except QuizRefused as refused:
        state["quiz-said"] = str(refused)


def unanswered(token: str) -> int:
    """How many questions of the person's paper have no answer saved (read afresh: answers are saved one by one)."""
    paper = answers.open_paper(token)
    return sum(1 for number in paper.questions.number if not paper.given.get(number))


def hand_in(state, token: str) -> None:
    """Submit callback."""
    try:
        answers.submit(token)
    except QuizRefused as refused:
        state["quiz-said"] = str(refused)


def said(sentence: str) -> str:
    return f'<p class="quiz-said">{html.escape(sentence)}</p>'


def own_result(paper: answers.Paper) -> str:
    """The participant's own result (never another's), and the 解析 once the test has closed if it shows them."""
    people = results.scores(paper.current)
    me = people[people.participant_id == paper.access.participant_id].iloc[0]
    lines = [
        f'<p class="quiz-score">您的成绩：<b>{me.score:.2f}</b> 分</p>'
        f'<p class="score-rater">{me.status} · 得 {me.earned:g} / {me.total:g} 分 · 答 {me.answered} / {len(paper.questions)} 题</p>'
    ]
    if not paper.current.closed:
        tail = "测试结束后可在此查看答案和解析。" if paper.current.test.explain else "感谢参加！"
        return "".join(lines) + f'<p class="score-rater">{tail}</p>'
    if not paper.current.test.explain:
        return "".join(lines)
    marked = results.marked(paper.current)
    mine = marked[marked.participant_id == paper.access.participant_id]
    for row in mine.itertuples():
        right = "✓" if row.marks == row.points else "½" if row.marks else "✗"
        lines.append(
            f'<div class="quiz-review">{question_heading(row.position, row)}'
            f"<p>您的答案：{html.escape(row.given or '未作答')} {right} · 正确答案：{html.escape(row.answer)}</p>"
            + (f'<p class="score-note">解析：{html.escape(row.explanation)}</p>' if row.explanation else "")
            + "</div>"
        )
    return "".join(lines)
