"""The house's layout rules: one module opens each database file, pages hold no SQL, every query says what it returns."""
import re

from liangsaibi import db

OPENERS = {"liangsaibi/db.py", "liangsaibi/live/ledger.py"}  # the main database; the live store beside it


def test_only_the_two_store_modules_import_duckdb():
    found = {str(path.relative_to(db.ROOT)) for folder in ("liangsaibi", "pages") for path in (db.ROOT / folder).rglob("*.py")
             if re.search(r"^\s*(import duckdb|from duckdb)", path.read_text(encoding="utf-8"), re.M)}
    assert found == OPENERS


def test_every_live_query_starts_with_a_comment_saying_what_it_returns():
    for query in sorted((db.ROOT / "liangsaibi" / "live" / "queries").glob("*.sql")):
        header = query.read_text(encoding="utf-8").splitlines()[:4]
        assert sum(line.startswith("-- ") for line in header) >= 2, query.name
        assert any("Grain" in line for line in header), query.name
