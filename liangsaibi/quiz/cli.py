"""`python -m liangsaibi quiz import | create | status | close`: the same functions as 数据管理 › 党务知识测试."""

import argparse
from pathlib import Path

from liangsaibi.quiz.marking import MARKINGS


def add_parser(commands) -> None:
    """The `quiz` subcommand and its own subcommands."""
    quiz = commands.add_parser("quiz", help="党务知识测试：导入题库、建立测试并生成个人链接、查看进度、结束并导入")
    actions = quiz.add_subparsers(dest="quiz_command", required=True)
    actions.add_parser("import", help="导入题库（CSV 或 XLSX；同一题干的题目被替换）").add_argument(
        "file", type=Path, metavar="题库文件"
    )
    create = actions.add_parser("create", help="建立测试，打印测试编号和每位参测人员的链接")
    create.add_argument("--quarter", required=True, help="季度，如 2021Q4")
    create.add_argument("--street", help="街道：参测人员须都属于该街道（也用于默认的测试名称）")
    create.add_argument("--participants", required=True, type=Path, help="参测人员名单：姓名、职务、街道、村(社区)")
    create.add_argument("--count", type=int, help="随机抽题的数量，如 20")
    create.add_argument("--tags", help="只从这些标签的题目中抽，逗号分隔")
    create.add_argument("--questions", help="固定题目：题库中的题目编号，逗号分隔（与 --count 二选一）")
    create.add_argument("--per-person", action="store_true", help="每人单独抽题（默认所有人同一套）")
    create.add_argument("--minutes", type=int, default=30, help="每人答题时间（分钟，从首次打开链接算起），默认 30")
    create.add_argument(
        "--marking", choices=list(MARKINGS), default="strict", help="多选题：strict 全对才得分，half 少选得一半"
    )
    create.add_argument("--no-explanation", action="store_true", help="测试结束后也不向参测人员显示解析")
    create.add_argument("--name", help="测试名称（默认如 2021年第四季度建设路街道党务知识测试）")
    create.add_argument("--base-url", help="手机打开看板的地址（默认用区设置的会场网络地址，见 live address）")
    actions.add_parser("status", help="每位参测人员是否已打开、已交卷，及各村(社区)结果").add_argument(
        "test_id", type=int, metavar="ID"
    )
    close = actions.add_parser("close", help="结束测试，把各村(社区)结果作为一次导入写入该季度（可撤销）")
    close.add_argument("test_id", type=int, metavar="ID")
    close.add_argument("--dry-run", action="store_true", help="只显示将写入的得分，不写入、不结束")
    close.add_argument("--allow-incomplete", action="store_true", help="有村(社区)无人交卷也结束（这些村(社区)不计分）")


def run(args: argparse.Namespace) -> str:
    """Carry out a `quiz` command; refusals end the program with their Chinese message."""
    from liangsaibi.quiz import commands  # with the import pipeline: loaded by a quiz command only

    return commands.run(args)
