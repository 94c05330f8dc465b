"""趋势: street totals (or one theme's scores) over a range of quarters, ranks over time, 环比 and 同比."""

import functools

import streamlit as st

from liangsaibi.board import trends
from liangsaibi.frame import ui
from liangsaibi.store.quarters import quarter_text

quarter = ui.quarter()
street, theme = ui.street(), ui.theme()
st.title("趋势")
ui.url_notes()
ui.stop_without_data(quarter)

quarters = sorted(ui.quarters())
# The range ends at the frame's quarter unless moved; the key carries it, so choosing another quarter starts again.
first, last = st.select_slider(
    "看哪段时间？",
    quarters,
    value=(quarters[0], quarter),
    key=f"trend-range-{quarter}",
    help="默认从最早的季度到左侧选定的季度；拖动两端可改变范围。",
)
span = f"{first}-{last}"

if theme:
    lines = ui.load(trends.theme_scores, theme=theme, first=first, last=last, street=street)
    if lines["得分"].isna().all():
        st.info(ui.plain(trends.no_scores_sentence(theme, lines)))
        st.stop()
    missing = trends.years_without_theme(lines)
    st.subheader(ui.plain(f"{theme} 得分走势（百分制）"))
    if missing:
        st.caption(
            ui.plain(f"“{theme}”不在 {trends.year_span(missing)} 年的评分细则中，这些季度没有该指标得分，图中留空。")
        )
else:
    lines = ui.load(trends.totals, first=first, last=last, street=street)
    st.subheader("街道总分走势（百分制）")
if street and street not in set(lines["街道"]):
    st.info(ui.plain(f"“{street}”在{quarter_text(first)}至{quarter_text(last)}没有评分数据，下面显示其他街道。"))
elif street:
    st.caption(ui.plain(f"加粗的是左侧选定的街道“{street}”，其余街道淡显。"))
value = "得分" if theme else "总分"
colours = ui.street_colours(lines["街道"].unique())
everyone = len(ui.load("streets"))
if everyone > trends.MAX_LINES:
    st.caption(
        f"共 {everyone} 个街道，图中只画{'该指标' if theme else '总分'}在所选时段最后一个有评分的季度"
        f"前 {trends.MAX_LINES} 名" + ("和选定街道" if street else "，在左侧选定街道可加画它") + "；下载含全部街道。"
    )
ui.chart(trends.trend_lines, lines, value, colours, street, key="trend-lines")
every_street = (
    functools.partial(trends.theme_scores, theme, first, last, top=None)
    if theme
    else functools.partial(trends.totals, first, last, top=None)
)
ui.downloads(every_street, "街道趋势", span, theme, key="trend-lines")

st.subheader(ui.plain(f"{theme + ' ' if theme else '总分'}名次变化"))
ui.chart(trends.bump_chart, lines, colours, street, key="trend-bump")
ui.downloads(lambda: every_street()[["季度", "街道", "排名"]], "街道名次变化", span, theme, key="trend-bump")

# With a street chosen: its changes over the range; else every street in the frame's quarter.
shown_first, shown_last, shown_span = (first, last, span) if street else (quarter, quarter, quarter)
st.subheader(ui.plain(f"总分环比与同比：{street or quarter_text(quarter) + '各街道'}"))
st.caption(
    "环比：与上一季度相比；同比：与上年同一季度相比；排名变化 ▲ 上升、▼ 下降、– 持平。没有可比的上期数据时为 新。"
    + ("" if street else "在左侧选定街道，可看它所选时段每个季度的环比与同比。")
)
table = ui.load(trends.changes, first=shown_first, last=shown_last, street=street)
ui.grid(
    ui.load(trends.changes_shown, first=shown_first, last=shown_last, street=street),
    {"总分": "%.2f", "环比": "%+.2f", "同比": "%+.2f"},
    placeholder="新",
)
ui.downloads(table, "街道环比同比", shown_span, street, key="trend-changes")
