"""Every screen reads right: a leader's phone (390×844, touch) opening a shared link, and the meeting wall at
1280×720, 1920×1080 and 3840×2160, measured by the boxes the browser lays out."""

import pytest
from browser import Server, require_chromium, wait_for_charts

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_chromium()
    with Server(tmp_path_factory.mktemp("screens") / "liangsaibi.duckdb") as running:
        yield running


def test_a_phone_shows_the_quarter_compact_cards_and_the_chart_in_the_first_half_screen(browser, server, tmp_path):
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page.goto(f"{server.url}/?quarter=2021Q4")
    wait_for_charts(page, timeout=60_000)
    page.wait_for_timeout(500)
    page.screenshot(path=tmp_path / "phone-overview.png")
    chart = page.locator(".js-plotly-plot").first.bounding_box()
    assert chart["y"] < 844 / 2, chart  # the ranking starts within the first half-screen
    cards = [box["height"] for box in (card.bounding_box() for card in page.get_by_test_id("stMetric").all())]
    assert len(cards) == 4 and max(cards) < 90, cards  # 140 px in the desktop style
    # no plotly toolbar over the legend: a touch screen has no hover to hide it behind
    toolbars = page.evaluate("[...document.querySelectorAll('.modebar-container')].map(bar => bar.offsetHeight)")
    assert toolbars and set(toolbars) == {0}
    quarter = page.get_by_test_id("stMain").get_by_role("combobox", name="季度")  # the sidebar is folded away
    assert quarter.is_visible() and quarter.bounding_box()["y"] < 120 and quarter.input_value() == "2021年第四季度"
    quarter.click()
    page.get_by_role("option", name="2022年第一季度").click()
    page.get_by_text("2022年第一季度街道排名").wait_for()
    page.wait_for_function("location.search === '?quarter=2022Q1'")
    page.close()


WALL = """() => {
  const plot = document.querySelector('.st-key-present-slide .js-plotly-plot');
  const box = e => e.getBoundingClientRect();
  const legend = box(plot.querySelector('.legend'));
  const points = [...plot.querySelectorAll('.scatterlayer .point')].map(box);
  const touching = points.filter(p => p.left < legend.right && p.right > legend.left && p.top < legend.bottom && p.bottom > legend.top);
  const drawn = box(plot.querySelector('.main-svg'));
  const controls = box(document.querySelector('.st-key-present-controls'));
  return {touching: touching.length, points: points.length, legendBottom: legend.bottom, topPoint: Math.min(...points.map(p => p.top)),
          tick: box(plot.querySelector('.xtick text')).height, legendText: box(plot.querySelector('.legend text')).height,
          right: drawn.right, bottom: drawn.bottom, controls: controls.top};
}"""


@pytest.mark.parametrize("width, height", [(1280, 720), (1920, 1080), (3840, 2160)])
def test_the_meeting_walls_trend_keeps_its_legend_off_the_lines_and_its_type_grows_with_the_screen(
    browser, server, tmp_path, width, height
):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(f"{server.url}/present?quarter=2021Q4&slides=trend&every=600")  # 建设路街道's line runs along the top
    wait_for_charts(page, timeout=60_000)
    page.wait_for_timeout(800)
    page.screenshot(path=tmp_path / f"wall-trend-{width}.png")
    measured = page.evaluate(WALL)
    assert measured["points"] == 6 * 4 and measured["touching"] == 0, measured
    assert measured["legendBottom"] < measured["topPoint"], measured
    # type in proportion to the screen, as the slide's own text: 37 px lines of tick and legend text at 1080 lines
    for text in ("tick", "legendText"):
        assert measured[text] / height == pytest.approx(37 / 1080, rel=0.1), (text, measured)
    assert measured["right"] <= width and measured["bottom"] <= measured["controls"], measured  # on the screen
    page.close()
