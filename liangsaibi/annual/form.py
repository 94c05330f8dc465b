"""数据管理's 年度评定设置: a year's quarter weights and 优秀 quota in a form, saved as one history entry."""

import streamlit as st

from liangsaibi.annual import year_settings
from liangsaibi.frame import ui
from liangsaibi.store import db


def year_settings_form(year: int, operator: str) -> None:
    """The year's four quarter weights and its 优秀 quota, as stored or by default; refusals say why."""
    if done := st.session_state.pop("year_settings_done", None):
        st.success(done, icon=":material/check_circle:")
    weights, quota = ui.load(year_settings.weights, year=year), ui.load(year_settings.quota, year=year)
    version = db.version_read()  # an undo elsewhere shows here at once
    with st.form(f"year-settings-{year}"):
        st.markdown(f"**{year} 年的年度评定**")
        columns = st.columns(5)
        given = [
            column.text_input(f"{name}权重", f"{weight:g}", key=f"weight-{year}-{n}-{version}")
            for n, (column, name, weight) in enumerate(zip(columns, year_settings.QUARTER_NAMES, weights))
        ]
        given_quota = columns[4].text_input(
            "优秀比例（%）",
            "" if quota is None else f"{quota:g}",
            help="全区优秀最多占参加排名的村(社区)的百分之几（向下取整）；留空为不设比例，0 为不评优秀。",
            key=f"quota-{year}-{version}",
        )
        if st.form_submit_button("保存年度评定设置", icon=":material/save:"):
            try:
                said = year_settings.set_year_settings(year, given, given_quota, operator=operator)
                st.session_state["year_settings_done"] = said
                st.rerun()
            except year_settings.YearSettingsRefused as refused:
                st.error(str(refused))
    st.caption("年度总分 = 各季度总分按季度权重的加权平均（权重为 0 的季度不计）；等次阈值用上面这一年的等次表。")
