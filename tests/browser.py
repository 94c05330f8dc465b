"""Headless Chromium against a real `streamlit run`: a server fixture and a page fixture."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from liangsaibi.store import db

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def require_chromium() -> None:
    """Skip when Chromium is absent, except under CI, where browser tests must run."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail("CI 上必须有 Chromium（apt-get install chromium fonts-noto-cjk）")
        pytest.skip("no Chromium on this machine")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_healthy(url: str, seconds: float = 60) -> None:
    """Wait until the Streamlit server at `url` answers its health check."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("streamlit did not become healthy")


class Server:
    """A `streamlit run dashboard.py` on a free port with its own database; cold until first request."""

    def __init__(self, database, script: str = "dashboard.py", port: int | None = None, **environment):
        self.port = port or _free_port()  # a shared machine's benchmarks keep to their own ports
        self.url = f"http://127.0.0.1:{self.port}"
        self.environment = environment = {**os.environ, "LIANGSAIBI_DB": str(database), **environment}
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                script,
                "--server.headless=true",
                f"--server.port={self.port}",
                "--server.address=127.0.0.1",
                "--server.fileWatcherType=none",
            ],
            cwd=db.ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_healthy(self.url)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *failure) -> None:
        self.stop()


def log_in(page, password: str, name: str = "李文书") -> None:
    """Fill the admin door of 数据管理 (the page must be open at it) and press 登录."""
    page.get_by_role("textbox", name="管理员姓名").fill(name)
    page.get_by_label("管理员密码").fill(password)
    page.get_by_role("button", name="登录").click()


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for a test module."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_browser(playwright)
        yield chromium
        chromium.close()


def launch_browser(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def wait_for_charts(page, count: int = 1, timeout: float = 30_000) -> None:
    """Wait until `count` plotly charts have drawn their SVG."""
    page.wait_for_function(f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {count}", timeout=timeout)


def navigation_paths(hidden: bool = True) -> dict[str, str]:
    """Every page of the frame as url path → title, read from dashboard.py's MENU and its other st.Page calls (the
    hidden ones), so that a page added is covered by the tests that go through every page; hidden=False leaves out
    pages kept out of the menu."""
    import ast

    tree = ast.parse((db.ROOT / "dashboard.py").read_text(encoding="utf-8"))
    menu = next(
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "MENU"
    )
    paths = {("" if i == 0 else file.removesuffix(".py")): title for i, (file, title, *_) in enumerate(menu)}
    for call in ast.walk(tree):
        if isinstance(call, ast.Call) and getattr(call.func, "attr", None) == "Page" and hidden:
            options = {k.arg: k.value.value for k in call.keywords if isinstance(k.value, ast.Constant)}
            if options.get("visibility") == "hidden":
                paths[options["url_path"]] = options["title"]
    return paths
