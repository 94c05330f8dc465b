"""`python -m liangsaibi publish | unpublish | quarters`: the same functions as the 发布 section of 数据管理."""

import argparse

from liangsaibi.publish import rules, states
from liangsaibi.store.quarters import parse_quarter, quarter_text


def add_parser(commands) -> None:
    """The publish, unpublish and quarters subcommands."""
    for name, text in (
        ("publish", "发布一个季度：看板对所有人显示它（先显示参评情况；可撤销）"),
        ("unpublish", "撤回发布：季度回到草稿，只有管理员能看（可撤销）"),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument("quarter", metavar="QUARTER", help="季度，如 2026Q4")
        command.add_argument("--dry-run", action="store_true", help="只显示参评情况和将有的变化，不写入")
    commands.add_parser("quarters", help="列出每个季度：已发布或草稿，参评村(社区)和街道")


def run(args: argparse.Namespace, operator: str) -> str:
    """Carry out one of these commands; refusals end the program with their Chinese message."""
    if args.command == "quarters":
        return _quarters()
    quarter = parse_quarter(args.quarter)
    if quarter is None:
        raise SystemExit(f"无法识别季度「{args.quarter}」，请写成 2026Q4。")
    try:
        return states.change(quarter, args.command == "publish", operator=operator, dry_run=args.dry_run)
    except states.PublishRefused as refused:
        raise SystemExit(str(refused)) from None


def _quarters() -> str:
    table = states.quarter_states()
    for state in table.itertuples():
        incomplete = (
            f"，{state.units_incomplete} 个村(社区)不完整（缺指标或评分人不全）" if state.units_incomplete else ""
        )
        print(
            f"{state.quarter}\t{quarter_text(state.quarter)}\t{'已发布' if state.published else '草稿'}\t"
            f"{rules.participation_text(state)}{incomplete}"
        )
    return "" if len(table) else "数据库中还没有评分数据。"
