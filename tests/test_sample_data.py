"""The demo CSVs load through the import path, and the exported ranking matches pandas on the raw CSVs."""

import io

import pandas as pd
import pytest
from fixtures import expected_ranking

from liangsaibi.__main__ import main
from liangsaibi.store.build import SAMPLE


def test_demo_csvs_load_with_every_row(sample_database):
    import duckdb

    with duckdb.connect(str(sample_database), read_only=True) as connection:
        counts = dict(
            connection.execute(
                "select 'score', count(*) from score union all select 'unit', count(*) from unit "
                "union all select 'commitment', count(*) from commitment union all select 'rubric', count(*) from rubric"
            ).fetchall()
        )
    for table, file in [("score", "scores"), ("unit", "units"), ("commitment", "commitments"), ("rubric", "rubric")]:
        assert counts[table] == len(pd.read_csv(SAMPLE / f"{file}.csv", encoding="utf-8-sig"))


@pytest.mark.parametrize("quarter", ["2021Q4", "2022Q1", "2026Q3"])
def test_exported_ranking_equals_pandas_on_the_demo_csvs(sample_database, quarter, capsysbinary):
    main(["export", "ranking", "--quarter", quarter])
    exported = pd.read_csv(io.BytesIO(capsysbinary.readouterr().out), encoding="utf-8-sig")
    now = expected_ranking(quarter).set_index("街道")
    before = expected_ranking("2021Q4" if quarter == "2022Q1" else "none").set_index("街道")
    for row in exported.itertuples():
        assert row.季度 == quarter
        assert row.总分 == pytest.approx(now.loc[row.街道, "总分"], abs=0.005)
        assert row.排名 == now.loc[row.街道, "排名"]
        assert row._8 == now.loc[row.街道, "数"]  # 村(社区)数
        assert row._9 == pytest.approx(now.loc[row.街道, "覆盖率"] * 100, abs=0.005)  # 覆盖率(%)
        if len(before):
            assert row.环比 == pytest.approx(now.loc[row.街道, "总分"] - before.loc[row.街道, "总分"], abs=0.005)
            assert row.排名变化 == before.loc[row.街道, "排名"] - now.loc[row.街道, "排名"]
    assert sorted(exported["街道"]) == sorted(now.index)
    assert list(exported["排名"]) == sorted(exported["排名"])


def test_the_ranking_csv_has_the_promised_columns_and_a_bom(sample_database, capsysbinary):
    main(["export", "ranking", "--quarter", "2021Q4"])
    data = capsysbinary.readouterr().out
    assert data.startswith(b"\xef\xbb\xbf")
    header = data[3:].decode("utf-8").splitlines()[0]
    assert header == "季度,排名,街道,总分,环比,排名变化,等次,村(社区)数,覆盖率(%),参评,参评状态"


def test_the_first_quarter_of_the_demo_has_no_change_and_every_street_is_new(sample_database, capsysbinary):
    main(["export", "ranking", "--quarter", "2021Q1"])
    exported = pd.read_csv(io.BytesIO(capsysbinary.readouterr().out), encoding="utf-8-sig")
    assert exported["环比"].isna().all() and exported["排名变化"].isna().all()
