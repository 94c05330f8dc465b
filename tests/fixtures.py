"""Shared fixtures: the demo database, built once per test session through the normal import path."""
import os

import pytest

from liangsaibi import db
from liangsaibi.build import build_database


@pytest.fixture(scope="session")
def sample_database(tmp_path_factory):
    """A demo database at a temp path, named by LIANGSAIBI_DB for the whole session."""
    path = tmp_path_factory.mktemp("sample") / "liangsaibi.duckdb"
    build_database(path)
    previous = os.environ.get("LIANGSAIBI_DB")
    os.environ["LIANGSAIBI_DB"] = str(path)
    yield path
    db.close_all()
    if previous is None:
        os.environ.pop("LIANGSAIBI_DB", None)
    else:
        os.environ["LIANGSAIBI_DB"] = previous
