"""Clean-up of what people type into score sheets: full-width characters, stray spaces."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def clean_name(text) -> str:
    """A street, unit or theme name with full-width characters folded and all spaces removed."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", str(text)))


def clean_header(text) -> str:
    """A header cell reduced to the form the header aliases are written in."""
    return clean_name(text).lower()
