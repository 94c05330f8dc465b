"""比学, 街道详情's 比学 part and the 亮点展示 / 整改 slides in headless Chromium at 1920×1080, against a cold server.

Screenshots are saved under the test's tmp_path and copied to /tmp/learn/ to be looked at.
"""

import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
from browser import Server, require_chromium, wait_for_charts

from liangsaibi.intake.imports import import_files
from liangsaibi.store.build import build_database

pytestmark = pytest.mark.browser
LOOK = Path("/tmp/learn")
NASTY = (
    "季度,街道,村(社区),标题,做法,指标,标签\n"
    "2021Q4,须水街道,白寨村,**不是粗体**,\"<script>window.ran = 1</script><img src=x onerror=\"\"window.ran=2\"\">\n"
    "第二行 **markdown** 与 <b>标签</b>\",,<i>斜</i>\n"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_chromium()
    path = tmp_path_factory.mktemp("learn") / "liangsaibi.duckdb"
    build_database(path)
    import_files([("亮点.csv", NASTY.encode())], path, operator="测试")
    running = Server(path)  # cold: the first request is a deep link
    yield running
    running.stop()


def look(page, tmp_path, name: str) -> None:
    shot = tmp_path / f"{name}.png"
    page.screenshot(path=shot, full_page=True)
    LOOK.mkdir(exist_ok=True)
    shutil.copy(shot, LOOK / shot.name)


def test_the_page_shows_cards_tables_and_the_chart_and_a_card_opens_its_street(browser, server, tmp_path):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(f"{server.url}/learn?quarter=2021Q4&learn-range=2021Q4&learn-range=2021Q4")  # the quarter alone
    wait_for_charts(page, 1, timeout=60_000)
    page.locator(".learn-card").nth(13).wait_for()
    counts = page.locator(".js-plotly-plot .xtick text").all_text_contents()  # 街道互学: visits are whole
    assert counts and all(count.isdigit() for count in counts), counts
    page.wait_for_timeout(500)
    assert page.locator(".learn-card").count() == 14  # the demo's 13 and the one imported above
    assert page.get_by_role("heading", name="整改情况 · 截至2021年第四季度末").is_visible()
    assert page.locator('[data-testid="stSidebar"]').get_by_text("季度").first.is_visible()  # the frame is drawn
    look(page, tmp_path, "learn-1920")
    widths = page.evaluate("[...document.querySelectorAll('.learn-card')].map(c => c.scrollWidth - c.clientWidth)")
    assert max(widths) <= 0  # no card's text runs out of it
    page.locator(".learn-card", has_text="一核多元融合共治").get_by_role("link", name="建设路街道").click()
    page.wait_for_url("**/street?**")
    page.get_by_role("heading", name="街道详情 · 建设路街道").wait_for(timeout=60_000)
    assert "quarter=2021Q4" in page.url
    page.close()


def test_html_and_markdown_in_a_highlight_stay_plain_text(browser, server):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(f"{server.url}/learn?quarter=2021Q4&street={quote('须水街道')}")
    card = page.locator(".learn-card", has_text="不是粗体")
    card.wait_for(timeout=60_000)
    text = card.inner_text()
    assert "**不是粗体**" in text and "<script>window.ran = 1</script>" in text
    assert "第二行 **markdown** 与 <b>标签</b>" in text and "<i>斜</i>" in text
    assert card.locator("script, img, b, i, strong, em").count() == 0
    assert page.evaluate("window.ran") is None  # nothing of the cell ran
    page.close()


def test_the_street_detail_shows_the_streets_highlights_open_problems_and_visits(browser, server, tmp_path):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(f"{server.url}/street?quarter=2021Q4&street={quote('汝河路街道')}")
    page.get_by_role("heading", name="2021年第四季度 比学").wait_for(timeout=60_000)
    page.get_by_text("本街道逐村观摩").wait_for()  # the part's last element
    page.locator(".learn-card").nth(2).wait_for()  # st.html fills in its cards a moment after it is placed
    page.wait_for_timeout(500)
    assert page.locator(".learn-card").count() == 3
    for title in ("“红色加油站”6+6党建服务", "“桐淮力量”重塑党群服务中心"):
        assert page.locator(".learn-card", has_text=title).is_visible()
    assert page.get_by_text("2021-12-15 本街道逐村观摩 14 个村(社区)").is_visible()
    look(page, tmp_path, "street-1920")
    page.close()


def slide_sizes(page) -> dict:
    return page.evaluate("""() => {
      const slide = document.querySelector('.st-key-present-slide'), frame = slide.getBoundingClientRect();
      const texts = [...slide.querySelectorAll('h1, th, td, .learn-screen-card div')].filter(e => e.textContent.trim());
      return {smallest: Math.min(...texts.map(e => parseFloat(getComputedStyle(e).fontSize))),
              outside: texts.filter(e => { const b = e.getBoundingClientRect();
                                           return b.right > frame.right + 1 || b.bottom > frame.bottom + 1; }).length,
              overflow: slide.scrollHeight - slide.clientHeight, cards: slide.querySelectorAll('.learn-screen-card').length,
              rows: slide.querySelectorAll('tbody tr').length, text: slide.innerText};
    }""")


def test_the_highlight_and_rectification_slides_read_across_a_room(browser, server, tmp_path):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(f"{server.url}/present?quarter=2021Q4&slides=highlights,rectification&every=600")
    page.wait_for_function(
        "(document.querySelector('.present-progress')?.textContent || '').startsWith('1 / 2')", timeout=60_000
    )
    page.wait_for_timeout(500)
    first = slide_sizes(page)
    assert first["cards"] == 3 and "第 1/5 组" in first["text"]  # 14 highlights, three at a time
    assert first["smallest"] >= 22 and first["outside"] == 0 and first["overflow"] == 0
    look(page, tmp_path, "slide-highlights-1920")
    page.get_by_role("button", name="下一张").click()
    page.wait_for_function("document.querySelector('.present-progress').textContent.startsWith('2 / 2')")
    page.wait_for_timeout(500)
    second = slide_sizes(page)
    assert second["rows"] == 4 and "逾期未整改（截至2021年第四季度末）" in second["text"]
    assert second["smallest"] >= 22 and second["outside"] == 0 and second["overflow"] == 0
    look(page, tmp_path, "slide-rectification-1920")
    page.get_by_role("button", name="下一张").click()  # round again: the next three highlights
    page.wait_for_function("document.querySelector('.present-progress').textContent.startsWith('1 / 2')")
    page.wait_for_timeout(500)
    assert "第 2/5 组" in slide_sizes(page)["text"]
    page.close()
