"""Time `python -m liangsaibi export bulletin` for the demo district's quarter and a city's (200 streets): median of 3.

Run: python -m benchmarks.bulletin [folder]. The city is built the smallest way that answers: its lists, the
newest two quarters' scores (the second for 环比) and that year's commitments, through the import command."""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import synthetic
from liangsaibi.store.db import ROOT

RUNS = 3


def _cli(database: Path, *args: str) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one command: on a shared machine the CPU time is the steadier."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "liangsaibi", *args],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "LIANGSAIBI_DB": str(database)},
    )
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise RuntimeError(process.stderr.read().decode()[-2000:])
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def city(folder: Path) -> Path:
    """A city of 200 streets × 15 units with two quarters and their year's commitments."""
    size, database = synthetic.scale("city"), folder / "city.duckdb"
    _cli(database, "init", "--empty", "--force", "--district", "示例市")
    last_two = synthetic.quarters(2)
    files = [
        *synthetic.write_reference(size, folder),
        synthetic.write_scores(size, folder, last_two),
        synthetic.write_commitments(size, folder, [int(last_two[-1][:4])]),
    ]
    _cli(database, "import", *map(str, files))
    return database


def measure(database: Path, *args: str) -> tuple[float, float]:
    """Median wall and CPU seconds of RUNS runs of a command."""
    runs = [_cli(database, *args) for _ in range(RUNS)]
    return statistics.median(wall for wall, _ in runs), statistics.median(cpu for _, cpu in runs)


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="bulletin-"))
    folder.mkdir(parents=True, exist_ok=True)
    district = folder / "district.duckdb"
    _cli(district, "init", "--force")
    print("| command | wall s | CPU s | .docx |\n|---|---|---|---|")
    for name, database, quarter in (("district", district, "2021Q4"), ("city", city(folder), "2026Q3")):
        out = folder / f"{name}.docx"
        wall, cpu = measure(database, "export", "bulletin", "--quarter", quarter, "-o", str(out))
        print(f"| export bulletin, {name} {quarter} | {wall:.2f} | {cpu:.2f} | {out.stat().st_size / 1024:.0f} KB |")
        wall, cpu = measure(database, "export", "ranking", "--quarter", quarter, "-o", str(folder / f"{name}.csv"))
        print(f"| export ranking (for comparison), {name} {quarter} | {wall:.2f} | {cpu:.2f} | |")


if __name__ == "__main__":
    main()
