"""大屏演示: the meeting screen — full-screen dark slides that move on by themselves, for the 比学交流会."""
import streamlit as st

from liangsaibi import charts, comparison, overview, present, slides, trends, ui
from liangsaibi.learn import slides as learn_slides

quarter = ui.quarter()
st.html(present.style())  # hides the frame's menu and sidebar for this page only: the style goes with the page
names, every, notes = present.settings(st.query_params)
if quarter is None:
    st.html(slides.message("数据库中还没有评分数据。请在“数据管理”中导入评分表。"))
    st.stop()
st.session_state["present-hold"] = True  # a full run shows the current slide again; only the timer moves on


def cover(_):
    latest = ui.load("quarters")[0]
    st.html(slides.cover(ui.load("district"), quarter, latest, ui.load("is_sample")))


def ranking(_):
    st.html(slides.title(f"{quarter} 街道排名", "▲ 名次上升 · ▼ 名次下降 · – 持平 · 新 上季度无名次"))
    chart(ui.figure(present.ranking_figure, charts.bars_shown(ui.load("ranking", quarter=quarter),
                                                              most=present.SCREEN_STREETS)), "ranking")


def heatmap(_):
    scores = ui.load(comparison.street_theme_scores, quarter=quarter)
    st.html(slides.title(f"{quarter} 街道 × 指标得分（百分制）", "行按总分排名，每格为该街道各村(社区)该指标的平均分"))
    if scores.empty:
        st.html(slides.message(f"{quarter} 没有各指标的得分数据。"))
    else:
        ranked = scores["街道"].unique().tolist()
        places = charts.places_shown(ranked, most=present.SCREEN_STREETS)
        chart(ui.figure(present.heatmap_figure, comparison.pick(scores, [ranked[p] for p in places]), tuple(places)),
              "heatmap")


def trend(_):
    first, last = present.last_quarters(ui.load("quarters"), quarter)
    st.html(slides.title(f"街道总分走势 {first}–{last}" if first != last else f"街道总分 {last}",
                         "每条线一个街道，线上标记形状各不相同"))
    lines = ui.load(trends.totals, first=first, last=last)
    chart(ui.figure(present.trend_figure, lines, ui.street_colours(lines["街道"].unique())), "trend")


def commitments(_):
    completion = ui.load("commitments", quarter=quarter)
    st.html(slides.title(f"承诺事项完成情况（截至 {quarter} 末）", "年度完成率：当年承诺中已完成的比例；逾期：到期未完成"))
    table = charts.bars_shown(completion.drop(columns="季度"), most=present.SCREEN_STREETS)
    st.html(slides.table(table, roomy=True) if len(table) else slides.message(f"{quarter[:4]} 年没有承诺事项数据。"))


def boards(_):
    st.html(slides.title(f"{quarter} 红黑榜", "只比较评分完整的村(社区)；进步最快按环比"))
    st.html(slides.boards(ui.load(overview.red_black_boards, quarter=quarter)))


def street(name):
    standing = ui.load("ranking", quarter=quarter).set_index("街道").loc[name]
    st.html(slides.title(name, slides.standing(quarter, standing)))
    st.html(slides.table(slides.street_units(ui.load("units", quarter=quarter, street=name)), roomy=True))


def highlights(_):
    learn_slides.highlights(quarter, st.session_state)


def rectification(_):
    learn_slides.rectification(quarter)


def chart(figure, key):
    st.plotly_chart(figure, width="stretch", height="stretch", theme=None, key=f"present-{key}")


DRAW = {"title": cover, "ranking": ranking, "heatmap": heatmap, "trend": trend, "commitments": commitments,
        "boards": boards, "highlights": highlights, "rectification": rectification, "street": street}


@st.fragment(run_every=every)
def slideshow():
    # A city's meeting goes through its best and worst streets, not all of its hundreds.
    ranked = ui.load("ranking", quarter=quarter)["街道"].tolist()
    shown = present.sequence(names, charts.streets_shown(ranked, most=present.SCREEN_STREETS))
    position = present.position(st.session_state, len(shown), every)
    with st.container(key="present-slide", height=800, border=False):  # present.css sets the real height
        DRAW[shown[position].kind](shown[position].street)
    with st.container(key="present-controls", horizontal=True, vertical_alignment="center"):
        st.button("上一张", icon=":material/skip_previous:", key="present-back",
                  on_click=present.step, args=(st.session_state, -1))
        paused = st.session_state.get("present-paused", False)
        st.button("继续" if paused else "暂停", icon=":material/play_arrow:" if paused else ":material/pause:",
                  key="present-pause", on_click=present.toggle_pause, args=(st.session_state,))
        st.button("下一张", icon=":material/skip_next:", key="present-next",
                  on_click=present.step, args=(st.session_state, 1))
        st.page_link("pages/overview.py", label="退出大屏", icon=":material/close:")
        st.html(slides.progress(position, len(shown), shown[position].label, every, paused))
    if notes:
        st.html(slides.notes(notes))


slideshow()
