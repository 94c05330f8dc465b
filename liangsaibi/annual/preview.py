"""What the 通报 page's 年度通报 part shows: the content for a day and the .docx, made when asked for (ui.load keeps
them per database version, day and template checksum)."""

import datetime
import hashlib

from liangsaibi.annual import bulletin
from liangsaibi.bulletin import document


def content(year: int, day: str) -> dict:
    """The 年度通报's content for the day given (an empty 成文日期 means the day the document is made)."""
    return bulletin.content(year, datetime.date.fromisoformat(day))


def template_checksum() -> str:
    """The template's checksum: a replaced template makes a new document at once."""
    path = bulletin.template_path()
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


def made(year: int, day: str, checksum: str) -> tuple[bytes | None, str | None]:
    """The .docx of the year, or None and the Chinese reason the template cannot make it."""
    try:
        return document.fill(content(year, day), bulletin.template_path()), None
    except document.TemplateRefused as refused:
        return None, str(refused)
