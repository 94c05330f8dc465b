"""Printing a page (Ctrl+P) gives clean A4 sheets: the page's content only, scaled to the sheet, charts whole."""

import io
import unicodedata

import pandas as pd
import pytest
from browser import Server, require_chromium, wait_for_charts

from liangsaibi.store.build import SAMPLE

pytestmark = pytest.mark.browser

A4_POINTS = (595.92, 842.88)
FRAME_TEXT = [
    "亮赛比看板",
    "亮承诺 · 赛实绩 · 比干劲",
    "示例数据：分数为虚构",
    "数据截至",
    "评分说明",  # the sidebar
    "街道对比",
    "大屏演示",
    "数据管理",  # the menu
    "CSV",
    "Excel",
]  # the download buttons


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_chromium()
    with Server(tmp_path_factory.mktemp("print") / "liangsaibi.duckdb") as running:
        yield running


def printed(browser, url: str, width: int = 1440) -> list[str]:
    """The page printed to PDF as Chromium prints it on A4, as the text of each sheet."""
    from pypdf import PdfReader

    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(url)
    wait_for_charts(page, timeout=90_000)  # a shared machine under load draws slowly
    page.wait_for_timeout(1000)
    reader = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    page.close()
    for sheet in reader.pages:
        assert (float(sheet.mediabox.width), float(sheet.mediabox.height)) == pytest.approx(A4_POINTS, abs=1)
    # The CJK font maps some characters to their compatibility forms (⼤ for 大): read them as written.
    return [unicodedata.normalize("NFKC", sheet.extract_text()) for sheet in reader.pages]


@pytest.mark.parametrize("width", [1280, 1920])
def test_the_overview_prints_on_at_most_three_a4_sheets_without_sidebar_menu_or_buttons(browser, server, width):
    sheets = printed(browser, f"{server.url}/?quarter=2021Q4", width)
    assert 1 <= len(sheets) <= 3, f"{len(sheets)} 页"
    text = "\n".join(sheets)
    assert [words for words in FRAME_TEXT if words in text] == []
    assert "总览" in sheets[0] and "2021年第四季度街道排名" in sheets[0] and "红黑榜" in text


def test_the_ranking_chart_is_printed_whole_on_one_sheet_scaled_to_its_width(browser, server):
    sheets = printed(browser, f"{server.url}/?quarter=2021Q4", 1920)
    streets = pd.read_csv(SAMPLE / "units.csv", encoding="utf-8-sig")["街道"].unique()
    (chart_sheet,) = [sheet for sheet in sheets if "总分(百分制)" in sheet]  # NFKC: （） read as ()
    assert all(street in chart_sheet for street in streets)
    # The axis runs to 100 and the leader's bar carries its total: a chart cut at the sheet's edge loses both.
    assert "0 20 40 60 80 100" in chart_sheet
