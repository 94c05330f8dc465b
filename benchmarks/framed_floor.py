"""The floor inside the product's frame, the standard the page targets are measured against (benchmarks/RESULTS.md).

dashboard.py itself runs, with one more page in its navigation, hidden (/floor): floor_page.py's constant
charts and tables. So the floor pays what every page of ours pays (the top navigation, the sidebar's filters,
评分说明 and the data mark, the print style, the database check) and the ratio measures our pages' content.
"""

from pathlib import Path

import streamlit as st
from streamlit.commands.navigation import navigation

from benchmarks.run import ROOT, compiled

FLOOR = Path(__file__).with_name("floor_page.py")
DASHBOARD = ROOT / "dashboard.py"


def navigation_with_floor(pages, **options):
    return navigation([*pages, st.Page(FLOOR, title="基准页", url_path="floor", visibility="hidden")], **options)


# For this run only: AppTest runs the product's own dashboard.py in this same process.
st.navigation = navigation_with_floor
try:
    exec(compiled(DASHBOARD), {"__name__": "__main__", "__file__": str(DASHBOARD)})
finally:
    st.navigation = navigation
