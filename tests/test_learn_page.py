"""比学 in AppTest: highlight cards narrowed by the range, the frame's street and theme, a tag and a search; the 整改
table as pandas works it out from data/sample/problems.csv; 示范点; and user text shown as plain text."""

import pandas as pd
from fixtures import open_app
from import_support import TODAY, csv_file

from liangsaibi.frame import ui
from liangsaibi.intake.imports import import_files
from liangsaibi.learn.views import MAX_CARDS
from liangsaibi.store.build import SAMPLE


def open_learn(query: dict, span: tuple[str, str] | None = None):
    """比学 at the link's query, with the quarters' range set to `span` when given (it opens on four quarters)."""
    app = open_app(query).switch_page("pages/learn.py").run()
    return app.select_slider(key="learn-range").set_value(span).run() if span else app


def page_html(app) -> list:
    """The page's HTML elements, less the frame's print style sheet (ours, in the sidebar of every page)."""
    return [element for element in app.get("html") if 'class="print-style"' not in element.proto.body]


def cards(app) -> str:
    return "".join(element.proto.body for element in page_html(app))


def sample(name: str) -> pd.DataFrame:
    return pd.read_csv(SAMPLE / f"{name}.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)


def expected_rectification(quarter: str) -> dict[str, tuple]:
    """Per street (问题数, 已整改, 整改中, 逾期未整改, 整改率), by docs/观摩与比学.md's rule, straight from the CSV."""
    problems = sample("problems")
    problems = problems[(problems["季度"].str[:4] == quarter[:4]) & (problems["季度"] <= quarter)]
    end = str(pd.Period(quarter, freq="Q").end_time.date())
    status = [
        "已整改" if done and done <= end else "逾期未整改" if due <= quarter else "整改中"
        for done, due in zip(problems["完成日期"], problems["整改时限"])
    ]
    counts = problems.assign(状态=status).groupby(["街道", "状态"]).size().unstack(fill_value=0)
    return {
        street: (
            int(row.sum()),
            int(row.get("已整改", 0)),
            int(row.get("整改中", 0)),
            int(row.get("逾期未整改", 0)),
            round(row.get("已整改", 0) / row.sum() * 100, 2),
        )
        for street, row in counts.iterrows()
    }


def test_the_quarters_highlights_are_cards_and_the_rectification_table_follows_the_rule(sample_database):
    app = open_learn({"quarter": "2021Q4"}, span=("2021Q4", "2021Q4"))
    assert not app.exception
    assert [header.value for header in app.subheader] == [
        "亮点做法 · 2021年第四季度",
        "整改情况 · 截至2021年第四季度末",
        "示范点 · 2021年第四季度",
        "街道互学 · 2021年第四季度",
    ]
    highlights = sample("highlights")
    shown = highlights[highlights["季度"] == "2021Q4"]
    assert cards(app).count('class="learn-card"') == len(shown) == 13
    for title in shown["标题"]:
        assert title in cards(app)
    assert 'href="street?street=%E8%AE%A1' not in cards(app)  # a street, not a unit, is linked
    assert 'href="street?street=%E5%BB%BA%E8%AE%BE%E8%B7%AF%E8%A1%97%E9%81%93&amp;quarter=2021Q4"' in cards(app)
    rates = app.dataframe[0].value.set_index("街道")
    expected = expected_rectification("2021Q4")
    assert {street: tuple(row) for street, row in rates.iterrows()} == expected


def test_the_tag_and_the_search_narrow_the_cards(sample_database):
    app = open_learn({"quarter": "2021Q4"}, span=("2021Q4", "2021Q4"))
    app.selectbox(key="learn-tag").select("党群服务中心").run()
    highlights = sample("highlights")
    tagged = highlights[
        (highlights["季度"] == "2021Q4") & highlights["标签"].str.split("、").map(lambda t: "党群服务中心" in t)
    ]
    assert cards(app).count('class="learn-card"') == len(tagged) == 4
    app.selectbox(key="learn-tag").select(None).run()
    app.text_input(key="learn-search").set_value("红色加油站").run()
    assert cards(app).count('class="learn-card"') == 1 and "汝河小区社区" in cards(app)
    app.text_input(key="learn-search").set_value("没有这样的做法").run()
    assert not page_html(app) and "没有符合“含“没有这样的做法”" in app.info[0].value


def test_the_frames_street_and_theme_and_a_range_of_quarters_narrow_everything(sample_database):
    app = open_learn({"quarter": "2021Q4", "street": "汝河路街道", "theme": "阵地建设"})
    assert cards(app).count('class="learn-card"') == 1 and "桐淮社区" in cards(app)
    app.select_slider(key="learn-range").set_value(("2021Q1", "2021Q4")).run()
    highlights = sample("highlights")
    chosen = highlights[
        (highlights["季度"].str[:4] == "2021")
        & (highlights["街道"] == "汝河路街道")
        & (highlights["指标"] == "阵地建设")
    ]
    assert cards(app).count('class="learn-card"') == len(chosen)
    assert app.subheader[0].value == "亮点做法 · 2021年第一季度至2021年第四季度"
    # 汝河路街道 went to three other streets' units in 2021Q4 (the article), and the pairs list names them.
    pairs = app.dataframe[-1].value
    assert set(pairs.loc[pairs["观摩方"] == "汝河路街道", "被观摩街道"]) >= {"须水街道", "桐柏路街道", "中原西路街道"}


def test_model_units_of_the_articles_quarter_count_other_streets_only(sample_database):
    app = open_learn({"quarter": "2021Q4"}, span=("2021Q4", "2021Q4"))
    models = app.dataframe[2].value
    # 平安街社区 had 航海西路街道 and 汝河路街道; its own 桐柏路街道's tour does not count.
    assert models.iloc[0][["村(社区)", "来访街道数", "来访街道"]].tolist() == [
        "平安街社区",
        2,
        "汝河路街道、航海西路街道",
    ]


def test_a_highlight_holding_html_and_markdown_shows_them_as_plain_text(demo_db, monkeypatch):
    text = "季度,街道,村(社区),标题,做法,指标,标签\n2026Q3,须水街道,付庄村,**加粗的标题**,\"<script>alert(1)</script>\n<b>粗</b> **markdown**\",,<i>标签</i>\n"
    import_files([("亮点.csv", csv_file(text))], demo_db, today=TODAY, operator="测试")
    monkeypatch.setenv("LIANGSAIBI_DB", str(demo_db))
    ui.clear_caches()
    app = open_learn({"quarter": "2026Q3", "street": "须水街道"})
    body = cards(app)
    assert (
        "**加粗的标题**" in body and "&lt;script&gt;alert(1)&lt;/script&gt;\n&lt;b&gt;粗&lt;/b&gt; **markdown**" in body
    )
    assert "&lt;i&gt;标签&lt;/i&gt;" in body
    assert "<script" not in body and "<b>" not in body and "<i>" not in body


def test_the_range_opens_on_the_chosen_quarter_and_the_three_before_it_as_far_as_there_is_data(sample_database):
    app = open_learn({"quarter": "2022Q2"})
    assert app.select_slider(key="learn-range").value == ("2021Q3", "2022Q2")
    assert app.subheader[0].value == "亮点做法 · 2021年第三季度至2022年第二季度"
    highlights = sample("highlights")
    assert cards(app).count('class="learn-card"') == min(
        MAX_CARDS, len(highlights[highlights["季度"].between("2021Q3", "2022Q2")])
    )
    app = open_learn({"quarter": "2021Q2"})  # the demo's data start in 2021Q1
    assert app.select_slider(key="learn-range").value == ("2021Q1", "2021Q2")
