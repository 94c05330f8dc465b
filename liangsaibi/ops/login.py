"""The admin door: the configured password (plain or argon2-hashed), and the lockout after wrong passwords.

Every attempt is a line in a log file beside the database (time, client address, outcome, name). The
lockout is read from the same lines, so the file is both the record an operator reads and the state that
every session, every process behind nginx and a restarted server share; an fcntl lock keeps the lines whole.
A file rather than the Python logger: the logger's lines go wherever a process's output goes (a terminal,
journald), differ per process and cannot be read back to count a client's failures.
"""

import datetime
import fcntl
import hmac
import logging
import os
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .. import db

PASSWORD_VARIABLE = "LIANGSAIBI_ADMIN_PASSWORD"
MOST_FAILURES = 5
WINDOW = datetime.timedelta(minutes=10)  # 5 failures within it lock the client out for as long again
IDLE = datetime.timedelta(minutes=30)
HASH_COMMAND = 'python -c "import getpass, argon2; print(argon2.PasswordHasher().hash(getpass.getpass(\'新密码：\')))"'
_log = logging.getLogger("liangsaibi.login")


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
    """The attempts log beside the database: liangsaibi.duckdb.logins.log."""
    path = Path(path or db.database_path())
    return path.with_name(path.name + ".logins.log")


def locked_until(client: str, path: Path | None = None) -> datetime.datetime | None:
    """Until when the client may not try again, or None: after 5 wrong passwords within 10 minutes (since its last
    success), 10 minutes from the fifth."""
    failures = []
    for when, address, outcome in _attempts(path):
        if address == client and outcome == "成功":
            failures = []
        elif address == client and outcome == "失败":
            failures.append(when)
    last = failures[-MOST_FAILURES:]
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
    until = locked_until(client, path)
    if until is not None:
        _record(client, "拒绝", name, path)
        return refusal(until)
    if not password_matches(given, expected):
        _record(client, "失败", name, path)
        until = locked_until(client, path)
        return refusal(until) if until else "密码不对，请重试。"
    _record(client, "成功", name, path)
    return None


def _record(client: str, outcome: str, name: str, path: Path | None) -> None:
    line = "\t".join([now().isoformat(timespec="seconds"), client, outcome, " ".join(name.split())]) + "\n"
    with open(log_file(path), "a", encoding="utf-8") as stream:
        fcntl.flock(stream, fcntl.LOCK_EX)
        stream.write(line)
    _log.info("管理员登录 %s：%s %s", outcome, client, name)


def _attempts(path: Path | None, tail: int = 1 << 18):
    # The last 256 KB hold thousands of attempts, far more than ten minutes of any client's.
    try:
        with open(log_file(path), "rb") as stream:
            fcntl.flock(stream, fcntl.LOCK_SH)
            skipped = max(0, os.fstat(stream.fileno()).st_size - tail)
            stream.seek(skipped)
            lines = stream.read().decode("utf-8", "replace").splitlines()
    except FileNotFoundError:
        return
    for line in lines[1:] if skipped else lines:  # a line cut by the seek is left out
        fields = line.split("\t")
        try:
            yield datetime.datetime.fromisoformat(fields[0]), fields[1], fields[2]
        except (ValueError, IndexError):
            continue


def client_address(context) -> str:
    """The client's address: st.context's peer, or behind our nginx (a loopback peer) the X-Real-IP it sets;
    本机 for a browser on the server itself (Streamlit gives no address for localhost)."""
    peer = getattr(context, "ip_address", None)
    peer = peer if isinstance(peer, str) else ""  # None on localhost; AppTest has none
    if peer in ("", "127.0.0.1", "::1"):
        headers = getattr(context, "headers", None)
        headers = headers if hasattr(headers, "get") else {}
        forwarded = headers.get("X-Real-Ip") or (headers.get("X-Forwarded-For") or "").split(",")[-1].strip()
        if isinstance(forwarded, str) and forwarded:
            return forwarded
    return peer or "本机"


def session_expired(last_seen: datetime.datetime | None) -> bool:
    """Whether an admin session last active at `last_seen` has been idle for more than 30 minutes."""
    return last_seen is not None and now() - last_seen > IDLE
