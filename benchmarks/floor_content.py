"""The floor page's constant rows and its chart, in a module of their own: ui.figure finds a builder by its module's
name (a page script runs as __main__), and ROWS, built once at import, is the same object on every run, as a page's
loaded tables are (ui.table keys on identity)."""

import pandas as pd
import plotly.graph_objects as go


def rows() -> pd.DataFrame:
    return pd.DataFrame({"街道": [f"街道{i}" for i in range(6)], "总分": [90.1, 85.2, 80.3, 75.4, 70.5, 65.6]})


def bars(table: pd.DataFrame, quarter: str = "") -> go.Figure:
    """Its title names the quarter chosen: another quarter redraws the chart, as it redraws a page's."""
    return go.Figure(go.Bar(x=table["总分"], y=table["街道"], orientation="h"), layout_title_text=quarter)


ROWS = rows()
