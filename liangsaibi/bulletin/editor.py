"""The 通报 tab of 数据管理: the administrator edits the bulletin's wording and each street's 点评 (Streamlit widgets)."""

import streamlit as st

from liangsaibi.board import views
from liangsaibi.bulletin import remarks
from liangsaibi.frame import ui
from liangsaibi.store import settings, store
from liangsaibi.store.quarters import quarter_text

WORDING = ("bulletin_title", "bulletin_addressees", "bulletin_date", "bulletin_requirements")
HINTS = {
    "bulletin_title": "{季度} 处填入季度，如 2021年第四季度。",
    "bulletin_date": "如 2022年1月10日；留空则取生成当天。",
    "bulletin_requirements": "每行一段。",
}


def bulletin_tab(operator: str) -> None:
    """Edit the wording (district settings, kept for every quarter) and the chosen quarter's 点评."""
    st.caption("修改保存后记入导入历史，可在“导入历史”中撤销。通报预览和下载见“季度通报”页。")
    st.page_link("pages/bulletin.py", label="打开季度通报", icon=":material/description:")
    values = settings.current()
    with st.form("bulletin-wording"):
        st.markdown("**通报文字（各季度通用）**")
        edited = {
            key: (st.text_area if key == "bulletin_requirements" else st.text_input)(
                settings.SETTINGS[key][0], values[key], help=HINTS.get(key)
            )
            for key in WORDING
        }
        if st.form_submit_button("保存通报文字", type="primary"):
            _save(lambda: store.set_settings(edited, operator=operator), settings.SettingsRefused)
    quarters = ui.load("quarters", drafts=True)
    if not quarters:
        return
    chosen = st.selectbox(
        "为哪个季度写点评？",
        quarters,
        index=quarters.index(ui.quarter()) if ui.quarter() in quarters else 0,
        format_func=quarter_text,
        key="remark-quarter",
    )
    stored = remarks.remarks(chosen)
    if stored:
        st.dataframe({"街道": list(stored), "点评": list(stored.values())}, hide_index=True, width="stretch")
    # One street at a time: a city's 200 streets would be 200 boxes.
    street = st.selectbox("为哪个街道写点评？", views.ranking(chosen)["街道"], key=f"remark-street-{chosen}")
    with st.form(f"bulletin-remark-{chosen}-{street}"):
        given = st.text_area(
            f"{street}的点评（写在通报中该街道的情况之后；留空即不写）",
            stored.get(street, ""),
            key=f"remark-{chosen}-{street}",
        )
        if st.form_submit_button("保存点评", type="primary"):
            _save(lambda: remarks.set_remarks(chosen, {street: given}, operator=operator), remarks.RemarkRefused)


def _save(action, refused) -> None:
    try:
        st.toast(action(), icon=":material/check_circle:")
    except refused as problem:
        st.error(str(problem))


_PARAGRAPH = {"heading": "**{}**", "subheading": "**{}**", "remark": "*{}*", "text": "{}", "to": "{}"}


def shown(parts: list) -> list[tuple[str, object, str]]:
    """A bulletin's parts (preview.blocks) as the 通报 page draws them: ("table", table, "") or ("markdown", text,
    alignment), user text shown as typed. The paragraphs between a table and the next are one element (a city's
    preview has a sentence per street: hundreds of elements on every run). Kept per loaded content (ui.derived)."""
    out, paragraphs = [], []
    for kind, part in [*parts, ("end", None)]:
        if kind in _PARAGRAPH:
            paragraphs.append(_PARAGRAPH[kind].format(ui.plain(part)))
            continue
        if paragraphs:
            out.append(("markdown", "\n\n".join(paragraphs), "left"))
            paragraphs = []
        if kind == "table":
            out.append(("table", part, ""))
        elif kind == "title":
            out.append(("markdown", f"### {ui.plain(part)}", "center"))
        elif kind == "signature":
            out.append(("markdown", ui.plain(part), "right"))
    return out
