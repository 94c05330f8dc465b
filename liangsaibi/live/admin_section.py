"""数据管理 › 现场评分: create a session, hand out the links, watch progress, steer the screen, close and import."""

from urllib.parse import urlsplit

import pandas as pd
import streamlit as st

from liangsaibi.board import export
from liangsaibi.frame import ui
from liangsaibi.live import address, closing, confirmation, qr, results, sessions, submissions
from liangsaibi.ops import health
from liangsaibi.store import db, settings

LIVE_THEMES = ["党建引领", "创新举措", "工作成效"]  # the on-site scoring of the source article


def section(operator: str) -> None:
    """The whole 现场评分 tab."""
    st.caption(
        "现场评分：评分人用手机打开个人链接（或扫二维码）评分，大屏实时显示，结束后作为一次导入写入该季度（可撤销）。"
    )
    if done := st.session_state.pop("live-done", None):
        st.success(done, icon=":material/check_circle:")
    with st.expander("新建评分场次", icon=":material/add:", expanded=not len(db_sessions())):
        create_form()
    listed = db_sessions()
    if listed.empty:
        return
    labels = {
        row.session_id: f"第 {row.session_id} 场 · {row.name}（{'已结束' if pd.notna(row.closed_at) else '进行中'}）"
        for row in listed.itertuples()
    }
    chosen = st.selectbox("评分场次", list(labels), format_func=labels.get, key="live-session")
    session(chosen, operator)


def db_sessions() -> pd.DataFrame:
    from liangsaibi.live import ledger

    sessions.reopen_undone()  # an undo that was killed before it reopened its session
    return ledger.run("sessions")


def base_url() -> str:
    """The address raters' phones reach the dashboard at: the meeting room's address (区设置), else the one this
    browser used if a phone could use it too, else this machine's own network address; never localhost."""
    seen = getattr(st.context, "url", None) or ""
    parts = urlsplit(seen)
    if parts.hostname and settings.reachable_address(f"{parts.scheme}://{parts.netloc}"):
        return settings.current().get("meeting_address") or f"{parts.scheme}://{parts.netloc}"
    return address.for_links(port=parts.port or address.PORT)


def create_form() -> None:
    quarters = ui.load("quarters", drafts=True)
    units = db.run("registered_units")
    left, right = st.columns(2)
    quarter = left.text_input(
        "季度", quarters[0] if quarters else "", key="live-quarter", help="如 2021Q4；可以是还没有数据的新季度。"
    )
    street = right.selectbox(
        "街道（选定后按名单顺序评该街道全部村(社区)）",
        units.street.unique(),
        index=None,
        placeholder="任选村(社区)",
        key="live-street",
    )
    everyone = [f"{s}·{u}" for s, u in zip(units.street, units.unit)]
    default = [f"{s}·{u}" for s, u in zip(units.street, units.unit) if s == street]
    picked = st.multiselect(
        "评分的村(社区)，按评分顺序（先选的先评）", everyone, default=default, key=f"live-units-{street}"
    )
    year_themes = db.run("rubric_of_year", year=int(quarter[:4])).theme.tolist() if quarter[:4].isdigit() else []
    themes = st.multiselect(
        "现场评分的指标（该年评分细则中的）",
        year_themes,
        default=[t for t in LIVE_THEMES if t in year_themes],
        key=f"live-themes-{quarter}",
    )
    raters = st.text_area(
        "评分人：每行一位，可在姓名后空一格写分组（" + " / ".join(sessions.GROUPS) + "）",
        key="live-raters",
        placeholder="张三 观摩团\n李四 街道党工委\n王五",
    )
    name = st.text_input(
        "场次名称（留空用默认名称）",
        key="live-name",
        placeholder=sessions.default_name(quarter, street) if sessions.parse_quarter(quarter) else "",
    )
    typed_address = st.text_input(
        "评分人手机访问看板的地址",
        base_url(),
        key="live-base-url",
        help="二维码和链接用这个地址：默认取“区设置”中的会场网络地址，未设置时取本机的网络地址；请填会场内网中手机能访问的地址，如 http://192.168.1.10:8501。",
    )
    if st.button("建立评分场次", type="primary", icon=":material/how_to_vote:", key="live-create"):
        if not settings.reachable_address(typed_address):
            st.error(
                f"「{typed_address}」不是手机在会场网络中能打开的地址（localhost 只在本机有效），请写成 http://192.168.1.10:8501 这样；"
                "也可在“区设置”中保存会场网络地址。"
            )
            return
        try:
            session_id, tokens = sessions.create(
                quarter,
                [tuple(unit.split("·", 1)) for unit in picked],
                themes,
                sessions.raters_from_lines(raters),
                name,
            )
            keep_links("live", session_id, typed_address, tokens, screen=sessions.issue_screen_link(session_id))
            st.session_state["live-session"] = session_id
            st.rerun()
        except sessions.LiveRefused as refused:
            st.error(str(refused))


def session(session_id: int, operator: str) -> None:
    current = results.state(session_id)
    st.text(
        f"{current.session['name']} · {current.session.quarter} · 计分方式："
        f"{'去掉最高最低' if current.session.scoring == 'trimmed' else '平均'} · 大屏：/present?live={session_id}"
        "（登录数据管理后打开，或用大屏链接）"
    )
    links(current)
    if not current.ending:
        host(current)
    progress(session_id)
    if not current.closed:
        steer(current)
        close(current, operator)
    if current.closed:
        confirmation_sheet(current)
    trail = closing.audit(session_id)
    ui.file_button(
        "提交记录（审计）CSV", export.csv_bytes(trail), f"现场评分_第{session_id}场_提交记录.csv", key="live-audit"
    )


def kept_links(kind: str, number: int, heading: str, notice: str = "") -> dict | None:
    """The links this browser was shown for a session (kind "live") or a test ("quiz"), under their heading; None,
    with a notice, when it was shown none: only their checksums are stored, never the links."""
    kept = st.session_state.get(f"{kind}-links", {}).get(number)
    st.subheader(heading)
    if kept is None:
        st.info("为安全起见，链接只在建立或重新发放时显示（系统只保存其校验值）。" + notice)
    return kept


def keep_links(kind: str, number: int, base: str, tokens: dict, **more) -> None:
    """Keeps the links just handed out (their address and tokens) for this browser to show until it closes."""
    st.session_state.setdefault(f"{kind}-links", {})[number] = {"base": base, "tokens": tokens, **more}


def qr_sheet_button(title: str, cards: list[tuple[str, str, str]], name: str, key: str, *wording: str) -> None:
    """The A4 page of everyone's QR code (qr.sheet_html), to open in the browser and print."""
    ui.file_button(
        "A4 二维码打印页（HTML，用浏览器打开后打印）",
        qr.sheet_html(title, cards, *wording),
        name,
        key=key,
        icon=":material/print:",
    )


def links(current: results.State) -> None:
    session_id = int(current.session.session_id)
    kept = kept_links(
        "live", session_id, "评分人链接和二维码", "如需打印二维码，请重新发放全部链接（旧链接随即失效）。"
    )
    if kept is not None:
        cards = [
            (row.rater, row.group, sessions.link(kept["base"], kept["tokens"][row.rater]))
            for row in current.raters.itertuples()
            if row.rater in kept["tokens"]
        ]
        qr_sheet_button(current.session["name"], cards, f"现场评分_第{session_id}场_二维码.html", "live-sheet")
        if kept.get("screen"):
            st.text("大屏链接（会场电脑打开；可看到未导入的得分，请勿外传）：")
            st.code(sessions.screen_link(kept["base"], session_id, kept["screen"]), language=None)
        columns = st.columns(3)
        for i, (rater, group, url) in enumerate(cards):
            with columns[i % 3].container(border=True):
                st.html(qr.qr_svg(url, scale=3))
                st.text(f"{rater}{'（' + group + '）' if group else ''}")
                st.code(url, language=None)
    if not current.closed and st.button("重新发放全部链接", icon=":material/autorenew:", key="live-reissue-all"):
        tokens = {row.rater: sessions.reissue(session_id, int(row.rater_id)) for row in current.raters.itertuples()}
        base = (kept or {}).get("base", base_url())
        keep_links("live", session_id, base, tokens, screen=sessions.issue_screen_link(session_id))
        st.rerun()


@st.fragment(run_every=3)
@health.guarded
@db.one_version()  # a fragment's rerun is a run of its own: it reads one version too
def progress(session_id: int) -> None:
    current = results.state(session_id)
    st.subheader("评分进度（✓ 已提交）")
    st.dataframe(results.progress(current), hide_index=True, width="stretch")
    st.text(
        "；".join(
            f"{u.position}. {u.unit} 已评 {current.submitted(u.position)} / {len(current.raters)}"
            for u in current.units.itertuples()
        )
    )


def steer(current: results.State) -> None:
    session_id = int(current.session.session_id)
    units = dict(zip(current.units.position, current.units.unit))
    raters = dict(zip(current.raters.rater_id, current.raters.rater))
    with st.expander("重开、停用链接、跳到某村(社区)", icon=":material/tune:"):
        left, middle, right = st.columns(3)
        rater = left.selectbox("评分人", list(raters), format_func=raters.get, key="live-steer-rater")
        unit = middle.selectbox(
            "村(社区)", list(units), format_func=lambda p: f"{p}. {units[p]}", key="live-steer-unit"
        )
        if right.button("重开该评分人对该村(社区)的评分", key="live-reopen"):
            submissions.reopen(session_id, rater, unit)
            st.toast(f"已重开：{raters[rater]} 需重新提交 {units[unit]} 的评分。")
        if right.button("停用该评分人的链接", key="live-revoke"):
            sessions.revoke(session_id, rater)
            st.toast(f"{raters[rater]} 的链接已停用；可“重新发放全部链接”或单独重新发放。")
        if right.button("为该评分人重新发放链接", key="live-reissue"):
            token = sessions.reissue(session_id, rater)
            kept = st.session_state.setdefault("live-links", {}).setdefault(
                session_id, {"base": base_url(), "tokens": {}}
            )
            kept["tokens"][raters[rater]] = token
            st.rerun()
        if right.button("大屏和手机跳到该村(社区)", key="live-show"):
            closing.show(session_id, unit)
            st.rerun()


def host(current: results.State) -> None:
    """主持: the room moves to the previous or next unit (screen and phones follow); the result out early."""
    session_id, position = int(current.session.session_id), current.shown()
    positions = current.units.position.tolist()
    unit = current.units.set_index("position").unit[position]
    st.subheader("主持（大屏和评分人手机跟随）")
    back, now, onward, early = st.columns([1.2, 4, 1.2, 1.6], vertical_alignment="center")
    back.button(
        "上一个",
        icon=":material/skip_previous:",
        key="live-back",
        on_click=closing.step,
        args=(session_id, -1),
        disabled=position == positions[0],
    )
    now.text(
        f"现在：第 {position} / {len(positions)} 个 {unit} · 已评 {current.submitted(position)} / {len(current.raters)}"
    )
    onward.button(
        "下一个",
        icon=":material/skip_next:",
        key="live-next",
        on_click=closing.step,
        args=(session_id, 1),
        disabled=position == positions[-1],
    )
    early.button("提前公布结果", key="live-reveal", on_click=closing.reveal, args=(session_id, position))


def close(current: results.State, operator: str) -> None:
    session_id = int(current.session.session_id)
    if not close_opening(
        "live", session_id, "结束评分并导入", current.ending, "评分人已不能提交", "预览导入（新增 / 修改的得分）"
    ):
        return
    try:
        plan, summary, changed, missing = closing.preview(session_id)
    except sessions.LiveRefused as refused:
        st.info(str(refused))
        return
    if plan.problems:
        st.error("不能导入：\n\n" + "\n".join(f"- {problem}" for problem in plan.problems))
        return
    st.dataframe(summary, hide_index=True, width="stretch")
    if len(changed):
        st.markdown(f"**将被修改的得分（{len(changed)} 项，原得分 → 新得分）**")
        st.dataframe(changed, hide_index=True, width="stretch")
    st.caption(
        "该季度中这些村(社区)的这些指标，本场评分人的得分以现场评分为准（其他评分人的得分保留）；其他指标不变。可在导入历史中撤销。"
    )
    allowed = True
    if len(missing):
        st.markdown(f"**评分人不全（{len(missing)} 项）**")
        st.dataframe(missing, hide_index=True, width="stretch")
        allowed = st.checkbox(
            "评分人不全也结束（这些村(社区)在各页面标为“不完整”；无人评分的指标不导入，原有得分不变）",
            key=f"live-allow-incomplete-{session_id}",
        )
    if st.button("确认结束并导入", type="primary", icon=":material/check:", key="live-close", disabled=not allowed):
        import_id = closing.close(session_id, allow_incomplete=allowed, operator=operator)
        st.session_state["live-done"] = (
            f"第 {session_id} 场现场评分已结束，得分已作为第 {import_id} 号导入写入（可撤销）。"
        )
        st.rerun()


def close_opening(kind: str, number: int, heading: str, ending: bool, stopped: str, preview: str) -> bool:
    """The head of a close-and-import step, shared with the quiz: its heading, a warning when a close was begun but
    not finished (what is `stopped` already; closing again imports once), the preview toggle; whether it is on."""
    st.subheader(heading)
    if ending:
        st.warning(f"结束已开始但未完成（{stopped}）。请再点一次“确认结束并导入”，不会重复导入。")
    return st.toggle(preview, key=f"{kind}-preview-{number}")


def confirmation_sheet(current: results.State) -> None:
    """计分确认单 of a closed session: an A4 page to print and the same as .docx, for 计分人 and 监督人 to sign."""
    session_id = int(current.session.session_id)
    formats = [
        ("A4 打印页，HTML", confirmation.page_html(current), "html", ":material/print:"),
        ("Word", confirmation.docx_bytes(current), "docx", ":material/description:"),
    ]
    for place, (said, data, ending, icon) in zip(st.columns(2), formats):
        name = f"现场评分_第{session_id}场_计分确认单.{ending}"
        ui.file_button(f"计分确认单（{said}）", data, name, key=f"live-confirmation-{ending}", icon=icon, place=place)
