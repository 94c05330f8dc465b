"""亮赛比看板: the frame — page config, navigation, the shared filters; each page is in pages/."""

import streamlit as st

from liangsaibi.frame import ui
from liangsaibi.ops import health
from liangsaibi.store import db

# Named from the project, not from the running script: the benchmark's floor runs this frame from benchmarks/.
PAGES = db.ROOT / "pages"

# One version of the database for the whole run: an import's file swap waits for the runs reading the old one.
with db.one_version():
    # The icon is a file of ours: a Material icon as page_icon makes every page load fetch it from Google's font host.
    st.set_page_config(page_title="亮赛比看板", page_icon=ui.ICON, layout="wide")
    problem = health.unavailable()  # builds the demo database on first start, upgrades an old one

    # url_path equals each file's name: a cold deep link that Streamlit's legacy pages/ mode sends
    # straight to the file then reruns here under the same page (see ui.leave_legacy_pages_mode).
    page = st.navigation(
        [
            st.Page(
                PAGES / "overview.py",
                title="总览",
                icon=":material/leaderboard:",
                default=True,
                help="所选季度的街道排名、全区概况、红黑榜。",
            ),
            st.Page(
                PAGES / "compare.py",
                title="街道对比",
                icon=":material/grid_on:",
                url_path="compare",
                help="街道 × 指标热力图、雷达图和分组柱状图。",
            ),
            st.Page(
                PAGES / "trend.py",
                title="趋势",
                icon=":material/trending_up:",
                url_path="trend",
                help="各街道总分或单项指标的季度走势、名次变化、环比与同比。",
            ),
            st.Page(
                PAGES / "commitments.py",
                title="承诺事项",
                icon=":material/task_alt:",
                url_path="commitments",
                help="各街道承诺事项的年度完成率、到期完成率、逾期，以及承诺清单。",
            ),
            st.Page(
                PAGES / "annual.py",
                title="年度",
                icon=":material/military_tech:",
                url_path="annual",
                help="一年的结果：街道和村(社区)年度排名与等次、流动红旗、进步奖、承诺与整改。",
            ),
            st.Page(
                PAGES / "street.py",
                title="街道详情",
                icon=":material/location_city:",
                url_path="street",
                help="一个街道的村(社区)排名、指标构成、走势和承诺。",
            ),
            st.Page(
                PAGES / "raters.py",
                title="评分分析",
                icon=":material/rule:",
                url_path="raters",
                help="各村(社区)各指标评分人之间的分歧，以及各评分人打分偏高或偏低（需管理员密码）。",
            ),
            st.Page(
                PAGES / "learn.py",
                title="比学",
                icon=":material/school:",
                url_path="learn",
                help="亮点做法、问题整改情况、示范点和街道之间的观摩互学。",
            ),
            st.Page(
                PAGES / "present.py",
                title="大屏演示",
                icon=":material/slideshow:",
                url_path="present",
                help="会议大屏：全屏、深色、自动轮播的排名、热力图、趋势、承诺和红黑榜。",
            ),
            st.Page(
                PAGES / "bulletin.py",
                title="季度通报",
                icon=":material/description:",
                url_path="bulletin",
                help="本季度的通报：预览文字和表格，下载 Word 文档（公文格式）。",
            ),
            st.Page(
                PAGES / "admin.py",
                title="数据管理",
                icon=":material/upload_file:",
                url_path="admin",
                help="管理员导入评分表和承诺清单、查看导入历史、撤销、编辑评分细则。",
            ),
            st.Page(
                PAGES / "score.py", title="现场评分", url_path="score", visibility="hidden"
            ),  # raters' own links only
        ],
        position="top",
    )
    if problem:
        health.stop_with(problem)

    with health.sentence_on_failure():
        if page.url_path != "score":  # a rater's phone gets the form alone: no filters, no menu (the page hides it)
            st.sidebar.title("亮赛比看板")
            st.sidebar.caption(
                ui.plain(" · ".join(part for part in (ui.load("district"), "亮承诺 · 赛实绩 · 比干劲") if part))
            )  # none made up
            ui.filters()
            quarters = ui.load("quarters")
            ui.data_mark(quarters[0] if quarters else None)
            ui.scoring_help()
        ui.print_style()
        ui.run_page(page)
