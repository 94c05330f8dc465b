"""A test whose close's import is undone is open again (its own module: the undo in store/ loads nothing more)."""

from pathlib import Path

from liangsaibi.live.sessions import reopen_closed_into_undone


def reopen_undone(main: Path | None = None) -> None:
    """Reopen every test whose close's import has been undone (run after every undo, and before a close)."""
    reopen_closed_into_undone("quiz_tests", "quiz_test", main)
