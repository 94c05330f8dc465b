"""Names are text, never markup: streets, units, themes, notes and the district holding Markdown links and images,
emphasis, HTML and LaTeX show on every page and slide as typed, and nothing links or loads from another host."""

import os
import tempfile
import urllib.parse
from pathlib import Path

import pytest
from browser import Server, launch_browser, require_chromium, wait_for_charts
from fixtures import publish_scored

from liangsaibi.bulletin import remarks
from liangsaibi.intake import imports
from liangsaibi.store.build import build_database

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(tempfile.gettempdir()) / "names-screenshots"  # looked at by hand, never asserted
SCREENSHOTS.mkdir(exist_ok=True)

LINK = "[点我](http://evil.example/a)街道"
IMAGE = "![图](http://127.0.0.9/i.png)街道"
# Plotly reads HTML and character references in chart text, Streamlit :shortcodes: and :colour[…] in labels
# (names are stored without spaces, so no <a href> or <span style> can be made of one).
ANCHOR = "<a/href='http://evil.example/s'>链</a>&amp;<br>街道"
UNITS = {
    ANCHOR: [":smile:社区", ":red[警告]<i>斜</i>社区"],
    LINK: ["*强调*社区", "<img/src=http://127.0.0.9/u.png>社区"],
    IMAGE: ["$x^2$村", "<b>粗</b>:red[红]社区"],
}  # scored in this order, the last best
BOLD = "<b>粗</b><sup>上</sup>&lt;指标"
THEMES = {"[指](http://evil.example/t)标": 50, "$\\frac{1}{2}$指标": 30, BOLD: 20}
NOTE = "![备注](http://127.0.0.9/n.png)<a/href=http://evil.example>链</a>"
DISTRICT = "**二七**[区](http://evil.example/d)"
REMARK = "见http://evil.example/r和[点](http://evil.example/q)"  # a 点评 on the bulletin: a bare link too
SEARCH = "[搜](http://evil.example/l)"  # typed into 比学's search, kept in its URL


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    require_chromium()
    path = tmp_path_factory.mktemp("names") / "names.duckdb"
    build_hostile(path)
    server = Server(path)
    yield server
    server.stop()


def build_hostile(path):
    """A database whose every name, note and the district are written as markup."""
    build_database(path, empty=True, district=DISTRICT)
    units = "街道,村(社区),类型\n" + "".join(
        f"{s},{u},{'村' if u.endswith('村') else '社区'}\n" for s, names in UNITS.items() for u in names
    )
    rubric = "年度,指标,权重,满分\n" + "".join(f"2026,{t},{w},100\n" for t, w in THEMES.items())
    scores = "季度,街道,村(社区),指标,评分人,得分\n" + "".join(
        f"{q},{s},{u},{t},甲,{60 + 10 * i + 5 * j}\n"
        for q in ("2026Q1", "2026Q2")
        for i, (s, names) in enumerate(UNITS.items())
        for j, u in enumerate(names)
        for t in THEMES
    )
    pledges = "年度,街道,村(社区),承诺事项,承诺时限,完成日期,备注\n" + "".join(
        f"2026,{s},{names[0]},\"建成*示范*点\",2026Q2,,{NOTE}\n" for s, names in UNITS.items()
    )
    imports.import_files(
        [
            (n, d.encode())
            for n, d in (("units.csv", units), ("rubric.csv", rubric), ("scores.csv", scores), ("pledges.csv", pledges))
        ],
        path,
        operator="测试",
    )
    publish_scored(path)
    previous = os.environ.get("LIANGSAIBI_DB")
    os.environ["LIANGSAIBI_DB"] = str(path)  # the remarks are read before they are written, from this database
    try:
        remarks.set_remarks("2026Q2", {LINK: REMARK}, path, operator="测试")
    finally:
        os.environ.pop("LIANGSAIBI_DB") if previous is None else os.environ.update(LIANGSAIBI_DB=previous)


def pages():
    street, theme = urllib.parse.quote(LINK), urllib.parse.quote(next(iter(THEMES)))
    # address, what must be read on it as typed, how many charts it draws, what its charts must show as typed
    yield "/", [LINK, IMAGE, ANCHOR], 1, [LINK, IMAGE, ANCHOR]
    yield f"/compare?theme={theme}", [LINK], 3, [ANCHOR, BOLD]
    yield f"/trend?theme={theme}&street={street}", [next(iter(THEMES)), LINK], 2, [LINK, ANCHOR]
    yield f"/commitments?street={street}", ["承诺清单"], 1, []  # the notes are in a table, drawn on a canvas as text
    yield (
        f"/street?street={street}",
        ["街道详情 · " + LINK, *UNITS[LINK]],
        2,
        UNITS[LINK],
    )  # the units: the heatmap's rows
    yield (
        f"/street?street={urllib.parse.quote(ANCHOR)}",
        ["街道详情 · " + ANCHOR, *UNITS[ANCHOR], BOLD],
        2,
        [*UNITS[ANCHOR], BOLD],
    )
    yield "/street", [LINK, IMAGE, ANCHOR], 0, []
    yield "/bulletin?quarter=2026Q2", [REMARK], 0, []
    yield f"/learn?learn-search={urllib.parse.quote(SEARCH)}", [SEARCH], 0, []
    for slide in ("title", "ranking", "heatmap", "trend", "commitments", "boards", "streets"):
        charted = slide in ("ranking", "heatmap", "trend")
        yield (
            f"/present?quarter=2026Q2&slides={slide}&every=600",
            {"title": [DISTRICT], "streets": [IMAGE]}.get(slide, [LINK]),
            int(charted),
            [ANCHOR] if charted else [],
        )


@pytest.mark.parametrize("address, shown, charts, plotted", list(pages()))
def test_every_page_and_slide_shows_names_as_typed_with_no_outside_link_image_or_request(
    hostile_server, address, shown, charts, plotted
):
    from playwright.sync_api import sync_playwright

    outside = []
    with sync_playwright() as playwright:
        browser = launch_browser(playwright)
        page = browser.new_page(viewport={"width": 1440, "height": 1000})
        page.on(
            "request",
            lambda request: (
                outside.append(request.url)
                if urllib.parse.urlsplit(request.url).hostname not in ("127.0.0.1", None)
                else None
            ),
        )
        page.goto(hostile_server.url + address)
        page.wait_for_function(
            "document.body.innerText.includes('数据截至') || document.querySelector('.present-progress')",
            timeout=60_000,
        )
        wait_for_charts(page, charts, timeout=60_000)
        page.wait_for_timeout(3000)  # charts and images that would load from outside get the time to ask
        links = page.evaluate("""[...document.querySelectorAll('a')].map(a => a.getAttribute('href')
                                   || a.getAttribute('xlink:href') || '')""")
        images = page.evaluate(
            "[...document.querySelectorAll('img, image')].map(i => i.getAttribute('src') || i.getAttribute('href') || '')"
        )
        # What the eye reads: the page's text and the charts' SVG text; the invisible joiner that breaks bare links.
        plots = page.evaluate("[...document.querySelectorAll('.js-plotly-plot')].map(p => p.textContent).join(' ')")
        text = (page.locator("body").inner_text() + plots).replace("\u2060", "")
        # Plotly draws <a href> in a text as an SVG link, <b>, <i> and <sup> as styled tspans (without the tags).
        marked = page.evaluate(
            "document.querySelectorAll('.js-plotly-plot a, .js-plotly-plot tspan[style*=\"bold\"], "
            ".js-plotly-plot tspan[style*=\"italic\"], .js-plotly-plot tspan[style*=\"70%\"]').length"
        )
        if plotted:
            page.screenshot(
                path=SCREENSHOTS / f"names{address.replace('/', '_').replace('?', '_')[:80]}.png", full_page=True
            )
        browser.close()
    assert marked == 0
    for name in plotted:
        assert name in plots
    assert outside == []
    assert [
        link
        for link in links
        if link.startswith(("http", "//", "javascript")) and not link.startswith(hostile_server.url)
    ] == []
    assert [image for image in images if not image.startswith(("data:", "blob:", "/", hostile_server.url))] == []
    for name in shown:
        assert name in text
