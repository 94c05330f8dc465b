"""The roster order (顺序, docs/导入格式.md): the units file's row order is stored at import, a 现场评分 session
scores in it by default and in the order given by `live create --units`; databases from before keep a fixed order."""

import duckdb
import pytest
from import_support import query

from liangsaibi.__main__ import main
from liangsaibi.intake import imports
from liangsaibi.live import results
from liangsaibi.store import db, store


@pytest.fixture
def live_db(demo_db, monkeypatch):
    monkeypatch.setenv("LIANGSAIBI_DB", str(demo_db))
    yield demo_db


def roster(database, street: str) -> list[str]:
    db.close_all()
    units = db.run("registered_units", path=database)
    return units.loc[units.street == street, "unit"].tolist()


def test_the_units_files_row_order_is_the_roster_order_and_undo_restores_the_one_before(live_db):
    # data/sample/units.csv lists 建设路街道 as 省五建社区, 市场街社区, 中心医院社区, …
    assert roster(live_db, "建设路街道")[:3] == ["省五建社区", "市场街社区", "中心医院社区"]
    before = roster(live_db, "建设路街道")
    listed = ["新建社区", *reversed(before)]  # the street's roster again, turned round, a new unit first
    sheet = "街道,村(社区),类型\n" + "".join(f"建设路街道,{unit},社区\n" for unit in listed)
    db.close_all()
    stored = dict(query(live_db, "select unit, position from unit where street = '建设路街道'"))
    plan, summary = imports.import_files([("名单.csv", sheet.encode())], live_db, operator="测试")
    moved = sum(stored[unit] != row for row, unit in enumerate(listed, 1) if unit in stored)
    assert moved >= 9 and summary[["新增", "修改"]].values.tolist() == [[1, moved]]
    assert roster(live_db, "建设路街道") == listed
    store.undo(plan.import_ids[0], live_db, operator="测试")
    assert roster(live_db, "建设路街道")[:3] == ["省五建社区", "市场街社区", "中心医院社区"]


def test_a_database_from_before_the_roster_order_keeps_its_units_in_name_order(live_db):
    db.close_all()
    with duckdb.connect(str(live_db)) as connection:
        connection.execute("update unit set position = null")  # as upgrade() leaves a database without the column
    assert roster(live_db, "建设路街道") == sorted(roster(live_db, "建设路街道"))
    assert len(roster(live_db, "建设路街道")) == 10


def created_units(capsys, *arguments) -> list[str]:
    assert (
        main(
            [
                "live",
                "create",
                "--quarter",
                "2021Q4",
                "--street",
                "建设路街道",
                "--themes",
                "党建引领",
                "--raters",
                "张三",
                *arguments,
            ]
        )
        == 0
    )
    session_id = int(capsys.readouterr().out.splitlines()[0])
    return results.state(session_id).units.unit.tolist()


def test_a_session_scores_in_roster_order_or_in_the_order_given(live_db, capsys):
    assert created_units(capsys)[:3] == ["省五建社区", "市场街社区", "中心医院社区"]
    assert created_units(capsys, "--units", "华山路社区，中心医院社区") == ["华山路社区", "中心医院社区"]
    with pytest.raises(SystemExit, match="「幸福村」不是建设路街道登记的村\\(社区\\)"):
        created_units(capsys, "--units", "华山路社区,幸福村")
    assert query(live_db, "select count(*) from unit where position is null") == [(0,)]
