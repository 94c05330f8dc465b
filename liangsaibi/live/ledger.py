"""The one module that opens the live store, a SQLite file of its own beside the main database.

SQLite and not DuckDB here: DuckDB lets no second process open a file one holds read-write (each submission had to
reopen it, ~170 ms, under one lock), while SQLite in WAL mode takes many small writes from several processes (the
command line, the N servers behind nginx) with readers never blocked, opens in well under a millisecond, and a
committed transaction survives SIGKILL. The main database stays DuckDB and changes only through the import path.

A connection is opened per transaction (cheap here) and closed after it; writes take the write lock at `begin
immediate` and wait for it up to BUSY_SECONDS. Timestamps are local time with milliseconds (NOW), read back as
datetimes; booleans are 0/1, read back as bool.
"""

import contextlib
import functools
import sqlite3
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from liangsaibi.store import db

SCHEMA = Path(__file__).with_name("schema.sql")
QUERIES = Path(__file__).with_name("queries")
# The 党务知识测试 keeps its tables in this store too, created and read through here (liangsaibi/quiz/).
QUIZ = Path(__file__).parent.parent / "quiz"
BUSY_SECONDS = 30  # how long a write waits for another's lock before it fails (a transaction takes milliseconds)
NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now', 'localtime')"  # as in schema.sql's defaults
# Read back as datetimes.
TIMES = {
    "created_at",
    "closed_at",
    "happened_at",
    "issued_at",
    "revoked_at",
    "opened_at",
    "submitted_at",
    "answered_at",
}
FLAGS = {"revealed", "link_active", "explain"}  # read back as bool
# Writes of one process queue here and wake at once; SQLite's own wait (busy_timeout, between processes) polls with
# sleeps of up to 100 ms, which 30 raters submitting together turned into seconds.
_writers = threading.Lock()
# Idle connections are kept per file (and inode, so a replaced file is not read through an old one): opening and
# closing one per transaction took ~12 ms (the last close checkpoints the log), reusing one ~2.5 ms (RESULTS.md).
KEPT = 4
_idle: dict[str, list[tuple[int, sqlite3.Connection]]] = {}
_idle_lock = threading.Lock()

UNAVAILABLE = (OSError, sqlite3.Error)  # what a missing or damaged live store raises

# Ids and flags read from DataFrames come as numpy scalars, which sqlite3 does not bind by itself.
sqlite3.register_adapter(np.int64, int)
sqlite3.register_adapter(np.bool_, int)


def live_path(main: Path | None = None) -> Path:
    """The live store of a main database: <main>.live.sqlite3 next to it."""
    main = Path(main or db.database_path())
    return main.with_name(main.name + ".live.sqlite3")


def open_wal(path: Path, timeout: float) -> sqlite3.Connection:
    """A connection to a SQLite file in WAL mode, without implicit transactions (each `begin` says where one
    starts). Switching a new file to WAL takes its lock without SQLite's busy wait: processes opening the same new
    file at once (a meeting's first logins) would get "database is locked", so the switch is retried until `timeout`."""
    connection = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
    deadline = time.monotonic() + timeout
    while True:
        try:
            connection.execute("pragma journal_mode = wal")  # kept in the file; a no-op once it is so
            return connection
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                connection.close()
                raise
            time.sleep(0.05)


def _connect(path: Path) -> sqlite3.Connection:
    connection = open_wal(path, BUSY_SECONDS)
    # FULL: a submission the form has confirmed is fsynced, so it survives a power cut of the meeting-room server,
    # not only a killed process (NORMAL would); one fsync per submission costs milliseconds at tens per second.
    connection.execute("pragma synchronous = full")
    connection.execute("pragma foreign_keys = on")
    for schema in (SCHEMA, QUIZ / "schema.sql"):  # `create … if not exists`: a new file gets its tables
        connection.executescript(schema.read_text(encoding="utf-8"))
    _add_new_columns(connection)
    return connection


# Columns added to schema.sql after live stores were written: a store from before gets them (empty) when opened.
ADDED_COLUMNS = {"live_session": ("closing_at text", "close_checksum text", "screen_hash text")}


def _add_new_columns(connection: sqlite3.Connection) -> None:
    for table, columns in ADDED_COLUMNS.items():
        present = {row[1] for row in connection.execute(f"pragma table_info({table})")}
        for column in columns:
            if column.split()[0] not in present:
                try:
                    connection.execute(f"alter table {table} add column {column}")
                except sqlite3.OperationalError as error:  # another process added it a moment ago
                    if "duplicate column" not in str(error):
                        raise


def _checkout(path: Path) -> sqlite3.Connection:
    """An idle connection to the file as it is now, or a new one."""
    inode = path.stat().st_ino if path.exists() else None
    with _idle_lock:
        kept = _idle.get(str(path), [])
        while kept:
            opened_on, connection = kept.pop()
            if opened_on == inode:
                return connection
            connection.close()
    return _connect(path)


def _checkin(path: Path, connection: sqlite3.Connection) -> None:
    with _idle_lock:
        kept = _idle.setdefault(str(path), [])
        if len(kept) < KEPT and path.exists():
            kept.append((path.stat().st_ino, connection))
            return
    connection.close()


def release(main: Path | None = None) -> None:
    """Close this process's idle connections to the live store (before its file is replaced or removed)."""
    with _idle_lock:
        kept = _idle.pop(str(live_path(main)), [])
    for _, connection in kept:
        connection.close()


@contextmanager
def committed(connection: sqlite3.Connection, begin: str = "begin immediate"):
    """One transaction on a SQLite connection opened with isolation_level=None: committed when the block ends,
    rolled back on any error. `begin immediate` takes the file's write lock at once (the live store, the logins)."""
    connection.execute(begin)
    try:
        yield connection
        connection.execute("commit")
    except BaseException:
        connection.execute("rollback")
        raise


@contextmanager
def transaction(main: Path | None = None, write: bool = True):
    """A connection inside one transaction, committed on success and rolled back on any error. A write takes the
    store's one write lock at once; a read (write=False) sees one consistent state and blocks nobody."""
    path = live_path(main)
    with _writers if write else contextlib.nullcontext():
        connection = _checkout(path)
        try:
            with committed(connection, "begin immediate" if write else "begin"):
                yield connection
        except sqlite3.Error:
            connection.close()  # not kept: it may be what failed
            raise
        except BaseException:  # refused input: rolled back, the connection is fine
            _checkin(path, connection)
            raise
        _checkin(path, connection)


@functools.cache  # read once: every answer and submission runs one
def query_text(name: str) -> str:
    """The SQL of live/queries/<name>.sql, or of quiz/queries/<name>.sql for a name beginning quiz_."""
    folder = QUIZ / "queries" if name.startswith("quiz_") else QUERIES
    return (folder / f"{name}.sql").read_text(encoding="utf-8")


def frame(connection: sqlite3.Connection, sql: str, params=()) -> pd.DataFrame:
    """The rows of a statement as a DataFrame, timestamps as datetimes and flags as bool."""
    cursor = connection.execute(sql, params)
    table = pd.DataFrame(cursor.fetchall(), columns=[column[0] for column in cursor.description])
    for column in table.columns:
        if column in TIMES:
            table[column] = pd.to_datetime(table[column], format="%Y-%m-%d %H:%M:%S.%f")
        elif column in FLAGS:
            table[column] = table[column].astype(bool)
    return table


def records(connection: sqlite3.Connection, name: str, **params) -> list[dict]:
    """live/queries/<name>.sql's rows as dicts, as stored (no pandas: for the submission path, which runs under the
    write lock)."""
    cursor = connection.execute(query_text(name), params)
    columns = [column[0] for column in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def named(connection: sqlite3.Connection, name: str, **params) -> pd.DataFrame:
    """live/queries/<name>.sql run on an open transaction with its `$parameters` bound."""
    return frame(connection, query_text(name), params)


def run(name: str, main: Path | None = None, **params) -> pd.DataFrame:
    """Run live/queries/<name>.sql on the live store with its `$parameters` bound."""
    return run_together([name], main, **params)[name]


def run_together(names: list[str], main: Path | None = None, **params) -> dict[str, pd.DataFrame]:
    """Several live queries in one read transaction (one consistent state)."""
    with transaction(main, write=False) as connection:
        return {name: named(connection, name, **params) for name in names}


FAULTS = {
    "event_session": "条提交记录所属的评分场次不存在",
    "event_rater": "条提交记录的评分人不在其场次中",
    "event_unit": "条提交记录的村(社区)不在其场次中",
    "score_event": "个得分没有所属的提交记录",
    "token_rater": "个评分链接的评分人不在其场次中",
    "participant_test": "名参测人员所属的测试不存在",
    "paper_participant": "道试卷题目的参测人员不在其测试中",
    "paper_question": "道试卷题目不在其测试的题目中",
    "answer_participant": "条答题记录的参测人员不在其测试中",
    "token_participant": "个测试链接的参测人员不在其测试中",
}


def copy_to(destination: Path, main: Path | None = None) -> bool:
    """A consistent copy of the live store as one file at `destination` (SQLite's online backup: servers may go on
    writing); False when the database has no live store yet."""
    path = live_path(main)
    if not path.exists():
        return False
    source = _checkout(path)
    try:
        with contextlib.closing(sqlite3.connect(destination, isolation_level=None)) as copy:
            source.backup(copy)
            copy.execute("pragma journal_mode = delete")  # the copy is one file, no -wal beside it
    finally:
        _checkin(path, source)
    return True


def problems_of(file: Path) -> list[str]:
    """What is wrong with a live store file, each one Chinese sentence: it must open, pass SQLite's integrity check,
    and every event's session, rater and unit must exist (and every score's event; every quiz row's test and
    participant); empty when it is whole."""
    try:
        with _read_only(file) as connection:
            found = [row[0] for row in connection.execute("pragma integrity_check")]
            if found != ["ok"]:
                return [f"现场评分库 {file} 已损坏（{found[0][:100]}）。"]
            faults = [
                row for name in _parts(connection, "health_events", "quiz_health") for row in connection.execute(name)
            ]
    except sqlite3.Error as error:
        return [f"现场评分库 {file} 无法读取，可能已损坏或不是本看板的现场评分库（{str(error)[:100]}）。"]
    return [f"现场评分库中有 {rows} {FAULTS[fault]}。" for fault, rows in faults if rows]


def _read_only(file: Path) -> contextlib.closing:
    return contextlib.closing(sqlite3.connect(f"{Path(file).resolve().as_uri()}?mode=ro", uri=True))


def _parts(connection: sqlite3.Connection, live: str, quiz: str) -> list[str]:
    """The SQL of the 现场评分 query and of the quiz's, the latter only when the store has the quiz's tables (a store
    from before the knowledge test, restored from an old backup, has not)."""
    has_quiz = connection.execute("select 1 from sqlite_master where name = 'quiz_test'").fetchone()
    return [query_text(live)] + ([query_text(quiz)] if has_quiz else [])


def restore_from(copy: Path, main: Path | None = None) -> None:
    """Make the live store what `copy` holds, in place (SQLite's backup into the open file), so that running servers'
    connections read the restored store; a file renamed over it would leave them on the old one."""
    path = live_path(main)
    with _writers, _read_only(copy) as source:
        target = _checkout(path)
        try:
            source.backup(target)
        finally:
            _checkin(path, target)


def timestamp(text: str | None) -> pd.Timestamp | None:
    """A time as stored (NOW) read as a datetime."""
    return None if text is None else pd.to_datetime(text, format="%Y-%m-%d %H:%M:%S.%f")


def closed_sessions(file: Path) -> list[tuple[str, int, str, int]]:
    """(评分场次 or 测试, its id, name, import_id) of every closed 现场评分 session and 党务知识测试 of a live store
    file, read only (for `check`)."""
    with _read_only(file) as connection:
        return [row for sql in _parts(connection, "closed_sessions", "quiz_closed") for row in connection.execute(sql)]
