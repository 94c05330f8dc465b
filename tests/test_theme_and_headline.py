"""指标 where it applies (总览's ranking, 街道详情's units), the street's headline, 进步最快's own order, and the
wording of changes (新, –, two decimals); expected numbers are worked out in pandas from data/sample/*.csv."""

import pytest
from fixtures import chart_traces, expected_ranking, expected_unit_themes, expected_unit_totals, open_page, round2

SLACK = 1e-6


def mark(change) -> str:
    """A rank change written by hand: ▲ up, ▼ down, – unchanged, 新 without a previous rank."""
    if change is None or change != change:
        return "新"
    return "–" if change == 0 else f"▲{int(change)}" if change > 0 else f"▼{-int(change)}"


def street_theme_ranking(quarter: str, theme: str):
    units = expected_unit_themes().query("季度 == @quarter and 指标 == @theme")
    streets = units.groupby("街道", as_index=False)["百分制"].mean()
    streets["得分"] = streets["百分制"].map(round2)
    streets["排名"] = streets["得分"].rank(method="min", ascending=False).astype(int)
    return streets.sort_values(["排名", "街道"]).reset_index(drop=True)


def metric(app, label):
    return next(card for card in app.metric if card.label == label)


def test_the_overview_ranks_the_streets_by_the_chosen_themes_score(sample_database):
    app = open_page("overview", {"quarter": "2021Q4", "theme": "党建引领"})
    expected = street_theme_ranking("2021Q4", "党建引领")
    before = street_theme_ranking("2021Q3", "党建引领").set_index("街道")
    assert "2021年第四季度街道排名 · 党建引领" in [header.value for header in app.subheader]
    table = app.dataframe[0].value
    assert table["街道"].tolist() == expected["街道"].tolist()
    assert table["排名"].tolist() == expected["排名"].tolist()
    assert table["得分"].tolist() == pytest.approx(expected["得分"].tolist(), abs=SLACK)
    assert table["排名变化"].tolist() == [
        mark(before.loc[s, "排名"] - r) for s, r in zip(expected["街道"], expected["排名"])
    ]
    [bars] = chart_traces(app.get("plotly_chart")[0])
    assert dict(zip(bars["y"], bars["x"])) == pytest.approx(dict(zip(expected["街道"], expected["得分"])), abs=SLACK)


def test_a_theme_outside_the_quarters_rubric_says_so_and_the_overview_ranks_by_total(sample_database):
    app = open_page("overview", {"quarter": "2024Q1", "theme": "无疫创建"})
    assert "“无疫创建”在2024年第一季度没有得分（不在2024年的评分细则中），下面按总分排名。" in [
        i.value for i in app.info
    ]
    assert app.dataframe[0].value["街道"].tolist() == expected_ranking("2024Q1")["街道"].tolist()


def test_the_street_page_ranks_its_units_by_the_chosen_theme_unscored_last(sample_database):
    app = open_page("street", {"quarter": "2021Q4", "street": "须水街道", "theme": "无疫创建"})
    units = expected_unit_themes().query("季度 == '2021Q4' and 街道 == '须水街道' and 指标 == '无疫创建'").copy()
    units["得分"] = units["百分制"].map(round2)
    units = units.sort_values(["得分", "村(社区)"], ascending=[False, True])
    table = app.dataframe[0].value
    assert table["村(社区)"].tolist() == units["村(社区)"].tolist() + ["白寨村"]  # 白寨村 has no 无疫创建 score
    assert table["无疫创建得分"].tolist()[:-1] == pytest.approx(units["得分"].tolist(), abs=SLACK)
    assert table["排名"].tolist()[:-1] == units["得分"].rank(method="min", ascending=False).astype(int).tolist()
    assert "2021年第四季度各村(社区)排名 · 无疫创建" in [header.value for header in app.subheader]


@pytest.mark.parametrize(
    "quarter, street", [("2021Q4", "须水街道"), ("2022Q1", "建设路街道"), ("2021Q1", "汝河路街道")]
)
def test_the_street_page_opens_with_its_rank_total_change_grade_and_gaps(sample_database, quarter, street):
    app = open_page("street", {"quarter": quarter, "street": street})
    now = expected_ranking(quarter).set_index("街道")
    previous = f"{int(quarter[:4]) - 1}Q4" if quarter.endswith("Q1") else f"{quarter[:5]}{int(quarter[-1]) - 1}"
    before = expected_ranking(previous).set_index("街道") if previous >= "2021Q1" else None
    units = expected_unit_totals().query("季度 == @quarter")["总分"].map(round2)
    total, average = now.loc[street, "总分"], round2(units.mean())
    assert metric(app, "街道排名").value == f"第 {now.loc[street, '排名']} 名"
    assert metric(app, "街道排名").delta == (
        mark(before.loc[street, "排名"] - now.loc[street, "排名"]) if before is not None else "新"
    )
    assert metric(app, "总分").value == f"{total:.2f}"
    assert metric(app, "总分").delta == (
        f"{round2(total - before.loc[street, '总分']):+.2f}" if before is not None else "新"
    )
    assert metric(app, "等次").value == (
        "优秀" if total >= 90 else "良好" if total >= 80 else "一般" if total >= 60 else "较差"
    )
    assert metric(app, "与全区平均").value == f"{round2(total - average):+.2f}"
    assert metric(app, "与优秀线（90 分）").value == f"{round2(total - 90):+.2f}"


def test_the_street_pills_follow_the_quarters_ranking(sample_database):
    app = open_page("street", {"quarter": "2021Q4"})
    assert app.pills(key="street-picker").options == expected_ranking("2021Q4")["街道"].tolist()


def test_the_most_improved_board_counts_its_own_places_and_names_the_district_rank(sample_database):
    app = open_page("overview", {"quarter": "2021Q4"})
    units = expected_unit_totals()
    now = units[units["季度"] == "2021Q4"].assign(总分=lambda t: t["总分"].map(round2))
    now["全区排名"] = now["总分"].rank(method="min", ascending=False).astype(int)
    before = units[units["季度"] == "2021Q3"].set_index(["街道", "村(社区)"])["总分"].map(round2)
    complete = now[now["覆盖率"] == 1].copy()
    complete["环比"] = [
        round2(t - before[s, u]) for s, u, t in zip(complete["街道"], complete["村(社区)"], complete["总分"])
    ]
    top = complete.sort_values(["环比", "总分"], ascending=False).head(5)
    board = next(frame.value for frame in app.dataframe if "名次" in frame.value.columns)
    assert board.columns.tolist() == ["名次", "街道", "村(社区)", "环比", "总分", "全区排名"]
    assert board["名次"].tolist() == [1, 2, 3, 4, 5]
    assert board["村(社区)"].tolist() == top["村(社区)"].tolist()
    assert board["全区排名"].tolist() == top["全区排名"].tolist()
    assert board["环比"].tolist() == pytest.approx(top["环比"].tolist(), abs=SLACK)


def test_a_first_quarter_writes_every_change_as_new_and_an_unchanged_rank_as_a_dash(sample_database):
    first = open_page("overview", {"quarter": "2021Q1"})
    assert first.dataframe[0].value["排名变化"].tolist() == ["新"] * 6
    assert first.dataframe[0].proto.placeholder == "新"  # the empty 环比 cells
    assert metric(first, "全区平均").delta == "新"
    assert [info.value for info in first.info] == ["上季度没有评分数据，还不能比较进步。"]
    later = open_page("overview", {"quarter": "2021Q4"})
    now, then = expected_ranking("2021Q4").set_index("街道"), expected_ranking("2021Q3").set_index("街道")
    table = later.dataframe[0].value.set_index("街道")
    assert table["排名变化"].to_dict() == {s: mark(then.loc[s, "排名"] - now.loc[s, "排名"]) for s in now.index}
    assert "–" in table["排名变化"].tolist()  # some street kept its place in 2021Q4
    units = expected_unit_totals()
    averages = [round2(units.loc[units["季度"] == q, "总分"].map(round2).mean()) for q in ("2021Q4", "2021Q3")]
    assert metric(later, "全区平均").delta == f"{averages[0] - averages[1]:+.2f}"
