"""数据管理's 区设置: the district's settings in a form, saved as one history entry that can be undone."""

import streamlit as st

from liangsaibi.frame import ui
from liangsaibi.store import db, settings, store

HELP = {
    "district": "例如 二七区。侧栏和大屏封面显示此名称；未填写时不显示任何区名。",
    "office": "大屏封面显示的组织单位，例如 中共二七区委组织部。",
    "meeting_title": "大屏封面的会议名称；{季度} 处显示所选季度，例如 2021年第四季度。",
    "annual_bulletin_title": "年度通报的标题；{年度} 处显示年度，例如 2021年度（第四季度发布前为 2026年度（截至第三季度））。",
    "annual_bulletin_requirements": "年度通报“六、下步要求”的文字，每行一段。",
}


def settings_form(operator: str) -> None:
    """Each setting under its label, as stored or by default; saving goes through the history like an import."""
    if done := st.session_state.pop("settings_done", None):
        st.success(done, icon=":material/check_circle:")
    shown = ui.load("district_settings")
    version = db.version_read()  # an undo elsewhere shows here at once: the fields start again from the data
    with st.form("district-settings"):
        edited = {
            key: st.text_input(label, shown[key], help=HELP.get(key), key=f"setting-{key}-{version}")
            for key, (label, _) in settings.SETTINGS.items()
        }
        if st.form_submit_button("保存区设置", type="primary", icon=":material/save:"):
            try:
                st.session_state["settings_done"] = store.set_settings(edited, operator=operator)
                st.rerun()
            except settings.SettingsRefused as refused:
                st.error(str(refused))
    st.caption("保存后在“导入历史”中记为一次“区设置_编辑”，可以撤销。")
