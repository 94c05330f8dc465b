"""The bulletin's template: the shipped one renders and is made again byte for byte by its script; the department's
own copy replaces it; a wrong placeholder is refused by name and no file is written; 点评 go through the history."""

import io

import pytest
from bulletin_support import small_district, texts  # noqa: F401
from docx import Document

from liangsaibi.__main__ import main
from liangsaibi.bulletin import document, make_template, remarks
from liangsaibi.bulletin.content import bulletin
from liangsaibi.store import store


def template_with(tmp_path, paragraph: str | None = None, cell: tuple[str, str] | None = None):
    """The shipped template with one paragraph added or one table cell's placeholder replaced."""
    changed = Document(make_template.SHIPPED)
    if paragraph:
        changed.add_paragraph(paragraph)
    for row in changed.tables[0].rows if cell else []:
        for part in row.cells:
            if part.text == cell[0]:
                part.paragraphs[0].runs[0].text = cell[1]
    path = tmp_path / "mine.docx"
    changed.save(path)
    return path


def test_the_shipped_template_renders_a_bulletin_that_opens(small_district):
    made = Document(io.BytesIO(document.render("2021Q1")))
    assert texts(made)[0] == "关于2021年第一季度村(社区)党组织书记“亮赛比”活动情况的通报"
    assert "{{" not in "".join(texts(made)) and "{%" not in "".join(texts(made))


def test_the_shipped_template_is_what_its_script_makes(tmp_path):
    assert make_template.make(tmp_path / "again.docx").read_bytes() == make_template.SHIPPED.read_bytes()


def test_an_unknown_placeholder_is_refused_by_name_and_no_file_is_written(small_district, tmp_path, monkeypatch):
    monkeypatch.setattr(document, "USER_TEMPLATE", template_with(tmp_path, "签发人：{{ signer }}，{{ titel }}"))
    with pytest.raises(SystemExit) as refused:
        main(["export", "bulletin", "--quarter", "2021Q1", "-o", str(tmp_path / "通报.docx")])
    assert "「signer」、「titel」 不是已知的名称" in str(refused.value) and "mine.docx" in str(refused.value)
    assert not (tmp_path / "通报.docx").exists()


def test_a_misspelt_column_of_a_table_row_is_refused_by_name(small_district, tmp_path):
    path = template_with(tmp_path, cell=("{{ row.total }}", "{{ row.totl }}"))
    with pytest.raises(document.TemplateRefused, match="占位符「totl」不是已知的名称"):
        document.render("2021Q1", path)


def test_a_placeholder_with_a_broken_bracket_is_refused_in_chinese(small_district, tmp_path):
    with pytest.raises(document.TemplateRefused, match="写错的占位符") as refused:
        document.render("2021Q1", template_with(tmp_path, "{% if title %}未结束的条件"))
    assert "括号须成对" in str(refused.value)


def test_a_file_that_is_not_a_word_document_is_refused(small_district, tmp_path):
    (tmp_path / "通报.docx").write_text("不是文档", encoding="utf-8")
    with pytest.raises(document.TemplateRefused, match="不是 Word 文档"):
        document.render("2021Q1", tmp_path / "通报.docx")


def test_the_departments_own_template_in_data_templates_is_used_instead(small_district, tmp_path, monkeypatch):
    own = template_with(tmp_path, "（此件公开发布）{{ district }}")
    monkeypatch.setattr(document, "USER_TEMPLATE", own)
    assert document.template_path() == own
    main(["export", "bulletin", "--quarter", "2021Q1", "-o", str(tmp_path / "通报.docx")])
    assert texts(Document(tmp_path / "通报.docx"))[-1] == "（此件公开发布）二七区"


def test_a_remark_is_one_history_entry_shown_as_typed_and_undone_exactly(small_district, tmp_path):
    message = remarks.set_remarks(
        "2021Q1", {"丙街道": "各项均衡，<b>仍需</b>补齐短板 & 亮点\n下季度重点抓阵地建设"}, operator="测试"
    )
    assert "丙街道" in message and "可撤销" in message
    main(["export", "bulletin", "--quarter", "2021Q1", "-o", str(tmp_path / "通报.docx")])
    said = texts(Document(tmp_path / "通报.docx"))
    at = said.index("丙街道总分65.00分，居全区第3位；各项指标得分相同，均为65.00分。")
    assert said[at + 1 : at + 3] == ["点评：各项均衡，<b>仍需</b>补齐短板 & 亮点", "下季度重点抓阵地建设"]
    entry = store.history().iloc[-1]
    assert (entry["文件"], entry["类型"]) == ("通报点评_2021Q1_编辑", "remarks")
    store.undo(int(entry["编号"]), operator="测试")
    assert remarks.remarks("2021Q1") == {} and all(not street["remark"] for street in bulletin("2021Q1")["streets"])


def test_a_second_remark_replaces_the_first_and_undo_brings_the_first_back(small_district):
    remarks.set_remarks("2021Q1", {"甲街道": "第一稿"}, operator="测试")
    remarks.set_remarks("2021Q1", {"甲街道": "第二稿"}, operator="测试")
    assert remarks.remarks("2021Q1") == {"甲街道": "第二稿"}
    store.undo(int(store.history().iloc[-1]["编号"]), operator="测试")
    assert remarks.remarks("2021Q1") == {"甲街道": "第一稿"}


def test_a_remark_for_a_street_that_does_not_exist_changes_nothing(small_district):
    before = store.history()
    with pytest.raises(remarks.RemarkRefused, match="没有「丁街道」这个街道"):
        remarks.set_remarks("2021Q1", {"丁街道": "好"}, operator="测试")
    assert len(store.history()) == len(before)


def test_edited_wording_is_used_and_reported_as_edited(small_district):
    store.set_settings({"bulletin_title": "{季度}“亮赛比”情况通报", "bulletin_date": "2021年4月10日"}, operator="测试")
    content = bulletin("2021Q1")
    assert (content["title"], content["date"]) == ("2021年第一季度“亮赛比”情况通报", "2021年4月10日")
    assert content["edited"] == sorted(["标题", "成文日期"])
    assert content["addressees"] == "各街道党工委："  # still the default


def test_a_template_that_reaches_for_python_runs_no_command_and_is_refused_by_name(small_district, tmp_path):
    marker = tmp_path / "ran"
    payload = "{{ cycler.__init__.__globals__.os.popen('touch " + str(marker) + "').read() }}"
    for template in (template_with(tmp_path, payload), template_with(tmp_path, PAYLOAD)):
        with pytest.raises(document.TemplateRefused) as refused:
            document.render("2021Q1", template)
        assert str(refused.value) == (
            f"模板 {template} 中有不允许的写法（只能用占位符和简单的条件、循环，不能调用程序内部的功能），"
            "可能被人改动过。请换回自带模板或改正后重试；未生成通报。"
        )
    assert not marker.exists()


PAYLOAD = "{{ cycler.__init__.__globals__.os.popen('id').read() }}"  # the issue's own, word for word
