"""A city's history from yearly CSVs, imported as a new user would: python -m benchmarks.yearly [--years 10].

Issue 17: 200 streets × 15 units (城000街道, 城0000社区), 10 themes, raters 评委0–4, one-decimal scores, four
quarters a year: 600,000 long-format rows per yearly file. `init --empty`, the unit list and the rubric, then
one `python -m liangsaibi import` per yearly file into the same database, each timed (wall and CPU seconds of
the process, its peak memory); then the same files into a new database in one command, in turn with DuckDB's own
read_csv of them into one table (the target: at most twice its time). Prints a Markdown table per file, the medians
and totals, and the one command against read_csv; it never fails on a slow machine.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb  # the read_csv side is DuckDB's own, outside the product

from benchmarks.synthetic import write_csv

ROOT = Path(__file__).resolve().parent.parent
STREETS, UNITS_PER_STREET, THEMES, RATERS = 200, 15, 10, 5
LAST_YEAR = 2025  # every quarter of it is past (a future quarter is refused)


def units(streets: int = STREETS) -> list[tuple[str, str]]:
    """(street, unit) of the city: a unit's number runs across the city, as 城0000社区 … 城2999社区."""
    return [
        (f"城{s:03d}街道", f"城{s * UNITS_PER_STREET + u:04d}社区")
        for s in range(streets)
        for u in range(UNITS_PER_STREET)
    ]


def themes() -> list[str]:
    return [f"指标{t:02d}" for t in range(THEMES)]


def write_reference(folder: Path, years: list[int], streets: int = STREETS) -> list[Path]:
    """The unit list and a rubric for every year (themes weighted evenly, 满分 10): what must precede the scores."""
    folder.mkdir(parents=True, exist_ok=True)
    unit_file, rubric_file = folder / "名单.csv", folder / "评分细则.csv"
    write_csv(unit_file, ["街道", "村(社区)", "类型"], ([street, unit, "社区"] for street, unit in units(streets)))
    write_csv(
        rubric_file,
        ["年度", "指标", "权重", "满分", "说明"],
        ([year, theme, 100 / THEMES, 10, ""] for year in years for theme in themes()),
    )
    return [unit_file, rubric_file]


def write_year(folder: Path, year: int, streets: int = STREETS) -> Path:
    """A year's long-format scores: 季度, 街道, 村(社区), 指标, 评分人, 得分 (600,000 rows at the city's size)."""
    rng = random.Random(year)
    path = folder / f"评分_{year}.csv"
    rows = (
        [f"{year}Q{q}", street, unit, theme, f"评委{r}", f"{rng.uniform(5, 10):.1f}"]
        for q in range(1, 5)
        for street, unit in units(streets)
        for theme in themes()
        for r in range(RATERS)
    )
    write_csv(path, ["季度", "街道", "村(社区)", "指标", "评分人", "得分"], rows)
    return path


def command(database: Path, *args: str) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system, the process and its children) and peak memory (MB) of one
    `python -m liangsaibi …` process."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "liangsaibi", *args],
        cwd=ROOT,
        env={**os.environ, "LIANGSAIBI_DB": str(database)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise RuntimeError(process.stderr.read().decode()[-2000:])
    # Linux's wait4 counts the process with the children it waited for (the intake reader) in its CPU time.
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _fresh(folder: Path, name: str, year_list: list[int]) -> tuple[Path, str]:
    """An empty database of the city with its unit list and rubric imported, and that import's line."""
    database = folder / name
    command(database, "init", "--empty", "--district", "某市", "--force")
    wall, cpu, memory = command(database, "import", *map(str, write_reference(folder, year_list)))
    return database, (
        f"unit list ({STREETS * UNITS_PER_STREET:,} units) and rubric ({len(year_list)} years): "
        f"{wall:.2f} s, CPU {cpu:.2f} s, {memory:.0f} MB"
    )


def run(years: int, folder: Path, pairs: int = 1, each: bool = True) -> list[str]:
    year_list = list(range(LAST_YEAR - years + 1, LAST_YEAR + 1))
    rows = 4 * STREETS * UNITS_PER_STREET * THEMES * RATERS
    lines = [f"Machine load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", ""]
    files = [write_year(folder, year) for year in year_list]
    if not each:
        return lines + together(folder, files, year_list, pairs)
    database, reference = _fresh(folder, "city.duckdb", year_list)
    lines += [
        "One command a file (`python -m liangsaibi import 评分_<年>.csv`, one year after the other):",
        "",
        reference,
        "",
        "| year | rows | CSV MB | wall s | CPU s | peak MB |",
        "|---|---|---|---|---|---|",
    ]
    times = []
    for year, path in zip(year_list, files):
        wall, cpu, memory = command(database, "import", str(path))
        times.append((wall, cpu))
        lines.append(
            f"| {year} | {rows:,} | {path.stat().st_size / 2**20:.1f} | {wall:.2f} | {cpu:.2f} | {memory:.0f} |"
        )
    lines += [
        "",
        f"median per file: {statistics.median(w for w, _ in times):.2f} s wall, "
        f"{statistics.median(c for _, c in times):.2f} s CPU; "
        f"all {years} files: {sum(w for w, _ in times):.1f} s wall, {sum(c for _, c in times):.1f} s CPU; "
        f"database {database.stat().st_size / 2**20:.0f} MB",
    ]
    return lines + together(folder, files, year_list, pairs)


def together(folder: Path, files: list[Path], year_list: list[int], pairs: int) -> list[str]:
    """The files in one import command against DuckDB's own read_csv of them into one table, in turn (`pairs`
    times), each in a process of its own writing a new database file; both are checked to hold every row."""
    lines = [
        "",
        f"All {len(files)} files in one command (`python -m liangsaibi import 评分_*.csv`, one all-or-nothing import) "
        "against DuckDB's own read_csv of the same files into one table of a new database (a Python process: "
        "`create table score as select * from read_csv([...])`), timed in turn:",
        "",
        "| pair | load average | import: wall s | CPU s | peak MB | read_csv: wall s | CPU s | peak MB | wall ratio | CPU ratio |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    ratios = []
    for pair in range(1, pairs + 1):
        load = f"{os.getloadavg()[0]:.1f}"
        database, reference = _fresh(folder, f"together{pair}.duckdb", year_list)
        ours = command(database, "import", *map(str, files))
        theirs = read_csv(folder / f"read_csv{pair}.duckdb", files)
        rows = [_rows(path) for path in (database, folder / f"read_csv{pair}.duckdb")]
        if rows[0] != rows[1] or rows[0] != len(files) * 4 * STREETS * UNITS_PER_STREET * THEMES * RATERS:
            raise RuntimeError(f"the import holds {rows[0]:,} scores, read_csv {rows[1]:,}")
        ratios.append((ours[0] / theirs[0], ours[1] / theirs[1]))
        lines.append(
            f"| {pair} | {load} | {ours[0]:.1f} | {ours[1]:.1f} | {ours[2]:.0f} | {theirs[0]:.1f} | {theirs[1]:.1f} | "
            f"{theirs[2]:.0f} | {ratios[-1][0]:.2f} | {ratios[-1][1]:.2f} |"
        )
    return lines + [
        "",
        f"Both hold {rows[0]:,} rows. Median ratio, wall {statistics.median(r for r, _ in ratios):.2f}, "
        f"CPU {statistics.median(c for _, c in ratios):.2f}. {reference}",
        "",
        f"Machine load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
    ]


READ_CSV = (
    "import duckdb, sys\n"
    "connection = duckdb.connect(sys.argv[1])\n"
    "connection.execute('set enable_progress_bar = false')\n"
    "connection.execute(f'create table score as select * from read_csv({sys.argv[2:]!r}, header = true)')\n"
    "connection.close()\n"
)


def read_csv(database: Path, files: list[Path]) -> tuple[float, float, float]:
    """Wall s, CPU s and peak MB of DuckDB reading the files into one table of a new database, in a process."""
    database.unlink(missing_ok=True)
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", READ_CSV, str(database), *map(str, files)], stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise RuntimeError(process.stderr.read().decode()[-2000:])
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _rows(database: Path) -> int:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute("select count(*) from score").fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10, help="yearly files to import (default 10)")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep the database and files")
    parser.add_argument("--pairs", type=int, default=1, help="times the one command and read_csv are timed in turn")
    parser.add_argument("--together-only", action="store_true", help="skip the one command a file")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        lines = run(args.years, args.keep, args.pairs, not args.together_only)
    else:
        with tempfile.TemporaryDirectory() as folder:
            lines = run(args.years, Path(folder), args.pairs, not args.together_only)
    print("\n".join(lines), flush=True)


if __name__ == "__main__":
    main()
