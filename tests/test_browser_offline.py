"""Nothing leaves the machine (intranets have no internet), and a fresh server's first paint is the frame."""

from urllib.parse import urlsplit

import pytest
from browser import Server, navigation_paths, require_chromium

from liangsaibi.store import db

pytestmark = pytest.mark.browser

PASSWORD = "离线-2026"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_chromium()
    running = Server(tmp_path_factory.mktemp("offline") / "liangsaibi.duckdb", LIANGSAIBI_ADMIN_PASSWORD=PASSWORD)
    yield running
    running.stop()


@pytest.fixture
def outside_requests(browser, server):
    """A browser tab whose every request to a host other than the server is refused and listed."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    refused = []
    own = urlsplit(server.url).netloc

    def route(request_route):
        if urlsplit(request_route.request.url).netloc == own:
            request_route.continue_()
        else:
            refused.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    yield page, refused
    context.close()


def settle(page) -> None:
    """Wait until the page has run and drawn (Streamlit's running indicator gone), then a moment for icons."""
    page.locator('[data-testid="stMainBlockContainer"] [data-testid="stElementContainer"]').filter(
        visible=True
    ).first.wait_for(timeout=30_000)
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"] button')", timeout=30_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)


def test_the_menu_read_from_dashboard_py_holds_every_page():
    assert {
        "": "总览",
        "compare": "街道对比",
        "present": "大屏演示",
        "admin": "数据管理",
    }.items() <= navigation_paths().items()


def test_no_page_of_the_menu_asks_any_host_but_the_dashboard(outside_requests, server):
    page, refused = outside_requests
    for path, title in navigation_paths().items():
        page.goto(f"{server.url}/{path}?quarter=2021Q4")
        settle(page)
        assert refused == [], f"{title} (/{path}) 请求了外部地址"


def slide_kinds() -> list[str]:
    """The meeting screen's slide names, the keys of SHOW in pages/present.py (slides added later are covered)."""
    import ast

    tree = ast.parse((db.ROOT / "pages" / "present.py").read_text(encoding="utf-8"))
    (show,) = [
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign) and any(getattr(target, "id", None) == "SHOW" for target in node.targets)
    ]
    return [ast.literal_eval(key) for key in show.keys]


@pytest.mark.parametrize("slide", slide_kinds())
def test_no_slide_of_the_meeting_screen_asks_any_host_but_the_dashboard(outside_requests, server, slide):
    page, refused = outside_requests
    page.goto(f"{server.url}/present?quarter=2021Q4&slides={slide}&every=600")
    page.locator('.st-key-present-slide').wait_for(timeout=30_000)
    settle(page)
    page.get_by_role("button", name="下一张").click()
    settle(page)
    assert refused == []


def test_the_browser_tab_shows_the_dashboards_own_icon(browser, server):
    page = browser.new_page()
    page.goto(f"{server.url}/?quarter=2021Q4")
    settle(page)
    icon = page.locator('link[rel~="icon"]').first.get_attribute("href")
    assert urlsplit(icon).netloc in ("", urlsplit(server.url).netloc)
    response = page.request.get(icon if "//" in icon else f"{server.url}/{icon.lstrip('/')}")
    assert response.ok and response.body() == (db.ROOT / "liangsaibi" / "frame" / "icon.png").read_bytes()
    page.close()


# Records, before anything is painted, every link's text and whether Streamlit's own page list was shown.
RECORD_LINKS = r"""
window.linksSeen = new Set(); window.legacyNavSeen = false;
new MutationObserver(() => {
  for (const link of document.querySelectorAll("a"))
    for (const line of link.innerText.split("\n")) window.linksSeen.add(line.trim());
  if (document.querySelector('[data-testid="stSidebarNav"], [data-testid="stSidebarNavItems"]')) window.legacyNavSeen = true;
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


@pytest.mark.parametrize("path", ["", "trend"])
def test_the_first_paint_of_a_fresh_server_is_the_frame_not_streamlits_english_page_list(browser, tmp_path, path):
    require_chromium()
    cold = Server(tmp_path / "fresh.duckdb")  # no database yet, no run yet: the very first request
    try:
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.add_init_script(RECORD_LINKS)
        page.goto(f"{cold.url}/{path}?quarter=2021Q4")
        page.get_by_role("link", name="街道对比").wait_for(timeout=30_000)
        settle(page)
        files = {file.stem for file in (db.ROOT / "pages").glob("*.py")} | {"dashboard"}
        seen = set(page.evaluate("[...window.linksSeen]"))
        assert not page.evaluate("window.legacyNavSeen")
        assert seen & files == set()
        assert set(navigation_paths(hidden=False).values()) <= seen  # the menu, drawn
        page.close()
    finally:
        cold.stop()
