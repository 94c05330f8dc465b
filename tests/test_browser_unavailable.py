"""A running server whose database file is deleted, truncated or made unreadable: every page shows one sentence
(no traceback, no path); restored, the pages draw again without a restart, an open page even without a reload."""

import shutil

import pytest
from browser import Server, launch_browser, require_chromium, wait_for_charts

from liangsaibi.ops import health

pytestmark = pytest.mark.browser

PAGES = ["", "compare", "trend", "commitments", "street", "present", "admin"]


@pytest.fixture
def server(tmp_path):
    require_chromium()
    with Server(tmp_path / "live.duckdb", LIANGSAIBI_ADMIN_PASSWORD="口令") as running:
        yield running


def damage(path, how: str) -> None:
    if how == "deleted":
        path.unlink()
    elif how == "truncated":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 3])
    else:  # tests run as root, where chmod 000 does not stop a read: a folder in the file's place does
        path.unlink()
        path.mkdir()


def restore(path, kept) -> None:
    if path.is_dir():
        path.rmdir()
    shutil.copyfile(kept, path.with_name("restoring"))
    path.with_name("restoring").replace(path)


@pytest.mark.parametrize(
    "how, sentence", [("deleted", health.MISSING), ("truncated", health.UNREADABLE), ("unreadable", health.UNREADABLE)]
)
def test_every_page_says_the_database_is_unavailable_then_recovers_without_a_restart(server, tmp_path, how, sentence):
    from playwright.sync_api import sync_playwright

    path = tmp_path / "live.duckdb"
    with sync_playwright() as playwright:
        browser = launch_browser(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{server.url}/trend")
        wait_for_charts(page, timeout=90_000)  # a cold server on a shared machine
        kept = tmp_path / "kept.duckdb"
        shutil.copyfile(path, kept)
        damage(path, how)
        for name in PAGES + ["trend"]:
            page.goto(f"{server.url}/{name}")
            page.get_by_text(sentence[:20]).wait_for(timeout=60_000)
            body = page.locator("body").inner_text()
            assert "Traceback" not in body and str(tmp_path) not in body and "Error" not in body, name
            assert page.locator(".js-plotly-plot").count() == 0, name
        page.screenshot(path=tmp_path / f"unavailable-{how}.png")
        restore(path, kept)
        wait_for_charts(page, timeout=60_000)  # no reload: the sentence's timer sees the file back
        page.screenshot(path=tmp_path / f"restored-{how}.png")
        for name in ["", "compare", "street?street=建设路街道"]:
            page.goto(f"{server.url}/{name}")
            wait_for_charts(page, timeout=60_000)
        browser.close()
