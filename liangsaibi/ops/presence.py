"""Whether a database ever existed at a path: only one that never did may be built from the demo data.

A database that disappears while the dashboard runs (deleted, moved, a disk unmounted) must not come
back as demo data that viewers would take for the real scores. A marker file beside it,
liangsaibi.duckdb.existed, remembers that there was one; it is written when a database is built and
whenever one is found there (databases from before the marker get it on their first run).
"""

from pathlib import Path

NOTE = "此文件表示这里曾有看板的数据库：数据库文件缺失时，看板不会用示例数据新建，而是提示用备份恢复。\n"


class DatabaseMissing(Exception):
    """The database was there once and is gone: restore it from a backup, do not build the demo."""


def marker(path: Path) -> Path:
    """The marker beside the database file."""
    path = Path(path)
    return path.with_name(path.name + ".existed")


def remember(path: Path) -> None:
    """Note that a database exists at `path` (cheap when already noted)."""
    if not marker(path).exists():
        marker(path).write_text(NOTE, encoding="utf-8")


def existed(path: Path) -> bool:
    """Whether a database was ever noted at `path`."""
    return marker(path).exists()
