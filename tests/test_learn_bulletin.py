"""The 通报 lists each street's highlights of the quarter and its overdue rectifications (docs/观摩与比学.md)."""

from bulletin_support import small_district, texts  # noqa: F401
from docx import Document

from liangsaibi.__main__ import main
from liangsaibi.intake.imports import import_files

SHEETS = {
    "亮点.csv": "季度,街道,村(社区),标题,做法,指标,标签\n2021Q1,甲街道,一村,“四议两公开”全落实,\"重大事项四议两公开，\n结果公示 <b>&</b>\",,\n",
    # 二村: due in 2021Q1 and not done → overdue at its end; 三村: done in time → not listed; 四村: due later → not yet.
    "问题.csv": "季度,街道,村(社区),问题,整改措施,整改时限,完成日期\n2021Q1,甲街道,二村,台账不全。,补台账,2021Q1,\n"
    "2021Q1,乙街道,三村,阵地标识不规范,更换,2021Q1,2021-03-20\n2021Q1,乙街道,四村,网格员不足,补齐,2021Q2,\n",
}


def test_the_bulletin_names_the_highlights_and_the_overdue_rectifications_of_each_street(small_district, tmp_path):
    import_files([(name, text.encode()) for name, text in SHEETS.items()], small_district, operator="测试")
    main(["export", "bulletin", "--quarter", "2021Q1", "-o", str(tmp_path / "通报.docx")])
    said = texts(Document(tmp_path / "通报.docx"))
    assert "亮点：一村：“四议两公开”全落实。重大事项四议两公开， 结果公示 <b>&</b>" in said
    assert "逾期未整改：二村：台账不全（2021年第一季度提出，整改时限2021年第一季度）" in said
    assert [line for line in said if line.startswith(("亮点：", "逾期未整改："))] == [
        "亮点：一村：“四议两公开”全落实。重大事项四议两公开， 结果公示 <b>&</b>",
        "逾期未整改：二村：台账不全（2021年第一季度提出，整改时限2021年第一季度）",
    ]  # 三村 done in time, 四村 not due
