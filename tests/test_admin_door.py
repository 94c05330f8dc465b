"""The 数据管理 door: lockout after wrong passwords, an argon2-hashed password, the administrator's name in the
history, the idle timeout (AppTest, with the door's clock moved by the test)."""

import datetime

import pytest
from argon2 import PasswordHasher
from fixtures import log_in, open_app

from liangsaibi.intake import templates
from liangsaibi.intake.imports import import_files
from liangsaibi.ops import login
from liangsaibi.store import store

START = datetime.datetime(2026, 12, 1, 21, 25, 0)


@pytest.fixture
def clock(monkeypatch):
    """The door's clock, set by the test: clock[0] is now."""
    moment = [START]
    monkeypatch.setattr(login, "now", lambda: moment[0])
    return moment


@pytest.fixture
def door(demo_db, monkeypatch):
    """The admin page on a private demo database, whose attempts log starts empty."""
    monkeypatch.setenv("LIANGSAIBI_DB", str(demo_db))
    monkeypatch.setenv(login.PASSWORD_VARIABLE, "正确口令")

    def open_door(password=None):
        if password is not None:
            monkeypatch.setenv(login.PASSWORD_VARIABLE, password)
        return open_app().switch_page("pages/admin.py").run()

    return open_door


def test_five_wrong_passwords_lock_the_client_out_for_ten_minutes_even_with_the_right_one(door, clock, demo_db):
    app = door()
    for attempt in range(5):
        clock[0] = START + datetime.timedelta(minutes=attempt)  # 21:25 … 21:29, all within ten minutes
        log_in(app, f"猜错{attempt}")
    assert "请于 21:39 后再试" in app.error[0].value  # the fifth wrong one already says when
    clock[0] = START + datetime.timedelta(minutes=5)
    log_in(app, "正确口令")
    assert "请于 21:39 后再试" in app.error[0].value and not app.tabs
    clock[0] = datetime.datetime(2026, 12, 1, 21, 38, 59)
    log_in(app, "正确口令")
    assert "请于 21:39 后再试" in app.error[0].value and not app.tabs
    clock[0] = datetime.datetime(2026, 12, 1, 21, 39, 0)
    log_in(app, "正确口令")
    assert not app.error and app.tabs[0].label == "导入数据"
    logged = login.attempts(demo_db)
    assert [(outcome, times) for _, _, outcome, _, times in logged] == [("失败", 1)] * 5 + [("拒绝", 2), ("成功", 1)]
    assert logged[0][:2] == ("2026-12-01T21:25:00", "本机")  # AppTest has no client address
    assert logged[5][0] == "2026-12-01T21:38:59"  # two refusals in a row are one row, with the time of the last


def test_five_wrong_passwords_spread_over_more_than_ten_minutes_do_not_lock(door, clock):
    app = door()
    for attempt in range(5):
        clock[0] = START + datetime.timedelta(minutes=3 * attempt)
        log_in(app, "猜错")
        assert app.error[0].value == "密码不对，请重试。"
    log_in(app, "正确口令")
    assert app.tabs


def test_a_right_password_in_between_starts_the_count_again(door, clock):
    app = door()
    for _ in range(4):
        log_in(app, "猜错")
    log_in(app, "正确口令")
    for _ in range(4):  # a fresh session of the same client: four more wrong ones are not five
        app = door()
        log_in(app, "猜错")
    log_in(app, "正确口令")
    assert app.tabs


def test_an_argon2_hash_of_the_password_is_accepted_in_place_of_the_password(door, clock):
    hashed = PasswordHasher().hash("藏好的口令")
    app = door(hashed)
    log_in(app, hashed)  # the hash itself is not the password
    assert app.error[0].value == "密码不对，请重试。"
    log_in(app, "藏好的口令")
    assert app.tabs


def test_the_name_is_required_to_log_in(door, clock):
    app = door()
    log_in(app, "正确口令", name="  ")
    assert "请填写管理员姓名" in app.error[0].value and not app.tabs


def test_the_history_records_who_imported_and_who_undid(door, clock, demo_db):
    plan, _ = import_files([templates.rubric_file(2021, templates.rubric_rows(2021))], demo_db, operator="王芳")
    number = plan.import_ids[0]
    app = door()
    log_in(app, "正确口令", name="李文书")
    app.selectbox(key="undo-choice").select(number).run()
    next(button for button in app.button if button.label == f"撤销第 {number} 号导入").click().run()
    app.button(key="undo-yes").click().run()  # confirmed in the dialog
    history = store.history(demo_db).set_index("编号")
    assert history.loc[number, ["导入人", "撤销人"]].tolist() == ["王芳", "李文书"]
    assert history.loc[1, ["导入人", "撤销人"]].tolist() == ["示例数据", ""]  # the demo data names itself
    shown = app.dataframe[0].value.set_index("编号")
    assert shown.loc[number, ["导入人", "撤销人"]].tolist() == ["王芳", "李文书"]


def test_an_admin_session_idle_for_thirty_minutes_asks_for_the_password_again(door, clock):
    app = door()
    log_in(app, "正确口令")
    clock[0] = START + datetime.timedelta(minutes=30)
    app.run()
    assert app.tabs  # thirty minutes exactly is not yet idle too long
    clock[0] = START + datetime.timedelta(minutes=60, seconds=1)
    app.run()
    assert not app.tabs and "30 分钟没有操作" in app.info[0].value
    assert app.text_input(key="admin-password")


class Context:
    def __init__(self, ip_address, headers):
        self.ip_address, self.headers = ip_address, headers


@pytest.mark.parametrize(
    "proxy, peer, headers, client",
    [
        (None, "10.1.2.3", {}, "10.1.2.3"),
        (None, None, {"X-Real-Ip": "10.9.8.7"}, "10.9.8.7"),  # behind deploy/'s nginx on this server
        (None, "127.0.0.1", {"X-Real-Ip": "10.9.8.7"}, "10.9.8.7"),
        (None, "10.1.2.3", {"X-Real-Ip": "1.1.1.1"}, "10.1.2.3"),  # not from the proxy: cannot choose its address
        (None, None, {"X-Forwarded-For": "1.1.1.1"}, "本机"),  # uvicorn reads that one; the app only X-Real-IP
        (None, None, {}, "本机"),
        ("", None, {"X-Real-Ip": "1.1.1.1"}, "本机"),  # no proxy configured: no header is believed
        ("10.0.0.5", "10.0.0.5", {"X-Real-Ip": "10.9.8.7"}, "10.9.8.7"),  # an nginx on another machine
        ("10.0.0.5", None, {"X-Real-Ip": "1.1.1.1"}, "本机"),
        ("10.0.0.5", "10.1.2.3", {"X-Real-Ip": "1.1.1.1"}, "10.1.2.3"),
    ],
)
def test_the_client_address_is_the_peer_or_what_the_configured_proxy_says(monkeypatch, proxy, peer, headers, client):
    if proxy is not None:
        monkeypatch.setenv(login.PROXY_VARIABLE, proxy)
    else:
        monkeypatch.delenv(login.PROXY_VARIABLE, raising=False)
    assert login.client_address(Context(peer, headers)) == client
