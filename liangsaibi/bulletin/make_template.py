"""Write the shipped template, template.docx, after 党政机关公文格式 (GB/T 9704): `python -m liangsaibi.bulletin.make_template`.

The template is made by this script rather than by hand in Word so that every measure is stated here and the
file can be made again the same way; the department may replace it with its own copy (docs/季度通报.md)."""

import io
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

SHIPPED = Path(__file__).with_name("template.docx")
BODY_FONT, TITLE_FONT, HEADING_FONT, SUBHEADING_FONT, TABLE_FONT = (
    "仿宋_GB2312",
    "方正小标宋简体",
    "黑体",
    "楷体",
    "仿宋",
)
WESTERN_FONT = "Times New Roman"  # digits and Latin letters, as offices set them
SIZE_2, SIZE_3, SIZE_4, SIZE_SMALL_4 = Pt(22), Pt(16), Pt(14), Pt(12)
TABLE_WIDTH = Mm(156)  # A4's 210 mm less the 28 mm and 26 mm side margins
# Each table's columns in mm (summing to at most TABLE_WIDTH), headings and the row's placeholders.
TABLES = {
    "ranking": (
        [16, 44, 24, 24, 24, 24],
        ["排名", "街道", "总分", "环比", "排名变化", "等次"],
        ["rank", "street", "total", "qoq", "rank_change", "grade"],
    ),
    "completion": (
        [30, 17, 17, 17, 17, 29, 29],
        ["街道", "承诺数", "已完成", "推进中", "逾期", "年度完成率", "到期完成率"],
        ["street", "commitments", "completed", "open", "overdue", "year_rate", "due_rate"],
    ),
    "overdue": ([32, 30, 58, 36], ["街道", "村(社区)", "承诺事项", "承诺时限"], ["street", "unit", "title", "due"]),
}
BOARD = ([16, 40, 52, 24, 24], ["排名", "街道", "村(社区)", "总分", "环比"], ["rank", "street", "unit", "total", "qoq"])
IMPROVED = (
    [14, 34, 44, 20, 20, 24],
    ["名次", "街道", "村(社区)", "环比", "总分", "全区排名"],
    ["place", "street", "unit", "qoq", "total", "rank"],
)
RED = RGBColor(0xE6, 0x00, 0x12)  # the 红头's red


def set_fonts(style, east_asian: str, size, bold: bool = False) -> None:
    """A style's fonts for Chinese (w:eastAsia: without it Word shows a fallback font) and for Latin text."""
    style.font.name, style.font.size, style.font.bold = WESTERN_FONT, size, bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)  # a theme font would win over the fonts named here
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:hint"), "eastAsia")  # quotation marks “” in the Chinese font too, not the Latin one


def set_paragraph(style, indent_chars: int = 2, line: float | None = 28, align=WD_ALIGN_PARAGRAPH.JUSTIFY) -> None:
    """Fixed line spacing, no space around, first-line indent in characters (Word's firstLineChars)."""
    form = style.paragraph_format
    form.space_before = form.space_after = Pt(0)
    form.alignment = align
    if line:
        form.line_spacing_rule, form.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(line)
    form.first_line_indent = Pt(16 * indent_chars)
    indent = style.element.get_or_add_pPr().find(qn("w:ind"))
    indent.set(qn("w:firstLineChars"), str(100 * indent_chars))


def styles(document) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = defaults.find(qn("w:rFonts"))
    fonts.attrib.clear()
    (
        fonts.set(qn("w:ascii"), WESTERN_FONT),
        fonts.set(qn("w:hAnsi"), WESTERN_FONT),
        fonts.set(qn("w:eastAsia"), BODY_FONT),
    )
    normal = document.styles["Normal"]
    set_fonts(normal, BODY_FONT, SIZE_3)
    set_paragraph(normal)
    for name, font in (("Heading 1", HEADING_FONT), ("Heading 2", SUBHEADING_FONT)):
        set_fonts(document.styles[name], font, SIZE_3)
        set_paragraph(document.styles[name])
        document.styles[name].paragraph_format.keep_with_next = True
    added = {
        "通报标题": (TITLE_FONT, SIZE_2, 0, 36, WD_ALIGN_PARAGRAPH.CENTER),
        "主送": (BODY_FONT, SIZE_3, 0, 28, WD_ALIGN_PARAGRAPH.LEFT),
        "点评": (SUBHEADING_FONT, SIZE_3, 2, 28, WD_ALIGN_PARAGRAPH.JUSTIFY),
        "落款": (BODY_FONT, SIZE_3, 0, 28, WD_ALIGN_PARAGRAPH.RIGHT),
        "结尾": (BODY_FONT, SIZE_3, 2, 28, WD_ALIGN_PARAGRAPH.JUSTIFY),
        "发文机关标志": (TITLE_FONT, Pt(30), 0, None, WD_ALIGN_PARAGRAPH.CENTER),
        "发文字号": (BODY_FONT, SIZE_3, 0, 28, WD_ALIGN_PARAGRAPH.CENTER),
        "红线": (BODY_FONT, Pt(8), 0, None, WD_ALIGN_PARAGRAPH.CENTER),
        "表格文字": (TABLE_FONT, SIZE_SMALL_4, 0, None, WD_ALIGN_PARAGRAPH.CENTER),
        "表头": (HEADING_FONT, SIZE_SMALL_4, 0, None, WD_ALIGN_PARAGRAPH.CENTER),
        "页码": ("宋体", SIZE_4, 0, None, WD_ALIGN_PARAGRAPH.CENTER),
    }
    for name, (font, size, indent, line, align) in added.items():
        style = document.styles.add_style(name, 1)
        style.base_style = normal
        set_fonts(style, font, size)
        set_paragraph(style, indent, line, align)
    document.styles["落款"].paragraph_format.right_indent = Pt(16 * 4)
    # The last paragraph before the 落款, the blank line and the office stay on the 落款's page (GB/T 9704: a
    # 落款 never stands alone on a page).
    for name in ("结尾", "落款"):
        document.styles[name].paragraph_format.keep_with_next = True
    red_head(document)


def red_head(document) -> None:
    """The 红头's styles: the issuing office in large red type, the 文号 under it, then a red line."""
    document.styles["发文机关标志"].font.color.rgb = RED
    document.styles["发文机关标志"].paragraph_format.space_before = Pt(12)
    document.styles["发文字号"].paragraph_format.space_before = Pt(16)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("w:val", "single"), ("w:sz", "18"), ("w:space", "1"), ("w:color", "E60012")):
        bottom.set(qn(name), value)
    border.append(bottom)
    document.styles["红线"].element.get_or_add_pPr().append(border)
    document.styles["红线"].paragraph_format.space_after = Pt(24)


def page(document) -> None:
    """A4 with GB/T 9704's margins, and the page number as — 1 — at the foot."""
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = (
        Mm(37),
        Mm(35),
        Mm(28),
        Mm(26),
    )
    section.footer_distance = Mm(25)
    footer = section.footer.paragraphs[0]
    footer.style = document.styles["页码"]
    footer.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    number = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    number.append(text), field.append(number)
    footer._p.append(field)
    footer.add_run(" —")


def table(document, widths: list[int], headings: list[str], keys: list[str], rows: str) -> None:
    """A table with a heading row and one templated row repeated for each of `rows` (docxtpl's {%tr %})."""
    grid = document.add_table(rows=4, cols=len(widths))
    grid.style, grid.alignment, grid.autofit = "Table Grid", WD_TABLE_ALIGNMENT.CENTER, False
    lines = [
        headings,
        [f"{{%tr for row in {rows} %}}"] + [""] * (len(keys) - 1),
        [f"{{{{ row.{key} }}}}" for key in keys],
        ["{%tr endfor %}"] + [""] * (len(keys) - 1),
    ]
    for cells, texts in zip(grid.rows, lines):
        for column, (cell, text) in enumerate(zip(cells.cells, texts)):
            cell.width, cell.vertical_alignment = Mm(widths[column]), WD_CELL_VERTICAL_ALIGNMENT.CENTER
            cell.paragraphs[0].text = text
            cell.paragraphs[0].style = document.styles["表头" if texts is headings else "表格文字"]
    heading = OxmlElement("w:tblHeader")  # a long table's heading row again on every page
    heading.set(qn("w:val"), "true")
    grid.rows[0]._tr.get_or_add_trPr().append(heading)
    for column, width in zip(grid.columns, widths):
        column.width = Mm(width)


def body(document) -> None:
    def text(words: str, style: str = "Normal"):
        document.add_paragraph(words, style=style)

    text("{%p if wenhao %}")  # the 红头, when the 通报 is given a 文号
    text("{{ office }}", "发文机关标志"), text("{{ wenhao }}", "发文字号"), text("", "红线")
    text("{%p endif %}")
    text("{{ title }}", "通报标题"), text("")
    text("{{ addressees }}", "主送")
    text("现将{{ quarter_text }}全区村(社区)党组织书记“亮赛比”活动情况通报如下。")
    text("一、总体情况", "Heading 1")
    text("{%p for text in overall %}"), text("{{ text }}"), text("{%p endfor %}")
    text("二、街道排名", "Heading 1")
    text("{{ ranking_summary }}")
    table(document, *TABLES["ranking"], "ranking")
    text("{%p for street in streets %}"), text("{{ street.sentence }}")
    (
        text("{%p for line in street.remark %}"),
        text("{% if loop.first %}点评：{% endif %}{{ line }}", "点评"),
        text("{%p endfor %}"),
    )
    text("{%p for line in street.highlights %}"), text("亮点：{{ line }}"), text("{%p endfor %}")
    text("{%p for line in street.rectifications %}"), text("逾期未整改：{{ line }}"), text("{%p endfor %}")
    text("{%p endfor %}")
    text("三、承诺事项完成情况", "Heading 1")
    text("{{ commitment_summary }}")
    text("{%p if has_commitments %}")
    text("（一）各街道完成情况", "Heading 2")
    table(document, *TABLES["completion"], "completion")
    text("（二）逾期事项", "Heading 2")
    text("{%p if overdue %}")
    table(document, *TABLES["overdue"], "overdue")
    text("{%p else %}"), text("{{ no_overdue }}"), text("{%p endif %}")
    text("{%p endif %}")
    text("四、红黑榜", "Heading 1")
    text("{{ boards_summary }}")
    for heading, rows in (("（一）红榜", "best"), ("（二）黑榜", "lowest")):
        text(heading, "Heading 2")
        table(document, *BOARD, rows)
    text("{%p if improved %}"), text("（三）进步最快", "Heading 2")
    table(document, *IMPROVED, "improved")
    text("{%p endif %}")
    text("五、下步要求", "Heading 1")
    text("{%p for text in requirements[:-1] %}"), text("{{ text }}"), text("{%p endfor %}")
    text("{{ requirements[-1] if requirements else '' }}", "结尾"), text("", "结尾")  # kept with the 落款
    text("{{ office }}", "落款"), text("{{ date }}", "落款")


def make(destination: Path = SHIPPED, write_body=body, title: str = "季度通报模板") -> Path:
    """Write the default template to `destination` (the 年度通报's too: its own body, the same styles and page)."""
    document = Document()
    styles(document)
    page(document)
    write_body(document)
    document.core_properties.title = title
    buffer = io.BytesIO()
    document.save(buffer)
    destination.write_bytes(_without_dates(buffer.getvalue()))
    return destination


def _without_dates(docx: bytes) -> bytes:
    # python-docx stamps each zip entry with the time of saving: fixed, the same script makes the same bytes.
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            target.writestr(
                zipfile.ZipInfo(entry.filename, date_time=(1980, 1, 1, 0, 0, 0)),
                source.read(entry),
                compress_type=zipfile.ZIP_DEFLATED,
            )
    return out.getvalue()


if __name__ == "__main__":
    print(f"已写入 {make()}")
