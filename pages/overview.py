"""总览: the street ranking of the chosen quarter, the district at a glance, and the 红黑榜."""
import streamlit as st

from liangsaibi import charts, overview, ui

quarter = ui.quarter()
st.title("总览")
ui.stop_without_data(quarter)

summary = ui.load(overview.summary, quarter=quarter)
# Cards as wide as their values (a street's name in big type would be cut short in a quarter of the page),
# wrapping onto a second row on a narrow screen.
with st.container(horizontal=True):
    st.metric("全区平均", f"{summary['average']:.2f}", summary["average_change"], border=True, width="content",
              help="各村(社区)总分的平均；变化为与上季度相比。")
    st.metric("最佳街道", ui.plain(summary["best"][0]), f"{summary['best'][1]:.2f} 分", delta_color="off", delta_arrow="off",
              border=True, width="content")
    st.metric("进步最大街道", ui.plain(summary["improved"][0]) if summary["improved"] else "—",
              summary["improved"][1] if summary["improved"] else None, border=True, width="content",
              help="环比提高最多的街道。")
    st.metric("承诺年度完成率", f"{summary['completion']:.2f}%" if summary["completion"] is not None else "—",
              border=True, width="content", help="当年承诺事项中，到季度末已完成的比例。")

ranking = ui.load("ranking", quarter=quarter)
st.subheader(f"{quarter} 街道排名")
st.caption("点击某街道的条形可查看该街道详情。▲ 名次上升、▼ 下降、– 持平、新 为上季度无名次。"
           + (f"共 {len(ranking)} 个街道，图中为前 15 名和后 15 名（及选定街道），全部见下表。"
              if len(ranking) > charts.MAX_BARS else ""))
st.plotly_chart(ui.figure(charts.ranking_bars, charts.bars_shown(ranking, ui.street()), ui.street()), width="stretch",
                key="ranking-chart", on_select=ui.open_clicked_street, selection_mode="points")
if st.session_state.pop("open_street", False):
    st.switch_page("pages/street.py", query_params={})  # {} keeps the bound filters; None would fail clearing them
st.dataframe(ui.table(ranking), hide_index=True, width="stretch",
             column_config={"总分": st.column_config.NumberColumn(format="%.2f"),
                            "环比": st.column_config.NumberColumn(format="%+.2f"),
                            "排名变化": st.column_config.NumberColumn(format="%+d"),
                            "覆盖率": st.column_config.NumberColumn(format="%.2f%%")})
ui.downloads(ranking, "街道排名", quarter)

st.subheader("红黑榜")
st.caption("只比较评分完整的村(社区)；进步最快按环比。")
red, black = st.columns(2)
for column, (title, board) in zip([red, black, red], ui.load(overview.red_black_boards, quarter=quarter).items()):
    column.markdown(f"**{title}**")
    column.dataframe(ui.table(board), hide_index=True, width="stretch",
                     column_config={"排名": st.column_config.NumberColumn(width=40),
                                    "总分": st.column_config.NumberColumn(format="%.2f", width=60),
                                    "环比": st.column_config.NumberColumn(format="%+.2f", width=60)})
    with column:
        ui.downloads(board, title.split("（")[0], quarter, key=title)
