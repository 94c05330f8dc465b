"""What a visitor reads in Chromium: no None, NaN or undefined anywhere on any page (tables are drawn on a
canvas, so the text drawn there is read too), and a link's unknown values named on the page."""

import re

import pytest
from browser import Server, log_in, require_chromium, wait_for_charts

from liangsaibi.ops import login

pytestmark = pytest.mark.browser

# Every string a canvas draws (st.dataframe's cells) is kept, so that the test reads what the eye sees.
RECORD_CANVAS_TEXT = """
window.__drawn = [];
const fill = CanvasRenderingContext2D.prototype.fillText;
CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
    window.__drawn.push(String(text));
    return fill.call(this, text, ...rest);
};
"""
NOT_WORDS = re.compile(r"None|NaN|undefined|(?<![A-Za-z])nan(?![A-Za-z])|null")
# 2021Q1 is the demo's first quarter: no 环比, no rank change, no 同比 anywhere.
# link → number of charts it draws.
PAGES = {
    "?quarter=2021Q1": 1,
    "?quarter=2021Q1&theme=党建引领": 1,
    "compare?quarter=2021Q1": 3,
    "trend?quarter=2021Q1": 2,
    "commitments?quarter=2021Q1": 1,
    "street?quarter=2021Q1": 0,
    "street?quarter=2021Q1&street=汝河路街道": 2,
    "street?quarter=2021Q1&street=汝河路街道&theme=党建引领": 2,
}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_chromium()
    with Server(
        tmp_path_factory.mktemp("wording") / "liangsaibi.duckdb", **{login.PASSWORD_VARIABLE: "口令"}
    ) as running:
        yield running


def visible_text(page) -> str:
    page.wait_for_timeout(1500)  # the tables' canvases draw after the charts
    return page.inner_text("body") + "\n" + "\n".join(page.evaluate("window.__drawn"))


def open_page(browser, url):
    page = browser.new_page(viewport={"width": 1440, "height": 2400})
    page.add_init_script(RECORD_CANVAS_TEXT)
    page.goto(url)
    return page


@pytest.mark.parametrize("link", PAGES)
def test_no_page_shows_none_or_nan_in_a_quarter_without_a_previous_one(browser, server, link):
    page = open_page(browser, f"{server.url}/{link}")
    page.get_by_text("数据截至").first.wait_for(timeout=60_000)
    if PAGES[link]:
        wait_for_charts(page, PAGES[link], timeout=90_000)  # the machine is shared: a chart may take 20 s
    text = visible_text(page)
    assert NOT_WORDS.findall(text) == []
    assert "2021年第一季度" in text or "还没有选定街道" in text
    page.close()


def test_the_import_history_shows_no_none(browser, server):
    page = open_page(browser, f"{server.url}/admin")
    log_in(page, "口令")
    page.get_by_role("tab", name="导入历史").click()
    page.get_by_text("撤销哪一次导入").wait_for()
    text = visible_text(page)
    assert NOT_WORDS.findall(text) == []
    assert "评分表" in text and "承诺清单" in text
    page.close()


def test_a_link_with_an_unknown_street_and_a_lower_case_quarter_opens_saying_so(browser, server):
    page = open_page(browser, f"{server.url}/street?quarter=2021q4&street=无此街道")
    page.get_by_text("链接中的街道“无此街道”不在本区的街道中，下面显示全部街道。").wait_for(timeout=60_000)
    assert page.get_by_role("combobox", name="季度").input_value() == "2021年第四季度"
    assert page.get_by_role("combobox", name="街道").input_value() == ""
    page.close()


def test_a_link_with_an_unknown_quarter_names_the_quarter_shown_instead(browser, server):
    page = open_page(browser, f"{server.url}/trend?quarter=2019Q1")
    page.get_by_text("链接中的季度“2019Q1”没有评分数据").wait_for(timeout=60_000)
    assert "下面显示最新的2026年第三季度" in page.inner_text("body")
    assert page.get_by_role("combobox", name="季度").input_value() == "2026年第三季度"
    page.close()
