"""大屏演示: the meeting screen — full-screen dark slides that move on by themselves, for the 比学交流会.

Adding a slide: write a function of the Slide that draws it (slides.page(...) for HTML, or slides.title(...)
and chart(...) for a figure) and add one line to SHOW, the slide list, where its place is the default order.
"""

import streamlit as st

from liangsaibi.annual import slides as annual_slides, views as annual
from liangsaibi.board import charts, comparison, overview, trends
from liangsaibi.frame import ui
from liangsaibi.learn import slides as learn_slides
from liangsaibi.live import screen as live_screen
from liangsaibi.ops import door, health
from liangsaibi.screen import present, screen_charts, slides
from liangsaibi.store import db, settings
from liangsaibi.store.quarters import quarter_text

quarter = ui.quarter()
st.html(present.style())  # hides the frame's menu and sidebar for this page only: the style goes with the page
st.html(present.keys(), unsafe_allow_javascript=True)  # our own script, no user text in it


@st.fragment(run_every=live_screen.EVERY)
@health.guarded
@db.one_version()  # a fragment's rerun is a run of its own: it reads one version too
def live_slide(asked, quarter=None):
    # 现场评分: read anew every half second, so a submission shows without a reload. `asked` is ?live=<session>;
    # without one, the newest open session of the quarter (or of any quarter). It shows scores not yet imported:
    # only to the administrator logged in in this browser, or to the screen link printed with the session.
    admin = bool(st.session_state.get("admin"))  # logged in at 数据管理 in this browser
    st.html(live_screen.screen(asked, quarter, token=st.query_params.get("screen"), admin=admin))


if "live" in st.query_params and "slides" not in st.query_params:  # the live screen alone
    asked = st.query_params["live"]
    if live_screen.exists(asked) and not live_screen.screen_link_admits(asked, st.query_params.get("screen")):
        door.administrator()  # the login, until an administrator is in
    with st.container(key="live-screen"):
        live_slide(asked)
    with st.container(key="present-controls", horizontal=True, vertical_alignment="center"):  # the host's keys
        for key, label, by in (("present-back", "上一个", -1), ("present-next", "下一个", 1)):
            st.button(label, key=key, on_click=live_screen.step, args=(asked, by))
    st.stop()
if quarter is None:
    st.html(slides.message("数据库中还没有评分数据。请在“数据管理”中导入评分表。"))
    st.stop()
st.session_state["present-hold"] = True  # a full run shows the current slide again; only the timer moves on
draft = ui.draft_mark(quarter)  # a draft says so on every slide's title, where the room looks first
season = quarter_text(quarter) + (f"（{draft}）" if draft else "")


def cover(_):
    values = ui.load("district_settings")
    st.html(
        slides.cover(
            settings.meeting_title(quarter, values),
            values["district"],
            values["office"],
            quarter_text(ui.quarters()[0]),
            ui.load("is_sample"),
            notes,
        )
    )


def ranking(_):
    ranked = ui.load("ranking", quarter=quarter)
    st.html(
        slides.title(
            f"{season} 街道排名",
            "▲ 名次上升 · ▼ 名次下降 · – 持平 · 新 上季度无名次"
            + present.participation_note(ranked, ui.load(overview.not_taking_part, quarter=quarter)),
        )
    )
    chart(ui.figure(screen_charts.ranking_figure, charts.bars_shown(ranked, most=present.SCREEN_STREETS)), "ranking")


def heatmap(_):
    scores = ui.load(comparison.street_theme_scores, quarter=quarter)
    heading = slides.title(f"{season} 街道 × 指标得分（百分制）", "行按总分排名，每格为该街道各村(社区)该指标的平均分")
    if scores.empty:
        st.html(slides.page(heading, "", slides.message(f"{season}没有各指标的得分数据。")))
        return
    st.html(heading)
    ranked = scores["街道"].unique().tolist()
    places = charts.places_shown(ranked, most=present.SCREEN_STREETS)
    chart(
        ui.figure(screen_charts.heatmap_figure, comparison.pick(scores, [ranked[p] for p in places]), tuple(places)),
        "heatmap",
    )


def trend(_):
    first, last = present.last_quarters(ui.quarters(), quarter)
    st.html(
        slides.title(
            f"街道总分走势 {quarter_text(first)}–{quarter_text(last)}"
            if first != last
            else f"{quarter_text(last)} 街道总分",
            "每条线一个街道，线上标记形状各不相同",
        )
    )
    lines = ui.load(trends.totals, first=first, last=last)
    chart(ui.figure(screen_charts.trend_figure, lines, ui.street_colours(lines["街道"].unique())), "trend")


def commitments(_):
    table = charts.bars_shown(ui.load("commitments", quarter=quarter).drop(columns="季度"), most=present.SCREEN_STREETS)
    st.html(
        slides.page(
            f"承诺事项完成情况（截至{season}末）",
            "完成率 ≥80% 绿 · 60–80% 黄 · <60% 红；逾期：到期未完成",
            slides.table(table) if len(table) else slides.message(f"{quarter[:4]}年没有承诺事项数据。"),
        )
    )


def boards(_):
    st.html(
        slides.page(
            f"{season} 红黑榜",
            "只比较评分完整的村(社区)",
            slides.boards(ui.load(overview.red_black_boards, quarter=quarter)),
        )
    )


def street_units(slide):
    return ui.load("units", quarter=quarter, street=slide.street)


def street(slide):
    standing = ui.load("ranking", quarter=quarter).set_index("街道").loc[slide.street]
    rows = slides.street_units(slide.part(street_units(slide)))
    st.html(slides.page(slide.label, slides.standing(season, standing), slides.table(rows)))


def highlights(_):
    learn_slides.highlights(quarter, st.session_state)


def rectification(_):
    learn_slides.rectification(quarter)


def annual_slide(name: str, draw):
    # The year of the chosen quarter, from its published quarters (docs/计分规则.md, 年度评定).
    year = int(quarter[:4])
    span = ui.load(annual.span, year=year)
    if not ui.load(annual.published, year=year):
        st.html(slides.page(f"{year}年度 {name}", "", slides.message(f"{year}年还没有已发布的季度，没有年度评定。")))
        return
    st.html(draw(year, span))


def annual_ranking(_):
    annual_slide(
        "街道排名",
        lambda year, span: slides.page(
            f"{span} 街道排名",
            "年度总分 = 评分完整的村(社区)年度总分的平均，不是右边季度总分的平均",
            annual_slides.ranking(ui.load(annual.street_ranking, year=year)),
        ),
    )


def annual_flags(_):
    annual_slide(
        "流动红旗",
        lambda year, span: slides.page(
            f"{span} 流动红旗",
            "每季度排名第 1 的街道获得流动红旗（并列各得一面）",
            annual_slides.flags(ui.load(annual.flags, year=year), ui.load(annual.flag_counts, year=year)),
        ),
    )


def annual_progress(_):
    def draw(year, span):
        awards = ui.load(annual.progress, year=year)
        body = (
            slides.message(f"{year - 1}年没有已发布的季度，{year}年度不评进步奖。")
            if awards is None
            else annual_slides.progress(awards)
        )
        compared = "" if awards is None else f"与{year - 1}年度相比，年度总分提高最多的街道和村(社区)"
        return slides.page(f"{span} 进步奖", compared, body)

    annual_slide("进步奖", draw)


def live(_):
    live_slide(st.query_params.get("live"), quarter)


def chart(figure, key):
    st.plotly_chart(figure, width="stretch", height="stretch", theme=None, key=f"present-{key}")


# The slide list: ?slides= name → what the screen calls it, the function drawing it, and how it repeats.
SHOW = {
    "title": present.Kind("封面", cover),  # first: notes on the URL's values are shown here
    "ranking": present.Kind("街道排名", ranking),
    "heatmap": present.Kind("街道 × 指标", heatmap),
    "trend": present.Kind("走势", trend),
    "commitments": present.Kind("承诺事项", commitments),
    "boards": present.Kind("红黑榜", boards),
    "highlights": present.Kind("亮点展示", highlights),
    "rectification": present.Kind("整改", rectification),
    "streets": present.Kind("各街道", street, each_street=True, rows=lambda slide: len(street_units(slide))),
    # The year's result (the year of the chosen quarter), for the year-end meeting: ?slides=annual,flags,progress.
    "annual": present.Kind("年度排名", annual_ranking, chosen_only=True),
    "flags": present.Kind("流动红旗", annual_flags, chosen_only=True),
    "progress": present.Kind("进步奖", annual_progress, chosen_only=True),
    "live": present.Kind("现场评分", live, chosen_only=True),  # only while a meeting scores: ?slides=live,…
}
names, every, notes = present.settings(
    st.query_params,
    list(SHOW),
    st.session_state.get("quarter-asked"),
    quarter,
    [name for name, kind in SHOW.items() if not kind.chosen_only],
    ui.drafts(),
)
notes = [draft, *notes] if draft else notes


@st.fragment(run_every=every)
@health.guarded
@db.one_version()  # a fragment's rerun is a run of its own: it reads one version too
def slideshow():
    # A city's meeting goes through its best and worst streets, not all of its hundreds.
    ranked = ui.load("ranking", quarter=quarter)["街道"].tolist()
    shown = present.sequence(names, SHOW, charts.streets_shown(ranked, most=present.SCREEN_STREETS))
    position = present.position(st.session_state, len(shown), every)
    with st.container(key="present-slide", height=800, border=False):  # present.css sets the real height
        SHOW[shown[position].kind].draw(shown[position])
    with st.container(key="present-controls", horizontal=True, vertical_alignment="center"):
        st.button(
            "上一张",
            icon=":material/skip_previous:",
            key="present-back",
            on_click=present.step,
            args=(st.session_state, -1),
        )
        paused = st.session_state.get("present-paused", False)
        st.button(
            "继续" if paused else "暂停",
            icon=":material/play_arrow:" if paused else ":material/pause:",
            key="present-pause",
            on_click=present.toggle_pause,
            args=(st.session_state,),
        )
        st.button(
            "下一张", icon=":material/skip_next:", key="present-next", on_click=present.step, args=(st.session_state, 1)
        )
        st.page_link("pages/overview.py", label="退出大屏", icon=":material/close:")
        st.html(slides.progress(position, len(shown), shown[position].label, every, paused))


slideshow()
