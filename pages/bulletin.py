"""季度通报: the quarter's bulletin previewed as it will read, which parts are edited, and the Word download."""

import streamlit as st

from liangsaibi.annual import bulletin as annual_bulletin, preview as annual_preview, views as annual
from liangsaibi.bulletin import editor, preview
from liangsaibi.frame import ui
from liangsaibi.store.quarters import quarter_text

quarter = ui.quarter()
st.title("季度通报")
ui.stop_without_data(quarter)

day = preview.today()
values = ui.load(preview.content, quarter=quarter, day=day)
template = preview.template_version()
st.caption(f"{quarter_text(quarter)} · {preview.status(values)} {preview.template_label(template['template'])}")
wenhao = st.text_input(
    "文号（可不填）",
    placeholder="如 组通〔2026〕12号",
    key="bulletin-wenhao",
    help="填了文号，自带模板在标题上方加红头：红色的发文机关、文号和一条红线。",
)
with st.container(horizontal=True):
    # The .docx is made only when asked for, not on every visit (ui.load then keeps it for this database version).
    if st.button("生成通报（Word）", type="primary", icon=":material/description:", key="bulletin-make"):
        docx, problem = ui.load(preview.made, quarter=quarter, day=day, wenhao=wenhao.strip(), **template)
        if problem:
            st.error(problem, icon=":material/error:")
        else:
            st.download_button(
                "下载通报（Word）",
                docx,
                f"季度通报_{quarter}{'_' + ui.draft_file_part(quarter) if ui.draft_mark(quarter) else ''}.docx",
                on_click="ignore",
                type="primary",
                mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                icon=":material/download:",
            )
    st.page_link(
        "pages/admin.py",
        label="编辑标题、主送、日期、下步要求和点评（数据管理 › 通报，需管理员密码）",
        icon=":material/edit:",
    )


def draw(parts) -> None:
    """A bulletin's preview: its parts in the document's order, made into elements once per loaded content."""
    with st.container(border=True):
        for kind, part, alignment in ui.derived(editor.shown, parts):
            if kind == "table":
                st.dataframe(ui.table(part), hide_index=True, width="stretch")
            else:
                st.markdown(part, text_alignment=alignment)


draw(ui.derived(preview.blocks, values))  # the same tables every run, converted once

# The second document: the 年度通报 of the chosen quarter's year (docs/计分规则.md, 年度评定), same template mechanism.
year = int(quarter[:4])
st.header(f"{year}年度通报", divider="gray")
if not ui.load(annual.published, year=year):
    st.info(f"{year}年还没有已发布的季度，没有年度通报。")
    st.stop()
yearly = ui.load(annual_preview.content, year=year, day=day)
st.caption(f"{yearly['span']} · 只计已发布的季度。{preview.template_label(str(annual_bulletin.template_path()))}")
if st.button("生成年度通报（Word）", type="primary", icon=":material/description:", key="annual-bulletin-make"):
    docx, problem = ui.load(annual_preview.made, year=year, day=day, checksum=annual_preview.template_checksum())
    if problem:
        st.error(problem, icon=":material/error:")
    else:
        st.download_button(
            "下载年度通报（Word）",
            docx,
            f"年度通报_{year}.docx",
            on_click="ignore",
            type="primary",
            mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            icon=":material/download:",
        )
draw(ui.derived(annual_bulletin.blocks, yearly))
