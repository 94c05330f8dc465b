"""年度 and the year-end slides in headless Chromium at 1920×1080, against a cold server on the demo data.

Screenshots are saved under the test's tmp_path and copied to /tmp/annual/ to be looked at.
"""

import shutil
from pathlib import Path

import pytest
from browser import Server, require_chromium

from liangsaibi.store.build import build_database

pytestmark = pytest.mark.browser
LOOK = Path("/tmp/annual")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_chromium()
    path = tmp_path_factory.mktemp("annual") / "liangsaibi.duckdb"
    build_database(path)
    running = Server(path)  # cold: the first request is a deep link
    yield running
    running.stop()


def look(page, tmp_path, name: str) -> None:
    shot = tmp_path / f"{name}.png"
    page.screenshot(path=shot)
    LOOK.mkdir(exist_ok=True)
    shutil.copy(shot, LOOK / shot.name)


def test_a_cold_deep_link_opens_the_year_in_the_frame(browser, server, tmp_path):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(f"{server.url}/annual?year=2021")
    page.get_by_role("heading", name="2021年度街道排名").wait_for(timeout=60_000)
    assert page.locator('[data-testid="stSidebar"]').get_by_text("季度").first.is_visible()  # the frame is drawn
    assert page.get_by_text("不是右边各季度街道总分的平均").is_visible()
    assert "year=2021" in page.url
    look(page, tmp_path, "annual-2021")


@pytest.mark.parametrize(
    ("quarter", "slide", "seen"),
    [
        ("2021Q4", "annual", "2021年度 街道排名"),
        ("2026Q3", "flags", "年度红旗街道"),
        ("2022Q4", "progress", "进步最大的街道"),
    ],
)
def test_the_year_end_slides_fill_the_screen_without_overflow(browser, server, tmp_path, quarter, slide, seen):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(f"{server.url}/present?quarter={quarter}&slides={slide}&every=600")
    page.get_by_text(seen).first.wait_for(timeout=60_000)
    page.wait_for_timeout(500)
    overflow = page.evaluate(
        "[...document.querySelectorAll('.present-page, .present-page *')]"
        ".filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflow !== 'visible').length"
    )
    assert overflow == 0
    box = page.locator(".present-page").bounding_box()
    assert box["y"] + box["height"] <= 1080 and box["x"] + box["width"] <= 1920
    look(page, tmp_path, f"slide-{slide}")
