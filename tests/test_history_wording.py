"""The import history as an administrator reads it, on the page and on the command line, in Chinese; an undo
asks first and says afterwards what it did; the command line's own help and errors are in Chinese too."""

import pandas as pd
import pytest
from fixtures import log_in, open_app
from import_support import query

from liangsaibi.__main__ import main
from liangsaibi.frame import ui
from liangsaibi.ops import login
from liangsaibi.store import store

# the demo's seven files, then two edits
KINDS = ["村(社区)名单", "评分细则", "评分表", "承诺清单", "亮点做法", "问题反馈", "观摩记录", "区设置", "等次阈值"]


@pytest.fixture
def edited(demo_db, monkeypatch):
    """The demo database with a district edit and a grade edit after its four imports; the app reads it."""
    store.set_settings({"district": "二七区"}, demo_db, operator="测试")
    store.set_grades(
        2021,
        pd.DataFrame({"等次": ["优秀", "良好", "一般", "较差"], "最低分": [85, 75, 60, 0]}),
        demo_db,
        operator="测试",
    )
    monkeypatch.setenv("LIANGSAIBI_DB", str(demo_db))
    monkeypatch.setenv(login.PASSWORD_VARIABLE, "口令")
    return demo_db


def history_tab(app):
    return log_in(app, "口令")


def open_history():
    return history_tab(open_app().switch_page("pages/admin.py").run())


def test_the_history_names_each_kind_in_chinese_with_a_short_checksum_and_no_undo_time_yet(edited):
    app = open_history()
    shown = app.dataframe[0].value
    assert shown["类型"].tolist() == KINDS
    files = [checksum for (checksum,) in query(edited, "select checksum from import_log order by import_id")]
    assert shown["校验和"].tolist() == [checksum[:8] for checksum in files]
    assert all(len(checksum) == 64 for checksum in files[:7])
    assert shown["撤销时间"].isna().all()
    assert app.dataframe[0].proto.placeholder == ""  # an empty cell, not None


def test_an_undo_asks_first_and_changes_nothing_until_confirmed(edited):
    app = open_history()
    when = query(edited, "select strftime(imported_at, '%Y-%m-%d %H:%M:%S') from import_log where import_id = 4")[0][0]
    words = f"第 4 号 · 承诺清单 · 文件 commitments.csv · {when}"
    options = app.selectbox(key="undo-choice").options  # newest first, each in words, not a bare number
    assert options[5] == words
    assert options[0].startswith("第 9 号 · 等次阈值 · ")
    app.selectbox(key="undo-choice").select(4).run()
    assert app.button(key="undo-ask").label == "撤销第 4 号导入"
    app.button(key="undo-ask").click().run()
    assert "确定撤销第 4 号导入？" in [text.value for text in app.markdown]
    assert ui.plain(words) in [text.value for text in app.markdown]  # the confirmation names the file, as typed
    assert query(edited, "select count(*) from commitment")[0][0] > 0  # asked only: nothing undone yet
    app.button(key="undo-no").click().run()
    assert "确定撤销第 4 号导入？" not in [text.value for text in app.markdown]
    assert query(edited, "select count(*) from commitment where import_id = 4")[0][0] > 0


def test_a_confirmed_undo_says_so_and_the_history_shows_when(edited):
    app = open_history()
    app.selectbox(key="undo-choice").select(4).run()
    app.button(key="undo-ask").click().run()
    app.button(key="undo-yes").click().run()
    assert [success.value for success in app.success] == ["已撤销第 4 号导入。"]
    assert query(edited, "select count(*) from commitment")[0][0] == 0
    shown = app.dataframe[0].value.set_index("编号")
    assert shown["撤销时间"].notna().tolist() == [False, False, False, True, False, False, False, False, False]
    assert not [entry for entry in app.selectbox(key="undo-choice").options if entry.startswith("第 4 号")]


def test_the_command_lines_history_names_kinds_in_chinese_and_shortens_checksums(edited, monkeypatch, capsys):
    main(["history"])
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[3] for line in lines] == KINDS
    files = [checksum for (checksum,) in query(edited, "select checksum from import_log order by import_id")]
    assert lines[0].endswith(f"校验和 {files[0][:8]}") and "sha256" not in "".join(lines)
    assert "None" not in "".join(lines) and "校验和" not in lines[7]  # the district edit came from no file


def test_the_command_lines_help_is_headed_in_chinese(capsys):
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    help_text = capsys.readouterr().out
    assert help_text.startswith("用法：python -m liangsaibi export")
    assert "位置参数" in help_text and "选项" in help_text and "显示本帮助并退出" in help_text
    for english in ("usage:", "positional arguments", "options:", "show this help"):
        assert english not in help_text


@pytest.mark.parametrize(
    "argv, said",
    [
        (["undo", "abc"], "错误：参数 IMPORT_ID 的值 'abc' 无效（应为整数）"),
        (["export", "nosuch"], "错误：参数 view 的值 'nosuch' 无效，可选："),
        ([], "错误：缺少必填的参数：命令"),
        (["history", "extra"], "错误：无法识别的参数：extra"),
    ],
)
def test_a_command_line_mistake_is_explained_in_chinese(capsys, argv, said):
    with pytest.raises(SystemExit):
        main(argv)
    error = capsys.readouterr().err
    assert error.startswith("用法：") and said in error and "error:" not in error
