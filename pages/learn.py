"""比学: highlights to learn from, the problems raised and their rectification, and who visited whom."""

import streamlit as st

from liangsaibi.frame import ui
from liangsaibi.learn import cards, figures, views as learn
from liangsaibi.screen import present
from liangsaibi.store.quarters import quarter_text

quarter = ui.quarter()
st.title("比学")
ui.stop_without_data(quarter)
street, theme = ui.street(), ui.theme()
if ui.load("is_sample"):
    st.caption("示例数据：2021年第四季度的亮点与观摩据当时的新闻报道改写，其余为虚构，仅供演示。")
first, last = st.select_slider(
    "看哪几个季度？",
    sorted(ui.quarters()),
    value=present.last_quarters(ui.quarters(), quarter, 4),  # a year's cards, both ends apart to start with
    key="learn-range",
    bind="query-params",
    help="默认为所选季度及其前三个季度。亮点做法和示范点按这个范围；整改情况截至范围内最后一个季度末。",
)
span = quarter_text(first) if first == last else f"{quarter_text(first)}至{quarter_text(last)}"

st.subheader(f"亮点做法 · {span}")
themes, tags = ui.load(learn.filter_choices, first=first, last=last)
left, right = st.columns(2)
tag = left.selectbox("哪个标签？", tags, index=None, placeholder="全部标签", key="learn-tag", bind="query-params")
search = right.text_input(
    "搜索", placeholder="标题、做法、村(社区)或标签中的文字", key="learn-search", bind="query-params"
)
filters = dict(first=first, last=last, street=street, theme=theme, tag=tag, search=search)
listed, matched = ui.load(learn.highlight_list, **filters)
named = ui.plain(
    "、".join(part for part in (street, theme, tag, f"含“{search}”" if search else None) if part)
)  # typed, not markup
if listed.empty:
    st.info(f"{span}没有{'符合“' + named + '”的' if named else ''}亮点做法。可换一个季度范围，或在左侧放宽街道、指标。")
else:
    st.caption(
        f"共 {matched:,} 条{('（' + named + '）') if named else ''}"
        + (f"，下面列出前 {len(listed)} 条，下载含全部" if matched > len(listed) else "")
        + "。点街道名可打开该街道的详情。"
    )
    st.html(cards.highlight_cards(listed))
    ui.downloads(
        lambda: learn.highlight_list(**filters, limit=None)[0],
        "亮点做法",
        learn.span_name(first, last),
        *[part for part in (street, theme, tag) if part],
        key="highlights",
    )

st.subheader(f"整改情况 · 截至{quarter_text(last)}末")
st.caption(
    f"只计 {last[:4]} 年截至{quarter_text(last)}提出的问题；状态由整改时限和完成日期推算，季度末之后的整改当时尚未完成。"
)
rates = ui.load(learn.rectification, quarter=last)
ui.grid(rates, {"整改率": "%.2f%%"}, placeholder="—")
ui.downloads(rates, "整改情况", last, key="rectification")
late = ui.load(learn.overdue, quarter=last, street=street)
if late.empty:
    st.success(f"截至{quarter_text(last)}末{street or '全区'}没有逾期未整改的问题。", icon=":material/check_circle:")
else:
    st.markdown(f"**逾期未整改（{len(late)} 项{'，' + street if street else ''}）**")
    ui.grid(late)
    ui.downloads(late, "逾期未整改", last, *[street] if street else [], key="overdue")

st.subheader(f"示范点 · {span}")
st.caption("被其他街道前来观摩的村(社区)；来访街道数只计不同的街道，本街道内的观摩不算。")
models = ui.load(learn.model_units, first=first, last=last)
if models.empty:
    st.info(f"{span}没有其他街道来观摩的记录。")
else:
    ui.grid(models)
    ui.downloads(models, "示范点", learn.span_name(first, last), key="models")

st.subheader(f"街道互学 · {span}")
balance = ui.load(learn.visit_balance, first=first, last=last)
pairs = ui.load(learn.street_visits, first=first, last=last, street=street)
if balance.empty:
    st.info(f"{span}没有街道之间的观摩记录。")
else:
    ui.chart(figures.visit_bars, balance, key="visit-chart", alt=f"{span}各街道去其他街道观摩和其他街道来观摩的次数")
    st.caption(f"{street}去了哪些街道、哪些街道来过{street}：" if street else "每行一个街道去另一个街道观摩：")
    ui.grid(pairs)
    ui.downloads(pairs, "街道互学", learn.span_name(first, last), *[street] if street else [], key="pairs")
