"""The 季度通报 .docx of the demo's 2021Q4, read back with python-docx: its tables equal the command line's exports,
its parts come in the document's order, and its page and fonts are as GB/T 9704 sets them."""

import pandas as pd
import pytest
from bulletin_support import cells, texts
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from fixtures import expected_unit_totals, round2

from liangsaibi.__main__ import main
from liangsaibi.board import overview
from liangsaibi.bulletin import preview
from liangsaibi.bulletin.content import bulletin
from liangsaibi.store.build import SAMPLE

QUARTER = "2021Q4"


@pytest.fixture(scope="module")
def made(sample_database, tmp_path_factory):
    """The bulletin and the ranking and commitments exports, each made by the command line."""
    folder = tmp_path_factory.mktemp("bulletin")
    main(["export", "bulletin", "--quarter", QUARTER, "-o", str(folder / "通报.docx")])
    exports = {}
    for view in ("ranking", "commitments"):
        main(["export", view, "--quarter", QUARTER, "-o", str(folder / f"{view}.csv")])
        exports[view] = pd.read_csv(folder / f"{view}.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    return Document(folder / "通报.docx"), exports


def number(text: str) -> float | None:
    """A document cell or CSV cell as a number: +0.76, 83.15%, or None for —, 新 or empty."""
    return None if text in ("", "—", "新") else float(text.rstrip("%"))


def test_the_ranking_table_equals_the_ranking_export_cell_by_cell(made):
    document, exports = made
    ranking = exports["ranking"]
    shown = cells(document.tables[0])
    assert [row[1] for row in shown] == ranking["街道"].tolist()
    for row, (_, exported) in zip(shown, ranking.iterrows()):
        assert row[0] == exported["排名"] and row[5] == exported["等次"]
        assert row[2] == exported["总分"]  # both with two decimals
        assert [number(cell) for cell in row[3:5]] == [number(exported["环比"]), number(exported["排名变化"])]
    assert [row[4] for row in shown].count("新") == (ranking["排名变化"] == "").sum()


def test_the_completion_table_equals_the_commitments_export_cell_by_cell(made):
    document, exports = made
    exported = exports["commitments"][
        ["街道", "承诺数", "已完成", "推进中", "逾期", "年度完成率(%)", "到期完成率(%)"]
    ]  # the CSV names the unit of a rate
    shown = cells(document.tables[1])
    assert [row[:5] for row in shown] == exported.iloc[:, :5].values.tolist()
    assert [[number(cell) for cell in row[5:]] for row in shown] == [
        [number(cell) for cell in row] for row in exported.iloc[:, 5:].values.tolist()
    ]


def test_the_overdue_list_is_every_commitment_due_by_the_quarter_and_not_done_by_its_end(made):
    commitments = pd.read_csv(SAMPLE / "commitments.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    due = commitments[
        (commitments["年度"] == "2021")
        & (commitments["承诺时限"] <= QUARTER)
        & ((commitments["完成日期"] == "") | (commitments["完成日期"] > "2021-12-31"))
    ]
    expected = sorted(
        zip(
            due["街道"],
            due["村(社区)"],
            due["承诺事项"],
            due["承诺时限"].map(lambda q: f"{q[:4]}年第{'一二三四'[int(q[-1]) - 1]}季度"),
        )
    )
    assert sorted(map(tuple, cells(made[0].tables[2]))) == expected and len(expected) == 19


def test_the_red_and_black_boards_are_the_overview_pages(made):
    document, _ = made
    red, black, improved = overview.red_black_boards(QUARTER).values()
    for table, board in zip(document.tables[3:5], (red, black)):
        assert [row[:3] for row in cells(table)] == board[["排名", "街道", "村(社区)"]].astype(str).values.tolist()
        assert [number(row[3]) for row in cells(table)] == board["总分"].tolist()
    # 进步最快 as on the page: its own 名次 1–5 first, the district rank under 全区排名 last (not 1, 7, 24 as 排名)
    rows = cells(document.tables[5])
    assert [row[0] for row in rows] == ["1", "2", "3", "4", "5"]
    assert [row[1:3] for row in rows] == improved[["街道", "村(社区)"]].values.tolist()
    assert [row[5] for row in rows] == improved["排名"].astype(str).tolist() and len(set(improved["排名"])) == 5
    assert [number(row[4]) for row in rows] == improved["总分"].tolist()


def test_the_district_average_and_its_change_are_computed_from_the_unit_totals(made):
    units = expected_unit_totals()
    now, before = (units[units["季度"] == q]["总分"].map(round2).mean() for q in (QUARTER, "2021Q3"))
    said = texts(made[0])[texts(made[0]).index("一、总体情况") + 2]
    assert said == f"全区村(社区)平均得分{round2(now):.2f}分，较上季度提高{round2(now - before):.2f}分。"
    assert said == "全区村(社区)平均得分76.89分，较上季度提高0.20分。"


def test_the_document_says_what_the_page_previews_in_the_same_order(made):
    blocks = preview.blocks(bulletin(QUARTER))
    assert texts(made[0]) == [text for kind, text in blocks if kind != "table"]
    headings = [p.text for p in made[0].paragraphs if p.style.name == "Heading 1"]
    assert headings == ["一、总体情况", "二、街道排名", "三、承诺事项完成情况", "四、红黑榜", "五、下步要求"]
    assert [p.text for p in made[0].paragraphs if p.style.name == "Heading 2"] == [
        "（一）各街道完成情况",
        "（二）逾期事项",
        "（一）红榜",
        "（二）黑榜",
        "（三）进步最快",
    ]
    first = texts(made[0])[:2]
    assert first == ["关于2021年第四季度村(社区)党组织书记“亮赛比”活动情况的通报", "各街道党工委："]
    assert texts(made[0])[-2:] == ["中共中原区委组织部", bulletin(QUARTER)["date"]]


def test_the_page_is_a4_with_the_official_margins_and_a_dashed_page_number(made):
    section = made[0].sections[0]
    measured = [
        section.page_width,
        section.page_height,
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    ]
    assert [round(length / Mm(1), 1) for length in measured] == [210, 297, 37, 35, 28, 26]
    footer = section.footer.paragraphs[0]
    assert footer.text == "—  —" and 'w:instr="PAGE"' in footer._p.xml  # the number itself is Word's PAGE field
    assert footer.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


@pytest.mark.parametrize(
    "style, east_asian, size",
    [
        ("Normal", "仿宋_GB2312", 16),
        ("通报标题", "方正小标宋简体", 22),
        ("Heading 1", "黑体", 16),
        ("Heading 2", "楷体", 16),
        ("表格文字", "仿宋", 12),
    ],
)
def test_each_style_names_its_chinese_font_for_east_asian_text(made, style, east_asian, size):
    found = made[0].styles[style]
    fonts = found.element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == east_asian and fonts.get(qn("w:eastAsiaTheme")) is None
    assert found.font.size == Pt(size)


def test_the_body_is_indented_two_characters_at_a_fixed_28_points(made):
    normal = made[0].styles["Normal"].paragraph_format
    assert (normal.line_spacing_rule, normal.line_spacing) == (WD_LINE_SPACING.EXACTLY, Pt(28))
    assert normal.first_line_indent == Pt(32)
    assert made[0].styles["Normal"].element.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    assert made[0].styles["通报标题"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_every_table_fits_between_the_side_margins_and_repeats_its_heading_on_each_page(made):
    for table in made[0].tables:
        widths = [int(column.get(qn("w:w"))) for column in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert sum(widths) * 635 <= Mm(156) + Mm(0.1)  # twips → EMU; 210 − 28 − 26 mm
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None for row in table.rows[1:])
