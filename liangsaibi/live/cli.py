"""`python -m liangsaibi live create | status | close`: the same functions as the 现场评分 section underneath."""

import argparse

from liangsaibi.cli_parser import command_line_operator
from liangsaibi.live import address, results, sessions
from liangsaibi.store import db, settings, store


def add_parser(commands) -> None:
    """The `live` subcommand and its own subcommands."""
    live = commands.add_parser("live", help="现场评分：建立评分场次并生成评分人链接、查看进度、结束并导入")
    actions = live.add_subparsers(dest="live_command", required=True)
    create = actions.add_parser("create", help="建立评分场次，打印场次编号和每位评分人的链接")
    create.add_argument("--quarter", required=True, help="季度，如 2021Q4")
    create.add_argument("--street", required=True, help="街道：默认按名单顺序评该街道的全部村(社区)")
    create.add_argument(
        "--units", help="按此顺序评该街道的这些村(社区)，逗号分隔，如 甲社区,乙社区（默认按名单顺序评全部）"
    )
    create.add_argument("--themes", required=True, help="现场评分的指标，逗号分隔，如 党建引领,创新举措,工作成效")
    create.add_argument("--raters", required=True, help="评分人，逗号分隔；分组可写作 张三:观摩团")
    create.add_argument("--name", help="场次名称（默认如 2021年第四季度 建设路街道“亮赛比”专场比学交流会）")
    create.add_argument(
        "--base-url",
        help="手机打开看板的地址，如 http://192.168.1.10:8501（默认用区设置的会场网络地址，见 live address）",
    )
    where = actions.add_parser("address", help="查看或设置会场网络地址（评分链接和二维码用）")
    where.add_argument("url", nargs="?", help="如 http://192.168.1.10:8501；不写则显示当前地址和本机建议的地址")
    actions.add_parser("status", help="每个村(社区)已有几位评分人提交").add_argument(
        "session_id", type=int, metavar="ID"
    )
    close = actions.add_parser("close", help="结束场次，把得分作为一次导入写入该季度（可撤销）")
    close.add_argument("session_id", type=int, metavar="ID")
    close.add_argument("--dry-run", action="store_true", help="只显示将有的变化，不写入、不结束")
    close.add_argument(
        "--allow-incomplete", action="store_true", help="有村(社区)的评分人不全也结束（这些村(社区)标为不完整）"
    )


def run(args: argparse.Namespace) -> str:
    """Carry out a `live` command; refusals end the program with their Chinese message."""
    try:
        return {"create": _create, "status": _status, "close": _close, "address": _address}[args.live_command](args)
    except sessions.LiveRefused as refused:
        raise SystemExit(str(refused)) from None


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace("，", ",").split(",") if part.strip()]


def _create(args) -> str:
    units = db.run("registered_units")
    units = units[units.street == args.street.strip()]
    if units.empty:
        raise SystemExit(f"没有「{args.street}」这个街道，或它还没有登记村(社区)。")
    if args.units:
        named = _split(args.units)
        if unknown := [unit for unit in named if unit not in set(units.unit)]:
            raise SystemExit(
                f"「{'、'.join(unknown)}」不是{args.street}登记的村(社区)；该街道有：{'、'.join(units.unit)}。"
            )
        units = units.set_index("unit", drop=False).loc[named]
    base_url = links_address(args.base_url)
    raters = [tuple((rater.replace("：", ":").split(":", 1) + [""])[:2]) for rater in _split(args.raters)]
    session_id, tokens = sessions.create(
        args.quarter,
        list(units[["street", "unit"]].itertuples(index=False, name=None)),
        _split(args.themes),
        raters,
        args.name,
    )
    print(session_id)
    for rater, token in tokens.items():
        print(f"{rater}\t{sessions.link(base_url, token)}")
    print(f"大屏\t{sessions.screen_link(base_url, session_id, sessions.issue_screen_link(session_id))}")
    return f"已建立第 {session_id} 号评分场次（{len(units)} 个村(社区)、{len(tokens)} 位评分人）。链接只显示这一次，请妥善分发。"


def found(current, number: int, what: str):
    """The session (or test) the command names, as results.state found it; the command ends when there is none."""
    if current is None:
        raise SystemExit(f"没有第 {number} 号{what}。")
    return current


def print_heading(name: str, closed: bool) -> None:
    """The first line of a status: the session's (or test's) name and whether it has ended."""
    print(f"{name}（{'已结束' if closed else '进行中'}）")


def _status(args) -> str:
    current = found(results.state(args.session_id), args.session_id, "评分场次")
    print_heading(current.session["name"], current.closed)
    for unit in current.units.itertuples():
        print(f"{unit.position}\t{unit.unit}\t已评 {current.submitted(unit.position)} / {len(current.raters)}")
    return ""


def _close(args) -> str:
    from liangsaibi.live import closing  # with the import pipeline: loaded by this command only

    plan, summary, changed, missing = closing.preview(args.session_id)
    if plan.problems:
        raise SystemExit("不能导入：\n" + "\n".join(f"- {problem}" for problem in plan.problems))
    for row in summary.itertuples():
        print(
            f"{row.文件}：{row.行数} 行，{row.范围}；新增 {row.新增}、修改 {row.修改}、删除 {row.删除}；总分变化 {row.总分变化} 个"
        )
    for row in changed.itertuples(index=False):
        print(f"  {row[2]} {row[3]} {row[4]}：{row[5]:g} → {row[6]:g}")
    for row in missing.to_dict("records"):
        print(
            f"  评分人不全：{row['村(社区)']}·{row['指标']} 已评 {row['已评']} / {row['评分人数']}，未评：{row['未评的评分人']}"
        )
    if args.dry_run:
        return "（试运行：未写入，场次仍在进行）"
    import_id = closing.close(args.session_id, allow_incomplete=args.allow_incomplete, operator=command_line_operator())
    return f"已结束第 {args.session_id} 号评分场次，得分已作为第 {import_id} 号导入写入（可用 undo {import_id} 撤销）。"


def links_address(given: str | None) -> str:
    """The address links and QR codes use: the one given, else the setting or this machine's; SystemExit for none
    or one a phone cannot open (localhost)."""
    chosen = (given or address.for_links()).strip()
    if not chosen:
        raise SystemExit(
            "不知道手机从哪个地址打开看板：请先 live address http://192.168.1.10:8501 设置会场网络地址，或加 --base-url。"
        )
    if not settings.reachable_address(chosen):
        raise SystemExit(
            f"「{chosen}」不是手机在会场网络中能打开的地址（localhost 只在本机有效），请写成 http://192.168.1.10:8501 这样。"
        )
    return chosen


def _address(args) -> str:
    if args.url is None:
        stored = settings.current().get("meeting_address") or "（未设置）"
        return f"会场网络地址：{stored}；本机建议：{address.suggested() or '（本机没有网络地址）'}"
    try:
        return store.set_settings({"meeting_address": args.url}, operator=command_line_operator())
    except settings.SettingsRefused as refused:
        raise SystemExit(str(refused)) from None
