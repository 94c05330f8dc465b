"""Building the database: the schema, and the demo data loaded through the normal import path."""

import functools
import os
from pathlib import Path

from liangsaibi.ops import presence
from liangsaibi.store import db, restoring, settings

SAMPLE = db.ROOT / "data" / "sample"
SAMPLE_FILES = [
    SAMPLE / name
    for name in (
        "units.csv",
        "rubric.csv",
        "scores.csv",
        "commitments.csv",
        "highlights.csv",
        "problems.csv",
        "visits.csv",
    )
]


def build_database(path: Path, empty: bool = False, district: str | None = None, office: str | None = None) -> None:
    """Write a new database at `path`: schema only when `empty`, else the demo data (marked as such, of 中原区
    unless another district is given)."""
    given = settings.checked(
        {
            key: value
            for key, value in {"district": district or (None if empty else "中原区"), "office": office}.items()
            if value
        }
    )
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    building = path.with_name(path.name + ".building")
    building.unlink(missing_ok=True)
    with db.write(building) as connection:
        db.create_schema(connection)
        connection.execute("insert into meta values ('sample', $sample)", {"sample": "0" if empty else "1"})
        for key, value in given.items():
            connection.execute("insert into setting (key, value) values ($key, $value)", {"key": key, "value": value})
    if not empty:
        from liangsaibi.intake.imports import import_files  # only here: every command ensures a database first

        import_files([(file.name, file.read_bytes()) for file in SAMPLE_FILES], building, operator="示例数据")
        with db.write(building) as connection:  # the demo's quarters are final (docs/计分规则.md 季度发布)
            db.publish_scored_quarters(connection)
    # Built aside and moved into place, so a reader never sees a half-built database.
    os.replace(building, path)
    presence.remember(path)
    building.with_name(building.name + ".lock").unlink(missing_ok=True)  # the import's writer lock, not needed now


def ensure_database(path: Path | None = None) -> Path:
    """The database path: built from the demo data if there never was one (presence.DatabaseMissing if there was),
    upgraded if built by an older schema, a restore left half done by a killed process settled."""
    path = Path(path or db.database_path())
    restoring.settle(path)  # a restore a killed process left half done is completed or rolled back first
    if not path.exists():
        if presence.existed(path):
            raise presence.DatabaseMissing(path)
        build_database(path)
    elif _outdated(str(path.resolve()), db.database_version(path)):
        db.upgrade(path)
    return path


@functools.lru_cache(maxsize=8)
def _outdated(path: str, version: int) -> bool:
    # Asked once per file version, not on every page run; the database is noted as present then too.
    presence.remember(Path(path))
    return db.needs_upgrade(Path(path))
