"""A database built by an older version of the schema is upgraded on first use, keeping every stored row."""

import duckdb
from import_support import tables

from liangsaibi.board import views
from liangsaibi.store import db
from liangsaibi.store.build import build_database, ensure_database


def make_older(path):
    # What an earlier version looked like: no street_theme table, no commitment_status macro, another fingerprint.
    with duckdb.connect(str(path)) as connection:
        connection.execute("drop table street_theme")
        connection.execute("drop macro table commitment_status")
        connection.execute("update meta set value = 'older' where key = 'schema'")


def test_an_older_database_is_upgraded_with_every_row_kept_and_queries_work(tmp_path):
    path = tmp_path / "older.duckdb"
    build_database(path)
    before = tables(path)
    ranking = db.run("street_ranking", path=path, quarter="2021Q4")
    db.close_all()
    make_older(path)
    ensure_database(path)
    assert not db.needs_upgrade(path)
    after = tables(path)
    assert after == before
    assert db.run("street_ranking", path=path, quarter="2021Q4").equals(ranking)
    assert len(db.run("street_themes", path=path, quarter="2021Q4")) == 6 * 8
    assert len(views.commitments("2021Q4", path)) == 6
    db.close_all()


def test_a_current_database_is_left_alone(tmp_path):
    path = tmp_path / "current.duckdb"
    build_database(path)
    version = db.database_version(path)
    ensure_database(path)
    assert db.database_version(path) == version
    db.close_all()
