"""数据管理 in AppTest: nothing without a configured password, nothing without the right one, then the tools."""

import pytest
from fixtures import log_in, open_app

from liangsaibi.intake import templates
from liangsaibi.ops import login
from liangsaibi.store import settings, store


def open_admin(monkeypatch, password=None):
    if password is None:
        monkeypatch.delenv(login.PASSWORD_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(login.PASSWORD_VARIABLE, password)
    app = open_app()
    return app.switch_page("pages/admin.py").run()


def test_without_a_configured_password_the_page_says_how_to_set_one_and_offers_nothing(sample_database, monkeypatch):
    app = open_admin(monkeypatch)
    assert not app.exception
    assert "尚未设置管理员密码" in app.warning[0].value and login.PASSWORD_VARIABLE in app.warning[0].value
    assert not app.text_input and not app.tabs


def test_a_wrong_password_is_refused(sample_database, monkeypatch):
    app = open_admin(monkeypatch, "正确口令")
    log_in(app, "错误口令")
    assert "密码不对" in app.error[0].value
    assert not app.tabs


def test_the_right_password_opens_import_history_rubric_and_templates(sample_database, monkeypatch):
    app = open_admin(monkeypatch, "正确口令")
    log_in(app, "正确口令")
    labels = [tab.label for tab in app.tabs]
    assert labels[:5] == ["导入数据", "导入历史", "发布", "评分细则", "空白模板"] and {
        "通报",
        "比学记录",
        "现场评分",
        "区设置",
    } <= set(labels)
    history = app.dataframe[0].value
    assert history["文件"].tolist()[:4] == ["units.csv", "rubric.csv", "scores.csv", "commitments.csv"]


@pytest.mark.parametrize(
    "given, expected, matches",
    [("abc", "abc", True), ("abd", "abc", False), ("", "abc", False), ("口令", "口令", True)],
)
def test_passwords_are_compared_exactly(given, expected, matches):
    assert login.password_matches(given, expected) is matches


@pytest.mark.parametrize("name", list(templates.TEMPLATES))
def test_every_template_is_a_file_the_importer_recognises(name, sample_database):
    from liangsaibi.intake.sheets import read_sheets

    data = templates.template_csv(name, 2026)
    assert data.startswith(b"\xef\xbb\xbf")
    kinds = {
        "评分表（长表）": "scores",
        "评分表（宽表）": "scores_wide",
        "承诺事项": "commitments",
        "村(社区)名单": "units",
        "评分细则": "rubric",
        "亮点做法": "highlights",
        "问题反馈": "problems",
        "观摩记录": "visits",
    }
    assert read_sheets(f"{name}.csv", data)[0].kind == kinds[name]


def test_the_district_settings_are_edited_on_the_page_as_one_history_entry_that_undo_reverses(demo_db, monkeypatch):
    monkeypatch.setenv("LIANGSAIBI_DB", str(demo_db))
    app = open_admin(monkeypatch, "正确口令")
    log_in(app, "正确口令")
    fields = {field.label: field for field in app.text_input}
    assert (fields["区(县)名称"].value, fields["组织单位"].value, fields["会议名称"].value) == (
        "中原区",
        "中共中原区委组织部",
        "{季度}村(社区)党组织书记“亮赛比”比学交流会",
    )
    number = len(store.history()) + 1  # the demo's imports come first
    fields["区(县)名称"].input("  二七区 ")
    next(button for button in app.button if button.label == "保存区设置").click().run()
    assert not app.exception
    assert app.success[0].value == f"已保存：区(县)名称（第 {number} 号，可撤销）。"
    assert app.sidebar.caption[0].value == "二七区 · 亮承诺 · 赛实绩 · 比干劲"
    fields = {field.label: field for field in app.text_input}
    assert fields["组织单位"].value == "中共二七区委组织部"  # the office was a default: it follows the district
    assert store.history()["文件"].tolist()[-1] == "区设置_编辑"
    store.undo(number, operator="测试")
    assert settings.current()["district"] == "中原区"


def test_a_district_left_empty_is_refused_on_the_page_and_nothing_changes(demo_db, monkeypatch):
    monkeypatch.setenv("LIANGSAIBI_DB", str(demo_db))
    app = open_admin(monkeypatch, "正确口令")
    log_in(app, "正确口令")
    before = demo_db.read_bytes()
    next(field for field in app.text_input if field.label == "区(县)名称").input(" ")
    next(button for button in app.button if button.label == "保存区设置").click().run()
    assert "区(县)名称不能为空" in app.error[0].value
    assert demo_db.read_bytes() == before
