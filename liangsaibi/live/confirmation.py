"""计分确认单 (docs/现场评分.md): after a session is closed, each unit's scores by rater and theme (the dropped highest
and lowest marked), the theme results, totals and ranking, with lines for the 计分人 and 监督人 to sign on the spot;
as an A4 page to print from the browser and as a .docx."""

import io
from dataclasses import dataclass
from html import escape

import pandas as pd
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from liangsaibi.live import results, scoring
from liangsaibi.store.quarters import quarter_text

SIGNATURES = ("计分人", "监督人")


@dataclass
class UnitBlock:
    """One unit of the sheet: its theme rows (rater → score and mark, result), total and place."""

    position: int
    unit: str
    raters: list[str]
    themes: list[tuple[str, float, dict[str, tuple[float, str]], float]]  # theme, 满分, rater → (score, 去掉), result
    total: float
    place: int | None


def blocks(current: results.State) -> list[UnitBlock]:
    """Every unit somebody scored, in scoring order, with its place among them (competition style, rounded total)."""
    scored = [int(p) for p in current.units.position if current.submitted(int(p))]
    totals = {p: results.round2(t) for p, t in results.unit_totals(current, scored).items()}
    places = pd.Series(totals, dtype=float).rank(method="min", ascending=False).astype(int).to_dict() if totals else {}
    found = []
    for unit in current.units.itertuples():
        if unit.position not in totals:
            continue
        rows = results.theme_results(current, unit.position)
        themes = [
            (
                theme,
                float(part["满分"].iloc[0]),
                {r: (s, d) for r, s, d in zip(part["评分人"], part["得分"], part["去掉"])},
                float(part["结果"].iloc[0]),
            )
            for theme, part in rows.groupby("指标", sort=False)
        ]
        raters = [r for r in current.raters.rater if any(r in given for _, _, given, _ in themes)]
        found.append(
            UnitBlock(int(unit.position), unit.unit, raters, themes, totals[unit.position], places[unit.position])
        )
    return found


def method_sentence(current: results.State) -> str:
    if current.session.scoring == "trimmed":
        return (
            f"计分方式：去掉一个最高分和一个最低分（标“去掉”）后取平均；评分人少于 {scoring.MINIMUM_RATERS} 人的指标按平均。"
            "总分按现场评分指标的权重折算为百分制。"
        )
    return "计分方式：各指标取全部评分人得分的平均；总分按现场评分指标的权重折算为百分制。"


def title(current: results.State) -> str:
    return f"{current.session['name']} 计分确认单"


PAGE_STYLE = """
@page { size: A4; margin: 15mm 14mm; }
body { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif; margin: 0; color: #111;
  font-size: 10.5pt; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 2mm; } p.meta { text-align: center; margin: 0 0 4mm; color: #333; }
h2 { font-size: 12pt; margin: 4mm 0 1.5mm; } table { border-collapse: collapse; width: 100%; break-inside: avoid; }
th, td { border: 0.3mm solid #444; padding: 1mm 1.5mm; text-align: center; } td.name { text-align: left; }
s { color: #555; } small { font-size: 8pt; } p.total { margin: 1mm 0 0; font-weight: 700; }
.signatures { display: flex; gap: 12mm; margin-top: 10mm; font-size: 12pt; break-inside: avoid; }
.signatures span { flex: 1; border-bottom: 0.3mm solid #111; padding-bottom: 6mm; }
"""


def _cell(given: tuple[float, str] | None) -> str:
    if given is None:
        return "<td></td>"
    score, dropped = given
    return f"<td><s>{score:g}</s><small>去掉</small></td>" if dropped else f"<td>{score:g}</td>"


def page_html(current: results.State) -> str:
    """The sheet as one A4 HTML page (names escaped; print from the browser)."""
    parts = []
    for block in blocks(current):
        head = "".join(f"<th>{escape(r)}</th>" for r in block.raters)
        body = "".join(
            f'<tr><td class="name">{escape(theme)}（满分 {top:g}）</td>'
            + "".join(_cell(given.get(r)) for r in block.raters)
            + f"<td><b>{results.round2(result):.2f}</b></td></tr>"
            for theme, top, given, result in block.themes
        )
        parts.append(
            f"<h2>{block.position}. {escape(block.unit)}</h2><table><thead><tr><th>指标</th>{head}<th>结果</th></tr>"
            f'</thead><tbody>{body}</tbody></table><p class="total">总分 {block.total:.2f} · 本场第 {block.place} 名</p>'
        )
    ranking = "".join(
        f'<tr><td>{b.place}</td><td class="name">{escape(b.unit)}</td><td>{b.total:.2f}</td></tr>'
        for b in sorted(blocks(current), key=lambda b: (b.place, b.position))
    )
    signatures = "".join(f"<span>{who}（签字）：</span>" for who in SIGNATURES) + "<span>日期：</span>"
    return (
        f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(title(current))}</title>'
        f"<style>{PAGE_STYLE}</style></head><body><h1>{escape(title(current))}</h1>"
        f'<p class="meta">{quarter_text(current.session.quarter)} · {escape(method_sentence(current))}</p>'
        + "".join(parts)
        + f"<h2>本场排名</h2><table><thead><tr><th>名次</th><th>村(社区)</th><th>总分</th></tr></thead>"
        f'<tbody>{ranking}</tbody></table><div class="signatures">{signatures}</div></body></html>'
    )


def docx_bytes(current: results.State) -> bytes:
    """The sheet as a Word document (A4), the same content as page_html."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(14)
    heading = document.add_heading(title(current), level=1)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(f"{quarter_text(current.session.quarter)} · {method_sentence(current)}")
    for block in blocks(current):
        document.add_heading(f"{block.position}. {block.unit}", level=2)
        table = document.add_table(rows=1, cols=len(block.raters) + 2, style="Table Grid")
        for cell, text in zip(table.rows[0].cells, ["指标", *block.raters, "结果"]):
            cell.text = text
        for theme, top, given, result in block.themes:
            cells = table.add_row().cells
            cells[0].text, cells[-1].text = f"{theme}（满分 {top:g}）", f"{results.round2(result):.2f}"
            for cell, rater in zip(cells[1:-1], block.raters):
                if rater in given:
                    score, dropped = given[rater]
                    run = cell.paragraphs[0].add_run(f"{score:g}")
                    run.font.strike = bool(dropped)
                    if dropped:
                        cell.paragraphs[0].add_run("（去掉）").font.size = Pt(8)
        document.add_paragraph(f"总分 {block.total:.2f} · 本场第 {block.place} 名")
    document.add_heading("本场排名", level=2)
    ranking = document.add_table(rows=1, cols=3, style="Table Grid")
    for cell, text in zip(ranking.rows[0].cells, ["名次", "村(社区)", "总分"]):
        cell.text = text
    for block in sorted(blocks(current), key=lambda b: (b.place, b.position)):
        for cell, text in zip(ranking.add_row().cells, [str(block.place), block.unit, f"{block.total:.2f}"]):
            cell.text = text
    document.add_paragraph()
    document.add_paragraph("    ".join(f"{who}（签字）：__________" for who in SIGNATURES) + "    日期：__________")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
