"""What only a browser shows: a cold server opened by a deep link draws the chosen quarter's ranking."""
import pytest

from browser import Server, launch_browser, require_chromium, wait_for_charts

pytestmark = pytest.mark.browser


@pytest.fixture
def cold_server(tmp_path):
    require_chromium()
    server = Server(tmp_path / "fresh.duckdb")  # does not exist yet: the dashboard builds it from the demo data
    yield server
    server.stop()


def test_a_deep_link_on_a_cold_server_draws_the_ranking_of_that_quarter(cold_server, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_browser(playwright)
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(f"{cold_server.url}/?quarter=2021Q4")
        wait_for_charts(page)
        page.get_by_text("2021Q4 街道排名").wait_for()
        assert "quarter=2021Q4" in page.url
        assert page.get_by_role("combobox", name="季度").input_value() == "2021Q4"
        bars = page.locator(".js-plotly-plot .bars .point")
        assert bars.count() == 6
        assert page.get_by_text("示例数据").count() >= 1
        page.screenshot(path=tmp_path / "home-2021Q4.png")
        browser.close()
    assert (tmp_path / "home-2021Q4.png").stat().st_size > 10_000
