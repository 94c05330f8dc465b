"""Every change is one entry of the history, written by one function: who made it, and an id never given twice."""

import duckdb
import pandas as pd
from import_support import csv_file

from liangsaibi.bulletin import remarks
from liangsaibi.intake.imports import import_files
from liangsaibi.store import db, store
from liangsaibi.store.build import build_database, ensure_database

SCORE = "季度,街道,村(社区),指标,评分人,得分\n2021Q4,建设路街道,省五建社区,党建引领,评分人1,19\n"
GRADES = pd.DataFrame({"等次": ["优秀", "良好", "一般", "较差"], "最低分": [85, 75, 60, 0]})


def newest(path) -> pd.Series:
    return store.history(path).iloc[-1]


def test_every_kind_of_change_records_who_made_it(demo_db):
    import_files([("评分.csv", csv_file(SCORE))], demo_db, operator="张三")
    assert newest(demo_db)["导入人"] == "张三"
    store.set_settings({"district": "二七区"}, demo_db, operator="李四")
    assert (newest(demo_db)["类型"], newest(demo_db)["导入人"]) == ("settings", "李四")
    store.set_grades(2021, GRADES, demo_db, operator="王五")
    assert (newest(demo_db)["类型"], newest(demo_db)["导入人"]) == ("grades", "王五")
    remarks.set_remarks("2021Q4", {"建设路街道": "进步明显"}, demo_db, operator="赵六")
    assert (newest(demo_db)["类型"], newest(demo_db)["导入人"]) == ("remarks", "赵六")
    store.undo(int(newest(demo_db)["编号"]), demo_db, operator="钱七")
    assert newest(demo_db)["撤销人"] == "钱七"


def test_ids_follow_one_another_and_an_undone_id_is_not_given_again(demo_db):
    first = int(newest(demo_db)["编号"])
    plan, _ = import_files([("评分.csv", csv_file(SCORE))], demo_db, operator="张三")
    assert plan.import_ids == [first + 1]
    store.undo(first + 1, demo_db, operator="张三")
    again, _ = import_files([("评分.csv", csv_file(SCORE))], demo_db, operator="张三")
    assert again.import_ids == [first + 2]


def test_an_upgraded_database_continues_after_its_largest_id(tmp_path):
    path = tmp_path / "older.duckdb"
    build_database(path)
    largest = int(newest(path)["编号"])
    db.close_all()
    with duckdb.connect(str(path)) as connection:  # as a database from before the sequence: ids up to 40
        connection.execute("update import_log set import_id = 40 where import_id = $id", {"id": largest})
        connection.execute("drop sequence change_id")
        connection.execute("update meta set value = 'older' where key = 'schema'")
    ensure_database(path)
    plan, _ = import_files([("评分.csv", csv_file(SCORE))], path, operator="张三")
    assert plan.import_ids == [41]
    db.close_all()
