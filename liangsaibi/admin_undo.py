"""数据管理's undo: asked once more in a dialog before the data goes back, and confirmed after."""

import streamlit as st

from . import store


@st.dialog("撤销导入", dismissible=False)  # answered by a button, so the question never stays half open
def confirm(import_id: int, operator: str = "") -> None:
    """Ask "确定撤销第 N 号导入？"; undo on 确定撤销 and leave the outcome for the history tab to show."""
    st.markdown(f"确定撤销第 {import_id} 号导入？")
    st.caption("数据将恢复到那次导入之前；撤销也记在导入历史中。")
    yes, no = st.columns(2)
    if yes.button("确定撤销", type="primary", icon=":material/undo:", key="undo-yes"):
        try:
            st.session_state["undo_done"] = store.undo(import_id, operator=operator)
        except store.UndoRefused as refused:
            st.session_state["undo_refused"] = str(refused)
        del st.session_state["undo_asked"]
        st.rerun()
    if no.button("取消", icon=":material/close:", key="undo-no"):
        del st.session_state["undo_asked"]
        st.rerun()
