"""One page run reads one version of the database: an import's file swap while the run goes on is not seen
until the next run (the probe saw 3 of 763 runs of 总览 show two versions), and the run's own import is."""

import threading
import time

import pytest
from fixtures import publish_scored

from liangsaibi.intake.imports import import_files
from liangsaibi.store import db
from liangsaibi.store.build import SAMPLE, build_database

THEMES = [
    line.split(",")[1]
    for line in (SAMPLE / "rubric.csv").read_text("utf-8-sig").splitlines()[1:]
    if line.startswith("2021,")
]


def scores(value: float) -> tuple[str, bytes]:
    """One unit's scores of 2021Q1, every theme scored `value` by one rater."""
    rows = ["季度,街道,村(社区),指标,评分人,得分"] + [
        f"2021Q1,建设路街道,省五建社区,{theme},评分人1,{value}" for theme in THEMES
    ]
    return "scores.csv", "\n".join(rows).encode()


@pytest.fixture
def small_db(tmp_path):
    """A database of the demo's units and rubric and one unit's scores (every theme 5), quick to import into."""
    path = tmp_path / "small.duckdb"
    build_database(path, empty=True)
    import_files(
        [(file.name, file.read_bytes()) for file in (SAMPLE / "units.csv", SAMPLE / "rubric.csv")],
        path,
        operator="测试",
    )
    import_files([scores(5)], path, operator="测试")
    publish_scored(path)
    yield path
    db.close_all()


# 2021's eight themes weigh 12.5 each, out of 20, 10, 20, 10, 20, 10, 10 and 100 points: every theme scored 5 makes
# 12.5 × (3 × 5/20 + 4 × 5/10 + 5/100) = 35.0, every theme 8 makes 12.5 × (3 × 8/20 + 4 × 8/10 + 8/100) = 56.0.
TOTAL = {5: 35.0, 8: 56.0}


def unit_total(path) -> float:
    """The unit's total as 总览's 红黑榜 query reads it."""
    rows = db.run("unit_ranking", path=path, quarter="2021Q1")
    return float(rows.loc[rows["村(社区)"] == "省五建社区", "总分"].iloc[0])


def imported_elsewhere(path, value: float) -> None:
    # Another viewer's import, on another thread, while this one's run goes on; it never waits for readers.
    worker = threading.Thread(target=import_files, args=([scores(value)], path), kwargs={"operator": "测试"})
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive()


def test_a_run_reads_the_version_it_started_with_and_the_next_run_the_new_one(small_db):
    with db.one_version():
        assert unit_total(small_db) == TOTAL[5]
        imported_elsewhere(small_db, 8)
        assert unit_total(small_db) == TOTAL[5]
    with db.one_version():
        assert unit_total(small_db) == TOTAL[8]


def test_a_runs_own_import_is_read_by_its_next_query(small_db):
    with db.one_version():
        assert unit_total(small_db) == TOTAL[5]
        import_files([scores(8)], small_db, operator="测试")
        assert unit_total(small_db) == TOTAL[8]


def test_outside_a_run_each_query_reads_the_file_as_it_is_now(small_db):
    # The command line: an import, then a query, sees the import.
    assert unit_total(small_db) == TOTAL[5]
    imported_elsewhere(small_db, 8)
    assert unit_total(small_db) == TOTAL[8]


def test_a_run_that_holds_the_old_version_too_long_delays_the_others_only_so_long(small_db, monkeypatch):
    # A stuck run keeps the old file open: later runs read the old version after the patience, not never.
    monkeypatch.setattr(db, "SWAP_PATIENCE", 0.5)
    stuck, release = threading.Event(), threading.Event()

    def stuck_run():
        with db.one_version():
            unit_total(small_db)
            stuck.set()
            release.wait(60)

    holder = threading.Thread(target=stuck_run)
    holder.start()
    stuck.wait(60)
    imported_elsewhere(small_db, 8)
    started = time.monotonic()
    with db.one_version():
        assert unit_total(small_db) == TOTAL[5]
    assert 0.5 <= time.monotonic() - started < 30
    release.set()
    holder.join(60)
    with db.one_version():
        assert unit_total(small_db) == TOTAL[8]


def test_runs_never_straddle_imports_made_in_a_loop(small_db):
    """As the probe did: imports of alternating data in a loop while page runs read the same score twice."""
    done, mixed, seen, failures = threading.Event(), [], set(), []

    def importer():
        try:
            for round in range(8):
                import_files([scores(8 if round % 2 == 0 else 5)], small_db, operator="测试")
        except Exception as error:  # noqa: BLE001 - reported by the test below
            failures.append(error)
        finally:
            done.set()

    def viewer():
        try:
            while not done.is_set():
                with db.one_version():  # what the frame (dashboard.py) does around each page run
                    first = unit_total(small_db)
                    time.sleep(0.005)  # the page draws between its queries
                    second = unit_total(small_db)
                seen.update((first, second))
                if first != second:
                    mixed.append((first, second))
        except Exception as error:  # noqa: BLE001
            failures.append(error)

    threads = [threading.Thread(target=importer)] + [threading.Thread(target=viewer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures
    assert seen == {TOTAL[5], TOTAL[8]}  # the runs did read both data sets
    assert mixed == []


def test_the_overview_drawn_while_an_import_lands_shows_the_data_it_started_with(small_db, monkeypatch):
    """总览 in AppTest: an import lands just after the run's first view is read; every card and bar of that
    run still shows the data before it (35.0), the next run the data after (56.0)."""
    from fixtures import chart_traces, open_app

    from liangsaibi.frame import ui

    monkeypatch.setenv("LIANGSAIBI_DB", str(small_db))
    ui.clear_caches()
    cached, landed = ui._cached, []

    def import_after_the_first_view(*key):
        found = cached(*key)
        if not landed:
            landed.append(True)
            imported_elsewhere(small_db, 8)
        return found

    monkeypatch.setattr(ui, "_cached", import_after_the_first_view)
    first = open_app({"quarter": "2021Q1"})
    assert landed and not first.exception
    monkeypatch.setattr(ui, "_cached", cached)
    second = open_app({"quarter": "2021Q1"})
    ui.clear_caches()
    # One unit in one street: the district average, the street's bar and the best unit are that unit's total.
    for app, total in ((first, TOTAL[5]), (second, TOTAL[8])):
        cards = {card.label: card.value for card in app.metric}
        assert cards["全区平均"] == f"{total:.2f}"
        assert chart_traces(app.get("plotly_chart")[0])[0]["x"] == [total]
