"""Highlights as cards of plain text: every cell escaped, so that no HTML or Markdown in it is ever interpreted."""

from html import escape
from urllib.parse import urlencode

import pandas as pd

from liangsaibi.store.quarters import quarter_text

STYLE = """<style>
.learn-cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(22rem, 1fr)); gap: 0.8rem; }
.learn-card { border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; padding: 0.8rem 1rem; }
.learn-card .learn-title { font-weight: 700; font-size: 1.05rem; margin: 0 0 0.3rem; }
.learn-card .learn-where { color: #5b6475; font-size: 0.9rem; }
.learn-card .learn-practice { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0.5rem 0; line-height: 1.6; }
.learn-card .learn-tag { display: inline-block; background: #eef2f7; border-radius: 0.8rem; padding: 0 0.6rem;
                         margin: 0 0.3rem 0.2rem 0; font-size: 0.85rem; }
</style>"""


def street_link(street: str, quarter: str) -> str:
    """The 街道详情 of a street in a quarter, relative to the page (works under any base path)."""
    return "street?" + urlencode({"street": street, "quarter": quarter})


def card(row: dict) -> str:
    """One highlight: title, where and when (its street linked to 街道详情), the practice with its line breaks, tags."""
    theme = f" · {escape(row['指标'])}" if isinstance(row["指标"], str) else ""
    tags = (
        "".join(f'<span class="learn-tag">{escape(tag)}</span>' for tag in str(row["标签"] or "").split("、") if tag)
        if isinstance(row["标签"], str)
        else ""
    )
    return (
        f'<article class="learn-card"><div class="learn-title">{escape(row["标题"])}</div>'
        f'<div class="learn-where"><a href="{escape(street_link(row["街道"], row["季度"]))}" target="_self">'
        f'{escape(row["街道"])}</a> · {escape(row["村(社区)"])} · {quarter_text(row["季度"])}{theme}</div>'
        f'<div class="learn-practice">{escape(row["做法"])}</div><div>{tags}</div></article>'
    )


def highlight_cards(rows: pd.DataFrame) -> str:
    """The highlights as a grid of cards."""
    # Rows as dicts: iterrows() builds a Series per row, which took 40 % of /learn's run for its 30 cards.
    return STYLE + '<div class="learn-cards">' + "".join(card(row) for row in rows.to_dict("records")) + "</div>"
