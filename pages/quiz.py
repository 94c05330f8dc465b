"""党务知识测试 (participant): a person's own paper, opened from a personal link; no password, menu or other pages."""

import pandas as pd
import streamlit as st

from liangsaibi.frame import ui
from liangsaibi.live import form as page_style
from liangsaibi.quiz import answers, form
from liangsaibi.quiz.sittings import QuizRefused

ui.leave_legacy_pages_mode()
st.html(page_style.style())
st.html(form.style())
token = st.query_params.get("token")
try:
    paper = answers.open_paper(token)  # the first opening starts the person's time
except QuizRefused as refused:
    st.html(page_style.refusal(str(refused)))
    st.stop()

st.html(form.heading(paper))
if said := st.session_state.pop("quiz-said", None):
    st.html(form.said(said))
if paper.finished or paper.current.ending:  # never the form again: the person's own result
    st.html(form.own_result(paper))
    st.stop()

st.html(form.countdown(paper, pd.Timestamp.now()), unsafe_allow_javascript=True)


@st.fragment
def question_box(question, given: str) -> None:
    # A fragment: an answer reruns this question only, not the whole paper (the server's work per answer).
    if "quiz-said" in st.session_state:  # refused (time up, test closed): the whole page says why
        st.rerun(scope="app")
    with st.container(border=True):
        st.html(form.question_heading(question.position, question))
        letters = form.choices(question)
        if question.kind == "多选":
            for letter in letters:
                st.checkbox(
                    form.choice_label(question, letter),
                    value=letter in given,
                    key=form.key(question.number, letter),
                    on_change=form.save,
                    args=(st.session_state, token, question.number, letters),
                )
        else:
            st.radio(
                "答案",
                letters,
                index=letters.index(given) if given in letters else None,
                format_func=lambda value: form.choice_label(question, value),
                key=form.key(question.number),
                on_change=form.save,
                args=(st.session_state, token, question.number, None),
                label_visibility="collapsed",
            )


for question in paper.questions.itertuples():
    question_box(question, paper.given.get(question.number, ""))
sure = st.checkbox(
    "确认交卷（未答的题按 0 分计）", key="quiz-sure"
)  # a label that never changes: its box keeps its tick
if sure and (unanswered := form.unanswered(token)):
    st.caption(f"还有 {unanswered} 题未答。")
st.button(
    "交卷",
    type="primary",
    width="stretch",
    disabled=not sure,
    on_click=form.hand_in,
    args=(st.session_state, token),
)
