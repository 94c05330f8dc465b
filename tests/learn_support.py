"""A demo database without its 观摩 records (highlights, problems, visits), for tests that count exactly the rows
they import themselves."""

import shutil

import pytest
from import_support import private_copy

from liangsaibi.store import db, store


@pytest.fixture(scope="session")
def bare_template(demo_template, tmp_path_factory):
    path = tmp_path_factory.mktemp("learn-template") / "bare.duckdb"
    shutil.copyfile(demo_template, path)
    log = store.history(path)
    for import_id in log.loc[log["类型"].isin(["highlights", "problems", "visits"]), "编号"]:
        store.undo(int(import_id), path, operator="测试")
    db.close_all()
    return path


@pytest.fixture
def bare_db(bare_template, tmp_path):
    """A private copy of the demo database with no highlights, problems or visits."""
    yield from private_copy(bare_template, tmp_path, "bare.duckdb")
