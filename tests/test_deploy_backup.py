"""deploy/'s nightly backup as systemd runs it: the timer's service (deploy/liangsaibi-backup.service) read as systemd
reads it, its ExecStart run as a throwaway non-root system user with the variables of a root-only environment file,
while a dashboard process of that user holds the database open in a browser session. The backup lands in a folder
named by the date, the dated folders older than 30 days go, the others stay, and the copy checks whole.

The test's Python and the work tree may sit where no other user can reach (/root): inside a private mount namespace
both are bound under a temp folder the service user can read, which stands for /opt/liangsaibi and the venv."""

import datetime
import os
import pwd
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from browser import _free_port, launch_browser, require_chromium, wait_for_charts, wait_healthy

from liangsaibi.ops import check
from liangsaibi.store import db
from liangsaibi.store.build import build_database

pytestmark = pytest.mark.browser

DEPLOY = db.ROOT / "deploy"
INSTALLED = "/opt/liangsaibi"
SYSTEMD_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def require_root() -> None:
    """Skip unless root (a system user is made), except under CI, which runs as root."""
    if os.geteuid() != 0:
        if os.environ.get("CI") == "true":
            pytest.fail("CI 以 root 运行，须能建一个临时的系统用户来运行备份")
        pytest.skip("needs root to make a throwaway system user")


def unit_settings(unit: Path) -> dict[str, str]:
    """The Key=Value lines of a unit file (continuation lines joined), as systemd reads them."""
    text = unit.read_text(encoding="utf-8").replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines()]
    return dict(line.split("=", 1) for line in lines if "=" in line and not line.startswith(("#", ";")))


def environment_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines of an EnvironmentFile, quotes around a value removed, as systemd reads it (as root)."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith(("#", ";")):
            key, value = line.split("=", 1)
            found[key.strip()] = value.strip()[1:-1] if value.strip()[:1] in "'\"" else value.strip()
    return found


class ServiceUser:
    """A throwaway system user, and how to run a command as it (with this test's Python and work tree bound where
    it can reach them, as /opt/liangsaibi and its .venv are on a server)."""

    def __init__(self, top: Path):
        self.name = f"lsb{os.getpid()}"
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", self.name], check=True
        )
        self.entry = pwd.getpwnam(self.name)
        self.python_home, self.install = top / "python", top / "opt"
        self.python_home.mkdir()
        self.install.mkdir()
        self.python = str(self.python_home / Path(sys.executable).relative_to(sys.prefix))

    def command(self, argv: list[str], cwd: str, environment: dict[str, str]) -> list[str]:
        binds = f"mount --bind {shlex.quote(sys.prefix)} {shlex.quote(str(self.python_home))} && " + (
            f"mount --bind {shlex.quote(str(db.ROOT))} {shlex.quote(str(self.install))} && "
        )
        variables = " ".join(shlex.quote(f"{key}={value}") for key, value in environment.items())
        as_user = f"setpriv --reuid={self.entry.pw_uid} --regid={self.entry.pw_gid} --init-groups env -i {variables}"
        script = f"{binds}cd {shlex.quote(cwd)} && exec {as_user} {shlex.join(argv)}"
        return ["unshare", "--mount", "sh", "-c", script]

    def remove(self) -> None:
        subprocess.run(["userdel", self.name], check=True)


@pytest.fixture
def server_machine():
    """A temp folder laid out like the server (state, backups, a root-only /etc/liangsaibi.env) and the user."""
    require_root()
    require_chromium()
    if sys.prefix != sys.base_prefix:
        pytest.skip("the test binds the interpreter's own folder; inside a venv it would need the base one too")
    top = Path(tempfile.mkdtemp(prefix="liangsaibi-deploy-", dir="/tmp"))
    top.chmod(0o755)
    user = ServiceUser(top)
    state, backups = top / "var" / "lib" / "liangsaibi", top / "var" / "backups" / "liangsaibi"
    state.mkdir(parents=True)
    backups.mkdir(parents=True)
    build_database(state / "liangsaibi.duckdb")
    example = (DEPLOY / "liangsaibi.env.example").read_text(encoding="utf-8")
    example = example.replace("/var/lib/liangsaibi", str(state)).replace("/var/backups/liangsaibi", str(backups))
    variables = top / "etc" / "liangsaibi.env"
    variables.parent.mkdir()
    # What a server's venv is: this test's interpreter, and the library folder its shared libpython is found in.
    variables.write_text(
        example + f"LIANGSAIBI_PYTHON={user.python}\nLD_LIBRARY_PATH={user.python_home / 'lib'}\n", encoding="utf-8"
    )
    variables.chmod(0o600)  # as deploy/README makes it: root only
    for folder in (state.parent, backups.parent, state, backups):
        shutil.chown(folder, user.name, user.name)
    for file in state.iterdir():
        shutil.chown(file, user.name, user.name)
    yield user, state, backups, variables
    user.remove()
    shutil.rmtree(top)


def dated(days_ago: int) -> str:
    return (datetime.date.today() - datetime.timedelta(days=days_ago)).isoformat()


def test_the_nightly_backup_runs_as_the_service_user_while_a_server_holds_the_database(server_machine):
    from playwright.sync_api import sync_playwright

    user, state, backups, variables = server_machine
    service = unit_settings(DEPLOY / "liangsaibi-backup.service")
    assert (service["User"], service["EnvironmentFile"], service["Type"]) == (
        "liangsaibi",
        "/etc/liangsaibi.env",
        "oneshot",
    )
    assert unit_settings(DEPLOY / "liangsaibi-backup.timer")["OnCalendar"] == "*-*-* 23:30:00"
    environment = environment_file(variables)  # systemd reads it as root, then starts the service as the user
    assert environment["LIANGSAIBI_BACKUP_DAYS"] == "30"  # the default the guide names
    systemd_adds = {"PATH": SYSTEMD_PATH, "HOME": str(state), "USER": user.name, "LOGNAME": user.name}
    for name in (dated(31), dated(30), dated(29), "更新前-2026-01-01"):  # earlier nights and an update's backup
        (backups / name).mkdir()
        shutil.chown(backups / name, user.name, user.name)
    port = _free_port()
    dashboard = subprocess.Popen(
        user.command(
            [
                user.python,
                "-m",
                "streamlit",
                "run",
                "dashboard.py",
                "--server.headless=true",
                f"--server.port={port}",
                "--server.address=127.0.0.1",
                "--server.fileWatcherType=none",
            ],
            str(user.install),
            {**environment, **systemd_adds},
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        with sync_playwright() as playwright:
            browser = launch_browser(playwright)
            page = browser.new_page()
            wait_healthy(f"http://127.0.0.1:{port}", 90)
            page.goto(f"http://127.0.0.1:{port}/")
            wait_for_charts(page, timeout=90_000)
            held = [os.readlink(fd) for fd in Path(f"/proc/{dashboard.pid}/fd").iterdir()]
            assert str(state / "liangsaibi.duckdb") in held  # the server holds the database open, as the user
            ran = time.monotonic()
            backup = subprocess.run(
                user.command(
                    shlex.split(service["ExecStart"].replace(INSTALLED, str(user.install))),
                    service["WorkingDirectory"].replace(INSTALLED, str(user.install)),
                    {**environment, **systemd_adds},
                ),
                capture_output=True,
                text=True,
                timeout=300,
            )
            took = time.monotonic() - ran
            page.reload()
            wait_for_charts(page, timeout=90_000)  # the dashboard went on serving throughout
            browser.close()
    finally:
        dashboard.terminate()
        dashboard.wait(timeout=30)
    assert backup.returncode == 0, backup.stderr
    tonight = backups / dated(0)
    assert f"已备份到 {tonight}" in backup.stderr
    assert f"已删除 30 天前的备份 {backups / dated(31)}" in backup.stdout
    assert sorted(folder.name for folder in backups.iterdir()) == sorted(
        [dated(30), dated(29), dated(0), "更新前-2026-01-01"]
    )
    assert {file.name: file.stat().st_uid for file in tonight.iterdir()} == {
        "liangsaibi.duckdb": user.entry.pw_uid,
        "manifest.json": user.entry.pw_uid,
    }
    assert check.problems(tonight / "liangsaibi.duckdb") == []
    print(f"nightly backup as {user.name} (uid {user.entry.pw_uid}) beside a running server: exit 0 in {took:.1f} s")


def test_systemd_accepts_the_backup_service_and_its_timer(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI 上须有 systemd-analyze（systemd）来检查 deploy/ 的单元文件")
        pytest.skip("no systemd-analyze")
    for unit in ("liangsaibi-backup.service", "liangsaibi-backup.timer"):
        text = (DEPLOY / unit).read_text(encoding="utf-8").replace(INSTALLED, str(db.ROOT))
        (tmp_path / unit).write_text(text.replace("User=liangsaibi", "User=root"), encoding="utf-8")
    verified = subprocess.run(
        [analyze, "verify", str(tmp_path / "liangsaibi-backup.timer"), str(tmp_path / "liangsaibi-backup.service")],
        capture_output=True,
        text=True,
    )
    assert (verified.returncode, verified.stdout + verified.stderr) == (0, "")
