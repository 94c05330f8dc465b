"""数据管理 in AppTest: nothing without a configured password, nothing without the right one, then the tools."""
import pytest

from liangsaibi import admin

from fixtures import open_app


def open_admin(monkeypatch, password=None):
    if password is None:
        monkeypatch.delenv(admin.PASSWORD_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(admin.PASSWORD_VARIABLE, password)
    app = open_app()
    return app.switch_page("pages/admin.py").run()


def test_without_a_configured_password_the_page_says_how_to_set_one_and_offers_nothing(sample_database, monkeypatch):
    app = open_admin(monkeypatch)
    assert not app.exception
    assert "尚未设置管理员密码" in app.warning[0].value and admin.PASSWORD_VARIABLE in app.warning[0].value
    assert not app.text_input and not app.tabs


def test_a_wrong_password_is_refused(sample_database, monkeypatch):
    app = open_admin(monkeypatch, "正确口令")
    app.text_input[0].input("错误口令")
    app.button[0].click().run()
    assert "密码不对" in app.error[0].value
    assert not app.tabs


def test_the_right_password_opens_import_history_rubric_and_templates(sample_database, monkeypatch):
    app = open_admin(monkeypatch, "正确口令")
    app.text_input[0].input("正确口令")
    app.button[0].click().run()
    labels = [tab.label for tab in app.tabs]
    assert labels[:4] == ["导入数据", "导入历史", "评分细则", "空白模板"] and "通报" in labels and "比学记录" in labels
    history = app.dataframe[0].value
    assert history["文件"].tolist()[:4] == ["units.csv", "rubric.csv", "scores.csv", "commitments.csv"]


@pytest.mark.parametrize("given, expected, matches", [("abc", "abc", True), ("abd", "abc", False), ("", "abc", False),
                                                       ("口令", "口令", True)])
def test_passwords_are_compared_exactly(given, expected, matches):
    assert admin.password_matches(given, expected) is matches


@pytest.mark.parametrize("name", list(admin.TEMPLATES))
def test_every_template_is_a_file_the_importer_recognises(name):
    from liangsaibi.sheets import read_sheets

    data = admin.template_csv(name)
    assert data.startswith(b"\xef\xbb\xbf")
    kinds = {"评分表（长表）": "scores", "评分表（宽表）": "scores_wide", "承诺事项": "commitments", "村(社区)名单": "units",
             "评分细则": "rubric", "亮点做法": "highlights", "问题反馈": "problems", "观摩记录": "visits"}
    assert read_sheets(f"{name}.csv", data)[0].kind == kinds[name]
