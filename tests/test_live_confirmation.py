"""计分确认单 (docs/现场评分.md): after the close, each unit's scores by rater and theme with the dropped highest and
lowest marked, theme results, totals, ranking and signature lines, as an A4 page and as a .docx."""

import io

import docx
import pytest

from liangsaibi.intake import imports
from liangsaibi.live import closing, confirmation, results, sessions, submissions

YEAR = 2015  # a year before the demo data: its rubric can be replaced, and a close refuses quarters to come
RATERS = ["<b>甲</b>", "乙", "丙", "丁", "戊"]
GIVEN = {1: [10, 12, 14, 16, 20], 2: [18, 18, 18, 18, 18]}  # 2: all the same: still one highest and one lowest dropped


@pytest.fixture
def closed(demo_db, monkeypatch):
    """A closed session of a year that trims (去掉最高最低), one theme of 满分 20, two units, five raters."""
    monkeypatch.setenv("LIANGSAIBI_DB", str(demo_db))
    rubric = f"年度,指标,权重,满分,计分方式\n{YEAR},党建引领,100,20,去掉最高最低\n"
    imports.import_files([("细则.csv", rubric.encode())], demo_db, operator="测试")
    units = [("建设路街道", "中心医院社区"), ("建设路街道", "华山路社区")]
    session_id, tokens = sessions.create(f"{YEAR}Q1", units, ["党建引领"], [(r, "") for r in RATERS])
    for position, scores in GIVEN.items():
        for rater, score in zip(RATERS, scores):
            submissions.submit(tokens[rater], position, {"党建引领": score})
    closing.close(session_id, operator="测试")
    return results.state(session_id)


def test_the_page_marks_the_dropped_scores_and_gives_results_totals_places_and_signature_lines(closed):
    page = confirmation.page_html(closed)
    # 中心医院社区: (12 + 14 + 16) / 3 = 14 → 14 / 20 × 100 = 70.00; 华山路社区: 18 → 90.00, first.
    assert "<td><s>10</s><small>去掉</small></td>" in page and "<td><s>20</s><small>去掉</small></td>" in page
    assert "<td>12</td><td>14</td><td>16</td>" in page and "<b>14.00</b>" in page
    assert "总分 70.00 · 本场第 2 名" in page and "总分 90.00 · 本场第 1 名" in page
    assert page.count("<s>18</s>") == 2  # one highest and one lowest, two different raters
    assert "&lt;b&gt;甲&lt;/b&gt;" in page and "<b>甲</b>" not in page  # a name is text, never markup
    assert "计分人（签字）" in page and "监督人（签字）" in page and f"{YEAR}年第一季度" in page


def test_the_word_document_holds_the_same_numbers_with_the_dropped_ones_struck_through(closed):
    document = docx.Document(io.BytesIO(confirmation.docx_bytes(closed)))
    first = document.tables[0]
    assert [cell.text for cell in first.rows[0].cells] == ["指标", *RATERS, "结果"]
    assert [cell.text for cell in first.rows[1].cells] == [
        "党建引领（满分 20）",
        "10（去掉）",
        "12",
        "14",
        "16",
        "20（去掉）",
        "14.00",
    ]
    assert first.rows[1].cells[1].paragraphs[0].runs[0].font.strike is True
    assert first.rows[1].cells[2].paragraphs[0].runs[0].font.strike is False
    ranking = document.tables[-1]
    assert [[cell.text for cell in row.cells] for row in ranking.rows[1:]] == [
        ["1", "华山路社区", "90.00"],
        ["2", "中心医院社区", "70.00"],
    ]
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "计分人（签字）" in text and "监督人（签字）" in text
