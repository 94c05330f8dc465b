"""年度 page: what it shows equals the 年度评定 views (themselves checked by hand in test_annual.py), with its sentences."""

import time

import pandas as pd
from annual_support import add_2025, small_year  # noqa: F401
from fixtures import open_app, run_capturing_downloads

from liangsaibi.annual import views
from liangsaibi.frame import ui


def open_annual(year: str | None):
    app = open_app({"year": year} if year else {})
    if year:
        app.query_params["year"] = year
    app.switch_page("pages/annual.py").run()
    assert not app.exception
    return app


def texts(app) -> str:
    return "\n".join(
        str(element.value) for kind in ("caption", "info", "warning", "subheader", "title") for element in app.get(kind)
    )


def test_the_page_shows_the_years_streets_units_flags_and_says_there_is_no_progress_award(small_year):
    ui.clear_caches()
    app = open_annual("2026")
    streets = app.dataframe[0].value
    assert streets["街道"].tolist() == ["甲街道", "乙街道", "丙街道"]
    assert streets["年度总分"].tolist()[:2] == [85.63, 81.25] and pd.isna(streets["年度总分"].iloc[2])
    assert streets["第一季度"].tolist() == [85.0, 85.0, 75.0]
    shown = texts(app)
    assert "不是右边各季度街道总分的平均" in shown
    assert "2025年没有已发布的季度，2026年度不评进步奖。" in shown
    flags = app.dataframe[1].value
    assert list(zip(flags["季度"], flags["街道"])) == [
        ("2026年第一季度", "乙街道"),
        ("2026年第一季度", "甲街道"),
        ("2026年第二季度", "甲街道"),
        ("2026年第三季度", "丙街道"),
        ("2026年第四季度", "甲街道"),
    ]
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["年度红旗街道"] == "甲街道" and metrics["参加排名的村(社区)"] == "3/5"
    units = app.dataframe[3].value
    assert dict(zip(units["村(社区)"], units["季度覆盖"]))["丙1社区"] == "3/4"
    downloads = run_capturing_downloads(app)
    rows, name = downloads["streets"]
    assert rows.equals(views.street_ranking(2026)) and name.startswith("年度街道排名_2026")


def test_the_progress_award_appears_once_the_year_before_is_published(small_year):
    add_2025(small_year)
    ui.clear_caches()
    app = open_annual("2026")
    assert "不评进步奖" not in texts(app)
    streets_award = app.dataframe[3].value
    assert streets_award["街道"].tolist() == ["乙街道"] and streets_award["提高"].tolist() == [1.25]


def test_a_year_without_a_published_quarter_gets_a_sentence(small_year):
    ui.clear_caches()
    app = open_annual("2019")
    assert "2019年没有已发布的季度，没有年度评定；下面显示2026年度。" in texts(app)


def test_the_demo_year_before_q4_says_how_far_it_reaches_and_the_time_is_printed(sample_database):
    ui.clear_caches()
    started = time.perf_counter()
    app = open_annual("2026")
    cold = time.perf_counter() - started
    assert "2026年度（截至第三季度）街道排名" in texts(app)
    started = time.perf_counter()
    app.run()
    warm = time.perf_counter() - started
    print(f"\n年度 page in AppTest, demo district (6 streets, 59 units): first run {cold:.2f} s, rerun {warm:.2f} s")


def slide_html(app) -> str:
    return "\n".join(element.proto.body for element in app.get("html"))


def test_the_three_year_end_slides_show_the_ranking_the_flags_and_the_progress_award(small_year):
    add_2025(small_year)
    ui.clear_caches()
    ranking = slide_html(
        open_app({"quarter": "2026Q4", "slides": "annual", "every": "600"}).switch_page("pages/present.py").run()
    )
    assert "2026年度 街道排名" in ranking and "85.63" in ranking and "87.50" in ranking  # 甲: annual, its Q4 total
    flags = slide_html(
        open_app({"quarter": "2026Q4", "slides": "flags", "every": "600"}).switch_page("pages/present.py").run()
    )
    assert "2026年第一季度" in flags and "乙街道、甲街道" in flags and "全年 3 面流动红旗" in flags
    awards = slide_html(
        open_app({"quarter": "2026Q4", "slides": "progress", "every": "600"}).switch_page("pages/present.py").run()
    )
    assert "进步最大的街道" in awards and "乙街道" in awards and "+11.25" in awards  # 乙1: 70 → 81.25


def test_the_progress_slide_says_when_the_year_before_has_no_published_quarter(small_year):
    ui.clear_caches()
    app = open_app({"quarter": "2026Q4", "slides": "progress", "every": "600"}).switch_page("pages/present.py").run()
    assert "2025年没有已发布的季度，2026年度不评进步奖。" in slide_html(app)


def test_the_administrator_sets_a_years_weights_and_quota_and_a_bad_weight_is_refused(small_year, monkeypatch):
    from fixtures import log_in

    from liangsaibi.ops import login

    monkeypatch.setenv(login.PASSWORD_VARIABLE, "正确口令")
    ui.clear_caches()
    app = open_app()
    app.switch_page("pages/admin.py").run()
    log_in(app, "正确口令")
    app.text_input(key=next(w.key for w in app.text_input if w.key and w.key.startswith("weight-2026-1-"))).input("-1")
    app.button(key="FormSubmitter:year-settings-2026-保存年度评定设置").click().run()
    assert "第二季度的权重「-1」不是大于或等于 0 的数字；未作更改。" in [error.value for error in app.error]
    app.text_input(key=next(w.key for w in app.text_input if w.key.startswith("weight-2026-1-"))).input("2")
    app.text_input(key=next(w.key for w in app.text_input if w.key.startswith("quota-2026-"))).input("50")
    app.button(key="FormSubmitter:year-settings-2026-保存年度评定设置").click().run()
    assert any("已保存 2026 年的季度权重和优秀比例" in success.value for success in app.success)
    assert views.unit_ranking(2026) is not None and ui.load(views.terms, year=2026).startswith(
        "季度权重（第一至第四季度）1、2、1、1"
    )


def test_the_bulletin_page_previews_the_annual_bulletin_as_its_second_document(small_year):
    ui.clear_caches()
    app = open_app({"quarter": "2026Q4"})
    app.switch_page("pages/bulletin.py").run()
    assert not app.exception
    assert "2026年度通报" in [header.value for header in app.header]
    shown = "\n".join(str(markdown.value) for markdown in app.markdown)
    assert "六、下步要求" in shown and "甲街道全年获得流动红旗3面，为年度红旗街道。" in shown
    app.button(key="annual-bulletin-make").click().run()
    assert not app.error and any(button.label == "下载年度通报（Word）" for button in app.get("download_button"))


def test_the_unit_list_narrows_to_a_street_and_grades_and_its_download_follows(small_year):
    ui.clear_caches()
    app = open_annual("2026")
    app.selectbox(key="annual-street-None").set_value("甲街道").run()
    assert app.dataframe[3].value["村(社区)"].tolist() == ["甲2社区", "甲1社区"]
    app.pills(key="annual-grades").set_value(["良好"]).run()
    assert app.dataframe[3].value["村(社区)"].tolist() == ["甲1社区"]
    rows, name = run_capturing_downloads(app)["units"]
    assert rows["村(社区)"].tolist() == ["甲1社区"] and "甲街道" in name and "良好" in name
