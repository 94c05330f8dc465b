"""数据管理 › 发布: each quarter's state and participation (参评), and the 发布 / 撤回发布 buttons."""

import streamlit as st

from liangsaibi.board import overview
from liangsaibi.frame import ui
from liangsaibi.publish import rules, states
from liangsaibi.store import db
from liangsaibi.store.quarters import quarter_text


def _table(table):
    return table.assign(
        季度=table.quarter.map(quarter_text),
        状态=table.published.map({True: "已发布", False: "草稿"}),
        参评村社区=table.units_scored.astype(str) + "/" + table.units_registered.astype(str),
        参评街道=table.streets_scored.astype(str) + "/" + table.streets_registered.astype(str),
        不完整村社区=table.units_incomplete,
    )[["季度", "状态", "参评村社区", "参评街道", "不完整村社区"]].rename(
        columns={"参评村社区": "参评村(社区)", "不完整村社区": "不完整的村(社区)"}
    )


def section(operator: str) -> None:
    """The 发布 tab: quarters newest first; the chosen one's missing streets and units; publish or take back."""
    if done := st.session_state.pop("publish_done", None):
        st.success(done, icon=":material/check_circle:")
    table = ui.load(states.quarter_states)
    st.caption(
        "新导入的季度是草稿，只有管理员能看到；发布后所有人可见，并成为各页、大屏、通报和导出的默认季度。"
        "须按季度先后发布，从最新的起撤回；发布和撤回都记入导入历史，可以撤销。参评按现登记名单计。"
    )
    if table.empty:
        st.info(ui.NO_DATA)
        return
    st.dataframe(ui.table(_table(table)), hide_index=True, width="stretch")
    quarter = st.selectbox("看哪个季度？", table.quarter.tolist(), format_func=quarter_text, key="publish-quarter")
    state = table.set_index("quarter").loc[quarter]
    st.markdown(
        f"**{quarter_text(quarter)}：{'已发布' if state.published else '草稿'}，{rules.participation_text(state)}**"
    )
    _missing(quarter)
    action = "撤回发布" if state.published else "发布"
    if st.button(f"{action}{quarter_text(quarter)}", type="primary", key=f"publish-{quarter}"):
        try:
            st.session_state["publish_done"] = states.change(quarter, not state.published, operator=operator)
            st.rerun()
        except states.PublishRefused as refused:
            st.error(str(refused))


def _missing(quarter: str) -> None:
    streets = ui.load("participation", quarter=quarter)
    for status, said in (("未参评", "未参评的街道（没有任何村(社区)得分）"), ("不完整", "部分村(社区)没有得分的街道")):
        named = streets.loc[streets["参评状态"] == status, "街道"]
        if len(named):
            st.markdown(ui.plain(f"{said}：{'、'.join(named)}"))
    units = ui.load(overview.unit_ranking, quarter=quarter)
    incomplete = units.loc[units["评分状态"] != "完整", ["街道", "村(社区)", "覆盖率"]]
    unscored = ui.load(db.run, name="unscored_units", quarter=quarter)
    for rows, said, name in (
        (unscored, "没有得分的登记村(社区)", "未评分村社区"),
        (incomplete, "不完整的村(社区)（缺指标或评分人不全，覆盖率不足 100%）", "不完整村社区"),
    ):
        if len(rows):
            st.markdown(f"{said}：{len(rows)} 个")
            st.dataframe(ui.table(rows), hide_index=True, height=min(300, 38 + 35 * len(rows)))
            ui.downloads(rows, name, quarter, key=name)
