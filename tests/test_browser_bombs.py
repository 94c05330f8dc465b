"""The worst XLSX upload on 数据管理 (2 KB, its only cell at the last row and column: the Excel reader would
ask for about 512 GiB and abort the process) is refused in one sentence, while another viewer's 总览 draws and
the server lives on."""

import asyncio
import time
import urllib.request

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, Server, require_chromium

from benchmarks import bombs

pytestmark = pytest.mark.browser

PASSWORD = "口令-2026"
CHART = "document.querySelectorAll('.js-plotly-plot .main-svg').length >= 1"


@pytest.fixture
def admin_server(tmp_path):
    require_chromium()
    server = Server(tmp_path / "bombs.duckdb", LIANGSAIBI_ADMIN_PASSWORD=PASSWORD)
    yield server
    server.stop()


async def upload_and_view(server, bomb, tmp_path) -> tuple[str, list[tuple[float, float]], float]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        admin, viewer = await bombs.admin_and_viewer(chromium, server.url, PASSWORD)
        uploader = admin.get_by_label("选择 CSV 或 XLSX 文件").get_by_test_id(
            "stFileUploaderDropzoneInput"
        )  # the import's, not the 题库's
        answered, draws = asyncio.Event(), []

        async def overview_until_answered():
            # The other viewer opens 总览 again and again until the upload has its answer (at least once).
            while not draws or not answered.is_set():
                started = time.monotonic()
                await viewer.goto(f"{server.url}/")
                await viewer.wait_for_function(CHART, timeout=60_000)
                draws.append((started, time.monotonic()))

        async def upload():
            await uploader.set_input_files(str(bomb))
            await admin.get_by_text("不能导入").wait_for(timeout=60_000)
            answered.set()
            return time.monotonic()

        viewing = asyncio.create_task(overview_until_answered())
        answered_at = await upload()
        await viewing
        problem = admin.locator("[data-testid=stDataFrame] td").filter(has_text="far.xlsx").first
        await problem.wait_for(state="attached")
        sentence = await admin.locator("[data-testid=stDataFrame] table").first.text_content()
        await admin.screenshot(path=tmp_path / "bomb-refused.png")
        await viewer.screenshot(path=tmp_path / "overview-meanwhile.png")
        await chromium.close()
    return sentence, draws, answered_at


def test_the_worst_xlsx_is_refused_in_one_sentence_while_others_see_the_overview(admin_server, tmp_path):
    bomb = tmp_path / "far.xlsx"
    bomb.write_bytes(bombs.far_cell_xlsx())
    assert bomb.stat().st_size < 8000
    sentence, draws, answered_at = asyncio.run(upload_and_view(admin_server, bomb, tmp_path))
    assert "far.xlsx" in sentence and "1,048,576 行 × 16,384 列" in sentence and "超过上限" in sentence
    assert draws  # 总览 drew for the other viewer, its first opening begun while the bomb was being uploaded
    assert draws[0][0] < answered_at
    assert admin_server.process.poll() is None
    assert urllib.request.urlopen(f"{admin_server.url}/_stcore/health", timeout=10).read() == b"ok"
