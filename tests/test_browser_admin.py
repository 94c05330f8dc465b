"""The clerk's import in a browser: log in, upload, read the preview, commit, see the new data and the history."""

import io
import subprocess
import sys
import time

import pandas as pd
import pytest
from browser import Server, launch_browser, log_in, require_chromium

from liangsaibi.store import db

pytestmark = pytest.mark.browser

THEMES_2026 = {
    "党建引领": 10,
    "创新举措": 5,
    "工作成效": 10,
    "阵地建设": 5,
    "承诺践诺": 10,
    "集中攻坚": 5,
    "党务知识": 50,
}


@pytest.fixture
def admin_server(tmp_path):
    require_chromium()
    with Server(tmp_path / "admin.duckdb", LIANGSAIBI_ADMIN_PASSWORD="口令-2026") as server:
        yield server


def test_upload_preview_commit_then_the_overview_shows_the_new_scores(admin_server, tmp_path):
    from playwright.sync_api import sync_playwright

    sheet = tmp_path / "省五建社区_2026Q3.csv"
    # Without 评分人: the sheet replaces each theme of the unit whole (one naming raters would keep the others').
    rows = [f"2026Q3,建设路街道,省五建社区,{theme},{score}" for theme, score in THEMES_2026.items()]
    sheet.write_text("季度,街道,村(社区),指标,得分\n" + "\n".join(rows) + "\n", encoding="gbk")
    with sync_playwright() as playwright:
        browser = launch_browser(playwright)
        page = browser.new_page(viewport={"width": 1440, "height": 1000})
        page.goto(f"{admin_server.url}/?quarter=2026Q3")
        average_before = page.get_by_test_id("stMetricValue").first.inner_text()
        page.get_by_role("link", name="数据管理").click()
        log_in(page, "口令-2026")
        page.get_by_label("选择 CSV 或 XLSX 文件").get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
            str(sheet)
        )  # the import's (数据管理 has the 题库's too)
        page.get_by_text("检查通过").wait_for(timeout=30_000)
        page.get_by_text("将被替换的得分").wait_for()
        page.get_by_text("将替换 2026年第三季度 建设路街道 省五建社区 党建引领 评分人 评分人1、").wait_for()
        page.get_by_text("将被删除、没有新得分替代的得分").wait_for()
        page.screenshot(path=tmp_path / "admin-preview.png")
        page.get_by_role("button", name="确认导入").click()
        try:
            page.get_by_text("导入完成（第").wait_for(timeout=30_000)  # the demo holds several imports already
        finally:
            page.screenshot(path=tmp_path / "admin-after-commit.png")
        # The uploader is emptied once the rerun after the import has drawn the page again.
        page.wait_for_function("document.querySelectorAll('[data-testid=stFileChipName]').length === 0", timeout=15_000)
        page.get_by_role("link", name="总览").click()
        page.get_by_test_id("stMetricValue").first.wait_for()
        assert page.get_by_test_id("stMetricValue").first.inner_text() != average_before
        page.screenshot(path=tmp_path / "overview-after-import.png")
        browser.close()
    # Every theme at half its 满分 gives the unit exactly 50.00.
    exported = subprocess.run(
        [sys.executable, "-m", "liangsaibi", "export", "units", "--street", "建设路街道", "--quarter", "2026Q3"],
        cwd=db.ROOT,
        env=admin_server.environment,
        capture_output=True,
        check=True,
    )
    units = pd.read_csv(io.BytesIO(exported.stdout), encoding="utf-8-sig").set_index("村(社区)")
    assert units.loc["省五建社区", "总分"] == 50.00


def test_a_wrong_password_is_refused_and_no_upload_is_offered(admin_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_browser(playwright)
        page = browser.new_page()
        page.goto(f"{admin_server.url}/admin")
        log_in(page, "猜一个", name="某人")
        page.get_by_text("密码不对").wait_for()
        assert page.locator('input[type="file"]').count() == 0
        browser.close()


def test_five_wrong_passwords_in_a_browser_lock_it_out_and_the_log_has_its_address(admin_server, tmp_path):
    from playwright.sync_api import sync_playwright

    from liangsaibi.ops import login

    def logged() -> list[tuple]:
        return login.attempts(tmp_path / "admin.duckdb")

    with sync_playwright() as playwright:
        browser = launch_browser(playwright)
        page = browser.new_page()
        page.goto(f"{admin_server.url}/admin")
        for attempt, password in enumerate([f"猜错{n}" for n in range(5)] + ["口令-2026"]):
            log_in(page, password, name="某人")
            deadline = time.monotonic() + 30
            while len(logged()) <= attempt and time.monotonic() < deadline:  # the server has taken this attempt
                time.sleep(0.2)
            page.get_by_text("密码不对" if attempt < 4 else "后再试").wait_for()
        page.screenshot(path=tmp_path / "admin-locked.png")
        assert page.locator('input[type="file"]').count() == 0
        browser.close()
    # localhost: Streamlit gives no address (behind nginx: test_deploy)
    assert [row[1:3] for row in logged()] == [("本机", "失败")] * 5 + [("本机", "拒绝")]
