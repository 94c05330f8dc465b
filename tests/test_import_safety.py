"""An import never damages the store: damaged files, a killed process, undo, and readers during an import."""

import os
import shutil
import signal
import subprocess
import sys
import threading
import time

import pandas as pd
import pytest
from import_support import TODAY, csv_file, query, sha256, tables

from liangsaibi.intake.imports import import_files
from liangsaibi.intake.sheets import ImportRefused
from liangsaibi.store import db, store
from liangsaibi.store.build import SAMPLE


def _stray_work_files(path) -> list[str]:
    return sorted(file.name for file in path.parent.glob(path.name + ".change-*"))


def _big_score_csv(raters: int) -> bytes:
    """Every demo unit scored on every 2026 theme by `raters` raters in 2026Q3 (about 420 rows per rater)."""
    units = pd.read_csv(SAMPLE / "units.csv", encoding="utf-8-sig")
    rubric = pd.read_csv(SAMPLE / "rubric.csv", encoding="utf-8-sig")
    themes = rubric[rubric["年度"] == 2026][["指标", "满分"]].to_numpy().tolist()
    lines = ["季度,街道,村(社区),指标,评分人,得分"] + [
        f"2026Q3,{street},{unit},{theme},评分人{rater},{top * 0.8:g}"
        for rater in range(1, raters + 1)
        for street, unit in units[["街道", "村(社区)"]].to_numpy()
        for theme, top in themes
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("big") / "BIG.csv"
    path.write_bytes(_big_score_csv(720))  # ~300,000 rows: the import takes seconds, long enough to be killed in
    return path


def _grown_bytes(path) -> int:
    """How much the work copy and its log have grown beyond the database they copy."""
    try:
        return sum(file.stat().st_size for file in path.parent.glob(path.name + ".change-*")) - path.stat().st_size
    except FileNotFoundError:  # the work files come and go
        return 0


def _wait_for(condition, process, timeout=60.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert process.poll() is None, "the import finished before it could be killed"
        assert time.monotonic() < deadline, "the import never reached the point to kill it at"
        time.sleep(0.005)


@pytest.mark.parametrize("moment", ["copying-or-checking", "writing", "well-into-writing"])
def test_an_import_killed_midway_leaves_the_database_exactly_as_it_was(demo_db, big_csv, moment):
    before, scores_before = sha256(demo_db), query(demo_db, "select count(*), sum(score) from score")
    process = subprocess.Popen(
        [sys.executable, "-m", "liangsaibi", "import", str(big_csv)],
        cwd=db.ROOT,
        env={**os.environ, "LIANGSAIBI_DB": str(demo_db)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # The work copy appears when the change starts; its write-ahead log once rows are being written.
        suffix = "" if moment == "copying-or-checking" else ".wal"
        _wait_for(lambda: any(name.endswith(suffix) for name in _stray_work_files(demo_db)), process)
        if moment == "well-into-writing":  # the work copy has grown by half a megabyte of new rows
            _wait_for(lambda: _grown_bytes(demo_db) > 2**19, process)
        assert process.poll() is None
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == -signal.SIGKILL
    assert sha256(demo_db) == before and _stray_work_files(demo_db)
    assert query(demo_db, "select count(*), sum(score) from score") == scores_before
    small = csv_file("季度,街道,村(社区),指标,得分\n2026Q4,须水街道,付庄村,创新举措,9\n")
    import_files([("小.csv", small)], demo_db, today=TODAY, operator="测试")
    assert _stray_work_files(demo_db) == []
    assert query(demo_db, "select count(*) from score")[0][0] == scores_before[0][0] + 1


def test_a_refused_import_leaves_no_work_file_behind(demo_db):
    with pytest.raises(ImportRefused):
        import_files(
            [("评分.csv", csv_file("季度,街道,村(社区),指标,得分\n2026Q4,须水街道,付庄村,创新举措,99\n"))],
            demo_db,
            today=TODAY,
            operator="测试",
        )
    assert _stray_work_files(demo_db) == []


def test_a_dry_run_reports_the_same_changes_as_the_import_and_writes_nothing(demo_db):
    data = csv_file(
        "季度,街道,村(社区),指标,评分人,得分\n2026Q3,建设路街道,省五建社区,党建引领,评分人1,19\n"
        "2026Q4,须水街道,新庄村,创新举措,评分人1,9\n"
    )
    before = sha256(demo_db)
    dry_plan, dry_summary = import_files(
        [("评分.csv", data)], demo_db, add_units=True, dry_run=True, today=TODAY, operator="测试"
    )
    assert sha256(demo_db) == before and _stray_work_files(demo_db) == []
    plan, summary = import_files([("评分.csv", data)], demo_db, add_units=True, today=TODAY, operator="测试")
    assert dry_summary.equals(summary) and dry_plan.new_units.equals(plan.new_units)
    demo = pd.read_csv(SAMPLE / "scores.csv", encoding="utf-8-sig")
    covered = demo[(demo["季度"] == "2026Q3") & (demo["村(社区)"] == "省五建社区") & (demo["指标"] == "党建引领")]
    changed = covered[covered["评分人"] == "评分人1"]
    # The sheet names 评分人1: the other raters' 党建引领 scores stay, nothing is deleted (docs/导入格式.md).
    assert summary[["新增", "修改", "删除"]].to_numpy().tolist() == [[1, int((changed["得分"] != 19).sum()), 0]]


# Undo -----------------------------------------------------------------------------------------------------------


def _last_import(path) -> int:
    return query(path, "select max(import_id) from import_log")[0][0]


def test_undo_returns_every_table_to_exactly_what_it_was_before_the_import(demo_db):
    before = tables(demo_db)
    data = csv_file(
        "季度,街道,村(社区),指标,评分人,得分\n2026Q3,建设路街道,省五建社区,党建引领,评分人1,19.5\n"
        "2026Q3,须水街道,新庄村,党建引领,评分人1,15\n2026Q3,建设路街道,新城社区,创新举措,评分人1,7\n"
    )
    import_files([("更正.csv", data)], demo_db, add_units=True, today=TODAY, operator="测试")
    imported = _last_import(demo_db)
    assert tables(demo_db) != before
    assert store.undo(imported, demo_db, operator="测试") == f"已撤销第 {imported} 号导入。"
    assert tables(demo_db) == before
    assert query(demo_db, "select undone_at is not null from import_log where import_id = $id", {"id": imported}) == [
        (True,)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "年度,指标,权重,满分\n2027,党建引领,100,20\n",
        # Every theme the year's scores have, with other weights and 满分 (a rubric without them is refused).
        "年度,指标,权重,满分\n2026,党建引领,30,25\n2026,创新举措,10,10\n2026,工作成效,20,30\n2026,阵地建设,10,10\n"
        "2026,承诺践诺,10,20\n2026,集中攻坚,10,10\n2026,党务知识,10,100\n",
        "街道,村(社区),类型\n新城街道,新城社区,社区\n须水街道,付庄村,社区\n",
        "年度,街道,村(社区),承诺事项,承诺时限,完成日期\n2026,须水街道,付庄村,修路,2026Q4,2026-11-01\n",
    ],
    ids=["rubric-of-a-new-year", "rubric-replaced", "units", "commitments"],
)
def test_undo_of_every_kind_of_import_restores_every_table(demo_db, text):
    before = tables(demo_db)
    import_files([("文件.csv", csv_file(text))], demo_db, today=TODAY, operator="测试")
    store.undo(_last_import(demo_db), demo_db, operator="测试")
    assert tables(demo_db) == before


def _derived_differences(path) -> dict[str, int]:
    """Per derived table, how many rows differ from computing it afresh from the stored rows (to 1e-9)."""
    import duckdb

    differences = {}
    with duckdb.connect(str(path), read_only=True) as connection:
        for table in db.DERIVED:
            kept, fresh = (
                connection.execute(f"select * from {name}").df().round(9).astype(str)
                for name in (table, f"{table}_live")
            )
            both = kept.merge(fresh, how="outer", indicator=True)
            differences[table] = int((both["_merge"] != "both").sum()) + abs(len(kept) - len(fresh))
    return differences


@pytest.mark.parametrize(
    "text",
    [
        "季度,街道,村(社区),指标,评分人,得分\n2026Q3,建设路街道,省五建社区,党建引领,评分人1,19.5\n"
        "2025Q2,须水街道,付庄村,党建引领,评分人1,3\n",
        "年度,指标,权重,满分\n2025,党建引领,30,25\n2025,创新举措,10,10\n2025,工作成效,20,30\n2025,阵地建设,10,10\n"
        "2025,承诺践诺,10,20\n2025,集中攻坚,10,10\n2025,党务知识,10,100\n",
        "街道,村(社区),类型\n须水街道,付庄村,社区\n",
    ],
    ids=["scores-of-two-quarters", "rubric-replaced", "unit-kind-changed"],
)
def test_after_an_import_and_its_undo_the_derived_tables_equal_a_fresh_computation(demo_db, text):
    # An import recomputes only the quarters it touches; undo recomputes everything.
    import_files([("文件.csv", csv_file(text))], demo_db, today=TODAY, operator="测试")
    assert (
        query(demo_db, "select count(*) from score_replaced")[0][0]
        + query(demo_db, "select count(*) from rubric_replaced")[0][0]
        + query(demo_db, "select count(*) from unit_replaced")[0][0]
        > 0
    )
    assert _derived_differences(demo_db) == dict.fromkeys(db.DERIVED, 0)
    store.undo(_last_import(demo_db), demo_db, operator="测试")
    assert _derived_differences(demo_db) == dict.fromkeys(db.DERIVED, 0)


def test_undo_is_refused_while_a_later_import_replaced_its_rows_and_allowed_once_that_is_undone(demo_db):
    before = tables(demo_db)
    header = "季度,街道,村(社区),指标,得分\n"
    import_files(
        [("第一次.csv", csv_file(header + "2026Q4,须水街道,付庄村,创新举措,9\n"))],
        demo_db,
        today=TODAY,
        operator="测试",
    )
    first = _last_import(demo_db)
    import_files(
        [("更正.csv", csv_file(header + "2026Q4,须水街道,付庄村,创新举措,8\n"))], demo_db, today=TODAY, operator="测试"
    )
    second = _last_import(demo_db)
    unchanged = sha256(demo_db)
    with pytest.raises(store.UndoRefused, match=f"已被第 {second} 号导入替换，请先撤销第 {second} 号导入"):
        store.undo(first, demo_db, operator="测试")
    assert sha256(demo_db) == unchanged
    store.undo(second, demo_db, operator="测试")
    assert query(demo_db, "select score from score where quarter = '2026Q4'") == [(9.0,)]
    with pytest.raises(store.UndoRefused, match=f"第 {second} 号导入已在 .* 撤销过"):
        store.undo(second, demo_db, operator="测试")
    store.undo(first, demo_db, operator="测试")
    assert tables(demo_db) == before


def test_undo_of_a_unit_list_is_refused_while_later_scores_use_its_new_units(demo_db):
    import_files(
        [("名单.csv", csv_file("街道,村(社区),类型\n须水街道,新庄村,村\n"))], demo_db, today=TODAY, operator="测试"
    )
    units = _last_import(demo_db)
    import_files(
        [("评分.csv", csv_file("季度,街道,村(社区),指标,得分\n2026Q4,须水街道,新庄村,创新举措,9\n"))],
        demo_db,
        today=TODAY,
        operator="测试",
    )
    with pytest.raises(store.UndoRefused, match=f"仍被第 {units + 1} 号导入的数据引用，请先撤销第 {units + 1} 号导入"):
        store.undo(units, demo_db, operator="测试")


def test_undo_of_an_import_that_does_not_exist_says_where_to_look(demo_db):
    with pytest.raises(store.UndoRefused, match="没有第 999 号导入。请用 history 查看导入编号"):
        store.undo(999, demo_db, operator="测试")


# Readers during an import ---------------------------------------------------------------------------------------

CHANGED_SHEET = csv_file(
    "季度,街道,村(社区),评分人,党建引领,创新举措,工作成效,阵地建设,承诺践诺,集中攻坚,党务知识\n"
    + "".join(
        f"2026Q3,须水街道,{unit},评分人1,20,10,20,10,20,10,100\n"
        for unit in [
            "付庄村",
            "须水村",
            "董岗村",
            "西岗村",
            "岗坡村",
            "白寨村",
            "柳湖村",
            "常庄村",
            "河西袁村",
            "沟赵村",
            "须水社区",
        ]
    )
)


def test_readers_during_an_import_see_the_old_or_the_new_ranking_and_the_new_one_without_a_restart(demo_db, tmp_path):
    future = tmp_path / "after.duckdb"
    shutil.copyfile(demo_db, future)
    import_files([("满分.csv", CHANGED_SHEET)], future, today=TODAY, operator="测试")
    after = db.run("street_ranking", path=future, quarter="2026Q3")
    old = db.run("street_ranking", path=demo_db, quarter="2026Q3")
    assert not old.equals(after)
    seen, failures, done = [], [], threading.Event()

    def read_in_a_loop():
        while not done.is_set():
            try:
                seen.append(db.run("street_ranking", path=demo_db, quarter="2026Q3"))
            except Exception as error:  # every failure is reported below, not swallowed
                failures.append(error)

    def wait_until(condition):
        deadline = time.monotonic() + 30
        while not condition() and not failures and time.monotonic() < deadline:
            time.sleep(0.01)

    reader = threading.Thread(target=read_in_a_loop)
    reader.start()
    try:
        wait_until(lambda: len(seen) >= 3)
        import_files([("满分.csv", CHANGED_SHEET)], demo_db, today=TODAY, operator="测试")
        landed = len(seen)
        wait_until(lambda: len(seen) >= landed + 4)  # the query in flight may have begun before the rename
    finally:
        done.set()
        reader.join()
    assert failures == []
    assert all(result.equals(old) or result.equals(after) for result in seen)
    assert (
        seen[0].equals(old) and len(seen) >= landed + 4 and all(result.equals(after) for result in seen[landed + 1 :])
    )
    assert db.run("street_ranking", path=demo_db, quarter="2026Q3").equals(after)
