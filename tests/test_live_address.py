"""The meeting room's address (docs/现场评分.md «会场网络地址»): rater and screen links use the setting, suggested from
this machine's own network address, never localhost."""

import pytest

from liangsaibi.__main__ import main
from liangsaibi.live import address
from liangsaibi.store import settings


@pytest.fixture
def live_db(demo_db, monkeypatch):
    monkeypatch.setenv("LIANGSAIBI_DB", str(demo_db))
    yield demo_db


def create(capsys, *arguments) -> list[str]:
    """The links `live create` prints."""
    main(
        [
            "live",
            "create",
            "--quarter",
            "2021Q4",
            "--street",
            "建设路街道",
            "--themes",
            "党建引领",
            "--raters",
            "张三",
            *arguments,
        ]
    )
    return [line.split("\t")[1] for line in capsys.readouterr().out.splitlines()[1:]]


def test_without_a_setting_links_use_this_machines_network_address(live_db, capsys, monkeypatch):
    monkeypatch.setattr(address, "own_address", lambda: "192.168.5.5")
    rater, screen = create(capsys)
    assert rater.startswith("http://192.168.5.5:8501/score?token=")
    assert screen.startswith("http://192.168.5.5:8501/present?live=1&screen=")


def test_the_meeting_rooms_address_set_once_is_used_for_every_link(live_db, capsys, monkeypatch):
    monkeypatch.setattr(address, "own_address", lambda: "192.168.5.5")
    main(["live", "address", "http://10.1.2.3:8080"])
    assert settings.current(live_db)["meeting_address"] == "http://10.1.2.3:8080"
    assert all(link.startswith("http://10.1.2.3:8080/") for link in create(capsys))
    assert create(capsys, "--base-url", "http://172.16.0.9:8501")[0].startswith("http://172.16.0.9:8501/score?")


@pytest.mark.parametrize(
    "given", ["http://localhost:8501", "http://127.0.0.1:8501", "192.168.1.10", "http://[::1]:8501"]
)
def test_an_address_a_phone_cannot_open_is_refused(live_db, capsys, given):
    with pytest.raises(SystemExit, match="不是手机在会场网络中能打开的地址"):
        create(capsys, "--base-url", given)
    with pytest.raises(SystemExit, match="不是手机在会场网络中能打开的地址"):
        main(["live", "address", given])
    assert settings.current(live_db)["meeting_address"] == ""


def test_with_no_network_address_and_no_setting_the_command_says_what_to_do(live_db, capsys, monkeypatch):
    monkeypatch.setattr(address, "own_address", lambda: None)
    with pytest.raises(SystemExit, match="请先 live address http://192.168.1.10:8501 设置会场网络地址"):
        create(capsys)
