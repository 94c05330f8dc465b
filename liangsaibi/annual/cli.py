"""`python -m liangsaibi export annual | annual-bulletin --year 2021`: which year, and the rankings exported."""

from liangsaibi.annual import views


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


def ranking(year: int, units: bool) -> tuple:
    """The year's street ranking (or the units') and its sheet title."""
    table = views.unit_ranking(year) if units else views.street_ranking(year)
    return table, f"{views.span(year)}{'村社区' if units else '街道'}排名"
