"""评分场次: creating a session, its raters' links (tokens kept only as hashes), reissuing and revoking them."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from liangsaibi.live import ledger, scoring
from liangsaibi.store import db
from liangsaibi.store.names import clean_name, refused_in_name, shown
from liangsaibi.store.quarters import parse_quarter, quarter_text

GROUPS = ("观摩团", "街道党工委", "党员群众代表")
STEP = 0.5  # the rubric has no step of its own yet: half points, as the score sheets are filled in


class LiveRefused(Exception):
    """A session that cannot be created or changed as asked; the message says why in Chinese."""


@dataclass(frozen=True)
class Access:
    """What a valid, open rater link admits to: one rater of one session."""

    session_id: int
    rater_id: int
    rater: str


def default_name(quarter: str, street: str | None) -> str:
    """2021年第四季度 建设路街道“亮赛比”专场比学交流会, as the department names the meeting."""
    return (
        f"{quarter_text(quarter)} {street}“亮赛比”专场比学交流会"
        if street
        else f"{quarter_text(quarter)}“亮赛比”专场比学交流会"
    )


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    """An unguessable link token: 24 random bytes (192 bits), URL-safe."""
    return secrets.token_urlsafe(24)


def create(
    quarter: str,
    units: list[tuple[str, str]],
    themes: list[str],
    raters: list[tuple[str, str]],
    name: str | None = None,
    main: Path | None = None,
) -> tuple[int, dict[str, str]]:
    """A new open session; returns its id and each rater's token (shown once, kept only as a hash)."""
    quarter = _checked_quarter(quarter)
    units, rubric, raters = _checked_units(units, main), _checked_themes(quarter, themes, main), _checked_raters(raters)
    street = units[0][0] if len({s for s, _ in units}) == 1 else None
    tokens = {}
    with ledger.transaction(main) as connection:
        session_id = connection.execute("select coalesce(max(session_id), 0) + 1 from live_session").fetchone()[0]
        connection.execute(
            "insert into live_session (session_id, name, quarter, scoring) values (?, ?, ?, ?)",
            [
                session_id,
                (name or "").strip() or default_name(quarter, street),
                quarter,
                scoring.method_of_quarter(quarter, main),
            ],
        )
        connection.executemany(
            "insert into live_unit (session_id, position, street, unit) values (?, ?, ?, ?)",
            [(session_id, i, s, u) for i, (s, u) in enumerate(units, 1)],
        )
        connection.executemany(
            "insert into live_theme values (?, ?, ?, ?, ?, ?, ?)",
            [
                (session_id, i, r.theme, r.weight, r.max_score, STEP, r.description or "")
                for i, r in enumerate(rubric.itertuples(), 1)
            ],
        )
        for rater_id, (rater, group) in enumerate(raters, 1):
            connection.execute("insert into live_rater values (?, ?, ?, ?)", [session_id, rater_id, rater, group])
            tokens[rater] = issue_link(connection, "live_token", session_id=session_id, rater_id=rater_id)
    return session_id, tokens


def _checked_quarter(text: str) -> str:
    quarter = parse_quarter(text)
    if quarter is None:
        raise LiveRefused(f"无法识别季度「{text}」，请写成 2021Q4。")
    return quarter


def _checked_units(units: list[tuple[str, str]], main) -> list[tuple[str, str]]:
    known = set(db.run("registered_units", path=main)[["street", "unit"]].itertuples(index=False, name=None))
    if not units:
        raise LiveRefused("请至少选择一个要评分的村(社区)。")
    if unknown := [f"{s}{u}" for s, u in units if (s, u) not in known]:
        raise LiveRefused(f"{'、'.join(unknown)}不在村(社区)名单中，请先导入名单或更正名称。")
    if len(set(units)) < len(units):
        raise LiveRefused("同一村(社区)在评分顺序中出现了两次，请只保留一次。")
    return list(units)


def _checked_themes(quarter: str, themes: list[str], main) -> pd.DataFrame:
    rubric = db.run("rubric_of_year", path=main, year=int(quarter[:4])).set_index("theme", drop=False)
    if not themes:
        raise LiveRefused("请至少选择一个现场评分的指标。")
    if unknown := [theme for theme in themes if theme not in rubric.index]:
        listed = "、".join(rubric.index) or "（该年还没有评分细则）"
        raise LiveRefused(f"指标「{'、'.join(unknown)}」不在 {quarter[:4]} 年的评分细则中；该年的指标为：{listed}。")
    return rubric.loc[list(dict.fromkeys(themes))]


def _checked_raters(raters: list[tuple[str, str]]) -> list[tuple[str, str]]:
    # Cleaned as the close's import will clean them (docs/数据约束.md): names differing only in spaces or
    # invisible characters are one rater, and a direction mark is refused now rather than at the close.
    raters = [(clean_name(name), (group or "").strip()) for name, group in raters if name and clean_name(name)]
    if not raters:
        raise LiveRefused("请至少填写一位评分人。")
    if hidden := [name for name, _ in raters if refused_in_name(name)]:
        raise LiveRefused(f"评分人「{shown(hidden[0])}」含有看不见的控制字符或格式字符，请删去后再建场次。")
    names = [name for name, _ in raters]
    if twice := sorted({name for name in names if names.count(name) > 1}):
        raise LiveRefused(f"评分人「{'、'.join(twice)}」重名，请加以区分（如 张三（观摩团））。")
    if wrong := [group for _, group in raters if group and group not in GROUPS]:
        raise LiveRefused(f"分组「{wrong[0]}」不可用；可选：{'、'.join(GROUPS)}，或留空。")
    return raters


def raters_from_lines(text: str) -> list[tuple[str, str]]:
    """Raters typed or pasted one a line, a group after the name if any: 张三 观摩团 → (张三, 观摩团)."""
    raters = []
    for line in (text or "").splitlines():
        name, _, group = line.strip().replace("\t", " ").replace("　", " ").partition(" ")
        if name:
            raters.append((name, group.strip()))
    return raters


# What a phone shows instead of the form, one sentence each (docs/现场评分.md).
INVALID_LINK = "此评分链接无效，请核对链接是否完整（可重新扫描二维码），或联系会务工作人员。"
REVOKED_LINK = "此评分链接已停用，如需评分请向会务工作人员领取新链接。"
ENDED = "评分已结束，此链接不能再提交。感谢您的评分！"
LONGEST_TOKEN = 200


def link_row(token, access: str, main: Path | None = None, connection=None, **params) -> list | None:
    """The row the query `access` finds for a personal link (a rater's, a participant's), or None for a link that
    was never issued: checked by its hash in constant time, inside `connection`'s transaction when given; the
    query's other parameters in `params`."""
    if not isinstance(token, str) or not 0 < len(token) <= LONGEST_TOKEN:
        return None
    digest = token_hash(token)
    if connection is None:
        with ledger.transaction(main, write=False) as reading:
            found = ledger.records(reading, access, token_hash=digest, **params)
    else:
        found = ledger.records(connection, access, token_hash=digest, **params)
    return found if found and hmac.compare_digest(found[0]["token_hash"], digest) else None


def admit(token: str | None, main: Path | None = None, connection=None) -> Access:
    """The rater a link admits while its session is open, or LiveRefused saying in one sentence why not: a link
    that was never issued (a typo), one revoked, or a session whose close has begun. Inside a write transaction
    pass its `connection`, so that the answer holds until it commits."""
    found = link_row(token, "token_access", main, connection)
    if found is None:
        raise LiveRefused(INVALID_LINK)
    if found[0]["ended"]:
        raise LiveRefused(ENDED)
    if found[0]["revoked"]:
        raise LiveRefused(REVOKED_LINK)
    return Access(int(found[0]["session_id"]), int(found[0]["rater_id"]), found[0]["rater"])


def admitted(token: str | None, main: Path | None = None) -> Access | None:
    """The rater a link admits while its session is open; None for an unknown, revoked or closed link."""
    try:
        return admit(token, main)
    except LiveRefused:
        return None


def reissue(session_id: int, rater_id: int, main: Path | None = None) -> str:
    """Revoke the rater's link and give a new one (their scores stay)."""
    with ledger.transaction(main) as connection:
        _refuse_if_closed(connection, session_id)
        revoke_links(connection, "live_token", session_id=session_id, rater_id=rater_id)
        token = issue_link(connection, "live_token", session_id=session_id, rater_id=rater_id)
    return token


def revoke(session_id: int, rater_id: int, main: Path | None = None) -> None:
    """Stop the rater's link from working (a lost phone); their scores so far stay."""
    with ledger.transaction(main) as connection:
        revoke_links(connection, "live_token", session_id=session_id, rater_id=rater_id)


def issue_link(connection, table: str, **owner: int) -> str:
    """A new link for one person: its hash goes into the token table (live_token, quiz_token) under `owner`, their
    session or test and their own id, inside `connection`'s transaction; returns the token, shown once."""
    token = new_token()
    connection.execute(
        f"insert into {table} (token_hash, {', '.join(owner)}) values (?{', ?' * len(owner)})",
        [token_hash(token), *owner.values()],
    )
    return token


def revoke_links(connection, table: str, **owner: int) -> None:
    """Stop one person's links in the token table from working, inside `connection`'s transaction."""
    where = " and ".join(f"{column} = ?" for column in owner)
    connection.execute(
        f"update {table} set revoked_at = {ledger.NOW} where {where} and revoked_at is null", list(owner.values())
    )


def _refuse_if_closed(connection, session_id: int) -> None:
    found = connection.execute(
        "select coalesce(closing_at, closed_at) from live_session where session_id = ?", [session_id]
    ).fetchall()
    if not found:
        raise LiveRefused(f"没有第 {session_id} 号评分场次。")
    if found[0][0] is not None:
        raise LiveRefused(
            f"第 {session_id} 号评分场次已于 {ledger.timestamp(found[0][0]):%Y-%m-%d %H:%M} 结束，不能再更改。"
        )


def reopen_undone(main: Path | None = None) -> None:
    """Reopen every session whose close's import has been undone, or is not in the database at all (a backup restored
    from before it): the raters' links work again (docs/现场评分.md). Run after every undo and restore, and before a
    close (an undo killed before it got here is caught up then)."""
    reopen_closed_into_undone("sessions", "live_session", main)


def reopen_closed_into_undone(listing: str, table: str, main: Path | None = None) -> None:
    """Reopen every row of `table` (live_session, quiz_test; listed by the query `listing`) closed into an import
    that is undone or missing."""
    if not ledger.live_path(main).exists():
        return
    closed = ledger.run(listing, main).dropna(subset=["import_id"])
    if closed.empty:
        return
    if undone := undone_among(closed.import_id, main):
        with ledger.transaction(main) as connection:
            connection.executemany(
                f"update {table} set closed_at = null, closing_at = null, close_checksum = null, import_id = null "
                "where import_id = ?",
                [(i,) for i in undone],
            )


def undone_among(import_ids, main: Path | None = None) -> list[int]:
    """Those of the imports (a live or quiz close's) that no longer stand: undone, or not in the history at all."""
    history = db.run("import_history", path=main)
    standing = set(history.loc[history["撤销时间"].isna(), "编号"])
    return [int(i) for i in set(import_ids) if i not in standing]  # or not there: a backup from before it


def link(base_url: str, token: str) -> str:
    """A rater's personal link."""
    return f"{base_url.rstrip('/')}/score?token={token}"


def issue_screen_link(session_id: int, main: Path | None = None) -> str:
    """A new token for the session's meeting screen (the one before stops working); kept only as a hash."""
    token = new_token()
    with ledger.transaction(main) as connection:
        connection.execute(
            "update live_session set screen_hash = ? where session_id = ?", [token_hash(token), session_id]
        )
    return token


def screen_admits(session_id: int | None, token: str | None, main: Path | None = None) -> bool:
    """Whether a screen link's token is the one issued for the session (the screen shows unimported scores)."""
    if session_id is None or not isinstance(token, str) or not 0 < len(token) <= LONGEST_TOKEN:
        return False
    found = ledger.run("session", main, session_id=session_id)
    stored = found.screen_hash.iloc[0] if len(found) else None
    return isinstance(stored, str) and hmac.compare_digest(stored, token_hash(token))


def screen_link(base_url: str, session_id: int, token: str) -> str:
    """The meeting screen's link of a session."""
    return f"{base_url.rstrip('/')}/present?live={session_id}&screen={token}"
