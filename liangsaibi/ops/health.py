"""The dashboard when its database is missing, unreadable or damaged: one Chinese sentence on every page (no
traceback, no path), and the pages come back by themselves once the file is restored."""

import functools
import logging
from contextlib import contextmanager
from pathlib import Path

import streamlit as st

from liangsaibi.ops.presence import DatabaseMissing
from liangsaibi.store import build, db

MISSING = (
    "数据库文件不见了，看板暂时无法显示数据。请系统管理员用最近的备份恢复（python -m liangsaibi restore 备份目录）；"
    "恢复后本页会自动显示数据，无需重启。"
)
UNREADABLE = (
    "数据库文件无法读取（可能已损坏或不完整），看板暂时无法显示数据。请系统管理员运行 python -m liangsaibi check 检查，"
    "必要时用最近的备份恢复（python -m liangsaibi restore 备份目录）；恢复后本页会自动显示数据，无需重启。"
)
UNEXPECTED = (
    "本页出了意外的错误，没有显示完整。请刷新页面再试；仍然出错时，请把出错的时间和页面告诉系统管理员"
    "（错误的详细情况已记在看板的运行日志中）。"
)
RETRY_SECONDS = 5
log = logging.getLogger("liangsaibi")


def unavailable() -> str | None:
    """None when the database can be read, else the sentence saying why not and what to do."""
    try:
        path = build.ensure_database()
        _readable(str(path), db.database_version(path))
    except DatabaseMissing:
        return MISSING
    except db.UNAVAILABLE:
        return UNREADABLE
    return None


@functools.lru_cache(maxsize=8)
def _readable(path: str, version: int) -> bool:
    # Opened and read once per file version (a failure is not cached, so it is tried again on the next run).
    db.run("meta", path=Path(path))
    return True


def stop_with(sentence: str) -> None:
    """Show the sentence instead of the page, look again every few seconds, and rerun once the file is back."""
    st.error(sentence, icon=":material/database:")
    _wait_for_restore()
    st.stop()


@st.fragment(run_every=RETRY_SECONDS)
@db.one_version()  # a fragment's rerun is a run of its own: it reads one version too
def _wait_for_restore() -> None:
    if unavailable() is None:
        st.rerun(scope="app")


@contextmanager
def sentence_on_failure():
    """Run the page; if the database fails under it (removed or damaged mid-run), end it with the sentence; any
    other error ends it with one Chinese sentence too, its traceback in the server's log, never Streamlit's English
    error box (the last line of defence: st.stop and st.rerun are not Exceptions and pass through)."""
    try:
        yield
    except DatabaseMissing:
        stop_with(MISSING)
    except db.UNAVAILABLE:
        stop_with(MISSING if unavailable() == MISSING else UNREADABLE)
    except Exception:
        log.exception("页面出错，已只显示一句话")
        st.error(UNEXPECTED, icon=":material/error:")
        st.stop()


def guarded(fragment):
    """A fragment whose own reruns (run_every, its widgets), which run outside the page's sentence_on_failure, end
    in the same one sentence on an unexpected error. Put it under @st.fragment."""

    @functools.wraps(fragment)
    def run(*args, **kwargs):
        with sentence_on_failure():
            return fragment(*args, **kwargs)

    return run
