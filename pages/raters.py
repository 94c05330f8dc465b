"""评分分析: in the chosen quarter, where raters disagree most and who scores high or low (administrators only: rater
names and who scores high or low are the department's, not every viewer's)."""

import streamlit as st

from liangsaibi.frame import ui
from liangsaibi.live import analysis
from liangsaibi.ops import door
from liangsaibi.store.quarters import quarter_text

quarter = ui.quarter()
street, theme = ui.street(), ui.theme()
st.title(ui.plain(" · ".join(["评分分析", *filter(None, [street, theme])])))
door.administrator()
ui.stop_without_data(quarter)
st.caption(
    "每个村(社区)每个指标有多位评分人时，看评分人之间的差距：极差 = 最高分 − 最低分，标准差越大分歧越大。"
    "现场评分和导入的评分表都一样计算。"
)

season, chosen = quarter_text(quarter), [part for part in (street, theme) if part]
spread = ui.load(analysis.spread, quarter=quarter, street=street, theme=theme)
if spread.empty:
    st.info(ui.plain(f"{season}{'、'.join(chosen)}没有两位以上评分人共同打分的村(社区)指标，无从比较评分人。"))
    st.stop()
st.subheader(f"{season} 评分人分歧最大的 {min(analysis.TOP, len(spread))} 项")
ui.grid(spread.head(analysis.TOP))
ui.downloads(spread, "评分分歧", quarter, *chosen, key="rater-spread")

st.subheader("各评分人的打分偏高或偏低")
st.caption("平均偏差：该评分人的得分与同一村(社区)同一指标其他评分人平均分之差的平均（百分制分）；正数偏高，负数偏低。")
deviation = ui.load(analysis.rater_deviation, quarter=quarter, street=street, theme=theme)
ui.chart(analysis.deviation_figure, deviation, key="rater-deviation", alt="各评分人与其他评分人平均分之差")
ui.grid(deviation)
ui.downloads(deviation, "评分人偏差", quarter, *chosen, key="rater-deviation")
