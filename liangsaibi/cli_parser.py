"""argparse speaking Chinese: the help's headings (用法 / 位置参数 / 选项) and its error messages.

argparse writes these through gettext with no Chinese catalogue to hand, so the parser names its own
headings and rewrites the few error messages it can give (Python 3.11's wording).
"""

import argparse
import getpass
import re
import sys

ERRORS = [
    (r"the following arguments are required: (.*)", r"缺少必填的参数：\1"),
    (r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)", r"参数 \1 的值 \2 无效，可选：\3"),
    (r"argument (\S+): invalid int value: (.*)", r"参数 \1 的值 \2 无效（应为整数）"),
    (r"argument (\S+): invalid (\S+) value: (.*)", r"参数 \1 的值 \3 无效"),
    (r"argument (\S+): expected one argument", r"参数 \1 后面需要一个值"),
    (r"argument (\S+): (.*)", r"参数 \1：\2"),
    (r"unrecognized arguments: (.*)", r"无法识别的参数：\1"),
]


class ChineseHelp(argparse.HelpFormatter):
    """Help text headed 用法：instead of usage:."""

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseParser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors are in Chinese; its subcommands' parsers are too."""

    def __init__(self, *args, **kwargs):
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, formatter_class=ChineseHelp, add_help=False, **kwargs)
        self._positionals.title, self._optionals.title = "位置参数", "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def error(self, message: str):
        for pattern, chinese in ERRORS:
            if re.fullmatch(pattern, message):
                message = re.sub(pattern, chinese, message)
                break
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{message}\n")


def command_line_operator() -> str:
    """Who the history records for a change made on the command line: the login name of whoever ran it."""
    return f"{getpass.getuser()}（命令行）"
