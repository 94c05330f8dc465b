"""亮赛比看板: the frame — page config, navigation, the shared filters; each page is in pages/."""
import streamlit as st

from liangsaibi import ui
from liangsaibi.build import ensure_database

st.set_page_config(page_title="亮赛比看板", page_icon=":material/leaderboard:", layout="wide")
ensure_database()

page = st.navigation([
    st.Page("pages/overview.py", title="总览", icon=":material/leaderboard:", url_path="", default=True,
            help="所选季度的街道排名：总分、环比、排名变化、等次。"),
], position="top")

st.sidebar.title("亮赛比看板")
st.sidebar.caption("亮承诺 · 赛实绩 · 比干劲")
quarters = ui.load("quarters")
ui.quarter_filter()
ui.data_mark(quarters[0] if quarters else None)
page.run()
