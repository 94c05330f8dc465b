"""A test whose close's import is undone is open again (its own module: the undo in store/ loads nothing more)."""

from pathlib import Path

from liangsaibi.live import ledger
from liangsaibi.live.sessions import undone_among


def reopen_undone(main: Path | None = None) -> None:
    """Reopen every test whose close's import has been undone (run after every undo, and before a close)."""
    if not ledger.live_path(main).exists():
        return
    closed = ledger.run("quiz_tests", main).dropna(subset=["import_id"])
    if closed.empty:
        return
    if undone := undone_among(closed.import_id, main):
        with ledger.transaction(main) as connection:
            connection.executemany(
                "update quiz_test set closed_at = null, closing_at = null, close_checksum = null, import_id = null "
                "where import_id = ?",
                [(i,) for i in undone],
            )
