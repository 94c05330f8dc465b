"""总览: the street ranking of the chosen quarter."""
import streamlit as st

from liangsaibi import charts, ui

quarter = ui.quarter()
st.title("总览")
if quarter is None:
    st.info("数据库中还没有评分数据。请在“数据管理”中导入评分表，或运行 python -m liangsaibi init 装入示例数据。")
    st.stop()

ranking = ui.load("ranking", quarter=quarter)
st.subheader(f"{quarter} 街道排名")
st.plotly_chart(charts.ranking_bars(ranking), width="stretch", key="ranking-chart")
st.dataframe(ranking, hide_index=True, width="stretch",
             column_config={"总分": st.column_config.NumberColumn(format="%.2f"),
                            "环比": st.column_config.NumberColumn(format="%+.2f"),
                            "排名变化": st.column_config.NumberColumn(format="%+d"),
                            "覆盖率": st.column_config.NumberColumn(format="%.2f%%")})
ui.downloads(ranking, "街道排名", quarter)
