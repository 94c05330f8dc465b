"""deploy/: two Streamlit processes on one database behind nginx (the site in deploy/nginx-liangsaibi.conf, run
from a temp folder on loopback ports): a page opened through nginx draws, and an import made through one process
is seen by a meeting screen served by the other without a reload. Behind the same site: the admin door counts
attempts against the address nginx saw, whatever headers a client sends; the security headers; no rater token in
the access log."""

import http.cookiejar
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pandas as pd
import pytest
from browser import Server, launch_browser, log_in, require_chromium, wait_for_charts

from liangsaibi.live import sessions
from liangsaibi.ops import login
from liangsaibi.store import db
from liangsaibi.store.build import build_database

pytestmark = pytest.mark.browser

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SITE = db.ROOT / "deploy" / "nginx-liangsaibi.conf"
THEMES_2026 = {
    "党建引领": 10,
    "创新举措": 5,
    "工作成效": 10,
    "阵地建设": 5,
    "承诺践诺": 10,
    "集中攻坚": 5,
    "党务知识": 50,
}


def require_nginx() -> None:
    """Skip when nginx is absent, except under CI, where .ci/run installs it."""
    if not os.path.exists(NGINX):
        if os.environ.get("CI") == "true":
            pytest.fail("CI 上必须有 nginx（apt-get install nginx）")
        pytest.skip("no nginx on this machine")


def free_port(first: int = 18800, last: int = 18899) -> int:
    for port in range(first, last + 1):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue
    raise RuntimeError("no free port for nginx")


def nginx_config(folder, listen: int, backends: list[int]) -> str:
    """The deployed site with test ports, inside a minimal nginx.conf that keeps every file in `folder`; each
    response names the process that served it (X-Upstream), so the test knows where nginx sent it."""
    site = SITE.read_text(encoding="utf-8")
    site = re.sub(r"    server 127\.0\.0\.1:850\d;\n", "", site)
    hashed = "    hash $liangsaibi_process consistent;\n"
    site = site.replace(hashed, hashed + "".join(f"    server 127.0.0.1:{port};\n" for port in backends))
    site = site.replace("listen 80;", f"listen 127.0.0.1:{listen};")
    site = site.replace("/var/log/nginx/liangsaibi.access.log", f"{folder}/access.log")
    site = site.replace(
        "proxy_pass http://liangsaibi;",
        "proxy_pass http://liangsaibi;\n        add_header X-Upstream $upstream_addr always;",
    )
    temp = "".join(
        f"    {kind}_temp_path {folder}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"daemon off;\nworker_processes 1;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
        f"events {{}}\nhttp {{\n    access_log off;\n{temp}{site}\n}}\n"
    )


class Nginx:
    """deploy/'s nginx site in front of the given Streamlit ports, run by this user from a folder of its own (the
    test below, and benchmarks/load.py's --nginx mode)."""

    def __init__(self, folder: Path, backends: list[int], port: int):
        (folder / "nginx.conf").write_text(nginx_config(folder, port, backends), encoding="utf-8")
        self.process = subprocess.Popen(
            [NGINX, "-c", str(folder / "nginx.conf"), "-p", str(folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self.url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2)
                return
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    said = self.process.stderr.read() if self.process.poll() is not None else ""
                    raise RuntimeError(f"nginx did not start: {said}") from None
                time.sleep(0.2)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def two_behind_nginx(tmp_path):
    require_chromium()
    require_nginx()
    database = tmp_path / "shared.duckdb"
    first = Server(database, LIANGSAIBI_ADMIN_PASSWORD="口令-2026")  # builds the demo database
    second = Server(database, LIANGSAIBI_ADMIN_PASSWORD="口令-2026")
    proxy = Nginx(tmp_path, [first.port, second.port], free_port())
    yield proxy.url, first, second
    proxy.stop()
    first.stop()
    second.stop()


def served_by(url: str, opener=None) -> int:
    """The port of the process that answered (a new client each time, unless given an opener keeping its cookies)."""
    answer = (opener or urllib.request.build_opener()).open(url, timeout=10)
    return int(answer.headers["X-Upstream"].rsplit(":", 1)[1])


def test_a_browser_stays_with_one_process_and_viewers_from_one_address_are_spread_over_both(two_behind_nginx):
    # At a meeting every phone reaches the server from the room's one Wi-Fi address: the site keeps each browser with
    # the process it first reached (by the cookie nginx gives it), not all of them with one process by their address.
    url, first, second = two_behind_nginx
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    kept = served_by(f"{url}/", browser)
    assert {served_by(f"{url}/{path}", browser) for path in ("", "trend", "_stcore/health", "")} == {kept}
    assert {served_by(f"{url}/") for _ in range(20)} == {first.port, second.port}  # 20 phones, one address


def test_an_import_through_one_process_reaches_a_meeting_screen_served_by_the_other_through_nginx(
    two_behind_nginx, tmp_path
):
    from playwright.sync_api import sync_playwright

    url, first, second = two_behind_nginx
    sheet = tmp_path / "省五建社区_2026Q3.csv"
    rows = [f"2026Q3,建设路街道,省五建社区,{theme},评分人1,{score}" for theme, score in THEMES_2026.items()]
    sheet.write_text("季度,街道,村(社区),指标,评分人,得分\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with sync_playwright() as playwright:
        browser = launch_browser(playwright)
        screen = browser.new_page(viewport={"width": 1600, "height": 900})
        screen.goto(f"{url}/present?quarter=2026Q3&slides=ranking&every=5")
        # The screen's process: the one answering its browser's requests (they carry the cookie its first one got).
        viewer_port = int(screen.request.get(f"{url}/_stcore/health").headers["x-upstream"].rsplit(":", 1)[1])
        other = first if viewer_port == second.port else second
        wait_for_charts(screen, timeout=90_000)
        before = screen.locator(".js-plotly-plot").inner_text()
        screen.screenshot(path=tmp_path / "nginx-present-before.png")
        clerk = browser.new_page(viewport={"width": 1440, "height": 1000})
        clerk.goto(f"{other.url}/admin")
        clerk.get_by_role("textbox", name="管理员姓名").fill("李文书")
        clerk.get_by_label("管理员密码").fill("口令-2026")
        clerk.get_by_role("button", name="登录").click()
        clerk.get_by_label("选择 CSV 或 XLSX 文件").get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
            str(sheet)
        )
        clerk.get_by_role("button", name="确认导入").click(timeout=60_000)
        clerk.get_by_text("导入完成").wait_for(timeout=60_000)
        # The screen's slide timer reruns its fragment, which reads the new file: no reload, no click. While a rerun
        # redraws the slide there may be no chart for a moment: that is not yet the change.
        screen.wait_for_function(
            "text => (chart => chart !== null && chart.innerText !== text)(document.querySelector('.js-plotly-plot'))",
            arg=before,
            timeout=60_000,
        )
        screen.screenshot(path=tmp_path / "nginx-present-after.png")
        after = screen.locator(".js-plotly-plot").inner_text()
        browser.close()
    exported = subprocess.run(
        [sys.executable, "-m", "liangsaibi", "export", "ranking", "--quarter", "2026Q3"],
        cwd=db.ROOT,
        env=first.environment,
        capture_output=True,
        check=True,
    )
    ranking = pd.read_csv(io.BytesIO(exported.stdout), encoding="utf-8-sig").set_index("街道")
    total = f"{ranking.loc['建设路街道', '总分']:.2f}"  # the street's new total, as the database now has it
    assert total in after and total not in before


@pytest.fixture(scope="module")
def one_behind_nginx(tmp_path_factory):
    """One process behind deploy/'s site, on a demo database with a 现场评分 session: (url, database, nginx's folder)."""
    require_chromium()
    require_nginx()
    folder = tmp_path_factory.mktemp("nginx")
    database = folder / "door.duckdb"
    build_database(database)
    server = Server(database, LIANGSAIBI_ADMIN_PASSWORD="口令-2026")
    proxy = Nginx(folder, [server.port], free_port())
    yield proxy.url, database, folder
    proxy.stop()
    server.stop()


def test_headers_a_client_writes_do_not_choose_the_address_its_wrong_passwords_count_against(one_behind_nginx):
    # Each attempt claims another address in X-Forwarded-For and X-Real-IP; nginx saw 127.0.0.1 (本机) every time.
    from playwright.sync_api import sync_playwright

    url, database, _ = one_behind_nginx
    with sync_playwright() as playwright:
        browser = launch_browser(playwright)
        for attempt, password in enumerate([f"猜错{n}" for n in range(5)] + ["口令-2026"]):
            claimed = f"10.20.30.{40 + attempt}"
            context = browser.new_context(extra_http_headers={"X-Forwarded-For": claimed, "X-Real-IP": claimed})
            page = context.new_page()
            page.goto(f"{url}/admin")
            log_in(page, password, name="冒充者")
            page.get_by_text("密码不对" if attempt < 4 else "后再试").wait_for(timeout=30_000)
            context.close()
        browser.close()
    logged = login.attempts(database)
    assert [row[1:3] for row in logged] == [("本机", "失败")] * 5 + [("本机", "拒绝")]


def test_nginx_sends_security_headers_hides_its_version_and_logs_no_rater_token(one_behind_nginx):
    from playwright.sync_api import sync_playwright

    url, database, folder = one_behind_nginx
    _, tokens = sessions.create("2021Q4", [("建设路街道", "中心医院社区")], ["党建引领"], [("张三", "")], main=database)
    answer = urllib.request.urlopen(f"{url}/", timeout=10)
    assert answer.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert answer.headers["Content-Security-Policy"] == "frame-ancestors 'self'"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Server"] == "nginx"  # no version
    with sync_playwright() as playwright:
        browser = launch_browser(playwright)
        phone = browser.new_page(viewport={"width": 390, "height": 844})
        phone.goto(f"{url}/score?token={tokens['张三']}")
        phone.get_by_text("评分人：张三").wait_for(timeout=30_000)
        browser.close()
    logged = (folder / "access.log").read_text(encoding="utf-8")
    assert '"GET /score HTTP/1.1" 200' in logged  # the rater's visit is there, without its link
    assert tokens["张三"] not in logged and "token=" not in logged
