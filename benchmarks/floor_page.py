"""The floor a page is measured against: the same number of plotly charts and tables, from constant data."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

charts = int(st.query_params.get("charts", 1))
tables = int(st.query_params.get("tables", 1))
st.title("基准页")
rows = pd.DataFrame({"街道": [f"街道{i}" for i in range(6)], "总分": [90.1, 85.2, 80.3, 75.4, 70.5, 65.6]})
for i in range(charts):
    st.plotly_chart(go.Figure(go.Bar(x=rows["总分"], y=rows["街道"], orientation="h")), key=f"chart-{i}")
for i in range(tables):
    st.dataframe(rows, key=f"table-{i}")
