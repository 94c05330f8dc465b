"""街道详情's 比学 part: the street's highlights, its problems not yet rectified and its visits of the quarter."""

import streamlit as st

from liangsaibi.frame import ui
from liangsaibi.learn import cards, views
from liangsaibi.store.quarters import quarter_text


def street_section(quarter: str, street: str) -> None:
    """Drawn at the end of 街道详情, below the street's numbers."""
    st.subheader(f"{quarter_text(quarter)} 比学")
    shown = ui.load(views.highlights, quarter=quarter, street=street)
    st.markdown(f"**亮点做法（{len(shown)} 条）**")
    if shown.empty:
        st.info(ui.plain(f"{street}在{quarter_text(quarter)}没有记录亮点做法。"))
    else:
        st.html(cards.highlight_cards(shown))
        ui.downloads(shown, "亮点做法", quarter, street, key="street-highlights")
    still_open = ui.load(views.open_problems, quarter=quarter, street=street)
    st.markdown(f"**未整改的问题（截至{quarter_text(quarter)}末，{len(still_open)} 项）**")
    if still_open.empty:
        st.success(
            ui.plain(f"{street}在 {quarter[:4]} 年提出的问题截至{quarter_text(quarter)}末已全部整改，或没有记录问题。"),
            icon=":material/check_circle:",
        )
    else:
        ui.grid(still_open)
        ui.downloads(still_open, "未整改问题", quarter, street, key="street-problems")
    tour, exchanges = ui.load(views.tour_and_exchanges, quarter=quarter, street=street)
    st.markdown("**观摩记录**")
    st.caption(
        ui.plain(tour or "本季度没有本街道逐村观摩的记录")
        + "。下表为与其他街道（或观摩团）之间的观摩：去别处学习和别处来访。"
    )
    if exchanges.empty:
        st.info(ui.plain(f"{street}在{quarter_text(quarter)}没有与其他街道之间的观摩记录。"))
    else:
        ui.grid(exchanges)
        ui.downloads(exchanges, "观摩记录", quarter, street, key="street-visits")
