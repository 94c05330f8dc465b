"""总览: metric cards, ranking marks and the 红黑榜, checked against numbers computed from the demo CSVs."""

import datetime

import pandas as pd
import plotly.io as pio
import pytest
from fixtures import chart_traces, expected_ranking, expected_unit_totals, open_app, round2

from liangsaibi.board import views
from liangsaibi.board.charts import bars_shown, rank_change_mark, ranking_bars
from liangsaibi.store import db
from liangsaibi.store.build import SAMPLE, build_database


def metric(app, label):
    return next(card for card in app.metric if card.label == label)


def boards(app) -> dict:
    # The first column holds 红榜 then 进步最快, the second 黑榜; AppTest lists elements column by column.
    return dict(zip(["红榜", "进步最快", "黑榜"], [frame.value for frame in app.dataframe[1:4]]))


def complete_units(quarter):
    units = expected_unit_totals()
    now = units[(units["季度"] == quarter) & (units["覆盖率"] == 1)].copy()
    now["总分"] = now["总分"].map(round2)
    return now.sort_values("总分", ascending=False)


@pytest.mark.parametrize("change, mark", [(2, "▲2"), (-1, "▼1"), (0, "–"), (None, "新"), (float("nan"), "新")])
def test_rank_changes_are_marked_with_arrows_not_colour_alone(change, mark):
    assert rank_change_mark(change) == mark


def test_metric_cards_show_the_district_average_best_and_most_improved_street(sample_database):
    app = open_app({"quarter": "2022Q1"})
    units = expected_unit_totals()
    average = units.loc[units["季度"] == "2022Q1", "总分"].map(round2).mean()
    before = units.loc[units["季度"] == "2021Q4", "总分"].map(round2).mean()
    assert float(metric(app, "全区平均").value) == pytest.approx(average, abs=0.006)
    assert float(metric(app, "全区平均").delta) == pytest.approx(average - before, abs=0.011)
    now, then = expected_ranking("2022Q1").set_index("街道"), expected_ranking("2021Q4").set_index("街道")
    assert metric(app, "最佳街道").value == now["总分"].idxmax()
    assert metric(app, "进步最大街道").value == (now["总分"] - then["总分"]).idxmax()


def test_the_commitment_card_counts_only_this_years_commitments_done_by_the_quarters_end(sample_database):
    app = open_app({"quarter": "2022Q2"})
    commitments = pd.read_csv(SAMPLE / "commitments.csv", encoding="utf-8-sig")
    of_year = commitments[commitments["年度"] == 2022]
    done = pd.to_datetime(of_year["完成日期"]).dt.date <= datetime.date(2022, 6, 30)
    assert metric(app, "承诺年度完成率").value == f"{done.sum() / len(of_year) * 100:.2f}%"


def test_the_red_and_black_boards_hold_the_best_and_worst_complete_units(sample_database):
    app = open_app({"quarter": "2021Q4"})
    shown = boards(app)
    expected = complete_units("2021Q4")
    assert shown["红榜"]["村(社区)"].tolist() == expected["村(社区)"].head(5).tolist()
    assert shown["黑榜"]["村(社区)"].tolist() == expected["村(社区)"].tail(5).iloc[::-1].tolist()
    assert "白寨村" not in pd.concat(shown.values())["村(社区)"].tolist()  # incomplete in 2021Q4


def test_the_most_improved_board_ranks_units_by_their_change_against_last_quarter(sample_database):
    app = open_app({"quarter": "2022Q1"})
    now = complete_units("2022Q1").set_index(["街道", "村(社区)"])["总分"]
    then = expected_unit_totals().query("季度 == '2021Q4'").set_index(["街道", "村(社区)"])["总分"].map(round2)
    change = (now - then).dropna().sort_values(ascending=False)
    board = boards(app)["进步最快"]
    assert board["村(社区)"].tolist() == [unit for _, unit in change.index[:5]]
    assert board["环比"].tolist() == pytest.approx(change.head(5).tolist(), abs=0.005)


def test_the_ranking_chart_labels_each_bar_with_its_total_and_rank_change(sample_database):
    app = open_app({"quarter": "2022Q1"})
    labels = {
        street: text
        for trace in chart_traces(app.get("plotly_chart")[0])
        for street, text in zip(trace["y"], trace["text"])
    }
    now, then = expected_ranking("2022Q1").set_index("街道"), expected_ranking("2021Q4").set_index("街道")
    for street, row in now.iterrows():
        assert labels[street] == f"{row['总分']:.2f}  {rank_change_mark(then.loc[street, '排名'] - row['排名'])}"


def test_an_empty_database_says_there_is_no_data_instead_of_failing(tmp_path, monkeypatch):
    path = tmp_path / "empty.duckdb"
    build_database(path, empty=True)
    monkeypatch.setenv("LIANGSAIBI_DB", str(path))
    app = open_app()
    db.close_all()
    assert not app.exception
    assert "还没有评分数据" in app.info[0].value


def test_a_city_ranking_chart_shows_the_best_and_worst_fifteen_and_the_chosen_street():
    ranking = pd.DataFrame({"街道": [f"街道{i:03d}" for i in range(200)], "总分": [100 - i * 0.4 for i in range(200)]})
    shown = bars_shown(ranking, "街道100")
    assert shown["街道"].tolist() == (
        [f"街道{i:03d}" for i in range(15)] + ["街道100"] + [f"街道{i:03d}" for i in range(185, 200)]
    )
    assert bars_shown(ranking.head(30), None).equals(ranking.head(30))


def test_a_cut_ranking_chart_says_how_many_streets_it_leaves_out_and_where():
    ranking = pd.DataFrame(
        {
            "街道": [f"街道{i:03d}" for i in range(200)],
            "总分": [100 - i * 0.4 for i in range(200)],
            "排名": range(1, 201),
            "排名变化": 0,
            "环比": 0.0,
            "等次": "良好",
            "覆盖率": 100.0,
        }
    )
    layout = ranking_bars(bars_shown(ranking, "街道100"), "街道100").to_dict()["layout"]
    # Shown: 街道000–014, 街道100, 街道185–199 (31 bars, category 0 at the bottom). Left out: 015–099
    # (85) between the 15th and 16th bar from the top, and 101–184 (84) between the 16th and 17th.
    gaps = {note["text"]: note["y"] for note in layout["annotations"]}
    assert gaps == {"略去 85 个街道": 31 - 15 - 0.5, "略去 84 个街道": 31 - 16 - 0.5}
    assert sorted(shape["y0"] for shape in layout["shapes"]) == [14.5, 15.5]


def test_kept_charts_and_tables_are_sent_the_same_on_every_run_and_change_with_the_quarter(sample_database):
    # Figures and tables are converted once and kept (ui.figure, ui.table): the first run must send what
    # plotly writes for the figure built afresh, a later run exactly what the first sent, another quarter its own.
    def sent(app):
        return app.get("plotly_chart")[0].proto.spec, app.dataframe[0].value

    app = open_app({"quarter": "2022Q1"})
    chart, table = sent(app)
    assert chart == pio.to_json(ranking_bars(views.ranking("2022Q1")), validate=False)
    app.run()
    app.run()
    assert sent(app)[0] == chart and sent(app)[1].equals(table)
    app.selectbox(key="quarter").set_value("2021Q4").run()
    other_chart, other_table = sent(app)
    assert other_chart != chart
    assert (
        other_table.set_index("街道")["总分"].to_dict()
        == expected_ranking("2021Q4").set_index("街道")["总分"].to_dict()
    )
