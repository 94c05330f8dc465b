"""The one module that opens DuckDB: it finds the database, builds it, and runs the named queries."""
import os
import threading
from pathlib import Path

import duckdb
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "queries"
SCHEMA = Path(__file__).with_name("schema.sql")
DEFAULT_DATABASE = ROOT / "data" / "liangsaibi.duckdb"

_lock = threading.Lock()
_open: dict[str, tuple[int, duckdb.DuckDBPyConnection]] = {}


def database_path() -> Path:
    """The database file: `$LIANGSAIBI_DB` when set, else data/liangsaibi.duckdb."""
    return Path(os.environ.get("LIANGSAIBI_DB") or DEFAULT_DATABASE)


def database_version(path: Path | None = None) -> int:
    """A number that changes whenever the database file is replaced or written."""
    stat = Path(path or database_path()).stat()
    return stat.st_mtime_ns ^ stat.st_ino


def query_text(name: str) -> str:
    """The SQL of the named query in queries/."""
    return (QUERIES / f"{name}.sql").read_text(encoding="utf-8")


def _reader(path: Path) -> duckdb.DuckDBPyConnection:
    # One read-only connection per file version; each call takes its own cursor, because a
    # DuckDB connection used from several threads at once fails with "connection is busy".
    key, version = str(path.resolve()), database_version(path)
    with _lock:
        known = _open.get(key)
        if known and known[0] == version:
            return known[1].cursor()
        if known:
            known[1].close()
        connection = duckdb.connect(key, read_only=True)
        _open[key] = (version, connection)
        return connection.cursor()


def close_all() -> None:
    """Close the cached read connections (tests that swap databases call this)."""
    with _lock:
        for _, connection in _open.values():
            connection.close()
        _open.clear()


def run(name: str, path: Path | None = None, **params) -> pd.DataFrame:
    """Run queries/<name>.sql with its `$parameters` bound and return the rows."""
    with _reader(Path(path or database_path())) as cursor:
        return cursor.execute(query_text(name), params).df()


def write(path: Path | None = None) -> duckdb.DuckDBPyConnection:
    """A read-write connection, for building the database and importing into it."""
    close_all()
    return duckdb.connect(str(path or database_path()))


def create_schema(connection: duckdb.DuckDBPyConnection) -> None:
    """Create the tables, macros and views of an empty database."""
    connection.execute(SCHEMA.read_text(encoding="utf-8"))
