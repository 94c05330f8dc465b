"""党务知识测试 on a phone (390×844) in Chromium against a running server: the paper from the link, answers saved as
they are given (a reload keeps them), nothing wider than the screen, 交卷 once, then the person's own result only.

Screenshots go to $LIANGSAIBI_SCREENSHOTS when set, else the test's temp folder."""

import os
import shutil
from pathlib import Path

import pytest
from browser import Server
from import_support import csv_file
from playwright.sync_api import expect
from test_quiz_sitting import PEOPLE, QUESTIONS

from liangsaibi.quiz import bank, results, sittings
from liangsaibi.store import db

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


@pytest.fixture(scope="module")
def quiz_server(demo_template, tmp_path_factory):
    database = tmp_path_factory.mktemp("quiz") / "demo.duckdb"
    shutil.copyfile(demo_template, database)
    bank.import_bank("题库.csv", csv_file(QUESTIONS), database)
    people = sittings.participants_of("参测人员.csv", csv_file(PEOPLE), database)
    ids = bank.bank(database).question_id.tolist()
    test_id, tokens = sittings.create("2021Q4", people, fixed=ids, main=database)
    db.close_all()
    with Server(database) as server:
        yield server, database, test_id, tokens


def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("LIANGSAIBI_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_a_phone_answers_reloads_without_loss_submits_once_and_then_sees_only_its_result(
    browser, quiz_server, tmp_path
):
    server, database, test_id, tokens = quiz_server
    page = browser.new_context(**PHONE).new_page()
    page.goto(f"{server.url}/quiz?token={tokens[1]}")
    page.get_by_text("张甲 · 中心医院社区 · 共 4 题 10 分 · 限时 30 分钟").wait_for(timeout=30_000)
    assert page.locator("#quiz-left").inner_text() in ("30:00", "29:59", "29:58")
    page.get_by_text("B. 乙").first.click()
    page.wait_for_timeout(800)
    for option in ("A. 甲", "C. 丙"):  # 二题 (多选), ticked one by one
        page.locator('[data-testid="stCheckbox"]').filter(has_text=option).first.click()
        page.wait_for_timeout(800)
    page.screenshot(path=shots(tmp_path) / "quiz_phone_paper.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    page.wait_for_timeout(1500)
    stored = results.state(test_id, database).answers
    assert dict(zip(stored.number, stored.given)) == {1: "B", 2: "AC"}
    page.reload()
    page.get_by_text("张甲 · 中心医院社区").wait_for(timeout=30_000)
    # The questions are drawn a moment after the heading: wait for them, then count what is ticked.
    page.get_by_text("C. 丙").first.wait_for(timeout=30_000)
    expect(page.locator('input[type="radio"]:checked')).to_have_count(1, timeout=10_000)
    expect(page.locator('input[type="checkbox"]:checked')).to_have_count(2, timeout=10_000)
    page.get_by_text("确认交卷（未答的题按 0 分计）").click()
    page.get_by_text("还有 2 题未答。").wait_for(timeout=30_000)
    page.get_by_role("button", name="交卷").click()
    page.get_by_text("您的成绩：").wait_for(timeout=30_000)
    page.screenshot(path=shots(tmp_path) / "quiz_phone_result.png")
    body = page.inner_text("body")
    assert "20.00" in body and "得 2 / 10 分" in body  # 一题 2 marks of 10; AC of ACD earns nothing (strict)
    assert page.locator('input[type="radio"]').count() == 0 and "交卷" not in body.replace("已交卷", "")
    page.reload()
    page.get_by_text("您的成绩：").wait_for(timeout=30_000)  # the link never shows the form again
    other = browser.new_context(**PHONE).new_page()
    other.goto(f"{server.url}/quiz?token=wrong{tokens[2]}")
    other.get_by_text("此测试链接无效").wait_for(timeout=30_000)
    assert "20.00" not in other.inner_text("body")
