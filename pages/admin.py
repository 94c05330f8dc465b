"""数据管理: bring in score sheets and commitment lists safely, see the history, undo, edit the rubric."""

import pandas as pd
import streamlit as st

from liangsaibi.annual.form import year_settings_form
from liangsaibi.bulletin.editor import bulletin_tab
from liangsaibi.frame import admin_undo, ui
from liangsaibi.frame.settings_form import settings_form
from liangsaibi.intake import imports, templates
from liangsaibi.intake.sheets import ImportRefused
from liangsaibi.learn import entry
from liangsaibi.live import admin_section as live_admin
from liangsaibi.ops import door
from liangsaibi.publish import admin_section as publish_admin
from liangsaibi.quiz import admin_section as quiz_admin
from liangsaibi.store import store

ui.quarter()
st.title("数据管理")
operator = door.administrator()
st.text(f"管理员：{operator}")  # a name is shown as typed, never as Markdown

upload, history, publishing, rubric, blank_templates, bulletin, learn_records, live, quiz, district = st.tabs(
    ["导入数据", "导入历史", "发布", "评分细则", "空白模板", "通报", "比学记录", "现场评分", "党务知识测试", "区设置"]
)
with upload:
    st.caption(
        "可一次选多个文件：评分表（长表或宽表）、承诺事项、村(社区)名单、评分细则。先检查，确认无误再导入；导入要么全部成功，要么不做任何更改。"
    )
    if done := st.session_state.pop("import_done", None):
        st.success(done, icon=":material/check_circle:")
    uploads = f"uploads-{st.session_state.setdefault('upload_round', 0)}"  # a new key empties the uploader
    files = st.file_uploader(
        "选择 CSV 或 XLSX 文件",
        type=["csv", "xlsx"],
        accept_multiple_files=True,
        key=uploads,
        help=f"每个文件不超过 {imports.MAX_FILE_BYTES // 2**20} MB（超过的文件选中时即被拒收）；"
        "更大的文件请按街道或季度拆成几个文件再导入。",
    )
    add_units = st.checkbox(
        "名单中没有的村(社区)作为新单位添加（确认是新设立的才勾选）",
        key="add_units",
        help="只添加已有街道下的村(社区)；新设立的街道请先导入含该街道的名单。",
    )
    if files:
        chosen = [(file.name, file.getvalue()) for file in files]
        plan, summary, changed = imports.check_files(chosen, add_units=add_units)
        if plan.problems:
            st.error(f"发现 {len(plan.problems)} 个问题，不能导入。请按“怎么办”一栏修改文件后重新选择。")
            st.dataframe(plan.problem_table(), hide_index=True, width="stretch")
        else:
            st.success("检查通过。以下是将要发生的变化：")
            if visible := plan.published_sentence():
                st.warning(visible, icon=":material/public:")
            st.dataframe(summary, hide_index=True, width="stretch")
            for sentence in plan.raters_new:  # a rater new to the quarter: a typo would count as another rater
                st.warning(ui.plain(sentence), icon=":material/person_search:")
            if plan.replaced:
                st.markdown("**将被替换的得分**")
                st.text("\n".join(plan.replaced))  # names as typed, never Markdown
            if len(plan.deleted):
                st.markdown(f"**将被删除、没有新得分替代的得分（{len(plan.deleted)} 个）**")
                st.dataframe(
                    plan.deleted, hide_index=True, width="stretch", height=min(400, 38 + 35 * len(plan.deleted))
                )
                ui.downloads(plan.deleted, "将删除的得分", key="deleted-scores")
            if len(changed):
                st.markdown(f"**将被修改的得分（{len(changed)} 项，原得分 → 新得分）**")
                st.dataframe(changed, hide_index=True, width="stretch")
            if len(plan.new_units):
                st.markdown("**将新添加的村(社区)**")
                st.dataframe(
                    plan.new_units.rename(columns={"street": "街道", "unit": "村(社区)", "kind": "类型"}),
                    hide_index=True,
                )
            commit, cancel = st.columns(2)
            if commit.button("确认导入", type="primary", icon=":material/upload:"):
                try:
                    written, _ = imports.import_files(chosen, add_units=add_units, operator=operator)
                    st.session_state["upload_round"] += 1
                    numbers = "、".join(f"第 {i} 号" for i in written.import_ids)
                    # Shown after the rerun and kept until the next action: a toast sent just before a rerun
                    # could vanish before a slow browser drew it.
                    st.session_state["import_done"] = f"导入完成（{numbers}导入）。各页面已显示新数据。"
                    st.rerun()
                except ImportRefused as refused:
                    st.error(
                        "导入失败，数据库未作任何更改：\n\n" + "\n".join(f"- {ui.plain(p)}" for p in refused.problems)
                    )
            if cancel.button("取消", icon=":material/close:"):
                st.session_state["upload_round"] += 1
                st.rerun()

with history:
    if done := st.session_state.pop("undo_done", None):
        st.success(done, icon=":material/undo:")
    if refused := st.session_state.pop("undo_refused", None):
        st.error(refused)
    log = ui.load(store.history_shown)
    st.dataframe(log, hide_index=True, width="stretch", placeholder="")  # 撤销时间 empty while an import stands
    undoable = log.loc[log["撤销时间"].isna(), "编号"].tolist()
    chosen_id = st.selectbox(
        "撤销哪一次导入？数据将恢复到那次导入之前",
        undoable[::-1],
        index=None,
        format_func=lambda number: admin_undo.described(log, number),
        placeholder="选择一次导入（编号 · 类型 · 文件 · 时间）",
        key="undo-choice",
    )
    if chosen_id is not None and st.button(f"撤销第 {chosen_id} 号导入", icon=":material/undo:", key="undo-ask"):
        st.session_state["undo_asked"] = chosen_id
    if "undo_asked" in st.session_state:
        asked = st.session_state["undo_asked"]
        admin_undo.confirm(asked, operator, admin_undo.described(log, asked) if asked in undoable else "")

with publishing:
    publish_admin.section(operator)

with rubric:
    year = st.selectbox(
        "编辑哪一年的评分细则？",
        years := sorted(
            {int(q[:4]) for q in ui.load("quarters", drafts=True)} | {pd.Timestamp.now().year}, reverse=True
        ),
    )
    edited = st.data_editor(
        ui.load(templates.rubric_rows, year=year),
        num_rows="dynamic",
        hide_index=True,
        key=f"rubric-{year}",
        column_config={
            "计分方式": st.column_config.SelectboxColumn(
                options=["平均", "去掉最高最低"],
                default="平均",
                help="同一年各指标相同；去掉最高最低只在评分人不少于 5 人时适用，否则按平均。",
            )
        },
    )
    bands = st.data_editor(
        ui.load(templates.grade_bands, year=year), num_rows="dynamic", hide_index=True, key=f"grades-{year}"
    )
    if st.button(f"保存 {year} 年的评分细则和等次", type="primary"):
        try:
            store.grade_rows(year, bands)  # checked first, so that a refusal saves neither
            imports.import_files([templates.rubric_file(year, edited)], operator=operator)
            store.set_grades(year, bands, operator=operator)
            st.toast("已保存；该年的分数在各页面按新细则计算。")
            st.rerun()
        except ImportRefused as refused:
            st.error("未保存：\n\n" + "\n".join(f"- {ui.plain(p)}" for p in refused.problems))
        except store.GradesRefused as refused:
            st.error(str(refused))
    year_settings_form(year, operator)

with learn_records:
    entry.entry_tab(operator)

with blank_templates:
    st.caption("按模板填写最不容易出错；表头也可用英文写，对照见使用文档中的《导入格式》。")
    st.caption("模板只有表头；Excel 模板的第二个工作表“填写说明”有一行示例，导入时不读它。")
    template_year = st.selectbox("宽表模板按哪一年的评分细则列出指标？", years, key="template-year")
    for name in templates.TEMPLATES:
        try:
            ui.file_buttons(
                f"{name} 模板",
                (templates.template_csv(name, template_year), f"模板_{name}.csv"),
                (templates.template_xlsx(name, template_year), f"模板_{name}.xlsx"),
                key=f"template-{name}",
            )
        except templates.NoRubric as missing:
            st.info(str(missing))

with bulletin:
    bulletin_tab(operator)

with live:
    live_admin.section(operator)

with quiz:
    quiz_admin.section(operator)

with district:
    settings_form(operator)
