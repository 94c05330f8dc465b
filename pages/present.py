"""Placeholder until the page is built."""
import streamlit as st

from liangsaibi import ui

quarter = ui.quarter()
st.title("建设中")
