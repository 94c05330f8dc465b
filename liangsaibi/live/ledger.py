"""The one module that opens the live store, a DuckDB file of its own beside the main database.

db.py owns the main database, which changes by copy-and-rename once per import; live submissions are many
small writes at once, so they go into this file in place, each in one short transaction under a lock file
(fcntl, as db._writer_lock). A connection is opened per transaction and closed after it: DuckDB lets no other
process open a file one process holds read-write, and the command line must reach the store while a server runs.
"""
import fcntl
import threading
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from .. import db

SCHEMA = Path(__file__).with_name("schema.sql")
QUERIES = Path(__file__).with_name("queries")
_threads = threading.Lock()  # threads of one process queue here; flock serialises processes
_ready: set[str] = set()  # files whose tables this process has made sure of


def live_path(main: Path | None = None) -> Path:
    """The live store of a main database: <main>.live.duckdb next to it."""
    main = Path(main or db.database_path())
    return main.with_name(main.name + ".live.duckdb")


@contextmanager
def transaction(main: Path | None = None):
    """A connection inside one transaction, committed on success and rolled back on any error."""
    path = live_path(main)
    with _threads, open(path.with_name(path.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            _ready.discard(str(path))  # a new file (a new database beside it) needs its tables
        connection = duckdb.connect(str(path))
        try:
            if str(path) not in _ready:
                connection.execute(SCHEMA.read_text(encoding="utf-8"))
                _ready.add(str(path))
        except BaseException:
            connection.close()
            raise
        connection.execute("begin")
        try:
            yield connection
            connection.execute("commit")
        except BaseException:
            connection.execute("rollback")
            raise
        finally:
            connection.close()


def query_text(name: str) -> str:
    """The SQL of live/queries/<name>.sql."""
    return (QUERIES / f"{name}.sql").read_text(encoding="utf-8")


def run(name: str, main: Path | None = None, **params) -> pd.DataFrame:
    """Run live/queries/<name>.sql on the live store with its `$parameters` bound."""
    return run_together([name], main, **params)[name]


def run_together(names: list[str], main: Path | None = None, **params) -> dict[str, pd.DataFrame]:
    """Several live queries in one transaction (one consistent state, one opening of the file)."""
    with transaction(main) as connection:
        return {name: connection.execute(query_text(name), _used(query_text(name), params)).df() for name in names}


def _used(sql: str, params: dict) -> dict:
    # DuckDB refuses a named parameter the statement does not use.
    return {key: value for key, value in params.items() if f"${key}" in sql}
