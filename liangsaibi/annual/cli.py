"""`python -m liangsaibi export annual | annual-bulletin --year 2021`: the 年度 page's rankings and the 年度通报 as files."""

import sys
from pathlib import Path

from liangsaibi.annual import views
from liangsaibi.board import export


def year_of(text: str | None) -> int:
    """The year asked for, or the newest with a published quarter; a year without one ends with a sentence."""
    known = views.years()
    if not known:
        raise SystemExit("还没有已发布的季度，无法进行年度评定。")
    if text is None:
        return known[0]
    if not text.strip().removesuffix("年").isdigit():
        raise SystemExit(f"无法识别年度「{text}」，请写成 2021。")
    year = int(text.strip().removesuffix("年"))
    if year not in known:
        raise SystemExit(f"{year}年没有已发布的季度，没有年度评定；有已发布季度的年度：{'、'.join(map(str, known))}。")
    return year


def ranking(args, file_format: str) -> str:
    """The year's street ranking (or with --units the units') as CSV or XLSX, to a file or standard output."""
    year = year_of(args.year)
    table = views.unit_ranking(year) if args.units else views.street_ranking(year)
    title = f"{views.span(year)}{'村社区' if args.units else '街道'}排名"
    data = export.xlsx_bytes(table, title) if file_format == "xlsx" else export.csv_bytes(table)
    if args.output == "-":
        sys.stdout.buffer.write(data)
        return ""
    Path(args.output).write_bytes(data)
    return f"已导出 {title} {len(table)} 行到 {args.output}"


def bulletin(args) -> str:
    """The 年度通报 as a Word document (-o required)."""
    if args.output == "-":
        raise SystemExit("年度通报是 Word 文档，请用 -o 给出文件名，例如 -o 年度通报.docx。")
    year = year_of(args.year)
    from liangsaibi.annual import bulletin as annual_bulletin  # docxtpl loads in a fraction of a second: only here
    from liangsaibi.bulletin.document import TemplateRefused

    try:
        data = annual_bulletin.render(year)
    except TemplateRefused as refused:
        raise SystemExit(str(refused)) from None
    Path(args.output).write_bytes(data)
    return f"已生成 {views.span(year)} 的年度通报：{args.output}（模板 {annual_bulletin.template_path()}）"
