"""No English word in the product, Streamlit's own widgets included (liangsaibi/chinese.js rewrites them): every
page of the menu, every tab of 数据管理 after logging in, and a rater's form, in headless Chromium."""

import pytest
from browser import Server, log_in, navigation_paths, require_chromium

from liangsaibi.live import sessions
from liangsaibi.store.build import build_database

pytestmark = pytest.mark.browser
ALLOWED = ["CSV", "XLSX", "Word", "Excel", "WPS", "QR"]
# Words a person meets: visible text (not the ligatures of icon glyphs, drawn as pictures), and what a screen
# reader or a tooltip says (aria-label, title, placeholder, alt). Addresses and file paths (/present?live=1)
# are not words, nor a quiz's answer letters (多选如 ABD: options A–F).
ENGLISH = """allowed => {
  const found = {};
  const note = (text, where) => {
    for (const word of text.replace(/\\S*[\\/?=]\\S*/g, "").match(/[A-Za-z]{2,}/g) || [])
      if (!allowed.includes(word) && !/^[A-F]+$/.test(word)) found[word] = where + ": " + text.trim().slice(0, 60);
  };
  const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = texts.nextNode(); node; node = texts.nextNode()) {
    const element = node.parentElement;
    if (!element || element.closest("script, style") || getComputedStyle(element).fontFamily.includes("Material")) continue;
    const box = element.getBoundingClientRect();
    if (box.width && box.height && getComputedStyle(element).visibility !== "hidden") note(node.nodeValue, "text");
  }
  for (const element of document.querySelectorAll("[aria-label], [title], [placeholder], [alt]"))
    for (const name of ["aria-label", "title", "placeholder", "alt"])
      if (element.hasAttribute(name)) note(element.getAttribute(name), name);
  return found;
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_chromium()
    path = tmp_path_factory.mktemp("chinese") / "liangsaibi.duckdb"
    build_database(path)
    _, tokens = sessions.create("2021Q4", [("建设路街道", "中心医院社区")], ["党建引领"], [("张三", "")], main=path)
    with Server(path, LIANGSAIBI_ADMIN_PASSWORD="口令-2026") as running:
        running.token = tokens["张三"]
        yield running


def english(page) -> dict[str, str]:
    page.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for(timeout=60_000)
    page.wait_for_timeout(800)  # the widgets drawn after the run (tables' toolbars, charts' modebars)
    for table in page.locator("[data-testid=stDataFrame]:visible").all()[:1]:  # the toolbar shows on hover
        table.scroll_into_view_if_needed()
        table.hover()
        page.wait_for_timeout(300)
    return page.evaluate(ENGLISH, ALLOWED)


def test_no_page_tab_or_form_shows_an_english_word(browser, server):
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    found = {}
    for path, title in navigation_paths(hidden=False).items():
        page.goto(f"{server.url}/{path}?quarter=2021Q4")
        page.locator("[data-testid=stMain] [data-testid=stElementContainer]:visible").first.wait_for(timeout=60_000)
        found[title] = english(page)
    assert page.get_by_test_id("stMainMenu").count() == 0  # Streamlit's own menu (⋮), English, is not offered
    page.goto(f"{server.url}/admin")
    log_in(page, "口令-2026")
    page.get_by_role("button", name="选择文件").wait_for(timeout=30_000)  # the uploader's "Upload"
    for tab in page.get_by_role("tab").all():
        tab.click()
        found[f"数据管理 · {tab.inner_text()}"] = english(page)
    page.goto(f"{server.url}/score?token={server.token}")
    page.get_by_text("评分人：张三").wait_for(timeout=60_000)
    found["评分表"] = english(page)
    assert {where: words for where, words in found.items() if words} == {}
    page.close()
