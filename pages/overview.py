"""总览: the street ranking of the chosen quarter, the district at a glance, and the 红黑榜."""

import streamlit as st

from liangsaibi.board import charts, overview
from liangsaibi.frame import ui
from liangsaibi.store.quarters import quarter_text

quarter = ui.quarter()
st.title("总览")
ui.url_notes()
ui.stop_without_data(quarter)

title = quarter_text(quarter)
summary = ui.load(overview.summary, quarter=quarter)
first_quarter = summary["average_change"] is None  # no scores in the quarter before: every change is 新
# Cards as wide as their values (a street's name in big type would be cut short in a quarter of the page),
# wrapping onto a second row on a narrow screen.
with st.container(horizontal=True):
    ui.change_metric(
        "全区平均",
        f"{summary['average']:.2f}",
        summary["average_change"],
        help="各参评村(社区)总分的平均（未参评的不计入）；变化为与上季度相比，新 表示上季度没有评分。",
    )
    st.metric(
        "最佳街道",
        ui.plain(summary["best"][0]),
        f"{summary['best'][1]:.2f} 分",
        delta_color="off",
        delta_arrow="off",
        border=True,
        width="content",
    )
    st.metric(
        "进步最大街道",
        ui.plain(summary["improved"][0]) if summary["improved"] else "—",
        f"{summary['improved'][1]:+.2f}" if summary["improved"] else None,
        border=True,
        width="content",
        help="环比提高最多的街道；上季度没有评分时为 —。",
    )
    st.metric(
        "承诺年度完成率",
        f"{summary['completion']:.2f}%" if summary["completion"] is not None else "—",
        border=True,
        width="content",
        help="当年承诺事项中，到季度末已完成的比例。",
    )

theme = ui.theme()
by_theme = ui.load(overview.theme_ranking, quarter=quarter, theme=theme) if theme else None
if by_theme is not None and by_theme.empty:
    st.info(f"“{theme}”在{title}没有得分（不在{quarter[:4]}年的评分细则中），下面按总分排名。")
if by_theme is not None and len(by_theme):  # the streets by the chosen theme's score
    ranking, shown, bars, value = (
        by_theme,
        ui.load(overview.theme_ranking_shown, quarter=quarter, theme=theme),
        charts.theme_ranking_bars,
        "得分",
    )
    st.subheader(f"{title}街道排名 · {theme}")
    st.caption(
        f"按左侧选定的指标“{theme}”的得分（百分制，各村(社区)该指标得分的平均）排名；上面的卡片和下面的红黑榜按总分。"
    )
else:
    ranking, shown, bars, value = (
        ui.load("ranking", quarter=quarter),
        ui.load(overview.ranking_shown, quarter=quarter),
        charts.ranking_bars,
        "总分",
    )
    st.subheader(f"{title}街道排名")
st.caption(
    "点击某街道的条形可查看该街道详情。▲ 名次上升、▼ 下降、– 持平、新 为上季度无名次。"
    + (
        f"共 {len(ranking)} 个街道，图中为前 15 名和后 15 名（及选定街道），全部见下表。"
        if len(ranking) > charts.MAX_BARS
        else ""
    )
)
ui.chart(
    bars,
    charts.bars_shown(ranking, ui.street()),
    ui.street(),
    key="ranking-chart",
    on_select=ui.open_clicked_street,
    selection_mode="points",
)
if st.session_state.pop("open_street", False):
    st.switch_page("pages/street.py", query_params={})  # {} keeps the bound filters; None would fail clearing them
ui.grid(shown, {value: "%.2f", "环比": "%+.2f", "覆盖率": "%.2f%%"}, placeholder="新")
if absent := ui.load(overview.not_taking_part, quarter=quarter):
    st.caption(f"未参评（没有任何村(社区)得分，不排名、不计入平均）：{ui.plain('、'.join(absent))}。")
st.caption("参评：有得分的村(社区)数/现登记的村(社区)数（按现登记名单）；部分村(社区)没有得分的街道标为不完整。")
ui.downloads(ranking, "街道排名", quarter, *([theme] if value == "得分" else []))

st.subheader("红黑榜")
st.caption("只比较评分完整的村(社区)，按总分；进步最快按环比，名次为其在进步最快中的先后，全区排名为总分排名。")
red, black = st.columns(2)
for column, (board_title, board) in zip([red, black, red], ui.load(overview.boards_shown, quarter=quarter).items()):
    column.markdown(f"**{board_title}**")
    if board.empty:
        column.info("上季度没有评分数据，还不能比较进步。" if first_quarter else "没有可比较的村(社区)。")
        continue
    column.dataframe(
        ui.table(board),
        hide_index=True,
        width="stretch",
        placeholder="新",
        column_config={
            "名次": st.column_config.NumberColumn(width=40),
            "全区排名": st.column_config.NumberColumn(width=60),
            "总分": st.column_config.NumberColumn(format="%.2f", width=60),
            "环比": st.column_config.NumberColumn(format="%+.2f", width=60),
        },
    )
    with column:
        ui.downloads(board, board_title.split("（")[0], quarter, key=board_title)
