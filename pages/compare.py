"""街道对比: every street across the themes of the chosen quarter — heatmap, radar, grouped bars."""

import streamlit as st

from liangsaibi.board import charts, comparison
from liangsaibi.frame import ui
from liangsaibi.store.quarters import quarter_text

quarter = ui.quarter()
street, theme = ui.street(), ui.theme()
st.title("街道对比")
ui.url_notes()
ui.stop_without_data(quarter)
title = quarter_text(quarter)

scores = ui.load(comparison.street_theme_scores, quarter=quarter)
if scores.empty:
    st.info(f"{title}没有各指标的得分数据，请在左侧选择其他季度。")
    st.stop()
themes, ranked = scores["指标"].unique().tolist(), scores["街道"].unique().tolist()
if street and street not in ranked:
    st.info(ui.plain(f"“{street}”在{title}没有评分数据，下面只显示有数据的街道。"))
if theme and theme not in themes:
    st.info(ui.plain(f"“{theme}”不在{quarter[:4]}年的评分细则中，本页显示该年细则的全部指标。"))
elif theme:
    st.caption(ui.plain(f"左侧选定的指标“{theme}”在热力图中以黑框、在柱状图中以灰底标出。"))

st.subheader(f"{title}街道 × 指标得分（百分制）")
places = charts.places_shown(ranked, street)
shown = [ranked[place] for place in places]
st.caption(
    ui.plain(
        "行按总分排名，列按当年评分细则的顺序；每格为该街道各村(社区)该指标得分的平均值。"
        + (f"黑框行为选定的街道“{street}”。" if street in ranked else "")
        + (
            f"共 {len(ranked)} 个街道，图中只列前 {charts.MAX_BARS // 2} 名和后 {charts.MAX_BARS // 2} 名"
            f"{'及选定街道' if street in ranked else ''}，下载含全部街道。"
            if len(shown) < len(ranked)
            else ""
        )
    )
)
rows = ui.load(comparison.picked_scores, quarter=quarter, streets=tuple(shown))
ui.chart(comparison.theme_heatmap, rows, theme, street, tuple(places), key="compare-heatmap")
ui.downloads(ui.load("themes", quarter=quarter), "街道指标对比", quarter, key="compare-heatmap")

st.subheader("街道雷达对比")
chosen = st.multiselect(
    "想对比哪几个街道？（选 2–4 个）",
    ranked,
    default=comparison.default_streets(ranked, street),
    select_all=False,
    key=f"compare-streets-{street or '全部'}",
    placeholder="选择街道",
    help="默认为排名第一的街道和左侧选定的街道（未选定时为前两名）。",
)
if len(chosen) < 2:
    st.info("请至少选择 2 个街道，才能在雷达图和柱状图中对比。")
    st.stop()
if len(chosen) > 4:
    st.warning(ui.plain(f"最多同时对比 4 个街道，下面只显示前 4 个：{'、'.join(chosen[:4])}。"))
    chosen = chosen[:4]
colours = ui.street_colours(chosen)
picked = ui.load(comparison.picked_scores, quarter=quarter, streets=tuple(chosen))
st.caption("雷达图的刻度不从 0 分起，以便看清差异；确切分值见热力图和下面的柱状图。")
ui.chart(comparison.radar, picked, colours, key="compare-radar")
ui.downloads(
    lambda: comparison.pick(ui.load("themes", quarter=quarter), chosen),
    "街道雷达对比",
    quarter,
    *chosen,
    key="compare-radar",
)

st.subheader("分指标柱状对比")
st.caption("每组为一个指标，组内一根柱为上面选定的一个街道。")
ui.chart(comparison.theme_bars, picked, colours, theme, key="compare-bars")
ui.downloads(picked, "街道分指标对比", quarter, *chosen, key="compare-bars")
