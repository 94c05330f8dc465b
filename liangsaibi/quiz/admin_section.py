"""党务知识测试's Streamlit widgets: 数据管理 › 党务知识测试 (题库, new test, links and QR sheet, progress, close,
analysis) and the unit and street results on 街道详情 (docs/党务知识测试.md)."""

import pandas as pd
import streamlit as st

from liangsaibi.board import export
from liangsaibi.frame import ui
from liangsaibi.intake.sheets import ImportRefused
from liangsaibi.live import ledger
from liangsaibi.live.admin_section import base_url, close_opening, keep_links, kept_links, qr_sheet_button
from liangsaibi.ops import health
from liangsaibi.quiz import analysis, bank, closing, marking, reopening, results, sittings
from liangsaibi.store import db, settings
from liangsaibi.store.quarters import quarter_text

QR_HINT = (
    "请各位参测人员用手机扫描自己名下的二维码参加测试（每人一码，请勿转给他人；首次打开即开始计时）。沿虚线剪开分发。"
)
PERCENT = "%.1f%%"


def section(operator: str) -> None:
    """The whole 党务知识测试 tab."""
    st.caption(
        "党务知识测试：参测人员用手机打开个人链接答题，交卷即评分；结束测试时各村(社区)平均成绩按"
        f"“{settings.current()['quiz_theme']}”指标的满分折算，作为一次导入写入该季度（可撤销）。"
    )
    if done := st.session_state.pop("quiz-done", None):
        st.success(done, icon=":material/check_circle:")
    with st.expander("题库", icon=":material/quiz:"):
        bank_form()
    reopening.reopen_undone()  # an undo killed before it reopened its test
    listed = ledger.run("quiz_tests")
    with st.expander("新建测试", icon=":material/add:", expanded=listed.empty):
        create_form()
    if listed.empty:
        return
    labels = {
        row.test_id: f"第 {row.test_id} 场 · {row.name}（{'已结束' if pd.notna(row.closed_at) else '进行中'}，"
        f"交卷 {row.submitted} / {row.participants}）"
        for row in listed.itertuples()
    }
    chosen = st.selectbox("测试", list(labels), format_func=labels.get, key="quiz-test")
    test(chosen, operator)


def bank_form() -> None:
    (csv_data, csv_name), (xlsx_data, xlsx_name) = bank.blank_files(bank.TEMPLATE, "题库")
    ui.file_buttons("题库模板", (csv_data, csv_name), (xlsx_data, xlsx_name), key="quiz-bank-template")
    st.caption(
        "题型：单选 / 多选 / 判断；答案填字母（多选如 ABD），判断填 对 或 错；分值留空按 1 分；同一题干再次导入即替换。"
    )
    uploads = f"quiz-bank-{st.session_state.setdefault('quiz-bank-round', 0)}"
    file = st.file_uploader("导入题库（CSV 或 XLSX）", type=["csv", "xlsx"], key=uploads)
    if file is not None:
        try:
            questions = bank.questions_of(file.name, file.getvalue())
        except ImportRefused as refused:
            st.error(f"发现 {len(refused.problems)} 个问题，不能导入；题库未作任何更改。")
            st.dataframe(pd.DataFrame([p.as_row() for p in refused.problems]), hide_index=True, width="stretch")
        else:
            st.success(
                f"检查通过：{len(questions)} 道题（{'、'.join(f'{k} {n} 道' for k, n in questions.kind.value_counts().items())}）。"
            )
            if st.button("确认导入题库", type="primary", key="quiz-bank-import"):
                added, replaced = bank.import_bank(file.name, file.getvalue())
                st.session_state["quiz-bank-round"] += 1
                st.session_state["quiz-done"] = f"题库已导入：新增 {added} 道、替换 {replaced} 道。"
                st.rerun()
    stored = bank.bank()
    if len(stored):
        shown = stored.assign(options=stored.options.map(" / ".join))
        st.dataframe(
            shown[["question_id", "kind", "stem", "options", "answer", "points", "tags"]].rename(
                columns={
                    "question_id": "编号",
                    "kind": "题型",
                    "stem": "题干",
                    "options": "选项",
                    "answer": "答案",
                    "points": "分值",
                    "tags": "标签",
                }
            ),
            hide_index=True,
            width="stretch",
            height=240,
        )


def create_form() -> None:
    stored = bank.bank()
    if stored.empty:
        st.info("请先导入题库。")
        return
    quarters = ui.load("quarters")
    left, right = st.columns(2)
    quarter = left.text_input("季度", quarters[0] if quarters else "", key="quiz-quarter", help="如 2021Q4")
    name = right.text_input("测试名称（留空用默认名称）", key="quiz-name")
    people = participants_form()
    draw = st.radio("出题方式", list(sittings.DRAWS), format_func=sittings.DRAWS.get, horizontal=True, key="quiz-draw")
    fixed, count, tags = None, None, []
    if draw == "fixed":
        labels = dict(zip(stored.question_id, stored.kind + " · " + stored.stem))
        fixed = st.multiselect("题目（按选择顺序出题）", list(labels), format_func=labels.get, key="quiz-fixed")
    else:
        every_tag = sorted({tag for text in stored.tags for tag in bank.tags_of(text)})
        left, right = st.columns(2)
        count = left.number_input("抽题数量", 1, len(stored), min(20, len(stored)), key="quiz-count")
        tags = right.multiselect("只从这些标签中抽（不选则从全部题目中抽）", every_tag, key="quiz-tags")
    left, middle, right = st.columns(3)
    minutes = left.number_input("答题时间（分钟）", 1, 600, 30, key="quiz-minutes")
    method = middle.radio("多选题计分", list(marking.MARKINGS), format_func=marking.MARKINGS.get, key="quiz-marking")
    explain = right.checkbox("测试结束后向参测人员显示解析", True, key="quiz-explain")
    address = st.text_input("参测人员手机访问看板的地址", base_url(), key="quiz-base-url")
    if st.button("建立测试", type="primary", icon=":material/quiz:", key="quiz-create"):
        try:
            if people is None:
                raise sittings.QuizRefused("请先选择参测人员名单文件，或选择村(社区)并填写参测人员。")
            if not settings.reachable_address(address):
                raise sittings.QuizRefused(f"「{address}」不是手机能打开的地址，请写成 http://192.168.1.10:8501 这样。")
            people = people()
            test_id, tokens = sittings.create(
                quarter,
                people,
                count=count and int(count),
                tags=tags,
                fixed=fixed,
                per_person=draw == "each",
                minutes=int(minutes),
                marking=method,
                explain=explain,
                name=name,
            )
        except ImportRefused as refused:
            st.error("参测人员名单不能使用：\n\n" + "\n".join(f"- {ui.plain(str(p))}" for p in refused.problems))
        except sittings.QuizRefused as refused:
            st.error(str(refused))
        else:
            keep_links("quiz", test_id, address, tokens)
            st.session_state["quiz-test"] = test_id
            st.rerun()


def participants_form():
    """Where the participants come from: a file, or units picked here with each one's people typed in. Returns a
    function that reads them (ImportRefused naming the row and column), or None while none are given."""
    source = st.radio("参测人员", ["file", "units"], format_func=PEOPLE_SOURCES.get, horizontal=True, key="quiz-source")
    if source == "file":
        people_file = st.file_uploader(
            "参测人员名单（姓名、职务、街道、村(社区)）", type=["csv", "xlsx"], key="quiz-people"
        )
        (csv_data, csv_name), (xlsx_data, xlsx_name) = bank.blank_files(sittings.PARTICIPANTS_EXAMPLE, "参测人员")
        ui.file_buttons("参测人员模板", (csv_data, csv_name), (xlsx_data, xlsx_name), key="quiz-people-template")
        return people_file and (lambda: sittings.participants_of(people_file.name, people_file.getvalue()))
    registered = db.run("registered_units")
    streets = list(dict.fromkeys(registered.street))
    chosen = st.multiselect("街道", streets, key="quiz-streets")
    units = registered[registered.street.isin(chosen)]
    picked = st.multiselect(
        "村(社区)（默认所选街道的全部）",
        list(zip(units.street, units.unit)),
        default=list(zip(units.street, units.unit)),
        format_func=lambda pair: pair[1] if len(chosen) == 1 else f"{pair[0]} · {pair[1]}",
        key=f"quiz-units-{'|'.join(chosen)}",
    )
    if not picked:
        return None
    st.caption(
        "每个村(社区)预置党组织书记和党建专干两行：请先选好村(社区)，再填写参加测试的人员姓名（改选村(社区)会清空表格）；姓名留空的行不参加，可增删行。"
    )
    table = pd.DataFrame(
        [("", duty, street, unit) for street, unit in picked for duty in PICKED_DUTIES],
        columns=["姓名", "职务", "街道", "村(社区)"],
    )
    typed = st.data_editor(
        table,
        hide_index=True,
        num_rows="dynamic",
        width="stretch",
        column_config={
            "街道": st.column_config.SelectboxColumn(options=streets, required=True),
            "村(社区)": st.column_config.SelectboxColumn(options=list(dict.fromkeys(units.unit)), required=True),
        },
        key=f"quiz-picked-{hash(tuple(picked))}",  # new units, a new table
    )
    return lambda: sittings.participants_picked(typed)


PEOPLE_SOURCES = {"file": "导入名单文件", "units": "从村(社区)中选择"}
PICKED_DUTIES = ("党组织书记", "党建专干")


def test(test_id: int, operator: str) -> None:
    current = results.state(test_id)
    test_row = current.test
    st.text(
        f"{test_row['name']} · {quarter_text(test_row.quarter)} · 计入“{test_row.theme}”（满分 {test_row.max_score:g}）· "
        f"每人 {int(test_row.per_person)} 题 · 限时 {int(test_row.minutes)} 分钟 · 多选题{marking.MARKINGS[test_row.marking]}"
    )
    links(current)
    progress(test_id)
    if not current.closed:
        close(current, operator)
    analysis_tabs(current)


def links(current: results.State) -> None:
    test_id = int(current.test.test_id)
    kept = kept_links("quiz", test_id, "参测人员链接和二维码")
    if kept is not None:
        cards = [
            (person.name, person.unit, sittings.link(kept["base"], kept["tokens"][person.participant_id]))
            for person in current.participants.itertuples()
            if person.participant_id in kept["tokens"]
        ]
        sheet = f"党务知识测试_第{test_id}场_二维码.html"
        qr_sheet_button(current.test["name"], cards, sheet, "quiz-sheet", QR_HINT, "测试二维码")
        st.dataframe(pd.DataFrame(cards, columns=["姓名", "村(社区)", "链接"]), hide_index=True, width="stretch")
    if not current.closed and st.button("重新发放全部链接（旧链接随即失效）", key="quiz-reissue"):
        tokens = {
            int(person.participant_id): sittings.reissue(test_id, int(person.participant_id))
            for person in current.participants.itertuples()
        }
        keep_links("quiz", test_id, (kept or {}).get("base", base_url()), tokens)
        st.rerun()


@st.fragment(run_every=5)
@health.guarded
@db.one_version()
def progress(test_id: int) -> None:
    current = results.state(test_id)
    st.subheader("答题进度")
    people = analysis.people(current)
    st.text("；".join(f"{status} {count} 人" for status, count in people["状态"].value_counts().items()))
    ui.grid(people, {"得分": "%g", "总分": "%g", "成绩(百分制)": "%.2f"})
    st.markdown("**各村(社区)结果**（交卷者的平均成绩；未参测者不计为 0）")
    ui.grid(results.unit_results(current), {"平均分(百分制)": "%.2f", "计入得分": "%.2f"}, placeholder="—")


def close(current: results.State, operator: str) -> None:
    test_id = int(current.test.test_id)
    if not close_opening("quiz", test_id, "结束测试并导入", current.ending, "已不能作答", "预览将写入的得分"):
        return
    plan, summary, _, units = closing.preview(test_id)
    st.caption("预览按“现在结束”计算：已打开链接但未交卷的人员按已保存的答案计分。")
    ui.grid(units, {"平均分(百分制)": "%.2f", "计入得分": "%.2f"}, placeholder="不计分")
    if plan is None:
        st.info("还没有人交卷，没有可导入的得分。")
        return
    if plan.problems:
        st.error("不能导入：\n\n" + "\n".join(f"- {ui.plain(str(p))}" for p in plan.problems))
        return
    st.dataframe(summary, hide_index=True, width="stretch")
    if visible := plan.published_sentence():
        st.warning(visible, icon=":material/public:")
    st.caption(
        f"该季度中这些村(社区)的“{current.test.theme}”得分以本次测试为准（原有各评分人的该项得分被替换），"
        "其他指标不变。可在导入历史中撤销。"
    )
    allowed = True
    if len(missing := closing.unfinished_units(units)):
        st.warning(closing.unfinished_sentence(missing))
        allowed = st.checkbox("有村(社区)无人交卷也结束", key=f"quiz-allow-incomplete-{test_id}")
    if st.button("确认结束并导入", type="primary", icon=":material/check:", key="quiz-close", disabled=not allowed):
        try:
            import_id = closing.close(test_id, allow_incomplete=allowed, operator=operator)
        except (sittings.QuizRefused, ImportRefused) as refused:
            st.error(str(refused))
            return
        st.session_state["quiz-done"] = (
            f"第 {test_id} 场测试已结束，各村(社区)结果已作为第 {import_id} 号导入写入（可撤销）。"
        )
        st.rerun()


def analysis_tabs(current: results.State) -> None:
    test_id = int(current.test.test_id)
    st.subheader("分析（只计交卷者）")
    per_question, per_tag, per_street, trail = st.tabs(["逐题正确率", "按标签", "按街道", "答题记录"])
    with per_question:
        table = analysis.questions(current)
        ui.grid(table, {"正确率": PERCENT}, placeholder="—")
        ui.file_buttons("逐题正确率", *_files(table, f"党务知识测试_第{test_id}场_逐题正确率"), key=f"quiz-q-{test_id}")
    with per_tag:
        table = analysis.by_tag(current)
        ui.grid(table, {"正确率": PERCENT}, placeholder="—")
        ui.file_buttons("按标签正确率", *_files(table, f"党务知识测试_第{test_id}场_按标签"), key=f"quiz-t-{test_id}")
    with per_street:
        table = analysis.by_street(current)
        ui.grid(table, {"正确率": PERCENT, "平均分(百分制)": "%.2f"}, placeholder="—")
        ui.file_buttons("按街道", *_files(table, f"党务知识测试_第{test_id}场_按街道"), key=f"quiz-s-{test_id}")
        people = analysis.people(current)
        ui.file_buttons(
            "个人成绩（仅管理员）", *_files(people, f"党务知识测试_第{test_id}场_个人成绩"), key=f"quiz-p-{test_id}"
        )
    with trail:
        table = ledger.run("quiz_answer_trail", test_id=test_id)
        table.columns = ["序号", "时间", "姓名", "街道", "村(社区)", "题号", "答案"]
        ui.file_buttons(
            "答题记录（审计）", *_files(table, f"党务知识测试_第{test_id}场_答题记录"), key=f"quiz-a-{test_id}"
        )


def _files(table: pd.DataFrame, name: str) -> tuple[tuple, tuple]:
    return (lambda: export.csv_bytes(table), f"{name}.csv"), (
        lambda: export.xlsx_bytes(table, name[-31:]),
        f"{name}.xlsx",
    )


def street_section(quarter: str, street: str) -> None:
    """街道详情: the street's closed tests of the quarter, unit results and the street's result only (no person)."""
    # Closed tests only: a close or its undo writes the database, so its version keys the cache (ui.load).
    found = ui.load(analysis.street_results, quarter=quarter, street=street)
    if not found:
        return
    st.subheader(f"{quarter_text(quarter)}党务知识测试")
    for name, units, mean in found:
        st.text(f"{name} · 街道平均 {mean:.2f} 分（百分制，各村(社区)平均成绩的平均）" if pd.notna(mean) else name)
        ui.grid(units, {"平均分(百分制)": "%.2f", "计入得分": "%.2f"}, placeholder="无人交卷")
