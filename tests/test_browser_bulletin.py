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


@pytest.fixture(scope="module")
def pages(sample_database, tmp_path_factory):
    """The demo's 2021Q4 bulletin made by the command line, as PDF and as PNG pages at 60 dpi."""
    require_office()
    folder = tmp_path_factory.mktemp("office")
    main(["export", "bulletin", "--quarter", "2021Q4", "-o", str(folder / "通报.docx")])
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
    return folder / "通报.pdf", sorted(folder.glob("page-*.png"))


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
