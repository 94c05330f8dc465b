"""数据管理's 比学记录 tab: the highlights or problems of one unit's quarter, or one visitor's day of visits, edited as
a small sheet that goes through the import path like any file (checked, in the history, undoable)."""

import datetime

import pandas as pd
import streamlit as st

from liangsaibi.frame import ui
from liangsaibi.intake import imports
from liangsaibi.intake.sheets import ImportRefused
from liangsaibi.learn import views
from liangsaibi.store import db
from liangsaibi.store.quarters import quarter_of_date, quarter_text

# Kind → the columns edited in the table; the rest of the sheet (quarter, street, unit / date, visitor) is chosen above.
EDITED = {
    "亮点做法": ["标题", "做法", "指标", "标签"],
    "问题反馈": ["问题", "整改措施", "整改时限", "完成日期"],
    "观摩记录": ["被观摩村(社区)", "被观摩街道", "类型", "备注"],
}


def unit_rows(kind: str, quarter: str, street: str, unit: str) -> pd.DataFrame:
    """The stored highlights or problems of one unit in one quarter, in the edited columns."""
    if kind == "问题反馈":
        return db.run("problems_raised", quarter=quarter, street=street, unit=unit)
    listed = views.highlights(quarter, street)
    return listed.loc[listed["村(社区)"] == unit, EDITED[kind]].reset_index(drop=True)


def visit_rows(visitor: str, day: datetime.date) -> pd.DataFrame:
    """The stored visits of one visitor on one day, in the edited columns."""
    listed = views.visits(quarter_of_date(day))
    chosen = (listed["观摩方"] == visitor) & (listed["日期"] == day.isoformat())
    return listed.loc[chosen, EDITED["观摩记录"]].reset_index(drop=True)


def entry_file(kind: str, fixed: dict[str, str], edited: pd.DataFrame) -> tuple[str, bytes]:
    """The chosen values and the edited rows as one sheet of the import format (rows left empty dropped).
    Written as the clerk typed it: a cell starting with = stays text for the importer, not a defused formula."""
    rows = edited[EDITED[kind]].astype(object).where(edited[EDITED[kind]].notna(), "")
    rows = rows[rows.apply(lambda row: "".join(map(str, row)).strip() != "", axis=1)].reset_index(drop=True)
    sheet = pd.concat([pd.DataFrame(fixed, index=rows.index), rows], axis=1)
    name = "_".join([kind, *fixed.values(), "编辑"]) + ".csv"
    return name, sheet.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def _save(kind: str, fixed: dict[str, str], edited: pd.DataFrame, operator: str) -> None:
    name, data = entry_file(kind, fixed, edited)
    if data.count(b"\r\n") < 2:
        st.error("请至少填写一行。要删除这里的全部记录，请在“导入历史”中撤销录入它们的那次导入。")
        return
    try:
        written, _ = imports.import_files([(name, data)], operator=operator)
        st.session_state["learn-entry-round"] = st.session_state.get("learn-entry-round", 0) + 1  # a fresh editor
        st.session_state["learn-entry-done"] = f"已保存（第 {written.import_ids[0]} 号导入，可在“导入历史”中撤销）。"
        st.rerun()
    except ImportRefused as refused:
        st.error("未保存，数据库未作任何更改：\n\n" + "\n".join(f"- {problem}" for problem in refused.problems))


def entry_tab(operator: str) -> None:
    """The tab: choose what to record, edit its rows, save through the import path."""
    if done := st.session_state.pop("learn-entry-done", None):
        st.success(done, icon=":material/check_circle:")
    kind = st.segmented_control("录入哪一类？", list(EDITED), default="亮点做法", key="learn-entry-kind") or "亮点做法"
    units = ui.load(views.unit_list)
    if kind == "观摩记录":
        left, right = st.columns(2)
        day = left.date_input("观摩日期", datetime.date.today(), max_value=datetime.date.today(), key="learn-entry-day")
        visitor = right.text_input("观摩方（街道名或观摩团名称）", key="learn-entry-visitor").strip()
        if not visitor:
            st.info("请先填写观摩方。本街道内的观摩，类型可留空，会按观摩方是否为被观摩街道自动判断。")
            return
        fixed, rows = {"日期": day.isoformat(), "观摩方": visitor}, visit_rows(visitor, day)
    else:
        left, middle, right = st.columns(3)
        this_quarter = quarter_of_date(datetime.date.today())
        quarter = left.selectbox(
            "季度",
            sorted({*ui.load("quarters", drafts=True), this_quarter}, reverse=True),
            format_func=quarter_text,
            key="learn-entry-quarter",
        )
        street = middle.selectbox("街道", ui.load("streets"), key="learn-entry-street")
        unit = right.selectbox("村(社区)", units.loc[units["街道"] == street, "村(社区)"], key="learn-entry-unit")
        if unit is None:
            return
        fixed, rows = {"季度": quarter, "街道": street, "村(社区)": unit}, unit_rows(kind, quarter, street, unit)
    st.caption(f"下表是已有的记录（{len(rows)} 条）：可修改、添加或删除行，保存后替换这些记录。")
    edited = st.data_editor(
        rows.astype(object),
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        key=f"learn-entry-{kind}-{'-'.join(fixed.values())}-{st.session_state.get('learn-entry-round', 0)}",
        column_config=_columns(kind, units),
    )
    if st.button("保存", type="primary", icon=":material/save:", key="learn-entry-save"):
        _save(kind, fixed, edited, operator)


def _columns(kind: str, units: pd.DataFrame) -> dict:
    text = st.column_config.TextColumn
    if kind == "观摩记录":
        return {
            "被观摩村(社区)": st.column_config.SelectboxColumn(options=units["村(社区)"].tolist(), required=True),
            "被观摩街道": st.column_config.SelectboxColumn(options=sorted(set(units["街道"])), required=True),
            "类型": st.column_config.SelectboxColumn(options=["本街道观摩", "跨街道学习"]),
            "备注": text(max_chars=2000),
        }
    if kind == "问题反馈":
        return {
            "问题": text(required=True, max_chars=2000),
            "整改措施": text(max_chars=2000),
            "整改时限": text(help="如 2026Q4", required=True),
            "完成日期": text(help="如 2026-11-20，未整改留空"),
        }
    return {
        "标题": text(required=True, max_chars=2000),
        "做法": text(required=True, max_chars=2000),
        "标签": text(help="多个标签用 、 或逗号分隔"),
    }
