"""The rater's page: who a link admits, the form's parts as plain-text HTML, and the submit callback."""

import functools
import html
from pathlib import Path

import pandas as pd

from liangsaibi.live import results, sessions, submissions


@functools.cache
def style() -> str:
    """The page's own style (hides the frame's menu and sidebar), marked so that its container hides too."""
    return f'<style>{Path(__file__).with_name("form.css").read_text(encoding="utf-8")}</style><span class="score-style"></span>'


def refusal(sentence: str) -> str:
    """The one sentence a phone shows instead of the form (a link not valid, revoked, or the scoring ended)."""
    return f'<p class="score-closed">{html.escape(sentence)}</p>'


def heading(current: results.State, access: sessions.Access) -> str:
    """The session's name and the rater's own name, as plain text."""
    return (
        f'<p class="score-session">{html.escape(current.session["name"])}</p>'
        f'<p class="score-rater">评分人：{html.escape(access.rater)} · 共 {len(current.units)} 个村(社区)，'
        f'提交后在评分结束前仍可修改</p>'
    )


def unit_heading(position: int, unit: str, done: bool) -> str:
    mark = '<span class="score-done">✓ 已提交</span>' if done else '<span class="score-open">未提交</span>'
    return f'<p class="score-unit">{position}. {html.escape(unit)}{mark}</p>'


def note(text) -> str:
    """A theme's 说明 as plain text, or "" when the rubric gives none (empty, or no 说明 column at all)."""
    return f'<p class="score-note">{html.escape(text)}</p>' if isinstance(text, str) and text.strip() else ""


def shown_score(score: float | None) -> str:
    """A stored score as the form shows it back: 17.5, 18."""
    return "" if score is None else f"{score:g}"


def own_scores(current: results.State, access: sessions.Access) -> dict[tuple[int, str], float]:
    """This rater's current scores only, by (unit position, theme): never another rater's."""
    mine = current.scores[current.scores.rater_id == access.rater_id]
    return {(int(row.position), row.theme): float(row.score) for row in mine.itertuples()}


def input_key(position: int, theme: str) -> str:
    return f"score-{position}-{theme}"


def send(state, token: str, position: int, themes: pd.DataFrame) -> None:
    """Submit callback: store the unit's scores, or keep the refusal for the form to show; nothing partial."""
    given = {theme: state.get(input_key(position, theme)) for theme in themes.theme}
    try:
        times = submissions.submit(token, position, given)
        again = f"（第 {times} 次提交，以最后一次为准）" if times > 1 else ""
        state[f"score-said-{position}"] = ("success", f"已提交{again}。评分结束前仍可修改后重新提交。")
        state[f"score-done-{position}"] = True
    except submissions.ScoreRefused as refused:
        state[f"score-said-{position}"] = ("error", "未提交：" + "；".join(refused.messages))
    except sessions.LiveRefused as refused:
        state["score-link-closed"] = str(refused)


def unit_box(position: int) -> str:
    """The key of the container around a unit's form (the page scrolls to it)."""
    return f"unit-box-{position}"


def follow(current: results.State) -> str:
    """Where the host has the room, as a line, and a script that scrolls the phone to that unit's form once each time
    the host moves (typing is never touched: only the page scrolls). Our own script; the unit's name is escaped."""
    position = current.shown()
    unit = current.units.set_index("position").unit[position]
    return (
        f'<p class="score-now">现在评：第 {position} 个 {html.escape(unit)}（大屏同步，其他村(社区)在下方可随时填写）</p>'
        f"<script>(() => {{ if (window.liangsaibiFollowed === {position}) return;"
        f" window.liangsaibiFollowed = {position};"
        f" const go = () => document.querySelector('.st-key-{unit_box(position)}')?.scrollIntoView({{behavior: 'smooth'}});"
        " setTimeout(go, 300); })();</script>"
    )
