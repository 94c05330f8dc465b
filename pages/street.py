"""街道详情: one street's units ranked in the chosen quarter, their themes, their trend and commitments."""
import streamlit as st

from liangsaibi import commitments, street_detail, ui
from liangsaibi.live import scoring
from liangsaibi.learn import street as learn_street


def choose_street():
    # A callback runs before the sidebar's street widget is drawn, so it may set the frame's street
    # (and with it ?street= in the URL); the page body could not.
    st.session_state["street"] = st.session_state["street-picker"]


quarter = ui.quarter()
street = ui.street()
st.title(ui.plain(f"街道详情 · {street}") if street else "街道详情")
ui.stop_without_data(quarter)
if street is None:
    st.info("还没有选定街道：请点下面的街道名，或在左侧“街道”中选择。")
    st.pills("想看哪个街道的详情？", ui.load("streets"), format_func=ui.plain, key="street-picker", on_change=choose_street)
    st.stop()

st.subheader(f"{quarter} 各村(社区)排名")
ranking = ui.load(street_detail.unit_ranking, quarter=quarter, street=street)
if ui.load(street_detail.registered_units, street=street) == 0:
    st.info(ui.plain(f"{street}还没有登记村(社区)，没有可显示的评分。请先导入村(社区)名单和评分表。"))
elif ranking.empty:
    st.info(ui.plain(f"{street}在 {quarter} 没有评分数据。请换一个季度，或导入该季度的评分表。"))
else:
    if incomplete := street_detail.incomplete_sentence(ranking):
        st.warning(ui.plain(incomplete), icon=":material/warning:")
    if fell_back := ui.load(scoring.fallback_sentence, quarter=quarter, street=street):
        st.caption(fell_back)
    st.dataframe(ui.table(ranking), hide_index=True, width="stretch", height="content", placeholder="—",
                 column_config={"总分": st.column_config.NumberColumn(format="%.2f"),
                                "环比": st.column_config.NumberColumn(format="%+.2f"),
                                "覆盖率": st.column_config.NumberColumn(format="%.2f%%")})
    ui.downloads(ranking, "村(社区)排名", quarter, street, key="unit-ranking")

    st.subheader(f"{quarter} 各村(社区)指标得分（百分制）")
    themes = ui.load(street_detail.unit_themes, quarter=quarter, street=street)
    st.plotly_chart(ui.figure(street_detail.theme_heatmap, themes), width="stretch", key="theme-heatmap",
                    alt=f"{street}各村(社区)在 {quarter} 各指标的得分热力图")
    ui.downloads(lambda: street_detail.theme_matrix(themes), "指标得分", quarter, street, key="unit-themes")

st.subheader("各村(社区)总分走势")
trend = ui.load(street_detail.unit_trend, street=street)
if trend.empty:
    st.info(ui.plain(f"{street}的村(社区)在任何季度都还没有评分数据。"))
else:
    choices = street_detail.trend_choices(ranking, trend)
    chosen = st.multiselect("看哪些村(社区)的走势？", choices, default=choices[:3], key=f"trend-units-{street}",
                            placeholder="选择村(社区)", help="默认为本季度排名前三；空心点表示该季度评分不完整。")
    if chosen:
        st.plotly_chart(ui.figure(street_detail.trend_lines, trend, chosen, quarter), width="stretch", key="unit-trend",
                        alt=f"{'、'.join(chosen)}各季度的总分走势")
        ui.downloads(lambda: street_detail.trend_of(trend, chosen), "村(社区)走势", None, street, key="unit-trend")
    else:
        st.info("请至少选择一个村(社区)。")

st.subheader(f"{quarter} 承诺事项")
listed, _ = ui.load(commitments.commitment_list, quarter=quarter, street=street, limit=None)
if listed.empty:
    st.info(ui.plain(f"{street}没有 {quarter[:4]} 年的承诺事项。"))
else:
    st.caption(commitments.status_summary(listed))
    st.dataframe(ui.table(listed), hide_index=True, width="stretch", placeholder="")
    ui.downloads(listed, "承诺清单", quarter, street, key="street-commitments")

# 比学 (issue 16): the street's highlights, open problems and visits of the quarter, beside its numbers above.
learn_street.street_section(quarter, street)
