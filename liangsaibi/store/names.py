"""Clean-up of what people type into score sheets: full-width characters, stray spaces, invisible characters; and
which characters a name or a text may not hold at all (docs/数据约束.md)."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Invisible characters that only hide a look-alike name (华山路\u200b社区): removed, as spaces are.
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")
_NON_CHARACTERS = "\ufffe\uffff"  # no file format can hold them (XLSX and .docx refuse them)


def clean_name(text) -> str:
    """A street, unit or theme name with full-width characters folded, all spaces and invisible joiners removed."""
    return _INVISIBLE.sub("", _SPACES.sub("", unicodedata.normalize("NFKC", str(text))))


def clean_header(text) -> str:
    """A header cell reduced to the form the header aliases are written in."""
    return clean_name(text).lower()


def refused_in_name(text: str) -> str:
    """The characters a cleaned name may not hold, each written as \\u202e: control and format characters (bidi
    controls among them) and non-characters; empty when the name is fine."""
    return "".join(
        visible(char) for char in text if unicodedata.category(char) in ("Cc", "Cf") or char in _NON_CHARACTERS
    )


_REFUSED_IN_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")  # Cc but \t and \n; non-characters


def refused_in_text(text: str) -> str:
    """The characters a free text (做法, 问题, 备注…) may not hold, each written as \\x07: control characters other
    than line breaks and tabs, and non-characters; empty when the text can be written to XLSX and .docx."""
    return "".join(map(visible, _REFUSED_IN_TEXT.findall(text)))


def visible(char: str) -> str:
    """A character that shows nothing, as its code (\\u202e, \\x07); any other as itself."""
    if unicodedata.category(char) in ("Cc", "Cf", "Cn", "Zl", "Zp") or char in _NON_CHARACTERS:
        return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
    return char


def shown(text: str) -> str:
    """A text with every character that shows nothing written as its code, for a message quoting it."""
    return "".join(map(visible, text))
