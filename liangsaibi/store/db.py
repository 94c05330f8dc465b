"""The one module that opens DuckDB: it finds the database, builds it, and runs the named queries."""

import contextvars
import fcntl
import functools
import hashlib
import os
import re
import shutil
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from liangsaibi.ops import invariants

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ROOT / "queries"
SCHEMA = Path(__file__).with_name("schema.sql")
DEFAULT_DATABASE = ROOT / "data" / "liangsaibi.duckdb"

# What reading a database file that is missing, unreadable or damaged raises (the dashboard says so in one sentence).
UNAVAILABLE = (OSError, duckdb.Error)

DatabaseError = duckdb.Error  # for callers that report a failed database operation (the command line)
_readers_lock = threading.Lock()
SWAP_PATIENCE = 10  # seconds a run waits for the runs still reading an old version before it reads that one too
_readers: dict[str, "_Reader"] = {}


def database_path() -> Path:
    """The database file: `$LIANGSAIBI_DB` when set, else data/liangsaibi.duckdb."""
    return Path(os.environ.get("LIANGSAIBI_DB") or DEFAULT_DATABASE)


def database_version(path: Path | None = None) -> int:
    """A number that changes whenever the database file is replaced (every import replaces it)."""
    stat = Path(path or database_path()).stat()
    return stat.st_mtime_ns ^ stat.st_ino


def query_text(name: str) -> str:
    """The SQL of the named query in queries/."""
    return (QUERIES / f"{name}.sql").read_text(encoding="utf-8")


class _Reader:
    """One read-only connection to the current version of a file, swapped when an import replaces it.

    A page run holds the connection it started with (one_version) and each query takes its own cursor
    (a connection used from several threads fails "connection is busy"). DuckDB hands out the old data
    while any connection to the path is open, so a newer file is opened only once nobody holds the old
    connection: those who come after a swap wait for the runs still reading the old version to end.
    """

    def __init__(self, path: str):
        self.path, self.version, self.connection = path, None, None
        self.users, self.changed = 0, threading.Condition()

    def take(self) -> tuple[duckdb.DuckDBPyConnection, int]:
        """The connection to the file's current version and that version, held until release()."""
        with self.changed:
            patience = time.monotonic() + SWAP_PATIENCE
            while (version := database_version(Path(self.path))) != self.version:
                if not self.users:
                    if self.connection is not None:
                        self.connection.close()
                    self.connection, self.version = None, None  # if the new file will not open
                    self.connection, self.version = _connect(self.path, read_only=True), version
                    break
                if not self.changed.wait(max(0.0, patience - time.monotonic())):
                    break  # a run holds the old version that long (stuck?): read it too rather than wait on
            self.users += 1
            return self.connection, self.version

    def release(self) -> None:
        with self.changed:
            self.users -= 1
            self.changed.notify_all()

    def close(self) -> None:
        with self.changed:
            if self.connection is not None:
                self.connection.close()
            self.connection, self.version = None, None


@functools.lru_cache(maxsize=64)
def _real_path(path: str) -> str:
    # Asked at every cached view of a page run (20–40 of them), where resolving the path took 5 % of 街道详情's run.
    return str(Path(path).resolve())


def _reader(path: Path) -> _Reader:
    key = _real_path(str(path))
    with _readers_lock:
        return _readers.setdefault(key, _Reader(key))


def close_all() -> None:
    """Close the cached read connections (before writing a file in place, and between tests)."""
    with _readers_lock:
        for reader in _readers.values():
            reader.close()
        _readers.clear()


# The connections held by the code running here (a page run, a fragment's rerun): None outside one_version().
_held: contextvars.ContextVar[dict | None] = contextvars.ContextVar("held", default=None)


@contextmanager
def one_version():
    """Every query inside reads one version of each database file, the one its first query found, so that a
    page run never shows part of the data before an import and part after it. The run's own change (an
    import, an undo) moves it to the version it wrote. Inside another one_version, that one's versions hold.
    Outside (the command line), each query reads the file's current version."""
    if _held.get() is not None:
        yield
        return
    held = {}
    token = _held.set(held)
    try:
        yield
    finally:
        _held.reset(token)
        for reader in held:
            reader.release()


def _hold(reader: _Reader) -> tuple[duckdb.DuckDBPyConnection, int]:
    held = _held.get()
    if reader not in held:
        held[reader] = reader.take()
    return held[reader]


def _let_go(path: Path) -> None:
    # After a change written here: the next query of this run reads the version it wrote.
    with _readers_lock:
        held, reader = _held.get(), _readers.get(_real_path(str(path)))
    if held and reader in held:
        del held[reader]
        reader.release()


def version_read(path: Path | None = None) -> int:
    """The version of the database file that queries here read (a cache key): inside one_version the one held,
    else the file's current version."""
    if _held.get() is None:
        return database_version(path)
    return _hold(_reader(Path(path or database_path())))[1]


@contextmanager
def _cursor(path: Path | None):
    reader, alone = _reader(Path(path or database_path())), _held.get() is None
    connection, _ = reader.take() if alone else _hold(reader)
    try:
        cursor = connection.cursor()
        try:
            yield cursor
        finally:
            cursor.close()
    finally:
        if alone:
            reader.release()


def run(name: str, path: Path | None = None, **params) -> pd.DataFrame:
    """Run queries/<name>.sql with its `$parameters` bound and return the rows."""
    with _cursor(path) as cursor:
        return cursor.execute(query_text(name), params).df()


def run_matched(name: str, **params) -> tuple[pd.DataFrame, int]:
    """A list query's rows (at most its $limit) and how many match in all, which it gives in each row as 符合条数."""
    rows = run(name, **params)
    matched = int(rows["符合条数"].iloc[0]) if len(rows) else 0
    return rows.drop(columns="符合条数"), matched


def read_table(table: str, path: Path | None = None) -> pd.DataFrame:
    """A whole stored table (benchmarks compare queries with pandas working on these in memory)."""
    if table not in {"score", "rubric", "unit", "commitment", "grade_band", "quarter_state", *DERIVED}:
        raise ValueError(table)
    with _cursor(path) as cursor:
        return cursor.execute(f"select * from {table}").df()


@contextmanager
def inspect(path: Path):
    """Run named queries on a file through a private read-only connection, closed afterwards (a health check, a
    backup's verification): yields run(name, **params). Raises OSError or duckdb.Error when the file will not open."""
    connection = _connect(str(path), read_only=True)
    try:
        yield runner(connection)
    finally:
        connection.close()


def _connect(path: str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    # No progress bar: a long import or upgrade would print one into the command line's messages.
    connection = duckdb.connect(path, read_only=read_only)
    connection.execute("set enable_progress_bar = false")
    return connection


@contextmanager
def write(path: Path | None = None):
    """A read-write connection to a file nobody reads yet (a database being built); derived tables follow."""
    close_all()
    connection = _connect(str(path or database_path()))
    try:
        yield connection
        refresh_derived(connection)
    finally:
        connection.close()


@contextmanager
def change(path: Path | None = None, keep: bool = True):
    """A read-write connection to a copy of the database that replaces it atomically on success.

    Readers (other threads, other processes) keep the old file until the rename, so they see the
    old data or the new, never a mix; a failure or a killed process leaves the original untouched.
    The derived tables are recomputed before the rename. With keep=False the copy is discarded (a dry
    run). Writers are serialised by a lock file.
    """
    path = Path(path or database_path())
    with _writer_lock(path):
        for stale in path.parent.glob(path.name + ".change-*"):
            stale.unlink()  # left by a writer that was killed; we hold the lock, so it is dead
        work = path.with_name(f"{path.name}.change-{os.getpid()}-{threading.get_ident()}")
        try:  # the copy too: a disk that fills up while copying leaves half a copy, removed below
            shutil.copyfile(path, work)
            connection = _connect(str(work))
            try:
                before = _history_mark(connection)
                yield connection
                if keep:
                    refuse_breaches(connection, path)
                    refresh_derived(connection, _changed_quarters(connection, before))
                connection.execute("checkpoint")
                connection.close()
                if keep:
                    os.replace(work, path)
                    sync_to_disk(path.parent)
                    _let_go(path)
            finally:
                connection.close()
        finally:
            _remove_work(work)


def _remove_work(work: Path) -> None:
    # A work copy and the write-ahead log DuckDB may have left beside it (a write that failed midway).
    for file in (work, work.with_name(work.name + ".wal")):
        file.unlink(missing_ok=True)


def runner(connection: duckdb.DuckDBPyConnection):
    """run(name, **params) of the named queries on this connection (what invariants.breaches takes)."""
    return lambda name, **params: connection.execute(query_text(name), params).df()


def refuse_breaches(connection: duckdb.DuckDBPyConnection, path: Path | None = None) -> None:
    """Raise invariants.Broken when the data on `connection` (a change's work copy) breaks an invariant of
    docs/数据约束.md that the database file at `path` did not already break: run inside every write."""
    invariants.refuse_added(
        invariants.breaches(runner(connection)), lambda: _breaches_of(Path(path or database_path()))
    )


def _breaches_of(path: Path):
    # The database as it is on disk, before the change being written (read only when the change has breaches).
    with _connect(str(path), read_only=True) as original:
        return invariants.breaches(runner(original))


@contextmanager
def _writer_lock(path: Path):
    with open(path.with_name(path.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def copy_out(destination: Path, path: Path | None = None) -> None:
    """Copy the database file while no writer can replace it."""
    path = Path(path or database_path())
    with _writer_lock(path):
        shutil.copyfile(path, destination)


class Damaged(Exception):
    """A database file that is not whole (truncated, damaged, or not this dashboard's); the message says which."""


CORE_TABLES = ("meta", "street", "unit", "rubric", "import_log", "score", "commitment")  # in every schema so far


def verify(path: Path, shown: Path | None = None) -> None:
    """Refuse, with Damaged, a file that is not a whole database of this dashboard: it must open, carry a schema
    version, and every stored table must be read through (of this schema's BASE_TABLES; of an older schema,
    which upgrade() then brings up to date, the tables every version had)."""
    try:
        with _connect(str(path), read_only=True) as connection:
            version = connection.execute("select value from meta where key = 'schema'").fetchall()
            if not version:
                raise Damaged(f"{shown or path} 中没有表结构版本，不是本看板的数据库，未作任何更改。")
            for table in BASE_TABLES if version == [(schema_version(),)] else CORE_TABLES:
                # Every row hashed, so that every block of the table is read and its checksum checked.
                connection.execute(f"select count(*), bit_xor(hash(t)) from {table} as t").fetchall()
    except duckdb.Error as error:
        reason = str(error).splitlines()[0][:120]
        raise Damaged(f"{shown or path} 已损坏或不是本看板的数据库（{reason}），未作任何更改。") from None


def replace_with(source: Path, path: Path | None = None) -> None:
    """Replace the database by a copy of `source` in one rename, after checking that it is whole (verify)."""
    path = Path(path or database_path())
    with _writer_lock(path):
        work = path.with_name(f"{path.name}.change-{os.getpid()}-{threading.get_ident()}")
        try:
            shutil.copyfile(source, work)
            verify(work, source)
            os.replace(work, path)
            sync_to_disk(path.parent)
            _let_go(path)
        finally:
            _remove_work(work)


def sync_to_disk(path: Path) -> None:
    """Flush a file, or a folder's entries, to disk: a rename is durable only once its folder's entry is on disk."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


DERIVED = (
    "unit_theme",
    "street_theme",
    "unit_total",
    "street_total",
)  # in dependency order: each is computed from the one before
BY_QUARTER = DERIVED[:3]  # a quarter's rows depend on that quarter's scores only; street_total compares quarters
QUARTER = re.compile(r"^\d{4}Q[1-4]$")


def refresh_derived(connection: duckdb.DuckDBPyConnection, quarters: list[str] | None = None) -> None:
    """Recompute the derived tables from the scores, rubric and units (sorted by quarter, for fast filters):
    all of them, or only the rows of `quarters` where the scores of no other quarter changed. street_total
    (a row per street and quarter, with 环比 and 同比 against other quarters) is always recomputed whole."""
    if quarters is not None and not all(QUARTER.match(quarter) for quarter in quarters):
        raise ValueError(quarters)
    # Literal quarters (checked above), not a join: DuckDB then reads only those quarters' scores.
    where = "" if quarters is None else f"where quarter in ({', '.join(map(repr, quarters)) or 'null'})"
    for table in DERIVED:
        scope = where if table in BY_QUARTER else ""
        connection.execute(f"delete from {table} {scope}")
        connection.execute(f"insert into {table} select * from {table}_live {scope} order by quarter, street")


def _history_mark(connection) -> tuple[int, int]:
    # The last import and how many were undone: what a change did is read against these at its end.
    return connection.execute("select coalesce(max(import_id), 0), count(undone_at) from import_log").fetchall()[0]


def _changed_quarters(connection, before: tuple[int, int]) -> list[str] | None:
    """The quarters whose derived rows the imports written since `before` may change: those of their scores
    (new or replaced), every scored quarter of a year whose rubric they changed, and every quarter scoring
    a unit they added or changed. None (everything) after an undo."""
    last, undone = before
    if _history_mark(connection)[1] != undone:
        return None
    return [
        quarter
        for (quarter,) in connection.execute(
            """
        with new_scores as (
            select quarter from score where import_id > $last
            union select quarter from score_replaced where replaced_by > $last
        ),
        new_rubric as (
            select year from rubric where import_id > $last
            union select year from rubric_replaced where replaced_by > $last
        ),
        new_units as (
            select street, unit from unit where import_id > $last
            union select street, unit from unit_replaced where replaced_by > $last
        )
        select quarter from new_scores
        union select quarter from score where quarter_year(quarter) in (select year from new_rubric)
        union select quarter from score as s semi join new_units using (street, unit)
        order by quarter""",
            {"last": last},
        ).fetchall()
    ]


def schema_version() -> str:
    """A fingerprint of schema.sql: a database built from another schema needs upgrade()."""
    return hashlib.sha256(SCHEMA.read_bytes()).hexdigest()[:12]


def create_schema(connection: duckdb.DuckDBPyConnection) -> None:
    """Create the tables, macros and views of an empty database, and record the schema's version."""
    connection.execute(SCHEMA.read_text(encoding="utf-8"))
    connection.execute("insert into meta values ('schema', $version)", {"version": schema_version()})


# The stored (not derived) tables, parents before children, as upgrade() copies them.
BASE_TABLES = (
    "meta",
    "street",
    "unit",
    "rubric",
    "grade_band",
    "setting",
    "import_log",
    "score",
    "commitment",
    "unit_replaced",
    "rubric_replaced",
    "score_replaced",
    "commitment_replaced",
    "grade_band_replaced",
    "setting_replaced",
    "street_remark",
    "street_remark_replaced",
    "highlight",
    "problem",
    "visit",
    "highlight_replaced",
    "problem_replaced",
    "visit_replaced",
    "quarter_state",
    "quarter_state_replaced",
    "rater_shortfall",
)


def needs_upgrade(path: Path) -> bool:
    """Whether the database was built from another version of schema.sql."""
    with _connect(str(path), read_only=True) as connection:  # not kept open: a writer may follow
        found = connection.execute("select value from meta where key = 'schema'").fetchall()
    return found != [(schema_version(),)]


def upgrade(path: Path | None = None) -> None:
    """Rebuild the database under the current schema, copying every stored row; replaced in one rename."""
    path = Path(path or database_path())
    with _writer_lock(path):
        work = path.with_name(f"{path.name}.change-{os.getpid()}-{threading.get_ident()}")
        work.unlink(missing_ok=True)
        try:
            with _connect(str(work)) as connection:
                connection.execute(SCHEMA.read_text(encoding="utf-8"))
                old = str(path).replace("'", "''")
                connection.execute(f"attach '{old}' as previous_version (read_only)")
                for table in BASE_TABLES:
                    _copy_columns(connection, table)
                _publish_quarters_of_before(connection)
                connection.execute("detach previous_version")
                # Databases before the settings table kept the district's name in meta.
                connection.execute(
                    "insert or ignore into setting select key, value, null from meta where key = 'district'"
                )
                connection.execute("delete from meta where key = 'district'")
                last = connection.execute("select coalesce(max(import_id), 0) from import_log").fetchall()[0][0]
                connection.execute(f"drop sequence change_id; create sequence change_id start {int(last) + 1}")
                connection.execute("delete from meta where key = 'schema'")
                connection.execute("insert into meta values ('schema', $version)", {"version": schema_version()})
                refresh_derived(connection)
            os.replace(work, path)
            sync_to_disk(path.parent)
            _let_go(path)
        finally:
            _remove_work(work)


def _publish_quarters_of_before(connection: duckdb.DuckDBPyConnection) -> None:
    # A database from before 季度发布 (docs/计分规则.md) showed every quarter as final: each quarter it scored
    # stays shown, published without a history entry, so that nothing else changes.
    had_states = connection.execute(
        "select count(*) from information_schema.tables "
        "where table_catalog = 'previous_version' and table_name = 'quarter_state'"
    ).fetchall()[0][0]
    if not had_states:
        publish_scored_quarters(connection)


def publish_scored_quarters(connection: duckdb.DuckDBPyConnection) -> None:
    """Publish, without a history entry, every quarter with scores (an older database's, the demo's)."""
    connection.execute("insert or ignore into quarter_state select distinct quarter, 'published', null from score")


def _copy_columns(connection: duckdb.DuckDBPyConnection, table: str) -> None:
    # Columns both versions have are copied; a new column takes its default, a dropped one is left behind.
    def columns(catalog: str) -> list[str]:
        return [
            row[0]
            for row in connection.execute(
                "select column_name from information_schema.columns where table_catalog = $catalog and table_name = $table "
                "order by ordinal_position",
                {"catalog": catalog, "table": table},
            ).fetchall()
        ]

    common = [
        column
        for column in columns(connection.execute("select current_database()").fetchall()[0][0])
        if column in columns("previous_version")
    ]
    if common:
        names = ", ".join(common)
        connection.execute(f"insert into {table} ({names}) select {names} from previous_version.{table}")
