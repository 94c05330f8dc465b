"""年度: the year's result from its published quarters — ranking and grades, 流动红旗, 进步奖, commitments, 亮点 and 整改."""

import streamlit as st

from liangsaibi.annual import views
from liangsaibi.frame import ui
from liangsaibi.store.quarters import quarter_text

ui.quarter()  # the frame first (a cold deep link runs it)
st.title("年度评定")
years = ui.load(views.years)
if not years:
    st.info("还没有已发布的季度，无法进行年度评定。季度发布后，这里显示该年的排名、等次、流动红旗和进步奖。")
    st.stop()
asked = st.query_params.get("year")
chosen = int(asked) if asked and asked.isdigit() and int(asked) in years else years[0]
if asked and chosen != (int(asked) if asked.isdigit() else None):
    st.warning(f"{ui.plain(asked)}年没有已发布的季度，没有年度评定；下面显示{chosen}年度。", icon=":material/link_off:")
year = st.selectbox("哪一年？", years, index=years.index(chosen), format_func=lambda y: f"{y}年", key=f"year-{asked}")
st.query_params["year"] = str(year)

span = ui.load(views.span, year=year)
streets, units = ui.load(views.street_ranking, year=year), ui.load(views.unit_ranking, year=year)
st.caption(f"{span}：只计已发布的季度。{ui.load(views.terms, year=year)}详见侧栏“评分说明”和 docs/计分规则.md。")
with st.container(horizontal=True):
    for label, value, note, names in ui.load(views.cards, year=year):
        st.metric(
            label,
            ui.plain(value) if names else value,
            note,
            delta_color="off",
            delta_arrow="off",
            border=True,
            width="content",
        )

st.subheader(f"{span}街道排名")
st.caption(
    "街道年度总分 = 该街道评分完整的村(社区)年度总分的平均，不是右边各季度街道总分的平均；"
    "没有一个完整村(社区)的街道为不完整，不排名。计入村(社区)：完整数/已评数。"
)
quarters = [name for name in streets.columns if name.endswith("季度")]
ui.grid(streets, {"年度总分": "%.2f", **dict.fromkeys(quarters, "%.2f")}, placeholder="—")
ui.downloads(streets, "年度街道排名", str(year), key="streets")

st.subheader("流动红旗")
st.caption(
    "每个已发布季度排名第 1 的街道获得流动红旗，并列第 1 的各得一面；年度红旗街道为红旗最多者，相同时比年度总分。"
)
flags, tally = st.columns([3, 2])
ui.grid(ui.load(views.flags, year=year), {"总分": "%.2f"}, place=flags)
counts = ui.load(views.flag_counts, year=year)
ui.grid(counts, {"年度总分": "%.2f"}, place=tally, column_config={"年度红旗街道": st.column_config.CheckboxColumn()})
ui.downloads(counts, "流动红旗", str(year), key="flags")

st.subheader("进步奖")
awards = ui.load(views.progress, year=year)
if awards is None:
    st.info(f"{year - 1}年没有已发布的季度，{year}年度不评进步奖。")
else:
    st.caption(
        f"与{year - 1}年度相比，年度总分（未取整）提高最多的 1 个街道和 3 个村(社区)，只比两年都评分完整的；并列同名次。"
    )
    for level, table in awards.items():
        ui.grid(table, {"上年年度总分": "%.2f", "年度总分": "%.2f", "提高": "%+.2f"})
        ui.downloads(table, f"进步奖{level}", str(year), key=f"progress-{level}")

st.subheader(f"{span}村(社区)排名与等次")
st.caption("季度覆盖 = 评分完整的季度 ÷ 已发布的季度；不到全部的为不完整，列出但不排名、不评等次。")
left, right = st.columns(2)
street_names = sorted(units["街道"].unique())
street = left.selectbox(
    "哪个街道？",
    [None, *street_names],
    format_func=lambda name: name or "全部街道",
    index=street_names.index(ui.street()) + 1 if ui.street() in street_names else 0,
    key=f"annual-street-{ui.street()}",
)
grades = right.pills(
    "什么等次？",
    [grade for grade in ("优秀", "良好", "一般", "较差") if grade in set(units["等次"])],
    selection_mode="multi",
    key="annual-grades",
)
narrowed = (units["街道"].eq(street) if street else True) & (units["等次"].isin(grades) if grades else True)
listed = units[narrowed] if street or grades else units  # the loaded table itself is converted once, not every run
ui.grid(listed, {"年度总分": "%.2f"}, placeholder="—")
ui.downloads(listed, "年度村社区排名", str(year), *filter(None, [street, "、".join(grades)]), key="units")

as_of = ui.load(views.as_of, year=year)
st.subheader(f"{year}年承诺事项（按{quarter_text(as_of)}末）")
commitments = ui.load(views.commitments, year=year)
if commitments.empty:
    st.info(f"{year}年没有承诺事项。")
else:
    ui.grid(commitments, {"年度完成率": "%.2f%%", "到期完成率": "%.2f%%"}, placeholder="—")
    ui.downloads(commitments, "年度承诺完成情况", str(year), key="commitments")

st.subheader("亮点与整改")
lessons = ui.load(views.lessons, year=year)
st.caption(f"{year}年记录的亮点做法和问题反馈（截至上面的季度末），整改状态按该季度末。")
ui.grid(lessons, {"整改率": "%.2f%%"}, placeholder="—")
ui.downloads(lessons, "年度亮点与整改", str(year), key="lessons")
