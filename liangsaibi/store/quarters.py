"""Quarters as people write them (2021Q4, 2021年第四季度, …) and as the store keeps them (2021Q4)."""

import re
import unicodedata

_CHINESE_DIGITS = {"一": "1", "二": "2", "三": "3", "四": "4"}
# A quarter needs its mark, Q before the number or 季(度) after it: 2021-4 or 20214 may as well be a month
# or a slip of the keyboard, and is not read as a quarter.
_PATTERN = re.compile(r"(\d{4})\s*(?:年\s*)?[-_/ ]?\s*(?:[Qq]\s*([1-4])|(?:第\s*)?([1-4一二三四])\s*季度?)")


def parse_quarter(text) -> str | None:
    """The canonical `YYYYQn` of a quarter written by a person, or None when it cannot be read."""
    if text is None:
        return None
    cleaned = unicodedata.normalize("NFKC", str(text)).strip()
    match = _PATTERN.fullmatch(cleaned)
    if not match:
        return None
    year, after_q, before_ji = match.groups()
    number = after_q or before_ji
    return f"{year}Q{_CHINESE_DIGITS.get(number, number)}"


def previous_quarter(quarter: str) -> str:
    """The calendar quarter before `quarter` (2022Q1 → 2021Q4)."""
    year, number = int(quarter[:4]), int(quarter[-1])
    return f"{year - 1}Q4" if number == 1 else f"{year}Q{number - 1}"


def quarter_of_date(day) -> str:
    """The quarter a date falls in."""
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def quarter_text(quarter: str) -> str:
    """A stored quarter as Chinese readers write it: 2021Q4 → 2021年第四季度."""
    return f"{quarter[:4]}年第{'一二三四'[int(quarter[-1]) - 1]}季度"
