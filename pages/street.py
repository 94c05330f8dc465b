"""街道详情: one street's units ranked in the chosen quarter, their themes, their trend and commitments."""

import streamlit as st

from liangsaibi.board import charts, commitments, street_detail
from liangsaibi.frame import ui
from liangsaibi.learn import street as learn_street
from liangsaibi.live import scoring
from liangsaibi.quiz import admin_section as quiz
from liangsaibi.store.quarters import quarter_text


def choose_street():
    # A callback runs before the sidebar's street widget is drawn, so it may set the frame's street
    # (and with it ?street= in the URL); the page body could not.
    st.session_state["street"] = st.session_state["street-picker"]


def street_headline(standing: dict) -> None:
    # The street's standing before its units: rank (▲ up, ▼ down), total and 环比, grade, and the gaps.
    change = charts.rank_change_mark(standing["rank_change"])
    mood = {"▲": "normal", "▼": "inverse"}.get(change[0], "off")  # ▼ in red, – and 新 in grey
    with st.container(horizontal=True):
        st.metric(
            "街道排名",
            f"第 {standing['rank']} 名",
            change,
            delta_color=mood,
            delta_arrow="off",
            border=True,
            width="content",
            help=f"在全区 {standing['streets']} 个街道中按总分的名次；▲ 上升、▼ 下降、– 持平、新 为上季度无名次。",
        )
        ui.change_metric(
            "总分",
            f"{standing['total']:.2f}",
            standing["qoq"],
            help="变化为环比（与上季度相比）；新 表示上季度没有评分。",
        )
        st.metric("等次", standing["grade"] or "—", border=True, width="content")
        st.metric(
            "与全区平均",
            f"{standing['to_average']:+.2f}",
            border=True,
            width="content",
            help=f"总分减去全区平均 {standing['average']:.2f}（各村(社区)总分的平均，与总览相同）。",
        )
        if standing["excellent"] is not None:
            st.metric(
                f"与优秀线（{standing['excellent']:g} 分）",
                f"{standing['to_excellent']:+.2f}",
                border=True,
                width="content",
                help="总分减去当年等次“优秀”的最低分；负数为还差的分数。",
            )


quarter = ui.quarter()
street = ui.street()
st.title(ui.plain(f"街道详情 · {street}") if street else "街道详情")
ui.url_notes()
ui.stop_without_data(quarter)
if street is None:
    st.info("还没有选定街道：请点下面的街道名，或在左侧“街道”中选择。")
    st.pills(
        "想看哪个街道的详情？（按本季度排名）",
        ui.load(street_detail.street_order, quarter=quarter),
        format_func=ui.plain,
        key="street-picker",
        on_change=choose_street,
    )
    st.stop()

title, theme = quarter_text(quarter), ui.theme()
if standing := ui.load(street_detail.headline, quarter=quarter, street=street):
    street_headline(standing)
ranking = ui.load(street_detail.unit_ranking, quarter=quarter, street=street)
by_theme = ui.load(street_detail.theme_ranking, quarter=quarter, street=street, theme=theme) if theme else None
st.subheader(f"{title}各村(社区)排名" + (ui.plain(f" · {theme}") if by_theme is not None and len(by_theme) else ""))
if ui.load(street_detail.registered_units, street=street) == 0:
    st.info(ui.plain(f"{street}还没有登记村(社区)，没有可显示的评分。请先导入村(社区)名单和评分表。"))
elif ranking.empty:
    st.info(ui.plain(f"{street}在{title}没有评分数据。请换一个季度，或导入该季度的评分表。"))
else:
    if incomplete := street_detail.incomplete_sentence(ranking):
        st.warning(ui.plain(incomplete), icon=":material/warning:")
    if fell_back := ui.load(scoring.fallback_sentence, quarter=quarter, street=street):
        st.caption(fell_back)
    if by_theme is not None and len(by_theme):
        st.caption(
            ui.plain(f"按左侧选定的指标“{theme}”的得分（百分制）排名；总分和总分排名在右侧两列，清除指标即按总分排名。")
        )
        st.dataframe(
            ui.table(by_theme),
            hide_index=True,
            width="stretch",
            height="content",
            placeholder="未评分",
            column_config={
                f"{theme}得分": st.column_config.NumberColumn(format="%.2f"),
                "总分": st.column_config.NumberColumn(format="%.2f"),
            },
        )
        ui.downloads(by_theme, "村(社区)指标排名", quarter, street, theme, key="unit-theme-ranking")
    else:
        if theme:
            st.info(ui.plain(f"“{theme}”不在{quarter[:4]}年的评分细则中，下面按总分排名。"))
        ui.grid(ranking, {"总分": "%.2f", "环比": "%+.2f", "覆盖率": "%.2f%%"}, placeholder="新", height="content")
        ui.downloads(ranking, "村(社区)排名", quarter, street, key="unit-ranking")

    st.subheader(f"{title}各村(社区)指标得分（百分制）")
    themes = ui.load(street_detail.unit_themes, quarter=quarter, street=street)
    ui.chart(
        street_detail.theme_heatmap, themes, key="theme-heatmap", alt=f"{street}各村(社区)在{title}各指标的得分热力图"
    )
    ui.downloads(lambda: street_detail.theme_matrix(themes), "指标得分", quarter, street, key="unit-themes")

st.subheader("各村(社区)总分走势")
if theme:
    st.caption(ui.plain(f"走势为总分；“{theme}”各街道的走势见“趋势”页。"))
trend = ui.load(street_detail.unit_trend, street=street, last=ui.quarters()[0])  # drafts for the administrator
if trend.empty:
    st.info(ui.plain(f"{street}的村(社区)在任何季度都还没有评分数据。"))
else:
    choices = street_detail.trend_choices(ranking, trend)
    chosen = st.multiselect(
        "看哪些村(社区)的走势？",
        choices,
        default=choices[:3],
        select_all=False,
        key=f"trend-units-{street}",
        placeholder="选择村(社区)",
        help="默认为本季度排名前三；空心点表示该季度评分不完整。",
    )
    if chosen:
        ui.chart(
            street_detail.trend_lines,
            trend,
            chosen,
            quarter,
            key="unit-trend",
            alt=f"{'、'.join(chosen)}各季度的总分走势",
        )
        ui.downloads(lambda: street_detail.trend_of(trend, chosen), "村(社区)走势", None, street, key="unit-trend")
    else:
        st.info("请至少选择一个村(社区)。")

st.subheader(f"{title}承诺事项")
listed, _ = ui.load(commitments.commitment_list, quarter=quarter, street=street, limit=None)
if listed.empty:
    st.info(ui.plain(f"{street}没有{quarter[:4]}年的承诺事项。"))
else:
    st.caption(commitments.status_summary(listed))
    ui.grid(listed)
    ui.downloads(listed, "承诺清单", quarter, street, key="street-commitments")

# 比学 (docs/观摩与比学.md): the street's highlights, open problems and visits of the quarter, beside its numbers above.
learn_street.street_section(quarter, street)

# 党务知识测试 (docs/党务知识测试.md): unit and street results of the quarter's closed tests, never a person's.
quiz.street_section(quarter, street)
