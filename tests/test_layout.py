"""The house's layout rules: one module opens each database file, pages hold no SQL, every query says what it returns."""

import re

from liangsaibi.store import db


def importing(module: str) -> set[str]:
    return {
        str(path.relative_to(db.ROOT))
        for folder in ("liangsaibi", "pages")
        for path in (db.ROOT / folder).rglob("*.py")
        if re.search(rf"^\s*(import {module}|from {module})\b", path.read_text(encoding="utf-8"), re.M)
    }


def test_only_db_opens_the_main_database_and_only_ledger_the_live_store():
    assert importing("duckdb") == {"liangsaibi/store/db.py"}
    assert importing("sqlite3") == {"liangsaibi/live/ledger.py"}


def test_every_live_query_starts_with_a_comment_saying_what_it_returns():
    for query in sorted((db.ROOT / "liangsaibi" / "live" / "queries").glob("*.sql")):
        header = query.read_text(encoding="utf-8").splitlines()[:4]
        assert sum(line.startswith("-- ") for line in header) >= 2, query.name
        assert any("Grain" in line for line in header), query.name
