"""承诺事项: how each street's commitments stood at the end of the chosen quarter, and the list of them."""

import streamlit as st

from liangsaibi.board import charts, commitments
from liangsaibi.frame import ui
from liangsaibi.store.quarters import quarter_text

quarter = ui.quarter()
st.title("承诺事项")
ui.url_notes()
ui.stop_without_data(quarter)

year, title = int(quarter[:4]), quarter_text(quarter)
completion, district = ui.load("completion", quarter=quarter)  # by street, and the district's one row
if completion.empty:
    st.info(f"{year}年还没有承诺事项，{title}无可统计的完成情况。请先导入该年度的承诺事项表。")
    st.stop()
st.caption(
    f"只计{year}年的承诺事项，按{title}末的情况：状态由承诺时限和完成日期推算。"
    + (f"左侧选定的指标“{ui.theme()}”只用于下面的承诺清单。" if ui.theme() else "")
)
district = district.iloc[0]
with st.container(horizontal=True):
    st.metric("全区承诺事项", f"{district['承诺数']} 项", border=True)
    st.metric(
        "年度完成率", commitments.percent(district["年度完成率"]), border=True, help="已完成 ÷ 本年度全部承诺事项"
    )
    st.metric(
        "到期完成率",
        commitments.percent(district["到期完成率"]),
        border=True,
        help="承诺时限在本季度及以前的事项中，已完成的比例",
    )
    st.metric("逾期", f"{district['逾期']} 项", border=True, help="承诺时限已到、季度末仍未完成")

st.subheader(f"{title}各街道完成情况")
counts = ui.load(commitments.status_counts, quarter=quarter)
shown = charts.bars_shown(counts, ui.street())
if len(shown) < len(counts):
    st.caption(
        f"共 {len(counts)} 个街道，图中只列年度完成率最高的 {charts.MAX_BARS // 2} 个、最低的 "
        f"{charts.MAX_BARS // 2} 个{'和选定街道' if ui.street() else ''}；下表和下载含全部街道。"
    )
ui.chart(
    charts.status_bars,
    shown,
    key="status-chart",
    alt=f"{title}各街道承诺事项已完成、推进中、逾期的比例，按年度完成率排列",
)
ui.downloads(counts, "承诺进度", quarter, key="status-counts")
ui.grid(completion, {"年度完成率": "%.2f%%", "到期完成率": "%.2f%%"}, placeholder="—")
ui.downloads(completion, "承诺完成情况", quarter, key="completion")

st.subheader(f"{title}承诺清单")
streets = ui.load(commitments.streets_of, quarter=quarter)
themes = ui.load(commitments.themes_of, quarter=quarter)
frame_street, frame_theme = ui.street(), ui.theme()
left, middle, right = st.columns(3)
street = ui.one_or_all(left, "哪个街道？", streets, "全部街道", frame_street, key="list-street")
theme = ui.one_or_all(middle, "哪个指标？", themes, "全部指标", frame_theme, key="list-theme")
# Status and search are kept in the URL with the frame's filters: a copied link opens the same list.
status = right.pills("什么状态？", list(commitments.STATUS_COLOURS), key="list-status", bind="query-params")
search = st.text_input("搜索", placeholder="承诺事项、村(社区)或备注中的文字", key="list-search", bind="query-params")
filters = dict(quarter=quarter, street=street, status=status, theme=theme, search=search)
listed, matched = ui.load(commitments.commitment_list, **filters)
if listed.empty:
    st.info("没有符合这些筛选条件的承诺事项。")
    st.stop()
st.caption(
    f"共 {matched:,} 项（本年度全区 {district['承诺数']:,} 项）"
    + (
        f"；下面列出前 {len(listed):,} 项，下载含全部 {matched:,} 项，也可用上面的条件缩小范围"
        if matched > len(listed)
        else ""
    )
)
ui.grid(listed)
ui.downloads(
    lambda: commitments.commitment_list(**filters, limit=None)[0],
    "承诺清单",
    quarter,
    *commitments.filter_names(street, status, theme, search),
    key="list",
)
