"""What only a browser or an office suite shows of the 季度通报: the page on a cold deep link and its download,
and the document laid out by LibreOffice (PDF, then PNG pages): A4, Chinese drawn, nothing outside the margins."""

import os
import re
import shutil
import subprocess

import pytest
from browser import Server, require_chromium
from docx import Document
from fixtures import expected_unit_totals, round2
from PIL import Image

from liangsaibi.__main__ import main


def average_sentence(quarter: str = "2021Q4", before: str = "2021Q3") -> str:
    """总体情况's average sentence, computed from the demo CSVs (rules 1–4), not read from the product."""
    units = expected_unit_totals()
    now, then = (units[units["季度"] == q]["总分"].map(round2).mean() for q in (quarter, before))
    return f"全区村(社区)平均得分{round2(now):.2f}分，较上季度提高{round2(now - then):.2f}分。"


pytestmark = pytest.mark.browser
MM_PER_INCH = 25.4


def require_office() -> None:
    """Skip when LibreOffice or poppler is absent, except under CI, where this test must run."""
    if not (shutil.which("soffice") and shutil.which("pdftoppm")):
        if os.environ.get("CI") == "true":
            pytest.fail("CI 上必须有 LibreOffice 和 poppler（apt-get install libreoffice-writer-nogui poppler-utils）")
        pytest.skip("no soffice or pdftoppm on this machine")


def laid_out(folder, *options: str) -> tuple:
    """The demo's 2021Q4 bulletin made by the command line (with `options`), as PDF and as PNG pages at 60 dpi."""
    main(["export", "bulletin", "--quarter", "2021Q4", *options, "-o", str(folder / "通报.docx")])
    profile = f"-env:UserInstallation=file://{folder / 'profile'}"  # its own profile: another soffice may be running
    subprocess.run(
        ["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(folder / "通报.docx")],
        check=True,
        capture_output=True,
        timeout=180,
    )
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(folder / "通报.pdf"), str(folder / "page")], check=True, timeout=60
    )
    return folder / "通报.pdf", sorted(folder.glob("page-*.png"), key=lambda png: int(png.stem.split("-")[1]))


@pytest.fixture(scope="module")
def pages(sample_database, tmp_path_factory):
    require_office()
    return laid_out(tmp_path_factory.mktemp("office"))


@pytest.fixture(scope="module")
def red_head_pages(sample_database, tmp_path_factory):
    require_office()
    return laid_out(tmp_path_factory.mktemp("red-head"), "--wenhao", "组通〔2026〕12号")


def page_text(pdf, number: int) -> str:
    """One page's text without its line breaks and spaces (pdftotext breaks lines where the page does)."""
    text = subprocess.run(
        ["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return "".join(text.split())


def test_libreoffice_lays_the_bulletin_out_on_a4_pages_numbered_with_dashes(pages):
    pdf, pngs = pages
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    width, height = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups()
    assert (round(float(width) / 72 * MM_PER_INCH), round(float(height) / 72 * MM_PER_INCH)) == (210, 297)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split())  # pdftotext breaks lines where the page does and drops the thin spaces
    assert len(pngs) >= 3 and all(f"—{number}—" in flat for number in range(1, len(pngs) + 1))
    assert (
        "关于2021年第四季度村(社区)党组织书记“亮赛比”活动情况的通报" in flat
        and average_sentence()[len("全区村(社区)") : average_sentence().index("，")] in flat
    )


def test_the_chinese_text_is_drawn_in_a_cjk_font_embedded_in_the_pdf(pages):
    fonts = subprocess.run(["pdffonts", str(pages[0])], capture_output=True, text=True, check=True).stdout
    assert "CJK" in fonts  # the GB fonts are absent here: LibreOffice falls back to Noto CJK, never to boxes


def test_nothing_is_drawn_outside_the_margins_except_the_page_number(pages):
    for png in pages[1]:
        image = Image.open(png).convert("L")
        dots = image.width / 210  # pixels per mm
        inked = image.point(lambda value: 255 if value < 200 else 0).getbbox()  # box around all dark pixels
        left, top, right, bottom = (edge / dots for edge in inked)
        assert left >= 28 - 1 and right <= 210 - 26 + 1, png.name  # text and tables within the side margins
        assert top >= 37 - 1, png.name
        assert bottom <= 297 - 35 + 12, png.name  # the page number sits in the bottom margin, nothing below it


def test_the_page_on_a_cold_deep_link_previews_and_downloads_the_bulletin(browser, tmp_path):
    require_chromium()
    server = Server(tmp_path / "fresh.duckdb")
    try:
        page = browser.new_page(viewport={"width": 1440, "height": 900}, accept_downloads=True)
        page.goto(f"{server.url}/bulletin?quarter=2021Q4")
        page.get_by_role("heading", name="季度通报", exact=True).wait_for(timeout=30_000)
        for menu in ("总览", "季度通报", "数据管理"):
            assert page.get_by_role("link", name=menu).count() >= 1
        page.get_by_text(average_sentence()).wait_for()
        page.screenshot(path=tmp_path / "bulletin-2021Q4.png")
        page.get_by_role("button", name="生成通报（Word）").click()
        with page.expect_download() as download:
            page.get_by_role("button", name="下载通报（Word）").click(timeout=30_000)
        assert download.value.suggested_filename == "季度通报_2021Q4.docx"
        download.value.save_as(tmp_path / "通报.docx")
        said = [p.text for p in Document(tmp_path / "通报.docx").paragraphs if p.text.strip()]
        assert said[0] == "关于2021年第四季度村(社区)党组织书记“亮赛比”活动情况的通报"
        assert average_sentence() in said
        page.close()
    finally:
        server.stop()


def test_a_wenhao_puts_the_red_head_over_the_title_and_the_last_page_keeps_the_closing_paragraph(pages, red_head_pages):
    pdf, pngs = red_head_pages
    first = page_text(pdf, 1)
    assert first.startswith("中共中原区委组织部组通〔2026〕12号关于2021年第四季度")  # office, 文号, then the title
    assert not page_text(pages[0], 1).startswith("中共中原区委组织部")  # without a 文号, no 红头
    image = Image.open(pngs[0]).convert("RGB")
    dots = image.width / 210
    red = [(x, y) for x in range(image.width) for y in range(image.height // 3) if _red(image.getpixel((x, y)))]
    rows = {}
    for x, y in red:
        rows.setdefault(y, []).append(x)
    line = max(rows.values(), key=len)
    assert (max(line) - min(line)) / dots > 150  # the red line across the type area (156 mm)
    above = [y for x, y in red if y < min(y for y, xs in rows.items() if xs is line) - 2 * dots]
    assert len(above) > 300  # and the office's name in red above it
    # The 落款 never stands alone: the last page also holds the closing paragraph of 下步要求.
    for document, shown in (pages, red_head_pages):
        last = page_text(document, len(shown))
        assert "结果纳入年度党建述职评议考核" in last and last.index("结果纳入") < last.index("中共中原区委组织部"), (
            last
        )
    # 进步最快: its own 名次, the district rank under 全区排名
    improved = "".join(page_text(pdf, number) for number in range(1, len(pngs) + 1)).split("（三）进步最快")[1]
    assert improved.startswith("名次街道村(社区)环比总分全区排名1建设路街道百花社区")


def _red(pixel) -> bool:
    r, g, b = pixel
    return r > 180 and g < 90 and b < 90
