"""现场评分 in a browser: the administrator creates a session, three raters score on phones (390×844, separate
contexts), the meeting screen counts and then shows results without a reload, the server is killed and comes back
with every submission, the administrator closes; the quarter's ranking and export hold the scores; undo restores.

Screenshots (rater form, QR sheet, live slide) go to $LIANGSAIBI_SCREENSHOTS when set, else the test's temp folder.
"""

import io
import os
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from browser import Server, launch_browser, require_chromium
from fixtures import round2
from import_support import tables

from liangsaibi.live import closing, screen as live_screen, sessions
from liangsaibi.store import db, store
from liangsaibi.store.build import SAMPLE, build_database

pytestmark = pytest.mark.browser

PASSWORD = "口令-现场"
THEMES = ["党建引领", "创新举措", "工作成效"]
# Two units, each rater's scores of 党建引领, 创新举措, 工作成效; 王五 changes 党建引领 of unit 1 from 14 to 15.
GIVEN = {
    "张三": [(18, 9, 17), (16, 8, 15)],
    "李四": [(17, 8.5, 18), (15.5, 7, 16)],
    "王五": [(14, 9.5, 16), (17, 6, 14)],
}
CHANGED = ("王五", 0, (15, 9.5, 16))
UNITS = ["省五建社区", "市场街社区"]  # the first two of 建设路街道 in roster order (data/sample/units.csv)


def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("LIANGSAIBI_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def expected_units(live: dict[str, list[tuple]]) -> dict[str, float]:
    """建设路街道's 2021Q4 unit totals from the demo CSV with the live scores replacing, on those units' three themes,
    the scores of the session's raters and none other's (docs/导入格式.md: a sheet naming raters replaces theirs)."""
    scores = pd.read_csv(SAMPLE / "scores.csv", encoding="utf-8-sig").query("季度 == '2021Q4' and 街道 == '建设路街道'")
    rubric = pd.read_csv(SAMPLE / "rubric.csv", encoding="utf-8-sig").query("年度 == 2021").set_index("指标")
    replaced = scores["村(社区)"].isin(UNITS) & scores["指标"].isin(THEMES) & scores["评分人"].isin([*live, ""])
    rows = [
        ("2021Q4", "建设路街道", UNITS[u], theme, rater, score)
        for rater, units in live.items()
        for u, given in enumerate(units)
        for theme, score in zip(THEMES, given)
    ]
    scores = pd.concat([scores[~replaced], pd.DataFrame(rows, columns=scores.columns)])
    theme = scores.groupby(["村(社区)", "指标"])["得分"].mean().reset_index()
    theme["权重"] = theme["指标"].map(rubric["权重"])
    theme["加权"] = theme["权重"] * theme["得分"] / theme["指标"].map(rubric["满分"]) * 100
    unit = theme.groupby("村(社区)")[["加权", "权重"]].sum()
    return {name: round2(total) for name, total in (unit["加权"] / unit["权重"]).items()}


def score_unit(page, position: int, values: tuple, times: int = 1) -> None:
    form = page.locator('[data-testid="stForm"]').nth(position)
    for i, value in enumerate(values):
        form.locator("input").nth(i).fill(f"{value:g}")
    form.get_by_role("button", name="修改后重新提交" if times > 1 else "提交").click()
    said = f"已提交（第 {times} 次提交，以最后一次为准）。" if times > 1 else "已提交。评分结束前仍可修改"
    form.get_by_text(said).wait_for(timeout=20_000)
    form.get_by_role("button", name="修改后重新提交").wait_for()


def login(page, url: str) -> None:
    page.goto(f"{url}/admin")
    page.get_by_role("textbox", name="管理员姓名").fill("李文书")  # the door asks who made each change
    page.get_by_label("管理员密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("tab", name="现场评分").click()


def create_session(page) -> list[str]:
    quarter = page.get_by_role("textbox", name="季度")
    quarter.fill("2021Q4")
    quarter.press("Enter")
    page.wait_for_timeout(1500)  # the themes offered follow the quarter's year once the page has run again
    page.locator('[data-testid="stSelectbox"]').filter(has_text="选定后按名单顺序").click()
    page.get_by_role("option", name="建设路街道").click()
    page.get_by_label("评分人：每行一位").fill("张三 观摩团\n李四 街道党工委\n王五")
    page.get_by_role("textbox", name="评分人手机访问看板的地址").fill(
        "http://192.168.1.10:8501"
    )  # the links' paths are used here
    page.get_by_role("button", name="建立评分场次").click()
    page.get_by_text("A4 二维码打印页").wait_for(timeout=30_000)
    codes = page.locator("code", has_text="/score?token=")
    codes.nth(2).wait_for(timeout=10_000)
    return [text.strip() for text in codes.all_inner_texts()]


@pytest.fixture
def database(tmp_path):
    require_chromium()
    path = tmp_path / "live.duckdb"
    build_database(path)
    return path


def test_a_session_from_creation_to_undo_in_the_browser(database, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    before = tables(database)
    folder = shots(tmp_path)
    server = Server(database, LIANGSAIBI_ADMIN_PASSWORD=PASSWORD)
    try:
        with sync_playwright() as playwright:
            browser = launch_browser(playwright)
            admin = browser.new_page(viewport={"width": 1280, "height": 1000})
            login(admin, server.url)
            links = dict(zip(GIVEN, ("/score?" + link.split("/score?", 1)[1] for link in create_session(admin))))
            with admin.expect_download() as download:
                admin.get_by_text("A4 二维码打印页").click()
            sheet = folder / "live-qr-sheet.html"
            download.value.save_as(sheet)
            printed = browser.new_page(viewport={"width": 794, "height": 1123})
            printed.goto(sheet.as_uri())
            assert printed.locator("svg").count() == 3 and "王五" in printed.inner_text("body")
            printed.screenshot(path=folder / "live-qr-sheet.png", full_page=True)
            session_id = closing_session_id(database)

            screen_link = admin.locator("code", has_text="/present?live=").inner_text().strip()
            screen = browser.new_page(viewport={"width": 1920, "height": 1080})
            screen.goto(f"{server.url}/present?" + screen_link.split("/present?", 1)[1])
            expect(screen.locator(".live-count")).to_have_text("已评 0 / 3", timeout=20_000)
            screen.evaluate("window.notReloaded = true")

            phones = {}
            for count, (rater, units) in enumerate(GIVEN.items(), 1):
                phones[rater] = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
                phones[rater].goto(server.url + links[rater])
                score_unit(phones[rater], 0, units[0])
                expect(screen.locator(".live-count")).to_have_text(f"已评 {count} / 3", timeout=2_500)
            expect(screen.get_by_role("heading", name="各指标得分")).to_be_visible(timeout=2_500)
            rater, position, values = CHANGED
            score_unit(phones[rater], position, values, times=2)
            expect(screen.locator("tbody").first).to_contain_text(
                "16.67", timeout=2_500
            )  # 党建引领 (18 + 17 + 15) / 3, was 16.33
            screen.screenshot(path=folder / "live-slide.png")
            # The host's key moves the room on; a phone follows without losing what was typed and not submitted.
            typed = phones["李四"].locator('[data-testid="stForm"]').nth(2).locator("input").first
            typed.fill("12,5")
            screen.keyboard.press("ArrowRight")
            expect(screen.locator(".live-unit")).to_contain_text(UNITS[1], timeout=10_000)
            phones["李四"].get_by_text(f"现在评：第 2 个 {UNITS[1]}").wait_for(timeout=10_000)
            phones["李四"].wait_for_timeout(2_500)  # another tick of the phone's follow
            assert typed.input_value() == "12,5"
            screen.screenshot(path=folder / "live-slide-next-unit.png")
            for rater, units in GIVEN.items():
                score_unit(phones[rater], 1, units[1])
            phones["张三"].screenshot(path=folder / "live-rater-form.png")
            assert screen.evaluate("window.notReloaded") is True
            expect(screen.locator(".live-count")).to_have_text("已评 3 / 3", timeout=2_500)
            browser.close()

        # Killed mid-session and started again: every submission is still there.
        os.kill(server.process.pid, signal.SIGKILL)
        server.process.wait()
        assert len(closing.audit(session_id, database).drop_duplicates("序号")) == 7
        server = Server(database, LIANGSAIBI_ADMIN_PASSWORD=PASSWORD)
        with sync_playwright() as playwright:
            browser = launch_browser(playwright)
            phone = browser.new_page(viewport={"width": 390, "height": 844})
            phone.goto(server.url + links["李四"])
            expect(phone.get_by_text("✓ 已提交")).to_have_count(2, timeout=20_000)
            admin = browser.new_page(viewport={"width": 1280, "height": 1000})
            login(admin, server.url)
            admin.get_by_text("预览导入").click()
            admin.get_by_text("评分人不全（").wait_for(timeout=30_000)  # the street's other units were not scored
            admin.get_by_text("评分人不全也结束").click()
            admin.get_by_role("button", name="确认结束并导入").click()
            admin.get_by_text(f"第 {session_id} 场现场评分已结束").wait_for(timeout=30_000)
            phone.goto(server.url + links["李四"])
            phone.get_by_text(sessions.ENDED).wait_for(timeout=20_000)
            assert "党建引领" not in phone.inner_text("body") and phone.locator("input").count() == 0
            browser.close()
    finally:
        server.stop()

    history = store.history(database)
    assert history["文件"].iloc[-1] == f"现场评分_第{session_id}场.csv" and history["行数"].iloc[-1] == 18
    live = {rater: list(units) for rater, units in GIVEN.items()}
    live[CHANGED[0]][CHANGED[1]] = CHANGED[2]
    exported = subprocess.run(
        [sys.executable, "-m", "liangsaibi", "export", "units", "--street", "建设路街道", "--quarter", "2021Q4"],
        cwd=db.ROOT,
        env=server.environment,
        capture_output=True,
        check=True,
    )
    units = pd.read_csv(io.BytesIO(exported.stdout), encoding="utf-8-sig").set_index("村(社区)")["总分"].to_dict()
    assert units == pytest.approx(expected_units(live), abs=1e-9)
    ranking = db.run("street_units", path=database, quarter="2021Q4", street="建设路街道")
    assert ranking.set_index("村(社区)")["总分"].to_dict() == pytest.approx(expected_units(live), abs=1e-9)
    store.undo(int(history["编号"].iloc[-1]), database, operator="测试")
    db.close_all()
    assert tables(database) == before


def closing_session_id(database) -> int:
    from liangsaibi.live import ledger

    return int(ledger.run("sessions", database)["session_id"].max())


def test_a_wrong_or_revoked_link_shows_one_sentence_and_no_data(database):
    from playwright.sync_api import sync_playwright

    session_id, tokens = sessions.create(
        "2021Q4", [("建设路街道", "中心医院社区")], THEMES, [("张三", ""), ("李四", "")], main=database
    )
    sessions.revoke(session_id, 2, database)
    server = Server(database)
    try:
        with sync_playwright() as playwright:
            browser = launch_browser(playwright)
            page = browser.new_page(viewport={"width": 390, "height": 844})
            for token, sentence in (
                ("wrong-" + tokens["张三"], sessions.INVALID_LINK),
                (tokens["李四"], sessions.REVOKED_LINK),
                ("", sessions.INVALID_LINK),
            ):
                page.goto(f"{server.url}/score?token={token}")
                page.get_by_text(sentence).wait_for(timeout=20_000)
                body = page.locator('[data-testid="stMain"]').inner_text()
                assert body.strip() == sentence
                assert page.locator('[data-testid="stSidebar"]').is_hidden()
            page.goto(f"{server.url}/score?token={tokens['张三']}")
            page.get_by_text("评分人：张三").wait_for(timeout=20_000)
            assert (
                page.locator('[data-testid="stSidebar"]').is_hidden()
                and not page.get_by_role("link", name="总览").is_visible()
            )
            browser.close()
    finally:
        server.stop()


def test_a_live_slide_in_the_slides_rotation_counts_submissions_without_a_reload(database, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    from liangsaibi.live import submissions

    session_id, tokens = sessions.create(
        "2021Q4",
        [("建设路街道", unit) for unit in UNITS],
        THEMES,
        [("张三", ""), ("李四", "")],
        name="第四季度 建设路街道比学交流会",
        main=database,
    )
    server = Server(database)
    try:
        with sync_playwright() as playwright:
            browser = launch_browser(playwright)
            page = browser.new_page(viewport={"width": 1600, "height": 900})
            page.goto(f"{server.url}/present?quarter=2021Q4&slides=live,ranking&every=600")
            page.get_by_text(live_screen.LOCKED).wait_for(timeout=30_000)  # no score without the screen link
            link = sessions.issue_screen_link(session_id, database)
            page.goto(f"{server.url}/present?quarter=2021Q4&slides=live,ranking&every=600&screen={link}")
            expect(page.locator(".live-count")).to_have_text("已评 0 / 2", timeout=30_000)
            expect(page.locator(".present-progress")).to_contain_text("1 / 2 · 现场评分")
            expect(page.locator(".present-subtitle").first).to_contain_text("第四季度 建设路街道比学交流会")
            expect(page.locator(".live-unit")).to_contain_text(UNITS[0])
            page.evaluate("window.notReloaded = true")
            submissions.submit(tokens["张三"], 1, {"党建引领": 18, "创新举措": 9, "工作成效": 17}, database)
            expect(page.locator(".live-count")).to_have_text("已评 1 / 2", timeout=10_000)
            submissions.submit(tokens["李四"], 1, {"党建引领": 16, "创新举措": 8, "工作成效": 15}, database)
            expect(page.get_by_role("heading", name="各指标得分")).to_be_visible(timeout=10_000)
            expect(page.locator("tbody").first).to_contain_text("17.00")  # 党建引领 (18 + 16) / 2
            page.screenshot(path=shots(tmp_path) / "live-slide-in-rotation.png")
            assert page.evaluate("window.notReloaded") is True
            page.get_by_role("button", name="下一张").click()
            expect(page.locator(".present-progress")).to_contain_text("2 / 2 · 街道排名", timeout=10_000)
            browser.close()
    finally:
        server.stop()
