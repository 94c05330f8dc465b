"""评分分析: in the chosen quarter, where raters disagree most and who scores high or low."""

import streamlit as st

from liangsaibi import ui
from liangsaibi.live import analysis

quarter = ui.quarter()
street = ui.street()
st.title(f"评分分析 · {street}" if street else "评分分析")
ui.stop_without_data(quarter)
st.caption(
    "每个村(社区)每个指标有多位评分人时，看评分人之间的差距：极差 = 最高分 − 最低分，标准差越大分歧越大。"
    "现场评分和导入的评分表都一样计算。"
)

spread = ui.load(analysis.spread, quarter=quarter, street=street)
if spread.empty:
    st.info(f"{quarter} {street or ''}没有两位以上评分人共同打分的村(社区)指标，无从比较评分人。")
    st.stop()
st.subheader(f"{quarter} 评分人分歧最大的 {min(analysis.TOP, len(spread))} 项")
st.dataframe(ui.table(spread.head(analysis.TOP)), hide_index=True, width="stretch")
ui.downloads(spread, "评分分歧", quarter, *filter(None, [street]), key="rater-spread")

st.subheader("各评分人的打分偏高或偏低")
st.caption("平均偏差：该评分人的得分与同一村(社区)同一指标其他评分人平均分之差的平均（百分制分）；正数偏高，负数偏低。")
deviation = ui.load(analysis.rater_deviation, quarter=quarter, street=street)
st.plotly_chart(
    ui.figure(analysis.deviation_figure, deviation),
    width="stretch",
    key="rater-deviation",
    alt="各评分人与其他评分人平均分之差",
)
st.dataframe(ui.table(deviation), hide_index=True, width="stretch")
ui.downloads(deviation, "评分人偏差", quarter, *filter(None, [street]), key="rater-deviation")
