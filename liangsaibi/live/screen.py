"""现场评分 on the meeting screen (/present?live=<session>): 已评 n / m large for the unit being scored, then
each theme's result under the 计分方式 (dropped highest and lowest struck through), the unit's total and the
running ranking of the session's units. Built as plain HTML: every name is escaped."""

import functools
import re
from html import escape
from pathlib import Path

import pandas as pd

from liangsaibi.live import closing, results, scoring, sessions

EVERY = 0.5  # seconds between readings: a submission shows within half a second (benchmarks.live: p95 498 ms)


@functools.cache
def style() -> str:
    return f'<style>{Path(__file__).with_name("screen.css").read_text(encoding="utf-8")}</style>'


def session_id(text) -> int | None:
    """The ?live= value as a session id, or None when it is not one (any text: ², a 20-digit number …)."""
    text = str(text or "").strip()
    return int(text) if re.fullmatch("[0-9]{1,9}", text) else None


def head(current: results.State, position: int) -> str:
    """The session's name small, the unit the room is on large."""
    unit = current.units.set_index("position").loc[position]
    method = scoring.NAMES[current.session.scoring]
    return (
        f'<div class="present-head"><p class="present-subtitle">{escape(current.session["name"])} · 计分方式：{method}</p>'
        f'<h1 class="live-unit"><small>第 {position} / {len(current.units)} 个</small>{escape(unit.unit)}</h1></div>'
    )


WAITING_NAMED = 12  # raters named as still scoring; beyond this the screen says how many more


def count(current: results.State, position: int) -> str:
    """已评 x / y, and who is still scoring."""
    waiting = current.waiting_for(position)
    named = "、".join(escape(rater) for rater in waiting[:WAITING_NAMED])
    more = f" 等 {len(waiting)} 位" if len(waiting) > WAITING_NAMED else ""
    label = f'<div class="live-count-label">尚未提交：{named}{more}</div>' if waiting else ""  # x / x says it all
    return f'<div class="live-count">已评 {current.submitted(position)} / {len(current.raters)}</div>{label}'


def _score_cell(row) -> str:
    shown = f"{row['得分']:g}"
    if row["去掉"]:
        return f'<td class="number"><span class="live-dropped">{shown}<small>{row["去掉"]}</small></span></td>'
    return f'<td class="number">{shown}</td>'


ACROSS = 9  # raters that fit across the slide, one column each; with more, each theme shows its extremes


def theme_table(rows: pd.DataFrame) -> str:
    """Themes down, then the result: each rater's score across (dropped ones struck through and named), or, with
    more raters than fit, the highest and lowest score and how many gave them."""
    records = rows.to_dict("records")
    raters = list(dict.fromkeys(row["评分人"] for row in records))
    wide = len(raters) <= ACROSS
    head = (
        "".join(f'<th class="number">{escape(str(r))}</th>' for r in raters)
        if wide
        else '<th class="number">最高分</th><th class="number">最低分</th>'
    )
    body = []
    for theme in dict.fromkeys(row["指标"] for row in records):
        given = [row for row in records if row["指标"] == theme]
        by_rater = {row["评分人"]: row for row in given}
        cells = (
            "".join(_score_cell(by_rater[r]) if r in by_rater else "<td></td>" for r in raters)
            if wide
            else _extreme_cell(given, max, "最高") + _extreme_cell(given, min, "最低")
        )
        body.append(
            f"<tr><td>{escape(theme)}（满分 {given[0]['满分']:g}）</td>{cells}"
            f'<td class="number"><b>{results.round2(given[0]["结果"]):.2f}</b></td></tr>'
        )
    return (
        f'<table class="present-table roomy" style="--rows: {len(body)}"><thead><tr><th>指标</th>{head}'
        f'<th class="number">结果</th></tr></thead><tbody>{"".join(body)}</tbody></table>'
    )


def _extreme_cell(given: list[dict], pick, mark: str) -> str:
    """The highest (or lowest) score of a theme, with how many raters gave it; struck through when one is dropped."""
    score = pick(row["得分"] for row in given)
    many = sum(row["得分"] == score for row in given)
    shown = f"{score:g}" + (f"<small>（{many} 人）</small>" if many > 1 else "")
    if any(row["去掉"] == mark for row in given):
        return f'<td class="number"><span class="live-dropped">{shown}<small>去掉一个</small></span></td>'
    return f'<td class="number">{shown}</td>'


RANKED_ROWS = 5  # rows of the running ranking that fit under the unit's name and results at 1920×1080


def ranking_table(ranking: pd.DataFrame, position: int) -> str:
    """The running ranking, its first rows and always the unit the room is on (marked); a row says how many more."""
    shown, top = ranking.head(RANKED_ROWS), f"前 {RANKED_ROWS} 名"
    if len(ranking) > RANKED_ROWS and position not in set(shown["顺序"]):
        shown = pd.concat([ranking.head(RANKED_ROWS - 1), ranking[ranking["顺序"] == position]])
        top = f"前 {RANKED_ROWS - 1} 名及当前村(社区)"
    mark = {True: ' class="warn"', False: ""}
    body = "".join(
        f'<tr{mark[row["顺序"] == position]}><td class="number">{row["名次"]}</td>'
        f'<td>{escape(row["村(社区)"])}</td><td class="number">{row["总分"]:.2f}</td></tr>'
        for row in shown.to_dict("records")
    )
    more = f'<p class="live-small">本场已出结果 {len(ranking)} 个，上表列出{top}。</p>'
    return (
        f'<table class="present-table" style="--rows: {len(shown)}"><thead><tr><th class="number">名次</th>'
        f'<th>村(社区)</th><th class="number">总分</th></tr></thead><tbody>{body}</tbody></table>'
        + (more if len(ranking) > len(shown) else "")
    )


def method_note(current: results.State, rows: pd.DataFrame) -> str:
    if current.session.scoring != "trimmed":
        return "各指标结果为全部评分人得分的平均。"
    if rows["去掉最高最低"].all():
        return "各指标去掉一个最高分和一个最低分（划线）后取平均。"
    return f"评分人少于 {scoring.MINIMUM_RATERS} 人的指标不去掉最高最低，按平均分计算。"


def results_part(current: results.State, position: int) -> str:
    rows = results.theme_results(current, position)
    total = results.unit_totals(current, [position])[position]
    left = (
        f"<section><h3>各指标得分</h3>{theme_table(rows)}"
        f'<p class="live-total">总分 {results.round2(total):.2f}</p>'
        f'<p class="live-small">{escape(method_note(current, rows))}总分按现场评分指标的权重折算为百分制。</p></section>'
    )
    right = f"<section><h3>本场排名</h3>{ranking_table(results.ranking(current), position)}</section>"
    return f'<div class="live-grid">{left}{right}</div>'


NO_OPEN_SESSION = "现在没有进行中的现场评分场次。场次在“数据管理 › 现场评分”中建立。"
LOCKED = "现场评分的大屏含尚未导入的得分：请先在本浏览器登录“数据管理”，或打开建立场次时给出的大屏链接。"


def locked() -> str:
    return f'<div class="present-message">{LOCKED}</div>'


def exists(asked) -> bool:
    """Whether ?live= names a session that exists (any other value gets its sentence without a login)."""
    chosen = session_id(asked)
    return chosen is not None and results.state(chosen) is not None


def screen_link_admits(asked, token, main: Path | None = None) -> bool:
    """Whether ?screen= is the screen link of session ?live=."""
    return sessions.screen_admits(session_id(asked), token, main)


def step(asked, by: int) -> None:
    """The host's key on the meeting screen: the room moves to the previous or next unit."""
    if (chosen := session_id(asked)) is not None:
        closing.step(chosen, by)


def screen(asked: str | None, quarter: str | None = None, main: Path | None = None, token=None, admin=False) -> str:
    """The live slide of session ?live=<asked>, or without one of the newest open session of `quarter` (else of
    any quarter), or a sentence saying there is none. It shows scores not yet imported: only to the administrator
    (`admin`) or with the session's screen link (`token`, ?screen=); anyone else is told so."""
    if asked is not None:
        chosen = session_id(asked)
    elif (chosen := results.open_session(quarter, main)) is None:
        return f'<div class="present-message">{NO_OPEN_SESSION}</div>'
    current = results.state(chosen, main) if chosen is not None else None
    if current is not None and not admin and not sessions.screen_admits(chosen, token, main):
        return locked()
    return slide(current)


def slide(current: results.State | None) -> str:
    """The whole live slide for the session as it stands now."""
    if current is None:
        return '<div class="present-message">没有这个评分场次。请检查链接中的 live= 编号。</div>'
    position = current.shown()
    unit = current.units.set_index("position").loc[position]
    out = current.done(position) or bool(unit.revealed)
    if out and current.submitted(position):
        return style() + head(current, position) + count(current, position) + results_part(current, position)
    standing = results.ranking(current)
    after = (
        f'<div class="live-waiting"><h3>本场排名</h3>{ranking_table(standing, position)}</div>' if len(standing) else ""
    )
    return style() + head(current, position) + count(current, position) + after
