"""亮赛比看板: the frame — page config, navigation, the shared filters; each page is in pages/."""

import streamlit as st

from liangsaibi.frame import ui
from liangsaibi.ops import health
from liangsaibi.store import db

# Named from the project, not from the running script: the benchmark's floor runs this frame from benchmarks/.
PAGES = db.ROOT / "pages"
# The menu, in its order: the page's file in pages/ (its name is its url path), title, Material icon, what it
# answers; the first is the home page (/, its url path ignored).
MENU = [
    ("overview.py", "总览", "leaderboard", "所选季度的街道排名、全区概况、红黑榜。"),
    ("compare.py", "街道对比", "grid_on", "街道 × 指标热力图、雷达图和分组柱状图。"),
    ("trend.py", "趋势", "trending_up", "各街道总分或单项指标的季度走势、名次变化、环比与同比。"),
    ("commitments.py", "承诺事项", "task_alt", "各街道承诺事项的年度完成率、到期完成率、逾期，以及承诺清单。"),
    ("annual.py", "年度", "military_tech", "一年的结果：街道和村(社区)年度排名与等次、流动红旗、进步奖、承诺与整改。"),
    ("street.py", "街道详情", "location_city", "一个街道的村(社区)排名、指标构成、走势和承诺。"),
    ("raters.py", "评分分析", "rule", "各村(社区)各指标评分人之间的分歧，以及各评分人打分偏高或偏低（需管理员密码）。"),
    ("learn.py", "比学", "school", "亮点做法、问题整改情况、示范点和街道之间的观摩互学。"),
    ("present.py", "大屏演示", "slideshow", "会议大屏：全屏、深色、自动轮播的排名、热力图、趋势、承诺和红黑榜。"),
    ("bulletin.py", "季度通报", "description", "本季度的通报：预览文字和表格，下载 Word 文档（公文格式）。"),
    ("admin.py", "数据管理", "upload_file", "管理员导入评分表和承诺清单、查看导入历史、撤销、编辑评分细则。"),
]

# One version of the database for the whole run: an import's file swap waits for the runs reading the old one.
with db.one_version():
    # The icon is a file of ours: a Material icon as page_icon makes every page load fetch it from Google's font host.
    st.set_page_config(page_title="亮赛比看板", page_icon=ui.ICON, layout="wide")
    problem = health.unavailable()  # builds the demo database on first start, upgrades an old one

    # url_path is each file's name: a cold deep link that Streamlit's legacy pages/ mode sends
    # straight to the file then reruns here under the same page (see ui.leave_legacy_pages_mode).
    page = st.navigation(
        [
            *(
                st.Page(
                    PAGES / file, title=title, icon=f":material/{icon}:", help=help, url_path=file[:-3], default=i == 0
                )
                for i, (file, title, icon, help) in enumerate(MENU)
            ),
            st.Page(PAGES / "score.py", title="现场评分", url_path="score", visibility="hidden"),  # raters' links only
            st.Page(
                PAGES / "quiz.py", title="党务知识测试", url_path="quiz", visibility="hidden"
            ),  # participants' links
        ],
        position="top",
    )
    if problem:
        health.stop_with(problem)

    with health.sentence_on_failure():
        # First: its style sheets hide the phone's quarter selector on a wide screen before that is drawn.
        ui.print_style()
        if page.url_path not in (
            "score",
            "quiz",
        ):  # a phone link gets its form alone: no filters, no menu (its page hides it)
            st.sidebar.title("亮赛比看板")
            st.sidebar.caption(
                ui.plain(" · ".join(part for part in (ui.load("district"), "亮承诺 · 赛实绩 · 比干劲") if part))
            )  # none made up
            ui.filters(phone=page.url_path != "present")  # the meeting screen has its own frame
            quarters = ui.load("quarters")
            ui.data_mark(quarters[0] if quarters else None)
            ui.scoring_help()
        if page.url_path not in ("score", "quiz", "present", "admin"):  # the meeting screen says it on its slides
            ui.draft_banner()
        ui.run_page(page)
