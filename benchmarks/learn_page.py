"""比学's page run time at a scale of 观摩 records: python -m benchmarks.learn_page --scale district|city.

The page reads highlights, problems and visits, and of the scores only which quarters and streets there are; so the
database holds the scale's units and rubric, every quarter's 观摩 sheets (synthetic.write_learning: 20 highlights and
10 problems per street and quarter, each street's tour of its units and two visits to other streets) and one score
per street and quarter, all brought in through the import command, every quarter published. It prints the AppTest run
time of /learn (cache cleared, cache kept, and as a server runs it) against the floor page in the frame with as many
charts and tables, built anew each run and taken from the pages' caches (run.floors), for the newest quarter and for
the whole range of quarters. It reports; it never fails on a slow machine.
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks import run, synthetic
from liangsaibi.store import db


def build(size: synthetic.Scale, folder: Path, database: Path) -> list[tuple[str, str]]:
    """The database, a year per import; the figures of what it holds."""
    subprocess.run(
        [sys.executable, "-m", "liangsaibi", "init", "--empty", "--force"],
        cwd=run.ROOT,
        check=True,
        env={**os.environ, "LIANGSAIBI_DB": str(database)},
        capture_output=True,
    )
    seconds, _ = run._import(database, synthetic.write_reference(size, folder))
    quarters = synthetic.quarters(size.quarters)
    for year in sorted({q[:4] for q in quarters}):
        chosen = [q for q in quarters if q.startswith(year)]
        scores = folder / f"scores_{year}.csv"
        synthetic.write_csv(
            scores,
            ["季度", "街道", "村(社区)", "指标", "评分人", "得分"],
            (
                [q, f"街道{s:04d}", f"社区{s:04d}-00", "指标00", "评分人1", 8]
                for q in chosen
                for s in range(size.streets)
            ),
        )
        took, _ = run._import(database, [scores, *synthetic.write_learning(size, folder, chosen, f"_{year}")])
        seconds += took
    run.publish_all(database)
    return [
        ("highlights", f"{size.streets * synthetic.HIGHLIGHTS_PER_STREET * size.quarters:,}"),
        ("problems", f"{size.streets * synthetic.PROBLEMS_PER_STREET * size.quarters:,}"),
        ("import of everything (s)", f"{seconds:.1f}"),
    ]


def page_times(database: Path, ranges: dict[str, dict]) -> list[tuple]:
    """/learn per range of quarters: cleared, kept and floor ms, then kept and floor as a server runs them."""
    from liangsaibi.frame import ui

    os.environ["LIANGSAIBI_DB"] = str(database)
    rows = []
    for label, query in ranges.items():
        app = run._app(
            run.ROOT / "dashboard.py",
            "pages/learn.py",
            {key: value for key, value in query.items() if key != "learn-range"},
        )
        if query.get("learn-range"):  # a bound range is set through its widget, as a user would
            app.select_slider(key="learn-range").set_value(tuple(query["learn-range"].split(","))).run()
        charts, tables = len(app.get("plotly_chart")), len(app.dataframe)

        def cleared():
            ui.clear_caches()
            app.run()

        floor, cached = run.floors(charts, tables, {key: value for key, value in query.items() if key != "learn-range"})
        plain = (run.median_ms(cleared), *run.paired_ms(app.run, floor.run, cached.run))
        with run.as_a_server():
            served = run.paired_ms(app.run, floor.run, cached.run)
        rows.append((label, *plain, *served, charts, tables))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["tiny", "district", "city"], default="district")
    size = synthetic.scale(parser.parse_args().scale)
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "learn.duckdb"
        print(
            f"## 比学 at `{size.streets}` streets × {size.units_per_street} units, {size.quarters} quarters\n\n"
            f"Machine: {run.machine()}; {run.machine_load()}\n",
            flush=True,
        )
        print(
            run._table(["data", "figure"], [f"| {n} | {v} |" for n, v in build(size, Path(folder), database)]),
            flush=True,
        )
        quarters = synthetic.quarters(size.quarters)
        ranges = {
            "newest quarter": {"quarter": quarters[-1]},
            "all quarters": {"quarter": quarters[-1], "learn-range": f"{quarters[0]},{quarters[-1]}"},
        }
        print(
            run._table(
                ["比学 (AppTest, warm)", *run.PAGE_HEADER], [run.page_row(*row) for row in page_times(database, ranges)]
            ),
            flush=True,
        )
        print(run.machine_load(), flush=True)
        db.close_all()


if __name__ == "__main__":
    main()
