"""The 数据管理 page's door in Streamlit: name and password, the lockout's sentence, the idle timeout."""

import streamlit as st

from liangsaibi.ops import login

NAME_MISSING = "请填写管理员姓名：导入历史将记录由谁导入、由谁撤销。"


def administrator() -> str:
    """Draw the login until an administrator is in, then return their name (the page stops meanwhile)."""
    password = login.configured_password(st.secrets)
    if password is None:
        st.warning(
            f"尚未设置管理员密码，本页不接受任何操作。请在 .streamlit/secrets.toml 中写入 admin_password = \"…\"，"
            f"或在启动前设置环境变量 {login.PASSWORD_VARIABLE}，然后重启看板（可写明文，或写密码的 argon2 散列值，"
            f"见 docs/运维.md）。"
        )
        st.stop()
    if st.session_state.get("admin") and login.session_expired(st.session_state.get("admin_seen")):
        st.session_state["admin"] = None
        st.info(f"已超过 {login.IDLE.seconds // 60} 分钟没有操作，请重新登录。", icon=":material/timer_off:")
    if st.session_state.get("admin"):
        st.session_state["admin_seen"] = login.now()
        return st.session_state["admin"]
    _form(password)
    st.stop()


def signed_in() -> bool:
    """Whether an administrator is signed in in this session (and not idle too long), drawing nothing: pages
    then show drafts (草稿) too."""
    return bool(st.session_state.get("admin")) and not login.session_expired(st.session_state.get("admin_seen"))


def _form(password: str) -> None:
    with st.form("login"):
        name = st.text_input("管理员姓名", max_chars=20, key="admin-name", help="记入导入历史：由谁导入、由谁撤销。")
        given = st.text_input("管理员密码", type="password", key="admin-password")
        if st.form_submit_button("登录"):
            name = " ".join(name.split())
            refused = (
                NAME_MISSING if not name else login.attempt(login.client_address(st.context), name, given, password)
            )
            if refused is None:
                st.session_state["admin"], st.session_state["admin_seen"] = name, login.now()
                st.rerun()
            st.error(refused)
