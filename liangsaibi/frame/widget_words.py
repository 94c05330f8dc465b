"""Streamlit's own English words in its widgets, in Chinese: the texts chinese.js rewrites in the browser.

Tied to Streamlit's words and markup: requirements.txt pins the Streamlit release these were read from, and
tests/test_browser_chinese.py walks every page for an English word left.
"""

import functools
import json
from pathlib import Path

WORDS = {
    # the frame
    "Skip to main content": "跳到正文",
    "Sidebar": "侧栏",
    "Collapse sidebar": "收起侧栏",
    "Expand sidebar": "展开侧栏",
    "Open": "展开",
    "Close": "关闭",
    "App pages": "页面",
    "Main menu": "主菜单",
    "Link to heading": "本节的链接",
    "Rerun": "重新运行",
    "Settings": "设置",
    "Print": "打印",
    "Record a screencast": "录屏",
    "About": "关于",
    "Clear cache": "清除缓存",
    "Running...": "正在运行…",
    "Stop": "停止",
    # inputs
    "Choose an option": "请选择",
    "Choose options": "请选择（可多选）",
    "Selected values": "已选",
    "Clear all": "全部清除",
    "Clear": "清除",
    "No results": "没有符合的选项",
    "Show password": "显示密码",
    "Hide password": "隐藏密码",
    "Press Enter to apply": "按回车确认",
    "Press Enter to submit form": "按回车提交",
    "Increment": "加一",
    "Decrement": "减一",
    # the file uploader
    "Upload": "选择文件",
    "Browse files": "选择文件",
    "Drag and drop file here": "把文件拖到这里",
    "Drag and drop files here": "把文件拖到这里",
    "file upload": "上传文件",
    "Delete": "删除",
    "Remove file": "移除文件",
    # tables and charts
    "Show/hide columns": "显示/隐藏列",
    "Download as CSV": "下载为 CSV",
    "Search": "搜索",
    "Fullscreen": "全屏",
    "Close fullscreen": "退出全屏",
    "Exit fullscreen": "退出全屏",
    "Add row": "添加一行",
    "Delete row": "删除一行",
    "Delete rows": "删除所选行",
    "Copy to clipboard": "复制",
    "Download plot as a PNG": "下载为图片",
}
# Texts with a part of ours inside: a regular expression (JavaScript's) and its Chinese.
PATTERNS = [
    (r"^Help for (.+)$", "$1的说明"),
    (r"^Remove (.+)$", "移除 $1"),
    (r"^(.+) — start$", "$1 — 起点"),
    (r"^(.+) — end$", "$1 — 终点"),
    (r"^(?:Limit )?(\d+)\s?MB per file", "每个文件不超过 $1 兆字节"),
]


@functools.cache
def script(more: tuple = ()) -> str:
    """The <script> that puts these words (and `more` pairs, plotly's toolbar) in place of Streamlit's."""
    words = {**WORDS, **dict(more)}
    code = Path(__file__).with_name("chinese.js").read_text(encoding="utf-8")
    code = code.replace(
        "new Map(Object.entries(WORDS))", f"new Map(Object.entries({json.dumps(words, ensure_ascii=False)}))"
    )
    code = code.replace("PATTERNS.map(", f"{json.dumps(PATTERNS, ensure_ascii=False)}.map(")
    return f"<script>{code}</script>"
