"""The write side of the store: applying a checked import with its history, undoing one, backups."""

import datetime
import hashlib
import json
from pathlib import Path

import pandas as pd
import pyarrow as pa

from liangsaibi.live import ledger, sessions
from liangsaibi.ops import invariants
from liangsaibi.quiz import reopening
from liangsaibi.store import db, restoring, settings

TABLES = {
    "units": "unit",
    "rubric": "rubric",
    "scores": "score",
    "commitments": "commitment",
    "grades": "grade_band",
    "settings": "setting",
    "remarks": "street_remark",
    "highlights": "highlight",
    "problems": "problem",
    "visits": "visit",
    "publish": "quarter_state",
}
# What a sheet covers: stored rows sharing these columns with it are replaced (a sheet is the truth for them).
# Scores are covered per unit and theme, so that a separate sheet of one theme (the 党务知识 test, say)
# replaces that theme only and leaves the on-site scores of the same quarter alone.
COVERS = {
    "units": ["street", "unit"],
    "rubric": ["year"],
    "scores": ["quarter", "street", "unit", "theme"],
    "commitments": ["year", "street", "unit"],
    "grades": ["year"],
    "settings": ["key"],
    "remarks": ["quarter", "street"],
    # A sheet of the 观摩 is the truth for what it names: the highlights and the problems of each unit in
    # each quarter it lists (a corrected sheet drops a highlight left out of it; the entry form sends a
    # unit's whole quarter), and the visits of each visitor on each day it lists (a tour is one sheet).
    "highlights": ["quarter", "street", "unit"],
    "problems": ["quarter", "street", "unit"],
    "visits": ["visitor", "visited_on"],
    "publish": ["quarter"],  # 发布 / 撤回发布 writes the quarter's state (liangsaibi/publish/)
}
# The history's name of each kind of import (import_log.kind); a new kind of import adds its name here.
KIND_NAMES = {
    "scores": "评分表",
    "commitments": "承诺清单",
    "units": "村(社区)名单",
    "rubric": "评分细则",
    "grades": "等次阈值",
    "settings": "区设置",
    "remarks": "通报点评",
    "highlights": "亮点做法",
    "problems": "问题反馈",
    "visits": "观摩记录",
    "publish": "季度发布",
}
CHECKSUM_SHOWN = 8  # characters of a file's sha256: enough to tell two versions of a sheet apart by eye
DEFAULT_GRADES = [("优秀", 90.0), ("良好", 80.0), ("一般", 60.0), ("较差", 0.0)]


class UndoRefused(Exception):
    """An import that cannot be undone (yet), or a backup that cannot be restored; the message says why."""


class GradesRefused(Exception):
    """Grade thresholds that would leave totals without a grade; nothing was changed."""


def register_incoming(connection, rows: pd.DataFrame) -> None:
    """A sheet's rows as the `incoming` table, in Arrow form: DuckDB reads its dictionary columns in place,
    while from pandas it fetched a categorical's names with a Python call each (30,000 units per scan)."""
    connection.register("incoming", pa.Table.from_pandas(rows, preserve_index=False))


def covered_by_incoming(connection, kind: str, rows: pd.DataFrame, whole: bool = False) -> str:
    """SQL condition: the stored row `t` is covered by a row of `rows`, registered as the `incoming` sheet; with
    `whole`, a score sheet covers each (季度, 村(社区), 指标) it holds whatever raters it names (a quiz's close)."""
    # A sheet of quarters (years, streets) the store does not hold yet, as a new quarter's, covers nothing:
    # asked of the store's sorted quarters in a millisecond, without hashing the sheet to probe the store.
    scope = COVERS[kind][0]
    if not connection.execute(
        f"select exists (select 1 from {TABLES[kind]} where {scope} = any($values))",
        {"values": rows[scope].dropna().unique().tolist()},
    ).fetchall()[0][0]:
        return "false"
    # As a row IN its subquery DuckDB hashes the sheet and probes the store: `exists (… where i.x = t.x)`
    # hashed the whole store instead, ten times slower once a city's history is in it.
    stored = ", ".join(f"t.{column}" for column in COVERS[kind])
    covered = f"({stored}) in (select {', '.join(COVERS[kind])} from incoming)"
    if kind == "scores" and not whole and names_raters(rows):
        # A sheet that names its raters replaces, for each (季度, 村(社区), 指标) it holds, the scores of the raters
        # it names there and those stored without a rater, and keeps the other raters' (docs/导入格式.md).
        return f"(({stored}, t.rater) in (select {', '.join(COVERS[kind])}, rater from incoming) or (t.rater = '' and {covered}))"
    return covered


def names_raters(rows: pd.DataFrame) -> bool:
    """Whether a score sheet names its raters (then it replaces only theirs)."""
    return "rater" in rows and bool((rows["rater"].astype(str) != "").any())


def apply(plan, connection, operator: str) -> list[int]:
    """Write every part of a checked plan, each as one entry of the history by `operator`; returns their ids."""
    ids, units_to_add = [], plan.new_units  # the plan keeps its new units: the summary lists them
    for part in plan.parts:
        adds_units = part.kind in ("scores", "commitments") and len(units_to_add)
        ids.append(
            record_change(
                connection,
                part.kind,
                part.rows,
                operator,
                part.sheet.file,
                sheet=part.sheet.sheet,
                checksum=part.checksum,
                new_units=units_to_add if adds_units else None,
                whole=part.whole,
            )
        )
        if adds_units:
            units_to_add = units_to_add.iloc[:0]
    return ids


def record_change(
    connection,
    kind: str,
    rows: pd.DataFrame,
    operator: str,
    file_name: str,
    sheet: str = "",
    checksum: str = "",
    new_units: pd.DataFrame | None = None,
    whole: bool = False,
) -> int:
    """Write one change as an entry of the history: who made it, its rows, and the rows it replaces (kept for undo).

    Every change goes through here: imports, the administrator's edits, settings, 点评, publishing, a live close.
    Its id comes from a sequence, so an id once shown is never given again (undo takes the id history shows)."""
    change_id = connection.execute("select nextval('change_id')").fetchall()[0][0]
    connection.execute(
        "insert into import_log (import_id, file_name, sheet, kind, checksum, rows_added, imported_by) "
        "values ($id, $file, $sheet, $kind, $sum, $rows, $by)",
        {
            "id": change_id,
            "file": file_name,
            "sheet": sheet,
            "kind": kind,
            "sum": checksum,
            "rows": len(rows),
            "by": operator,
        },
    )
    if new_units is not None:
        _add_units(connection, new_units, change_id)
    replaced = _replace(connection, TABLES[kind], kind, rows, change_id, whole)
    connection.execute(
        "update import_log set rows_replaced = $n where import_id = $id", {"n": replaced, "id": change_id}
    )
    return change_id


def _add_units(connection, units: pd.DataFrame, import_id: int) -> None:
    connection.register("new_units", units)
    connection.execute("insert or ignore into street select distinct street from new_units")
    connection.execute(
        "insert into unit (street, unit, kind, import_id) select street, unit, kind, $id from new_units",
        {"id": import_id},
    )
    connection.unregister("new_units")


def _replace(connection, table: str, kind: str, rows: pd.DataFrame, import_id: int, whole: bool = False) -> int:
    # Covered rows move to <table>_replaced, so that undo can put them back exactly.
    register_incoming(connection, rows)
    where = covered_by_incoming(connection, kind, rows, whole)
    connection.execute(f"insert into {table}_replaced select *, $id from {table} as t where {where}", {"id": import_id})
    columns = ", ".join(rows.columns)
    if kind == "units":  # scores refer to units, so a unit is updated in place rather than replaced
        connection.execute("insert or ignore into street select distinct street from incoming")
        connection.execute(
            "update unit as t set kind = i.kind, position = i.position, import_id = $id from incoming as i "
            "where i.street = t.street and i.unit = t.unit",
            {"id": import_id},
        )
        connection.execute(
            f"insert into unit ({columns}, import_id) select {columns}, $id from incoming as i "
            "where not exists (select 1 from unit as t where t.street = i.street and t.unit = i.unit)",
            {"id": import_id},
        )
    else:
        connection.execute(f"delete from {table} as t where {where}")
        connection.execute(
            f"insert into {table} ({columns}, import_id) select {columns}, $id from incoming", {"id": import_id}
        )
    if kind == "rubric":
        for grade, minimum in DEFAULT_GRADES:
            connection.execute(
                "insert or ignore into grade_band select distinct year, $grade, $minimum, $id from incoming",
                {"grade": grade, "minimum": minimum, "id": import_id},
            )
    replaced = connection.execute(
        f"select count(*) from {table}_replaced where replaced_by = $id", {"id": import_id}
    ).fetchall()[0][0]
    connection.unregister("incoming")
    return replaced


def grade_rows(year: int, bands: pd.DataFrame) -> pd.DataFrame:
    """Edited grade thresholds (columns 等次, 最低分) as store rows, or GradesRefused saying what is wrong."""
    rows = pd.DataFrame(
        {
            "year": year,
            "grade": bands["等次"].astype(str).str.strip(),
            "min_total": pd.to_numeric(bands["最低分"], errors="coerce"),
        }
    ).dropna(subset=["min_total"])
    rows = rows[rows.grade != ""]
    if (
        rows.empty
        or not rows.min_total.between(0, 100).all()
        or rows.grade.duplicated().any()
        or 0 not in set(rows.min_total)
    ):
        raise GradesRefused(
            "等次阈值须在 0–100 之间、等次不重复，并且有一个最低分为 0 的等次（让每个总分都有等次）；未作更改。"
        )
    return rows


def set_grades(year: int, bands: pd.DataFrame, path: Path | None = None, *, operator: str) -> str:
    """Replace a year's grade thresholds as one entry of the history, so that it can be undone."""
    rows = grade_rows(year, bands)
    with db.change(path) as connection:
        record_change(connection, "grades", rows, operator, f"等次阈值_{year}_编辑")
    return f"已保存 {year} 年的等次阈值。"


def set_settings(changes: dict[str, str], path: Path | None = None, *, operator: str) -> str:
    """Store edited district settings as one entry of the history, so that it can be undone; unchanged keys are
    left out."""
    before = settings.current(path)  # a value equal to what is shown (a default too) is not stored: it stays a default
    rows = {key: value for key, value in settings.checked(changes).items() if before.get(key) != value}
    if not rows:
        return "设置没有变化。"
    with db.change(path) as connection:
        table = pd.DataFrame({"key": list(rows), "value": list(rows.values())})
        import_id = record_change(connection, "settings", table, operator, "区设置_编辑")
    return f"已保存：{'、'.join(settings.SETTINGS[key][0] for key in rows)}（第 {import_id} 号，可撤销）。"


def record_shortfall(connection, missing: list[tuple[str, str, str, str]], quarter: str, import_id: int) -> None:
    """Keep, with a 现场评分 close's import, each (street, unit, theme, rater) missing on a unit–theme it imports."""
    if missing:
        connection.executemany(
            "insert into rater_shortfall values (?, ?, ?, ?, ?, ?)", [(quarter, *row, import_id) for row in missing]
        )


def history(path: Path | None = None) -> pd.DataFrame:
    """Every import, oldest first: when, which file and sheet, its kind and checksum, rows added and replaced."""
    return db.run("import_history", path=path)


def history_shown(path: Path | None = None) -> pd.DataFrame:
    """The history as people read it: each kind named in Chinese and the start of its checksum; 撤销时间 stays
    empty while an import stands."""
    log = history(path)
    return log.assign(
        类型=log["类型"].map(lambda kind: KIND_NAMES.get(kind, kind)), 校验和=log["校验和"].str[:CHECKSUM_SHOWN]
    )


def undo(import_id: int, path: Path | None = None, *, operator: str) -> str:
    """Return the data to exactly what it was before the import, recording who undid it; refuse while a later
    import builds on it."""
    try:
        _undo(import_id, path, operator)
    except invariants.Broken as broken:
        raise UndoRefused(f"不能撤销第 {import_id} 号导入：{broken}") from None
    sessions.reopen_undone(path)  # a 现场评分 session whose close this was is open again
    reopening.reopen_undone(path)  # as a 党务知识测试 whose close this was
    return f"已撤销第 {import_id} 号导入。"


def _undo(import_id: int, path: Path | None, operator: str) -> None:
    with db.change(path) as connection:
        found = next(
            iter(
                connection.execute(
                    "select kind, undone_at from import_log where import_id = $id", {"id": import_id}
                ).fetchall()
            ),
            None,
        )
        if found is None:
            raise UndoRefused(f"没有第 {import_id} 号导入。请用 history 查看导入编号。")
        if found[1] is not None:
            raise UndoRefused(f"第 {import_id} 号导入已在 {found[1]:%Y-%m-%d %H:%M} 撤销过。")
        for table in (TABLES[found[0]], "unit", "grade_band"):
            _refuse_if_replaced_later(connection, table, import_id)
        quarter = _quarter_published(connection, import_id) if found[0] == "publish" else None
        _restore(connection, TABLES[found[0]], import_id)
        if quarter:  # the state the quarter returns to must keep quarters published in order
            _refuse_if_out_of_order(connection, import_id, quarter)
        if found[0] == "rubric":  # the default grade bands it gave a year that had none
            connection.execute("delete from grade_band where import_id = $id", {"id": import_id})
        if found[0] != "units":  # units added with --add-units by this import
            _restore(connection, "unit", import_id)
        connection.execute("delete from rater_shortfall where import_id = $id", {"id": import_id})
        connection.execute(
            "update import_log set undone_at = current_timestamp, undone_by = $by where import_id = $id",
            {"id": import_id, "by": operator},
        )


def _quarter_published(connection, import_id: int) -> str | None:
    found = connection.execute("select quarter from quarter_state where import_id = $id", {"id": import_id}).fetchall()
    return found[0][0] if found else None


def _refuse_if_out_of_order(connection, import_id: int, quarter: str) -> None:
    from liangsaibi.publish import rules  # the publishing rules read the store: imported when an undo needs them

    refused = rules.undo_refusal(quarter, rules.states_of(connection))
    if refused:
        raise UndoRefused(f"第 {import_id} 号不能撤销：{refused}")


def _refuse_if_replaced_later(connection, table: str, import_id: int) -> None:
    later = connection.execute(
        f"select min(replaced_by) from {table}_replaced where import_id = $id", {"id": import_id}
    ).fetchall()[0][0]
    if later is not None:
        raise UndoRefused(f"第 {import_id} 号导入的数据已被第 {later} 号导入替换，请先撤销第 {later} 号导入。")


def _restore(connection, table: str, import_id: int) -> None:
    params = {"id": import_id}
    if table == "unit":
        users = connection.execute(
            "select min(s.import_id) from (select street, unit, import_id from score union all "
            "select street, unit, import_id from commitment union all select street, unit, import_id from highlight "
            "union all select street, unit, import_id from problem union all select street, unit, import_id from visit) "
            "as s join unit as u using (street, unit) "
            "where u.import_id = $id and not exists (select 1 from unit_replaced as r "
            "where r.replaced_by = $id and r.street = u.street and r.unit = u.unit)",
            params,
        ).fetchall()[0][0]
        if users is not None:
            raise UndoRefused(
                f"第 {import_id} 号导入添加的村(社区)仍被第 {users} 号导入的数据引用，请先撤销第 {users} 号导入。"
            )
        connection.execute(
            "delete from unit as u where import_id = $id and not exists (select 1 from unit_replaced as r "
            "where r.replaced_by = $id and r.street = u.street and r.unit = u.unit)",
            params,
        )
        connection.execute(
            "update unit as u set kind = r.kind, position = r.position, import_id = r.import_id from unit_replaced as r "
            "where r.replaced_by = $id and r.street = u.street and r.unit = u.unit",
            params,
        )
        # Streets exist only through their units: one that came in with the removed units goes with them.
        connection.execute("delete from street where street not in (select street from unit)")
    else:
        columns = ", ".join(connection.execute(f"select * from {table} limit 0").df().columns)
        connection.execute(f"delete from {table} where import_id = $id", params)
        connection.execute(
            f"insert into {table} select {columns} from {table}_replaced where replaced_by = $id", params
        )
    connection.execute(f"delete from {table}_replaced where replaced_by = $id", params)


BACKUP_FILES = ("liangsaibi.duckdb", "liangsaibi.live.sqlite3", "manifest.json")


def backup(folder: Path, path: Path | None = None) -> str:
    """A complete, restorable copy of the database in `folder`, with its checksum; a backup that fails (a full disk)
    leaves none of its files behind."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        return _backup(folder, path)
    except BaseException:
        for name in BACKUP_FILES:
            (folder / name).unlink(missing_ok=True)
        raise


def _backup(folder: Path, path: Path | None) -> str:
    copy = folder / BACKUP_FILES[0]
    db.copy_out(copy, path)
    try:
        db.verify(copy)  # a copy of a damaged database would restore the damage
    except db.Damaged as damaged:
        copy.unlink()
        raise UndoRefused(f"数据库已损坏，不能备份：{damaged}请用最近一次完好的备份恢复（restore）。") from None
    manifest = {
        "file": copy.name,
        "sha256": _sha256(copy),
        "created": datetime.datetime.now().isoformat(timespec="seconds"),
        "source": str(Path(path or db.database_path()).resolve()),
    }
    live = folder / BACKUP_FILES[1]
    live.unlink(missing_ok=True)
    if ledger.copy_to(live, path):  # the 现场评分 store beside it, copied while raters may go on submitting
        if damaged := ledger.problems_of(live):
            copy.unlink()
            live.unlink()
            raise UndoRefused(f"现场评分库已损坏，不能备份：{damaged[0]}请用最近一次完好的备份恢复（restore）。")
        manifest["live"] = {"file": live.name, "sha256": _sha256(live)}
    (folder / BACKUP_FILES[2]).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return f"已备份到 {folder}（校验和 {manifest['sha256'][:12]}…{'，含现场评分库' if 'live' in manifest else ''}）"


def restore(folder: Path, path: Path | None = None) -> str:
    """Replace the database with a backup, after checking the backup is whole."""
    manifest = _manifest(Path(folder))
    copy = Path(folder) / manifest["file"]
    if not copy.exists() or _sha256(copy) != manifest["sha256"]:
        raise UndoRefused(f"备份文件 {copy} 缺失或已损坏（校验和不符），未作任何更改。")
    live = Path(folder) / manifest["live"]["file"] if "live" in manifest else None
    if live is not None and (not live.exists() or _sha256(live) != manifest["live"]["sha256"]):
        raise UndoRefused(f"备份文件 {live} 缺失或已损坏（校验和不符），未作任何更改。")
    if live is not None and (damaged := ledger.problems_of(live)):
        raise UndoRefused(f"备份不能恢复：{damaged[0]}未作任何更改。")
    try:  # the database and its live store together, or neither (restoring.py)
        restoring.restore(copy, live, Path(path or db.database_path()))
    except db.Damaged as damaged:
        raise UndoRefused(f"备份不能恢复：{damaged}") from None
    if live is None:
        kept = "；备份中没有现场评分库，现有的现场评分库未改动" if ledger.live_path(path).exists() else ""
        return f"已从 {folder} 恢复（备份时间 {manifest['created']}{kept}）。"
    return f"已从 {folder} 恢复（备份时间 {manifest['created']}，含现场评分库）。"


MANIFEST_KEYS = {"file": "数据库备份的文件名", "sha256": "它的校验和", "created": "备份时间"}
LIVE_KEYS = {"file": "现场评分库备份的文件名", "sha256": "它的校验和"}


def _manifest(folder: Path) -> dict:
    """The backup's manifest.json, or UndoRefused with a sentence saying what is wrong with it (missing, empty, cut
    short, not UTF-8, a key missing or of the wrong kind)."""
    file = folder / "manifest.json"
    if not file.exists():
        raise UndoRefused(f"{folder} 中没有 manifest.json，不是本系统的备份；未作任何更改。")
    what = "请换一个完好的备份目录（或重新备份）；未作任何更改。"
    try:
        text = file.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise UndoRefused(f"备份说明 {file} 不是 UTF-8 编码的文本，可能已损坏或被另存为其他编码。{what}") from None
    if not text.strip():
        raise UndoRefused(f"备份说明 {file} 是空文件：备份可能没有写完（如磁盘已满或中途断电）。{what}")
    try:
        manifest = json.loads(text)
    except json.JSONDecodeError as error:
        raise UndoRefused(
            f"备份说明 {file} 不完整或格式不对（第 {error.lineno} 行第 {error.colno} 列读不下去），可能被截断或改动过。{what}"
        ) from None
    if not isinstance(manifest, dict):
        raise UndoRefused(f"备份说明 {file} 的内容不是本系统备份的说明，可能被改动过。{what}")
    parts = [("", MANIFEST_KEYS, manifest)] + ([("live.", LIVE_KEYS, manifest["live"])] if "live" in manifest else [])
    for where, keys, found in parts:
        for key, meaning in keys.items():
            if not isinstance(found, dict) or not isinstance(found.get(key), str) or not found[key]:
                raise UndoRefused(
                    f"备份说明 {file} 缺少「{where}{key}」一项（{meaning}）或它不是文字，可能被改动过。{what}"
                )
    for name in (manifest["file"], manifest.get("live", {}).get("file")):
        if name is not None and Path(name).name != name:
            raise UndoRefused(f"备份说明 {file} 中的文件名「{name}」不在备份目录中，可能被改动过。{what}")
    return manifest


def _sha256(file: Path) -> str:
    digest = hashlib.sha256()
    with open(file, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
