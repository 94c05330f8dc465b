"""A link's filters as a visitor types them: quarters written another way are read, unknown values are named
in one sentence on every page together with what the page shows instead (never a silent switch)."""

import pytest
from fixtures import open_page

PAGES = ["overview", "compare", "trend", "commitments", "street"]


def said(app) -> list[str]:
    return [warning.value for warning in app.main.warning]


@pytest.mark.parametrize("written", ["2021q4", "2021年第四季度", "2021 Q4"])
def test_a_quarter_written_another_way_is_read_as_that_quarter(sample_database, written):
    app = open_page("overview", {"quarter": written})
    assert app.selectbox(key="quarter").value == "2021Q4"
    assert "2021年第四季度街道排名" in [header.value for header in app.subheader]
    assert not [sentence for sentence in said(app) if "链接" in sentence]


@pytest.mark.parametrize("page", PAGES)
def test_an_unknown_quarter_is_named_with_the_quarter_shown_instead(sample_database, page):
    app = open_page(page, {"quarter": "2019Q1"})
    assert app.selectbox(key="quarter").value == "2026Q3"
    assert (
        "链接中的季度“2019Q1”没有评分数据（有数据的是 2021年第一季度至2026年第三季度），下面显示最新的2026年第三季度。"
        in said(app)
    )


def test_a_quarter_that_cannot_be_read_says_how_to_write_one(sample_database):
    app = open_page("trend", {"quarter": "去年"})
    assert "链接中的季度“去年”不是可识别的季度（应写成 2021Q4），下面显示最新的2026年第三季度。" in said(app)


@pytest.mark.parametrize("page", PAGES)
def test_an_unknown_street_and_theme_are_each_named_in_one_sentence(sample_database, page):
    app = open_page(page, {"quarter": "2021Q4", "street": "无此街道", "theme": "无此指标"})
    assert app.selectbox(key="street").value is None and app.selectbox(key="theme").value is None
    notes = [sentence for sentence in said(app) if sentence.startswith("链接中的")]
    assert notes == [
        "链接中的街道“无此街道”不在本区的街道中，下面显示全部街道。",
        "链接中的指标“无此指标”不在任何年度的评分细则中，下面显示总分（全部指标）。",
    ]


def test_a_street_written_with_a_stray_space_is_that_street(sample_database):
    app = open_page("street", {"quarter": "2021Q4", "street": "须水 街道"})
    assert app.selectbox(key="street").value == "须水街道"
    assert app.title[0].value == "街道详情 · 须水街道"


def test_a_valid_link_has_no_sentence_and_a_changed_filter_ends_the_sentence(sample_database):
    assert not said(open_page("overview", {"quarter": "2021Q4", "street": "须水街道"}))
    app = open_page("overview", {"quarter": "2021Q4", "street": "无此街道"})
    assert len(said(app)) == 1
    app.selectbox(key="street").select("须水街道").run()
    assert not said(app)


def test_a_name_in_a_link_is_shown_as_typed_not_as_markdown(sample_database):
    app = open_page("overview", {"street": "**粗体**街道"})
    assert said(app) == ["链接中的街道“\\*\\*粗体\\*\\*街道”不在本区的街道中，下面显示全部街道。"]
