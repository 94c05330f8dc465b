"""The district's settings: given at init, edited through the history, undone exactly, kept by an upgrade."""

import re

import duckdb
import pytest

from liangsaibi.__main__ import main
from liangsaibi.store import db, settings, store
from liangsaibi.store.quarters import quarter_text


@pytest.fixture
def fresh_path(tmp_path, monkeypatch):
    path = tmp_path / "fresh.duckdb"
    monkeypatch.setenv("LIANGSAIBI_DB", str(path))
    yield path
    db.close_all()


def test_init_with_a_district_stores_it_and_derives_the_office(fresh_path):
    main(["init", "--empty", "--district", "二七区"])
    values = settings.current(fresh_path)
    assert (values["district"], values["office"]) == ("二七区", "中共二七区委组织部")


def test_init_takes_the_office_as_given(fresh_path):
    main(["init", "--empty", "--district", "登封市", "--office", "中共登封市委组织部（人才办）"])
    assert settings.current(fresh_path)["office"] == "中共登封市委组织部（人才办）"


def test_the_demo_is_of_zhongyuan_and_an_empty_database_names_no_district(fresh_path, tmp_path):
    main(["init"])
    assert settings.current(fresh_path)["district"] == "中原区"
    empty = tmp_path / "empty.duckdb"
    from liangsaibi.store.build import build_database

    build_database(empty, empty=True)
    values = settings.current(empty)
    assert values["district"] == "" and values["office"] == ""  # no 中共委组织部 made of nothing


def test_meeting_title_names_the_quarter_as_chinese_readers_write_it(fresh_path):
    main(["init", "--empty", "--district", "二七区"])
    assert (
        settings.meeting_title("2021Q4", settings.current(fresh_path))
        == "2021年第四季度村(社区)党组织书记“亮赛比”比学交流会"
    )


@pytest.mark.parametrize(
    "quarter, text",
    [
        ("2021Q1", "2021年第一季度"),
        ("2022Q2", "2022年第二季度"),
        ("2023Q3", "2023年第三季度"),
        ("2021Q4", "2021年第四季度"),
    ],
)
def test_quarter_text(quarter, text):
    assert quarter_text(quarter) == text


def test_an_edit_is_one_history_entry_that_undo_reverses(fresh_path):
    main(["init", "--empty", "--district", "二七区"])
    message = store.set_settings(
        {"district": "金水区", "meeting_title": "{季度}书记述职会", "office": "中共二七区委组织部"}, operator="测试"
    )
    assert "区(县)名称" in message and "会议名称" in message and "组织单位" not in message  # the office did not change
    assert settings.current(fresh_path)["district"] == "金水区"
    entry = store.history().iloc[-1]
    assert entry["文件"] == "区设置_编辑"
    store.undo(int(entry["编号"]), operator="测试")
    assert settings.stored(fresh_path) == {"district": "二七区"}


@pytest.mark.parametrize(
    "changes, named",
    [
        ({"district": "  "}, "区(县)名称不能为空"),
        ({"office": "中共\x00区委"}, "控制字符"),
        ({"meeting_title": "长" * 2001}, "2001 个字符"),
        ({"colour": "红"}, "colour"),
    ],
)
def test_a_bad_setting_is_refused_naming_it_and_changes_nothing(fresh_path, changes, named):
    main(["init", "--empty", "--district", "二七区"])
    before = fresh_path.read_bytes()
    with pytest.raises(settings.SettingsRefused, match=re.escape(named)):
        store.set_settings(changes, operator="测试")
    assert fresh_path.read_bytes() == before


def test_an_upgrade_moves_the_old_district_into_the_settings(fresh_path):
    main(["init", "--empty", "--district", "二七区"])
    db.close_all()
    with duckdb.connect(str(fresh_path)) as connection:  # as a database of the schema before settings
        connection.execute("delete from setting")
        connection.execute("insert into meta values ('district', '管城回族区')")
        connection.execute("update meta set value = 'old' where key = 'schema'")
    db.upgrade(fresh_path)
    assert settings.stored(fresh_path) == {"district": "管城回族区"}


@pytest.mark.parametrize(
    "district, caption", [("二七区", "二七区 · 亮承诺 · 赛实绩 · 比干劲"), (None, "亮承诺 · 赛实绩 · 比干劲")]
)
def test_the_sidebar_names_the_district_given_and_no_district_when_none_was_given(fresh_path, district, caption):
    from fixtures import open_app

    main(["init", "--empty", *(["--district", district] if district else [])])
    assert open_app().sidebar.caption[0].value == caption
