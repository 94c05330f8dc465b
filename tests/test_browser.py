"""What only a browser shows: deep links on a cold server, the URL following the filters, downloads, clicks."""

import subprocess
import sys
from urllib.parse import unquote, urlsplit

import pytest
from browser import Server, require_chromium, wait_for_charts
from playwright.sync_api import expect

from liangsaibi.store import db

pytestmark = pytest.mark.browser

# url path → (menu title, number of charts the page draws for 2021Q4 with no street chosen)
PAGES = {
    "": ("总览", 1),
    "compare": ("街道对比", 3),
    "trend": ("趋势", 2),
    "commitments": ("承诺事项", 1),
    "street": ("街道详情", 0),
    "admin": ("数据管理", 0),
}


@pytest.fixture
def cold_server(tmp_path):
    require_chromium()
    with Server(tmp_path / "fresh.duckdb") as server:  # does not exist yet: the dashboard builds it from the demo data
        yield server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_chromium()
    with Server(tmp_path_factory.mktemp("warm") / "liangsaibi.duckdb") as running:
        yield running


def open_page(browser, url, tmp_path=None):
    page = browser.new_page(viewport={"width": 1440, "height": 900}, accept_downloads=True)
    page.goto(url)
    return page


@pytest.mark.parametrize("path", PAGES)
def test_a_deep_link_on_a_cold_server_shows_the_whole_frame_and_the_pages_charts(browser, cold_server, tmp_path, path):
    title, charts = PAGES[path]
    page = open_page(browser, f"{cold_server.url}/{path}?quarter=2021Q4")
    page.get_by_role("heading", name=title, exact=True).first.wait_for(timeout=30_000)
    if charts:
        wait_for_charts(page, charts)
    for menu in ("总览", "街道对比", "趋势", "承诺事项", "街道详情", "大屏演示", "数据管理"):
        assert page.get_by_role("link", name=menu).count() >= 1
    assert page.get_by_role("combobox", name="季度").input_value() == "2021年第四季度"
    assert page.get_by_text("示例数据").count() >= 1 and page.get_by_text("数据截至2026年第三季度").count() == 1
    assert page.evaluate("location.href").endswith(f"/{path}?quarter=2021Q4")
    page.screenshot(path=tmp_path / f"{path or 'overview'}-2021Q4.png")
    page.close()


def test_deep_links_opened_together_on_a_cold_server_each_show_the_whole_frame(browser, cold_server, tmp_path):
    # A meeting's phones open their links together just after a restart: every run that Streamlit's legacy pages/
    # mode sends straight to a page file goes through the frame, also when another viewer's run has left that mode
    # for the process meanwhile (such a page said 数据库中还没有评分数据, without menu or filters).
    paths = ["compare", "trend", "commitments", "street", "compare", "trend"]
    pages = [browser.new_page(viewport={"width": 1440, "height": 900}) for _ in paths]
    for path, page in zip(paths, pages):  # all at once: a navigation started, not waited for
        page.evaluate(
            "url => setTimeout(() => { location.href = url; }, 0)", f"{cold_server.url}/{path}?quarter=2021Q4"
        )
    for number, (path, page) in enumerate(zip(paths, pages)):
        # The first run builds the demo database while six viewers wait: a fresh CI machine needs more than 30 s.
        heading = page.get_by_role("heading", name=PAGES[path][0], exact=True).first
        try:
            heading.wait_for(timeout=120_000)
        finally:
            page.screenshot(path=tmp_path / f"together-{number}-{path}.png")
        assert heading.is_visible(), page.inner_text("body")[:500]
        assert page.get_by_text("数据库中还没有评分数据").count() == 0, path
        assert page.get_by_role("combobox", name="季度").input_value() == "2021年第四季度", path
        assert page.get_by_role("link", name="大屏演示").count() >= 1, path
        page.close()


def test_changing_the_quarter_puts_it_in_the_url(browser, server):
    page = open_page(browser, f"{server.url}/?quarter=2021Q4")
    wait_for_charts(page)
    page.get_by_role("combobox", name="季度").click()
    page.get_by_role("option", name="2022年第一季度").click()
    page.get_by_text("2022年第一季度街道排名").wait_for()
    assert "quarter=2022Q1" in page.evaluate("location.href")
    page.close()


def address(page) -> str:
    """The address bar after the host, as a person reads it (Chinese decoded)."""
    link = urlsplit(page.url)
    return unquote(f"{link.path}?{link.query}")


def test_the_address_bar_holds_the_key_of_the_quarter_shown_so_a_copied_link_opens_the_same_view(browser, server):
    page = open_page(browser, f"{server.url}/?quarter=2021年第四季度")
    page.get_by_text("2021年第四季度街道排名").wait_for(timeout=30_000)
    page.wait_for_function("location.search === '?quarter=2021Q4'")
    assert address(page) == "/?quarter=2021Q4"
    assert page.get_by_role("combobox", name="季度").input_value() == "2021年第四季度"  # words on screen, key in URL
    page.get_by_role("link", name="趋势").first.click()
    page.wait_for_function("location.pathname.endsWith('/trend')")
    page.wait_for_function("location.search === '?quarter=2021Q4'")
    page.goto(f"{server.url}/compare?quarter=2021-Q4&street=须水街道")
    page.get_by_text("2021年第四季度街道 × 指标得分").wait_for(timeout=30_000)
    page.wait_for_function("location.search.includes('quarter=2021Q4')")
    assert address(page) == "/compare?quarter=2021Q4&street=须水街道"
    # A mistyped quarter: the page says which it shows instead, and the address bar holds that one.
    page.goto(f"{server.url}/trend?quarter=2019Q1")
    page.get_by_text("链接中的季度“2019Q1”没有评分数据").wait_for(timeout=30_000)
    page.wait_for_function("location.search === '?quarter=2026Q3'")
    # the sentence stays with the quarter shown (the frame writes the address before the page below is drawn: wait)
    expect(page.get_by_text("下面显示最新的2026年第三季度")).to_have_count(1)
    page.get_by_role("combobox", name="季度").click()
    page.get_by_role("option", name="2022年第一季度").click()
    page.wait_for_function("location.search === '?quarter=2022Q1'")
    expect(page.get_by_text("链接中的季度")).to_have_count(0)
    page.goto(f"{server.url}/street")  # no quarter given: the one shown is written, so a copy still opens it
    page.wait_for_function("location.search === '?quarter=2026Q3'", timeout=30_000)
    page.close()


@pytest.mark.parametrize("width", [1280, 1440])
def test_the_overview_cards_show_whole_street_names(browser, server, width):
    # 2021Q4's most improved street is 中原西路街道: six characters in the cards' big type.
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{server.url}/?quarter=2021Q4")
    wait_for_charts(page)
    values = page.locator("[data-testid=stMetricValue] [data-testid=stMarkdownContainer]")  # cut off with an ellipsis
    assert "中原西路街道" in values.all_inner_texts()
    cut = values.evaluate_all(
        "texts => texts.filter(text => text.scrollWidth > text.clientWidth).map(text => text.innerText)"
    )
    assert cut == []
    page.close()


def test_narrowing_the_commitment_list_puts_it_in_the_url_and_leaving_the_page_drops_it(browser, server):
    page = open_page(browser, f"{server.url}/commitments?quarter=2021Q4&street=须水街道")
    wait_for_charts(page)
    page.locator("[data-testid=stButtonGroup] button", has_text="逾期").click()
    page.wait_for_function("decodeURIComponent(location.href).includes('list-status=逾期')")
    assert "quarter=2021Q4" in page.evaluate("location.href")
    page.get_by_role("link", name="总览").first.click()
    page.get_by_text("2021年第四季度街道排名").wait_for()
    assert "list-status" not in page.evaluate("location.href")
    page.close()


def test_the_ranking_csv_download_has_a_bom_and_equals_the_command_line_export(browser, server, tmp_path):
    page = open_page(browser, f"{server.url}/?quarter=2021Q4")
    wait_for_charts(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="街道排名 CSV").click()
    assert download.value.suggested_filename == "街道排名_2021Q4.csv"
    downloaded = tmp_path / "download.csv"
    download.value.save_as(downloaded)
    exported = subprocess.run(
        [sys.executable, "-m", "liangsaibi", "export", "ranking", "--quarter", "2021Q4", "-o", "-"],
        cwd=db.ROOT,
        env=server.environment,
        capture_output=True,
        check=True,
    ).stdout
    assert downloaded.read_bytes().startswith(b"\xef\xbb\xbf")
    assert downloaded.read_bytes() == exported
    page.close()


def test_clicking_a_streets_bar_opens_its_street_detail(browser, server, tmp_path):
    page = open_page(browser, f"{server.url}/?quarter=2021Q4")
    wait_for_charts(page)
    bars = page.locator(".js-plotly-plot .bars .point path")
    boxes = [bars.nth(i).bounding_box() for i in range(bars.count())]
    top = min(boxes, key=lambda box: box["y"])  # the best street's bar is drawn on top: 建设路街道 in 2021Q4
    page.mouse.click(top["x"] + top["width"] / 2, top["y"] + top["height"] / 2)
    page.wait_for_function("location.pathname.endsWith('/street')", timeout=15_000)
    assert "street=%E5%BB%BA%E8%AE%BE%E8%B7%AF%E8%A1%97%E9%81%93" in page.evaluate("location.href")  # 建设路街道
    assert page.get_by_role("combobox", name="街道").input_value() == "建设路街道"
    assert page.get_by_role("combobox", name="季度").input_value() == "2021年第四季度"
    page.screenshot(path=tmp_path / "street-after-click.png")
    page.close()
