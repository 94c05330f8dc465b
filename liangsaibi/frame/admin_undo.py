"""数据管理's undo: asked once more in a dialog before the data goes back, and confirmed after."""

import pandas as pd
import streamlit as st

from liangsaibi.frame import ui
from liangsaibi.store import store


def described(log: pd.DataFrame, import_id: int) -> str:
    """An entry of the history in words, as the undo picker offers it: 第 4 号 · 承诺清单 · 文件 承诺.csv · 时间."""
    entry = log.set_index("编号").loc[import_id].fillna("")
    file = f"文件 {entry['文件']}" + (f"（{entry['工作表']}）" if entry["工作表"] else "") if entry["文件"] else ""
    return " · ".join(part for part in (f"第 {import_id} 号", entry["类型"], file, entry["导入时间"]) if part)


@st.dialog("撤销导入", dismissible=False)  # answered by a button, so the question never stays half open
def confirm(import_id: int, operator: str = "", words: str = "") -> None:
    """Ask "确定撤销第 N 号导入？" naming the entry (kind, file, time); undo on 确定撤销 and leave the outcome for the
    history tab to show."""
    st.markdown(f"确定撤销第 {import_id} 号导入？")
    if words:
        st.markdown(ui.plain(words))  # the file's name as the user gave it: plain text
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
