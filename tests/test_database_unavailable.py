"""The dashboard without a readable database: one sentence on every page, no traceback, no path, no demo data
built in place of a database that disappeared; restored, the pages work again (AppTest; the running server's
version is in test_browser_unavailable.py)."""

import shutil

import pytest
from fixtures import open_app

from liangsaibi.ops import health, presence
from liangsaibi.store import db
from liangsaibi.store.build import build_database

PAGES = [
    "pages/overview.py",
    "pages/compare.py",
    "pages/trend.py",
    "pages/commitments.py",
    "pages/street.py",
    "pages/present.py",
    "pages/admin.py",
]


@pytest.fixture
def database(demo_db, monkeypatch):
    monkeypatch.setenv("LIANGSAIBI_DB", str(demo_db))
    presence.remember(demo_db)
    kept = demo_db.with_name("kept.duckdb")
    shutil.copyfile(demo_db, kept)
    return demo_db, kept


def shown(app) -> list[str]:
    return [element.value for element in app.error]


def damage(path, how: str) -> None:
    db.close_all()
    if how == "deleted":
        path.unlink()
    elif how == "truncated":
        path.write_bytes(path.read_bytes()[:4096])
    else:  # unreadable: tests run as root, where chmod 000 does not stop a read; a folder in its place does
        path.unlink()
        path.mkdir()


@pytest.mark.parametrize(
    "how, sentence", [("deleted", health.MISSING), ("truncated", health.UNREADABLE), ("unreadable", health.UNREADABLE)]
)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_one_sentence_without_traceback_or_path(database, how, sentence, page):
    path, _ = database
    damage(path, how)
    app = open_app()
    if page != PAGES[0]:
        app.switch_page(page).run()
    assert not app.exception
    assert shown(app) == [sentence] and str(path.parent) not in sentence and not app.get("plotly_chart")


def test_a_database_that_disappeared_is_not_rebuilt_from_the_demo_data(database):
    path, _ = database
    damage(path, "deleted")
    app = open_app()
    assert shown(app) == [health.MISSING] and not path.exists()


def test_a_database_that_never_existed_is_built_from_the_demo_data(tmp_path, monkeypatch):
    monkeypatch.setenv("LIANGSAIBI_DB", str(tmp_path / "new.duckdb"))
    app = open_app()
    assert not app.error and (tmp_path / "new.duckdb").exists() and app.get("plotly_chart")
    assert presence.existed(tmp_path / "new.duckdb")


@pytest.mark.parametrize("how", ["deleted", "truncated", "unreadable"])
def test_once_restored_the_same_session_shows_the_pages_again(database, how):
    path, kept = database
    damage(path, how)
    app = open_app()
    assert shown(app)
    if path.is_dir():
        path.rmdir()
    shutil.copyfile(kept, path)
    app.run()
    assert not app.error and app.get("plotly_chart")


def test_the_command_line_says_how_to_restore_a_database_that_disappeared(database, capsys):
    from liangsaibi.__main__ import main

    path, _ = database
    damage(path, "deleted")
    with pytest.raises(SystemExit) as refused:
        main(["history"])
    assert "不见了" in str(refused.value) and "python -m liangsaibi restore" in str(refused.value)
    assert not path.exists()


def test_a_database_built_by_init_is_remembered(tmp_path):
    build_database(tmp_path / "x.duckdb", empty=True, district="二七区")
    assert presence.existed(tmp_path / "x.duckdb")
