"""现场评分 (rater): a rater's own form, opened from a personal link; no password, menu, filters or other pages."""

import streamlit as st

from liangsaibi.frame import ui
from liangsaibi.live import form, results, sessions
from liangsaibi.ops import health

ui.leave_legacy_pages_mode()
st.html(form.style())
token = st.query_params.get("token")
try:
    access = sessions.admit(token)
except sessions.LiveRefused as refused:
    st.html(form.refusal(str(refused)))
    st.stop()
if said := st.session_state.get("score-link-closed"):  # a submission refused: the close has begun, or the link went
    st.html(form.refusal(said))
    st.stop()

current = results.state(access.session_id)
st.html(form.heading(current, access))


@st.fragment(run_every=2)
@health.guarded
def follow_the_host(session_id: int) -> None:
    # Only this part reruns every 2 s: what a rater has typed and not submitted stays as it is.
    st.html(form.follow(results.state(session_id)), unsafe_allow_javascript=True)


follow_the_host(access.session_id)
mine = form.own_scores(current, access)


@st.fragment
@health.guarded
def unit_form(unit, themes, given: dict) -> None:
    # A fragment: submitting reruns this unit's form only, not the page's every unit (the server's cost per
    # submission, benchmarks/RESULTS.md); `given` is this rater's scores of the unit as the page opened.
    if st.session_state.get("score-link-closed"):  # the close began, or the link went: the page says so alone
        st.rerun()
    done = bool(given) or st.session_state.get(f"score-done-{unit.position}", False)
    with st.container(key=form.unit_box(unit.position)), st.form(key=f"unit-{unit.position}", border=True):
        st.html(form.unit_heading(unit.position, unit.unit, done))
        for theme in themes.itertuples():
            # Text, read by the form's own rule: a number input dropped the comma of 17,5 (→ 175).
            st.text_input(
                f"{theme.theme}（0–{theme.max_score:g} 分，每档 {theme.step:g}）",
                value=form.shown_score(given.get(theme.theme)),
                placeholder=f"0–{theme.max_score:g}",
                key=form.input_key(unit.position, theme.theme),
            )
            if note := form.note(theme.description):  # st.html("") raises
                st.html(note)
        st.form_submit_button(
            "修改后重新提交" if done else "提交",
            type="primary",
            width="stretch",
            on_click=form.send,
            args=(st.session_state, token, unit.position, themes),
        )
        if said := st.session_state.pop(f"score-said-{unit.position}", None):
            (st.success if said[0] == "success" else st.error)(said[1])


for unit in current.units.itertuples():
    unit_form(
        unit, current.themes, {theme: score for (position, theme), score in mine.items() if position == unit.position}
    )
