"""The district is the user's: `init --district 二七区` names it in the sidebar and on the meeting screen's cover.

The demo's 中原区 is checked on the demo server of test_browser_present.py.
"""

import os
import subprocess
import sys

import pytest
from browser import Server, require_chromium

from liangsaibi.store import db

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_chromium()
    path = tmp_path_factory.mktemp("district") / "erqi.duckdb"
    subprocess.run(
        [sys.executable, "-m", "liangsaibi", "init", "--district", "二七区"],
        cwd=db.ROOT,
        check=True,
        env={**os.environ, "LIANGSAIBI_DB": str(path)},
        capture_output=True,
    )
    running = Server(path)
    yield running
    running.stop()


def test_init_with_a_district_names_it_in_the_sidebar_and_on_the_cover_with_its_office(browser, server):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(f"{server.url}/?quarter=2021Q4")
    caption = page.get_by_test_id("stSidebar").get_by_test_id("stCaptionContainer").first
    caption.wait_for(timeout=30_000)
    assert caption.inner_text() == "二七区 · 亮承诺 · 赛实绩 · 比干劲"
    page.get_by_role("link", name="大屏演示").click()
    page.locator(".present-cover").wait_for(timeout=30_000)
    cover = page.locator(".present-cover").inner_text().splitlines()
    assert cover[:4] == [
        "二七区",
        "2021年第四季度村(社区)党组织书记“亮赛比”比学交流会",
        "亮承诺 · 赛实绩 · 比干劲",
        "中共二七区委组织部",
    ]
    assert "中原区" not in page.locator("body").inner_text()
    page.close()
