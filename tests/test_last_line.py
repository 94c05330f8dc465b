"""The last line of defence: an unexpected error on a page shows one Chinese sentence, its traceback goes to the log,
and never Streamlit's English error box (AppTest, and a running server in Chromium)."""

import logging
import os

import pytest
from browser import Server, launch_browser, require_chromium
from fixtures import open_app

from liangsaibi.board import overview, trends
from liangsaibi.ops import health
from liangsaibi.store import db


def broken(*args, **kwargs):
    raise RuntimeError("测试：页面中意外的错误")


@pytest.mark.parametrize(
    "module, function, page",
    [(overview, "summary", None), (trends, "trend_lines", "pages/trend.py")],
)
def test_an_unexpected_error_on_a_page_shows_one_chinese_sentence_and_logs_the_traceback(
    sample_database, monkeypatch, caplog, module, function, page
):
    monkeypatch.setattr(module, function, broken)
    with caplog.at_level(logging.ERROR, logger="liangsaibi"):
        app = open_app()
        if page:
            app.switch_page(page).run()
    assert not app.exception  # Streamlit's own error box
    assert [element.value for element in app.error] == [health.UNEXPECTED]
    assert any("测试：页面中意外的错误" in record.exc_text for record in caplog.records if record.exc_text)
    assert app.sidebar.title[0].value == "亮赛比看板"  # the frame stays: the menu still leads elsewhere


def fragment_script():
    import streamlit as st

    from liangsaibi.ops import health

    @st.fragment
    @health.guarded
    def part():
        if st.session_state.get("break"):
            raise RuntimeError("测试：片段中意外的错误")
        st.button("出错", key="break")

    part()


def test_a_fragment_rerunning_on_its_own_shows_the_sentence_too():
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_function(fragment_script, default_timeout=30).run()
    app.button(key="break").click().run()
    assert not app.exception
    assert [element.value for element in app.error] == [health.UNEXPECTED]


SITE = """
import sys
sys.path.insert(0, {root!r})
from liangsaibi.board import overview

def broken(*args, **kwargs):
    raise RuntimeError("测试：页面中意外的错误")

overview.summary = broken
"""


@pytest.mark.browser
def test_a_running_server_shows_the_sentence_not_streamlits_error_box(demo_db, tmp_path):
    require_chromium()
    from playwright.sync_api import sync_playwright

    (tmp_path / "sitecustomize.py").write_text(SITE.format(root=str(db.ROOT)), encoding="utf-8")
    path = os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")]))
    with Server(demo_db, PYTHONPATH=path) as server, sync_playwright() as playwright:
        browser = launch_browser(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(server.url)
        page.get_by_text(health.UNEXPECTED[:20]).wait_for(timeout=90_000)
        body = page.locator("body").inner_text()
        assert "Traceback" not in body and "RuntimeError" not in body and "Error" not in body
        page.screenshot(path=tmp_path / "unexpected.png")
        page.goto(f"{server.url}/compare")  # the other pages draw as ever
        page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=60_000)
        browser.close()
