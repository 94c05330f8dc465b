"""季度通报 in AppTest: the preview says the document's sentences and shows its tables, says what is edited, and
the administrator edits the wording and the 点评 in 数据管理 › 通报."""

import html

from bulletin_support import small_district  # noqa: F401
from fixtures import log_in, open_app
from test_bulletin_template import template_with

from liangsaibi.bulletin import document, remarks
from liangsaibi.ops import login
from liangsaibi.store import settings


def open_bulletin(quarter="2021Q1"):
    return open_app({"quarter": quarter}).switch_page("pages/bulletin.py").run()


def shown(app) -> str:
    # What the reader sees: the character references that keep user text from being Markdown read as characters;
    # a paragraph a line (the paragraphs between two tables are one Markdown element).
    text = "\n".join(html.unescape(markdown.value).replace("\u2060", "") for markdown in app.markdown)
    return "\n".join(line for line in text.splitlines() if line)


def test_the_preview_shows_the_sentences_and_tables_and_says_everything_is_default(small_district):
    app = open_bulletin()
    assert not app.exception and not app.error
    text = shown(app)
    assert "### 关于2021年第一季度村(社区)党组织书记“亮赛比”活动情况的通报" in text
    assert "丙街道总分65.00分，居全区第3位；各项指标得分相同，均为65.00分。" in text and "无逾期事项。" in text
    assert app.dataframe[0].value["排名"].tolist() == ["1", "1", "3"]
    assert "默认：标题、主送、成文日期、下步要求；本季度尚无点评。" in app.caption[0].value
    assert not app.get("download_button")  # the document is made only when asked for
    app.button(key="bulletin-make").click().run()
    assert app.get("download_button")[0].proto.label == "下载通报（Word）"


def test_visits_make_no_document_and_a_template_that_reaches_for_python_runs_nothing(
    small_district, tmp_path, monkeypatch
):
    marker = tmp_path / "ran"
    own = template_with(tmp_path, "{{ cycler.__init__.__globals__.os.popen('touch " + str(marker) + "').read() }}")
    monkeypatch.setattr(document, "USER_TEMPLATE", own)
    made, fill = [], document.fill
    monkeypatch.setattr(document, "fill", lambda *given: made.append(given) or fill(*given))
    for _ in range(3):
        app = open_bulletin()
    assert not app.exception and not app.error and made == []  # three visits, no template run
    app.button(key="bulletin-make").click().run()
    assert len(made) == 1 and not marker.exists() and not app.get("download_button")
    assert app.error[0].value.startswith(f"模板 {own} 中有不允许的写法")


def test_a_remark_is_shown_as_typed_under_its_street_and_counted_as_edited(small_district):
    remarks.set_remarks("2021Q1", {"甲街道": "**不是粗体** <i>也不是斜体</i>"}, operator="测试")
    app = open_bulletin()
    lines = shown(app).splitlines()
    at = lines.index("甲街道总分80.00分，居全区并列第1位；党建引领得分最高（85.00分），工作成效得分最低（75.00分）。")
    assert lines[at + 1] == "*点评：**不是粗体** <i>也不是斜体</i>*"  # escaped: shown as typed, in italics
    assert "点评：1 个街道" in app.caption[0].value


def test_the_administrator_edits_the_title_and_a_remark_in_the_bulletin_tab(small_district, monkeypatch):
    monkeypatch.setenv(login.PASSWORD_VARIABLE, "口令")
    app = open_app({"quarter": "2021Q1"}).switch_page("pages/admin.py").run()
    log_in(app, "口令")
    title = next(box for box in app.text_input if box.label == "通报标题")
    title.input("{季度}“亮赛比”通报")
    next(button for button in app.button if button.label == "保存通报文字").click().run()
    assert settings.current()["bulletin_title"] == "{季度}“亮赛比”通报"
    app.selectbox(key="remark-street-2021Q1").select("丙街道").run()
    app.text_area(key="remark-2021Q1-丙街道").input("短板在阵地建设")
    next(button for button in app.button if button.label == "保存点评").click().run()
    assert not app.exception and remarks.remarks("2021Q1") == {"丙街道": "短板在阵地建设"}
    assert "已编辑：标题" in open_bulletin().caption[0].value


def test_on_an_empty_database_the_page_says_how_to_bring_data_in(tmp_path, monkeypatch):
    from liangsaibi.store import db
    from liangsaibi.store.build import build_database

    build_database(tmp_path / "empty.duckdb", empty=True)
    monkeypatch.setenv("LIANGSAIBI_DB", str(tmp_path / "empty.duckdb"))
    app = open_app().switch_page("pages/bulletin.py").run()
    db.close_all()
    assert not app.exception and "还没有评分数据" in app.info[0].value and not app.get("download_button")


def test_the_preview_is_made_once_per_database_version_not_on_every_run(small_district, monkeypatch):
    """A rerun (a click, a filter) draws the kept preview: its parts and tables are not made again."""
    from liangsaibi.bulletin import preview
    from liangsaibi.frame import ui

    made, table = [], preview.table
    monkeypatch.setattr(preview, "table", lambda *given: made.append(given[1]) or table(*given))
    ui.clear_caches()
    app = open_bulletin()
    first = list(made)
    app.run()
    app.run()
    assert "ranking" in first and made == first
    assert shown(app).count("二、街道排名") == 1
