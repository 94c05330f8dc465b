"""The admin door: the configured password (plain or argon2-hashed), and the lockout after wrong passwords.

Every attempt is a row of a small SQLite table beside the database (liangsaibi.duckdb.logins.sqlite3): time, client
address, outcome, name. The lockout is read from the same rows, so every session, every process behind nginx and a
restarted server share it. An attempt first claims its place (`begin immediate`: one process at a time counts the
client's failures and writes a row 核对中) and only then checks the password, so twenty attempts at once get at most
five checks. Refused attempts in a row are one row with a count: a flood neither grows the table nor pushes the
failures out of what the lockout reads; rows older than KEPT go.
"""

import datetime
import hmac
import logging
import os
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from liangsaibi.live import ledger
from liangsaibi.store import db

PASSWORD_VARIABLE = "LIANGSAIBI_ADMIN_PASSWORD"
PROXY_VARIABLE = "LIANGSAIBI_TRUSTED_PROXY"
LOCAL_NGINX = "127.0.0.1"  # deploy/'s nginx runs on the dashboard's own server
LOOPBACK = {"127.0.0.1", "::1"}  # the addresses st.context gives as None
MOST_FAILURES = 5
WINDOW = datetime.timedelta(minutes=10)  # 5 failures within it lock the client out for as long again
IDLE = datetime.timedelta(minutes=30)
KEPT = datetime.timedelta(days=90)  # attempts older than this are deleted
CHECKING, SUCCEEDED, FAILED, REFUSED = "核对中", "成功", "失败", "拒绝"
SCHEMA = """
create table if not exists attempt (
    id integer primary key,
    at text not null,          -- when (for refused attempts in a row: the last of them)
    client text not null,      -- the address nginx saw, 本机 on the server itself
    outcome text not null,     -- 核对中 (password being checked) / 成功 / 失败 / 拒绝
    name text not null,
    times integer not null default 1  -- refused attempts in a row are one row
);
create index if not exists attempt_of_client on attempt (client, id);
"""
_log = logging.getLogger("liangsaibi.login")
_connections: dict[tuple[str, int], tuple[int, sqlite3.Connection]] = {}
_connections_lock = threading.Lock()


def now() -> datetime.datetime:
    """The local time (a function, so that tests can move the clock)."""
    return datetime.datetime.now()


def configured_password(secrets) -> str | None:
    """The administrator password from Streamlit secrets (admin_password) or the environment: plain text or an argon2 hash."""
    try:
        from_secrets = secrets.get("admin_password")
    except Exception:  # no secrets.toml at all
        from_secrets = None
    return from_secrets or os.environ.get(PASSWORD_VARIABLE) or None


def password_matches(given: str, expected: str) -> bool:
    """Whether `given` is the password: checked against an argon2 hash ($argon2…), else compared in constant time."""
    if expected.startswith("$argon2"):
        try:
            return PasswordHasher().verify(expected, given)
        except (VerificationError, InvalidHashError):
            return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def log_file(path: Path | None = None) -> Path:
    """The attempts table's file beside the database: liangsaibi.duckdb.logins.sqlite3."""
    path = Path(path or db.database_path())
    return path.with_name(path.name + ".logins.sqlite3")


@contextmanager
def _claimed(path: Path | None):
    """A transaction on the attempts table holding SQLite's write lock, so that no other process counts meanwhile."""
    with _connections_lock:
        with ledger.committed(_connection(log_file(path))) as connection:
            yield connection


def _connection(file: Path) -> sqlite3.Connection:
    # Kept open per process and file: opening and closing one per attempt (the close checkpoints the log) cost
    # ~10 ms, which a flood multiplies. A file deleted or replaced (an operator clearing the lockout) is reopened.
    key = (str(file), os.getpid())  # a connection is never used across a fork
    kept = _connections.get(key)
    if kept is not None and file.exists() and file.stat().st_ino == kept[0]:
        return kept[1]
    connection = ledger.open_wal(file, 30)
    connection.execute("pragma synchronous = normal")
    connection.execute("pragma journal_size_limit = 65536")  # the -wal file shrinks back after each checkpoint
    connection.executescript(SCHEMA)
    _connections[key] = (file.stat().st_ino, connection)
    return connection


def locked_until(client: str, path: Path | None = None) -> datetime.datetime | None:
    """Until when the client may not try again, or None: after 5 wrong passwords within 10 minutes (since its last
    success), 10 minutes from the fifth."""
    with _claimed(path) as log:
        return _locked_until(log, client)


def _locked_until(log: sqlite3.Connection, client: str) -> datetime.datetime | None:
    # A password still being checked counts as wrong until it is known: that is what keeps 20 at once to 5.
    rows = log.execute(
        "select at from attempt where client = ? and outcome in (?, ?) and id > coalesce("
        "(select max(id) from attempt where client = ? and outcome = ?), 0) order by id desc limit ?",
        (client, CHECKING, FAILED, client, SUCCEEDED, MOST_FAILURES),
    ).fetchall()
    last = sorted(datetime.datetime.fromisoformat(at) for (at,) in rows)
    if len(last) == MOST_FAILURES and last[-1] - last[0] <= WINDOW and now() < last[-1] + WINDOW:
        return last[-1] + WINDOW
    return None


def refusal(until: datetime.datetime) -> str:
    """The sentence a locked-out client reads."""
    return (
        f"密码连续错误 {MOST_FAILURES} 次，已暂停登录 {WINDOW.seconds // 60} 分钟，请于 {until:%H:%M} 后再试"
        "（如非本人操作，请告知系统管理员）。"
    )


def attempt(client: str, name: str, given: str, expected: str, path: Path | None = None) -> str | None:
    """Try a login and log it; None when it succeeds, else the Chinese sentence to show."""
    name = " ".join(name.split())
    with _claimed(path) as log:
        until = _locked_until(log, client)
        if until is None:
            claim = _write(log, client, CHECKING, name)
        else:
            _write(log, client, REFUSED, name)
    if until is not None:
        _log.info("管理员登录 %s：%s %s", REFUSED, client, name)
        return refusal(until)
    matched = password_matches(given, expected)
    with _claimed(path) as log:
        log.execute("update attempt set outcome = ? where id = ?", (SUCCEEDED if matched else FAILED, claim))
        log.execute("delete from attempt where at < ?", ((now() - KEPT).isoformat(timespec="seconds"),))
        until = None if matched else _locked_until(log, client)
    _log.info("管理员登录 %s：%s %s", SUCCEEDED if matched else FAILED, client, name)
    if matched:
        return None
    return refusal(until) if until else "密码不对，请重试。"


def _write(log: sqlite3.Connection, client: str, outcome: str, name: str) -> int:
    at = now().isoformat(timespec="seconds")
    if outcome == REFUSED:
        last = log.execute(
            "select id, outcome from attempt where client = ? order by id desc limit 1", (client,)
        ).fetchone()
        if last and last[1] == REFUSED:
            log.execute("update attempt set times = times + 1, at = ?, name = ? where id = ?", (at, name, last[0]))
            return last[0]
    return log.execute(
        "insert into attempt (at, client, outcome, name) values (?, ?, ?, ?) returning id", (at, client, outcome, name)
    ).fetchone()[0]


def attempts(path: Path | None = None, last: int | None = None) -> list[tuple[str, str, str, str, int]]:
    """The logged attempts, oldest first (the last `last` of them): (time, client, outcome, name, times)."""
    if not log_file(path).exists():
        return []
    with _claimed(path) as log:
        rows = log.execute(
            "select at, client, outcome, name, times from attempt order by id desc limit ?", (last or -1,)
        ).fetchall()
    return rows[::-1]


def trusted_proxy() -> str:
    """The address of the proxy whose X-Real-IP header names the client: LIANGSAIBI_TRUSTED_PROXY, by default the
    local nginx of deploy/; empty when the dashboard is reached without a proxy."""
    return os.environ.get(PROXY_VARIABLE, LOCAL_NGINX).strip()


def client_address(context) -> str:
    """The client's address as the trusted proxy saw it (its X-Real-IP, which deploy/'s nginx sets from the
    connection, overwriting what a client sent), else the connection's own; 本机 for the server itself.

    Streamlit's server (uvicorn) already takes X-Forwarded-For from a loopback peer, which deploy/'s nginx also
    overwrites, so st.context's address is the one nginx saw; a header from any other peer is ignored."""
    peer = getattr(context, "ip_address", None)
    peer = peer if isinstance(peer, str) and peer else LOCAL_NGINX  # None for loopback; AppTest has none
    if _same_address(peer, trusted_proxy()):
        headers = getattr(context, "headers", None)
        real = headers.get("X-Real-Ip") if hasattr(headers, "get") else None
        if isinstance(real, str) and real.strip():
            peer = real.strip()
    return "本机" if _is_loopback(peer) else peer


def _same_address(one: str, other: str) -> bool:
    return bool(other) and (one == other or (_is_loopback(one) and _is_loopback(other)))


def _is_loopback(address: str) -> bool:
    return address in LOOPBACK


def session_expired(last_seen: datetime.datetime | None) -> bool:
    """Whether an admin session last active at `last_seen` has been idle for more than 30 minutes."""
    return last_seen is not None and now() - last_seen > IDLE
