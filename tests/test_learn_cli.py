"""The command line exports the 比学 views like the others: highlights, rectification, problems, visits."""

import io

import pandas as pd
import pytest
from import_support import TODAY, csv_file
from learn_support import bare_db, bare_template  # noqa: F401

from liangsaibi.__main__ import main
from liangsaibi.intake.imports import import_files

SHEETS = [
    (
        "亮点.csv",
        "季度,街道,村(社区),标题,做法,指标,标签\n2021Q4,建设路街道,计划路社区,一核多元融合共治,\"楼院党小组\n居民议事\",集中攻坚,无主管楼院\n"
        "2022Q1,建设路街道,计划路社区,下季度的亮点,做法,,\n",
    ),
    (
        "问题.csv",
        "季度,街道,村(社区),问题,整改措施,整改时限,完成日期\n2021Q4,建设路街道,计划路社区,台账不全,建台账,2021Q4,2021-12-20\n"
        "2021Q3,建设路街道,省五建社区,开放时间不足,延长,2021Q4,\n2021Q4,须水街道,付庄村,路灯不亮,更换,2022Q2,\n",
    ),
    (
        "观摩.csv",
        "日期,观摩方,被观摩村(社区),被观摩街道,类型,备注\n2021-12-16,航海西路街道,平安街社区,桐柏路街道,,=阵地\n",
    ),
]


@pytest.fixture
def learned(bare_db, monkeypatch):
    import_files([(name, csv_file(text)) for name, text in SHEETS], bare_db, today=TODAY, operator="测试")
    monkeypatch.setenv("LIANGSAIBI_DB", str(bare_db))
    return bare_db


def _export(capsysbinary, *args) -> pd.DataFrame:
    assert main(["export", *args]) == 0
    data = capsysbinary.readouterr().out
    assert data.startswith(b"\xef\xbb\xbf")  # Excel on Chinese Windows
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)


def test_rectification_has_one_row_per_street_with_the_promised_columns(learned, capsysbinary):
    table = _export(capsysbinary, "rectification", "--quarter", "2021Q4").set_index("街道")
    assert list(table.reset_index().columns) == [
        "街道",
        "问题数",
        "已整改",
        "整改中",
        "逾期未整改",
        "整改率(%)",
    ]  # the CSV names the unit of a rate
    assert len(table) == 6
    # 建设路: done in Q4, and due Q4 but open → 2, 1, 0, 1, 50.00; 须水: due 2022Q2 → 整改中.
    assert table.loc["建设路街道"].tolist() == ["2", "1", "0", "1", "50.00"]
    assert table.loc["须水街道"].tolist() == ["1", "0", "1", "0", "0.00"]
    assert table.loc["桐柏路街道"].tolist() == ["0", "0", "0", "0", ""]


def test_problems_of_one_street_carry_their_derived_status(learned, capsysbinary):
    table = _export(capsysbinary, "problems", "--quarter", "2021Q4", "--street", "建设路街道")
    assert table[["村(社区)", "问题", "状态"]].values.tolist() == [
        ["省五建社区", "开放时间不足", "逾期未整改"],
        ["计划路社区", "台账不全", "已整改"],
    ]


def test_problems_of_an_unknown_street_are_refused_by_name(learned):
    with pytest.raises(SystemExit, match="没有「建设街道」这个街道"):
        main(["export", "problems", "--quarter", "2021Q4", "--street", "建设街道"])


def test_highlights_of_a_quarter_keep_their_line_breaks(learned, capsysbinary):
    table = _export(capsysbinary, "highlights", "--quarter", "2021Q4")
    assert table[["标题", "做法", "标签"]].values.tolist() == [
        ["一核多元融合共治", "楼院党小组\n居民议事", "无主管楼院"]
    ]


def test_visits_export_every_visit_with_a_formula_made_inert(learned, capsysbinary):
    table = _export(capsysbinary, "visits")
    assert table.values.tolist() == [["2021-12-16", "航海西路街道", "桐柏路街道", "平安街社区", "跨街道学习", "'=阵地"]]
