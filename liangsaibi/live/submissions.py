"""A rater's scores of a unit: checked as a whole, stored as one event (never overwritten), reopened by the administrator."""

import re
import unicodedata
from decimal import Decimal
from pathlib import Path

from liangsaibi.live import ledger, sessions


class ScoreRefused(Exception):
    """Scores the form must refuse; `messages` names each theme that is wrong. Nothing was stored."""

    def __init__(self, messages: list[str]):
        super().__init__("；".join(messages))
        self.messages = messages


def checked(themes: list[dict], given: dict) -> dict[str, float]:
    """The scores of every theme (rows of session_themes.sql) as numbers, or ScoreRefused naming each wrong one
    (empty, not a number, outside 0–满分, not a multiple of the step)."""
    scores, messages = {}, []
    for theme in themes:
        value, problem = _score(given.get(theme["theme"]), theme["max_score"], theme["step"])
        if problem:
            messages.append(f"「{theme['theme']}」{problem}")
        else:
            scores[theme["theme"]] = value
    if messages:
        raise ScoreRefused(messages)
    return scores


# A score as typed on a phone: digits (full-width ones are folded to these first), then optionally one of , 。 .
# (．and ，fold to . and ,) and one or two digits, read as the decimal point: 17,5 is 17.5, never 175.
TYPED_SCORE = re.compile(r"-?[0-9]*(?:[.,。][0-9]{1,2})?")


def _score(raw, top: float, step: float) -> tuple[float | None, str | None]:
    shown = f"{raw:g}" if isinstance(raw, (int, float)) and not isinstance(raw, bool) else raw
    text = unicodedata.normalize("NFKC", "" if shown is None else str(shown)).strip()
    if text == "":
        return None, "还没有打分。"
    if not TYPED_SCORE.fullmatch(text) or not any(character.isdigit() for character in text):
        return None, f"的得分「{text}」不是数字，请填写如 {top - step:g} 这样的分数（小数点后最多两位）。"
    value = Decimal(re.sub("[,。]", ".", text))
    if not 0 <= value <= Decimal(str(top)):
        return None, f"的得分 {text} 超出 0–{top:g} 的范围。"
    if value % Decimal(str(step)) != 0:  # exact, in decimal: no float rounding lets 1e-300 or 9.3 through
        return None, f"的得分 {text} 不符合打分档次：只能按 {step:g} 分一档打分。"
    return float(value), None


def submit(token: str, position: int, given: dict, main: Path | None = None) -> int:
    """Store a rater's scores of one unit as one submission; returns how many times this rater has now submitted
    it. The link is checked inside the write transaction: once a close has begun (it marks the session in a
    transaction of its own) nothing more is stored, and whatever was stored before is in the close's import."""
    with ledger.transaction(main) as connection:
        access = sessions.admit(token, connection=connection)
        session_id, rater_id = access.session_id, access.rater_id
        themes = ledger.records(connection, "session_themes", session_id=session_id)
        scores = checked(themes, given)
        if not connection.execute(
            "select count(*) from live_unit where session_id = ? and position = ?", [session_id, position]
        ).fetchone()[0]:
            raise sessions.LiveRefused("本场评分中没有这个村(社区)。")
        _event(connection, session_id, rater_id, position, "submit", scores)
        return connection.execute(
            "select count(*) from live_event where session_id = ? and rater_id = ? and position = ? "
            "and action = 'submit'",
            [session_id, rater_id, position],
        ).fetchone()[0]


def reopen(session_id: int, rater_id: int, position: int, main: Path | None = None) -> None:
    """Withdraw a rater's scores of a unit so that they score it again (the earlier ones stay in the audit)."""
    with ledger.transaction(main) as connection:
        sessions._refuse_if_closed(connection, session_id)
        _event(connection, session_id, rater_id, position, "reopen", {})


def _event(connection, session_id: int, rater_id: int, position: int, action: str, scores: dict) -> int:
    event_id = connection.execute("select coalesce(max(event_id), 0) + 1 from live_event").fetchone()[0]
    connection.execute(
        "insert into live_event (event_id, session_id, rater_id, position, action) values (?, ?, ?, ?, ?)",
        [event_id, session_id, rater_id, position, action],
    )
    if scores:
        connection.executemany(
            "insert into live_event_score values (?, ?, ?)",
            [(event_id, theme, score) for theme, score in scores.items()],
        )
    return event_id
