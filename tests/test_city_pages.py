"""A city of 40 streets on every page: charts draw the ends of the ranking and the chosen street, say
what they leave out, and the downloads still hold every street."""

import json
import os

import pandas as pd
import pytest
from fixtures import chart_traces, open_app, publish_scored, run_capturing_downloads

from benchmarks import synthetic
from liangsaibi.intake.imports import import_files
from liangsaibi.store import db
from liangsaibi.store.build import build_database

CITY = synthetic.Scale(streets=40, units_per_street=2, quarters=2, themes=3, raters=1)


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    folder = tmp_path_factory.mktemp("city")
    path = folder / "city.duckdb"
    build_database(path, empty=True)
    files = [
        *synthetic.write_reference(CITY, folder),
        synthetic.write_scores(CITY, folder),
        synthetic.write_commitments(CITY, folder),
    ]
    import_files([(file.name, file.read_bytes()) for file in files], path, operator="测试")
    publish_scored(path)
    previous = os.environ.get("LIANGSAIBI_DB")
    os.environ["LIANGSAIBI_DB"] = str(path)
    yield path
    db.close_all()
    if previous is None:
        os.environ.pop("LIANGSAIBI_DB")
    else:
        os.environ["LIANGSAIBI_DB"] = previous


@pytest.fixture(scope="module")
def ranked(city) -> list[str]:
    """The streets of the overview's table in the newest quarter, best first."""
    return open_app().dataframe[0].value["街道"].tolist()


@pytest.fixture(scope="module")
def chosen(ranked) -> str:
    """A street in the middle of the ranking: neither end of a cut chart would show it."""
    return ranked[20]


def test_the_ranking_chart_draws_the_best_and_worst_fifteen_and_the_chosen_street(ranked, chosen):
    app = open_app({"street": chosen})
    assert len(ranked) == 40
    layout = json.loads(app.get("plotly_chart")[0].proto.spec)["layout"]
    drawn = layout["yaxis"]["categoryarray"][::-1]  # top to bottom
    assert drawn == ranked[:15] + [chosen] + ranked[-15:]
    # 40 streets, 31 drawn: the 5 ranked 16th–20th above the chosen 21st, the 4 ranked 22nd–25th below it.
    assert sorted(note["text"] for note in layout["annotations"]) == ["略去 4 个街道", "略去 5 个街道"]


def test_the_heatmap_lists_the_ends_and_the_chosen_street_and_its_download_every_street(ranked, chosen):
    app = open_app({"street": chosen}).switch_page("pages/compare.py")
    downloads = run_capturing_downloads(app)
    heatmap = chart_traces(app.get("plotly_chart")[0])[0]
    assert list(heatmap["y"]) == ranked[:15] + [chosen] + ranked[-15:]
    layout = json.loads(app.get("plotly_chart")[0].proto.spec)["layout"]
    # Rows from the top: the 5 left out between the 15th and the chosen 16th row, the 4 between it and the 17th.
    assert {note["text"]: note["y"] for note in layout["annotations"]} == {"略去 5 个街道": 14.5, "略去 4 个街道": 15.5}
    # The cells fill the plot, so each note stands right of it (x = 1 of the plot, anchored by its left end),
    # in a margin wide enough for it, not over the last column.
    assert {(note["x"], note["xref"], note["xanchor"]) for note in layout["annotations"]} == {(1, "paper", "left")}
    assert layout["margin"]["r"] >= 100
    assert any("共 40 个街道" in caption.value for caption in app.caption)
    table, _ = downloads["compare-heatmap"]
    assert len(table) == 40


def test_the_trend_draws_ten_leaders_and_the_chosen_street_and_downloads_every_street(ranked, chosen):
    app = open_app({"street": chosen}).switch_page("pages/trend.py")
    downloads = run_capturing_downloads(app)
    lines = {trace["name"] for trace in chart_traces(app.get("plotly_chart")[0])}
    assert lines == set(ranked[:10]) | {chosen}  # the leaders of the range's last quarter, the newest
    everything, _ = downloads["trend-lines"]
    assert everything["街道"].nunique() == 40 and len(everything) == 40 * 2
    bump = json.loads(app.get("plotly_chart")[1].proto.spec)["layout"]
    assert bump["height"] <= 1200


def test_the_commitment_chart_marks_what_it_leaves_out_and_the_table_keeps_every_street(city):
    app = open_app().switch_page("pages/commitments.py").run()
    layout = json.loads(app.get("plotly_chart")[0].proto.spec)["layout"]
    assert len(layout["yaxis"]["categoryarray"]) == 30
    assert [note["text"] for note in layout["annotations"]] == ["略去 10 个街道"]
    completion = app.dataframe[0].value
    assert len(completion) == 40
    listed = app.dataframe[1].value
    expected = pd.read_csv(city.parent / "commitments.csv", encoding="utf-8-sig")
    assert len(listed) == len(expected[expected["年度"] == 2026])


def test_the_meeting_screen_of_a_city_goes_through_its_best_and_worst_six_streets(ranked):
    app = open_app({"slides": "streets", "every": "60"}).switch_page("pages/present.py").run()
    body = "".join(html.proto.body for html in app.get("html"))
    assert f"1 / 12 · {ranked[0]} ·" in body
    for _ in range(6):
        app.button(key="present-next").click().run()
    body = "".join(html.proto.body for html in app.get("html"))
    assert f"7 / 12 · {ranked[-6]} ·" in body  # after the best six, the sixth from the bottom


def test_the_meeting_screens_ranking_of_a_city_shows_twelve_bars_and_what_it_leaves_out(ranked):
    app = open_app({"slides": "ranking"}).switch_page("pages/present.py").run()
    layout = json.loads(app.get("plotly_chart")[0].proto.spec)["layout"]
    assert layout["yaxis"]["categoryarray"][::-1] == ranked[:6] + ranked[-6:]
    assert [note["text"] for note in layout["annotations"]] == ["略去 28 个街道"]
