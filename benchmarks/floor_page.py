"""The floor a page is measured against: the same number of plotly charts and tables, from constant data.

`?cached=1` takes them from the caches the pages use (ui.figure for a chart, ui.table for a table, the rows the same
object every run), so that a page and this floor do the same work for their charts and tables; without it each run
builds every figure and converts every table anew."""

import streamlit as st

from benchmarks.floor_content import ROWS, bars, rows
from liangsaibi.frame import ui

charts = int(st.query_params.get("charts", 1))
tables = int(st.query_params.get("tables", 1))
cached = st.query_params.get("cached") == "1"
st.title("基准页")
table = ROWS if cached else rows()
quarter = str(st.session_state.get("quarter") or "")  # chosen in the frame, as a page's charts follow it
for i in range(charts):
    st.plotly_chart(ui.figure(bars, table, quarter) if cached else bars(table, quarter), key=f"chart-{i}")
for i in range(tables):
    st.dataframe(ui.table(table) if cached else table, key=f"table-{i}")
