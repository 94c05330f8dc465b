"""Raters' QR codes, drawn offline with segno, and one printable A4 sheet of them all."""

from html import escape

import segno


def qr_svg(url: str, scale: int = 4) -> str:
    """The link as an inline SVG QR code (error correction M: survives a crease in the paper)."""
    return segno.make(url, error="m").svg_inline(scale=scale, border=2)


SHEET_STYLE = """
@page { size: A4; margin: 12mm; }
body { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif; margin: 0; color: #111; }
h1 { font-size: 16pt; margin: 0 0 2mm; } p.hint { font-size: 9pt; color: #444; margin: 0 0 5mm; }
.cards { display: grid; grid-template-columns: repeat(3, 1fr); gap: 5mm; }
.card { border: 0.3mm dashed #888; padding: 3mm; text-align: center; break-inside: avoid; }
.card svg { width: 42mm; height: 42mm; }
.name { font-size: 15pt; font-weight: 700; margin-top: 1mm; } .group { font-size: 10pt; color: #444; }
.url { font-size: 6.5pt; color: #555; word-break: break-all; margin-top: 1mm; }
"""


RATERS_HINT = "请各位评分人用手机扫描自己名下的二维码进行评分（每人一码，请勿转给他人）。沿虚线剪开分发。"


def sheet_html(
    session_name: str, cards: list[tuple[str, str, str]], hint: str = RATERS_HINT, what: str = "评分二维码"
) -> str:
    """An A4 page (print from the browser) with every person's name, group (or unit) and QR code: cards are
    (name, group, url); `hint` tells them what to do with it."""
    parts = "".join(
        f'<div class="card">{qr_svg(url)}<div class="name">{escape(name)}</div>'
        f'<div class="group">{escape(group or "")}</div><div class="url">{escape(url)}</div></div>'
        for name, group, url in cards
    )
    return (
        f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(session_name)} {what}</title>'
        f"<style>{SHEET_STYLE}</style></head><body><h1>{escape(session_name)}</h1>"
        f'<p class="hint">{escape(hint)}</p>'
        f'<div class="cards">{parts}</div></body></html>'
    )
