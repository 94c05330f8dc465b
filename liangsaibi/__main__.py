"""Command line: `python -m liangsaibi init | export | import | history | undo | backup | restore | check | logins`
(see --help)."""

import errno
import sys
from pathlib import Path

import pandas as pd

from liangsaibi.annual import cli as annual_cli, views as annual_views
from liangsaibi.board import export, views
from liangsaibi.cli_parser import ChineseParser, command_line_operator
from liangsaibi.learn import views as learn
from liangsaibi.live import cli as live_cli
from liangsaibi.ops import check, login, presence
from liangsaibi.publish import cli as publish_cli
from liangsaibi.quiz import cli as quiz_cli
from liangsaibi.store import db, restoring, settings, store
from liangsaibi.store.build import build_database, ensure_database
from liangsaibi.store.quarters import parse_quarter

FORMATS = ["csv", "xlsx"]

# View → (function, name used in file names, whether it takes a quarter, whether it needs a street).
VIEWS = {
    "ranking": (views.ranking, "街道排名", True, False),
    "themes": (views.themes, "街道指标对比", True, False),
    "trend": (views.trend, "街道趋势", False, False),
    "units": (views.units, "村社区排名", True, True),
    "commitments": (views.commitments, "承诺完成情况", True, False),
    "highlights": (learn.highlights, "亮点做法", True, False),
    "rectification": (learn.rectification, "整改情况", True, False),
    "problems": (learn.problems, "问题清单", True, False),
    "visits": (learn.visits, "观摩记录", False, False),
}
STREET_OPTIONAL = {"problems"}  # views narrowed to one street when --street is given


def _parser() -> ChineseParser:
    parser = ChineseParser(
        prog="python -m liangsaibi", description="亮赛比看板的命令行：建库、导出、导入、历史、撤销、备份、恢复。"
    )
    parser.add_argument("--debug", action="store_true", help="出错时显示完整的 Python 错误信息（可写在命令行任何位置）")
    commands = parser.add_subparsers(dest="command", required=True, metavar="命令")
    init = commands.add_parser("init", help="用示例数据建库（数据库已存在时需 --force）")
    init.add_argument("--force", action="store_true", help="覆盖已有的数据库")
    init.add_argument("--empty", action="store_true", help="只建表结构，不装示例数据")
    init.add_argument("--district", help="区(县)名称，如 二七区（示例数据默认 中原区；空库须给出）")
    init.add_argument("--office", help="组织单位，默认 中共<区>委组织部")
    out = commands.add_parser("export", help="导出一个视图为 CSV（UTF-8 带 BOM）或 XLSX，或季度通报为 Word 文档")
    out.add_argument(
        "view",
        choices=[*VIEWS, "bulletin", "annual", "annual-bulletin"],
        help="ranking 街道排名, themes 街道×指标, trend 趋势, units 村(社区), commitments 承诺, highlights 亮点做法, "
        "rectification 整改情况, problems 问题清单, visits 观摩记录, bulletin 季度通报(.docx), "
        "annual 年度排名（加 --units 为村(社区)）, annual-bulletin 年度通报(.docx)",
    )
    out.add_argument("--quarter", help="季度，如 2021Q4（默认最新季度）")
    out.add_argument(
        "--wenhao", default="", help="通报的文号，如 组通〔2026〕12号（bulletin：给了就加红头：发文机关、文号、红线）"
    )
    out.add_argument("--street", help="街道（units 视图必填；problems 视图可选）")
    out.add_argument("--year", help="年度，如 2021（annual 和 annual-bulletin；默认有已发布季度的最新年度）")
    out.add_argument("--units", action="store_true", help="annual：导出村(社区)年度排名，而不是街道")
    out.add_argument("--format", choices=FORMATS, help="csv 或 xlsx（默认按 -o 的扩展名，标准输出时为 csv）")
    out.add_argument(
        "-o", "--output", default="-", help="输出文件，扩展名 .csv 或 .xlsx（季度通报为 .docx）；- 为标准输出（默认）"
    )
    load = commands.add_parser("import", help="导入评分表、承诺事项、名单或评分细则（CSV/XLSX，全部成功或全不导入）")
    load.add_argument("files", nargs="+", type=Path, metavar="FILE")
    load.add_argument("--dry-run", action="store_true", help="只检查并报告将有的变化，不写入")
    load.add_argument(
        "--add-units",
        action="store_true",
        help="把名单中没有的村(社区)作为新单位添加（街道须已在名单中；新街道请导入名单）",
    )
    commands.add_parser("history", help="列出全部导入记录（最新的在最后）")
    back = commands.add_parser("undo", help="撤销一次导入，数据恢复到导入之前")
    back.add_argument("import_id", type=int, metavar="IMPORT_ID")
    commands.add_parser("check", help="检查数据库是否完好（结构版本、名单、派生表、导入历史），问题时退出码为 1")
    for name, text in (("backup", "把数据库完整备份到目录"), ("restore", "用目录中的备份替换数据库")):
        commands.add_parser(name, help=text).add_argument("folder", type=Path, metavar="DIR")
    logins = commands.add_parser("logins", help="列出最近的管理员登录尝试（时间、客户端地址、结果、姓名、次数）")
    logins.add_argument("--last", type=int, default=50, help="列出最近多少条（默认 50）")
    live_cli.add_parser(commands)
    quiz_cli.add_parser(commands)
    publish_cli.add_parser(commands)
    return parser


def _import(args) -> str:
    missing = [str(file) for file in args.files if not file.is_file()]
    if missing:
        raise SystemExit(f"找不到文件：{'、'.join(missing)}。")
    files = [(file.name, file.read_bytes()) for file in args.files]
    # Loaded by the import command only: the import pipeline (its reader child, checks) is a tenth of a second
    # of every other command's start (export bulletin's target is a second, benchmarks/RESULTS.md).
    from liangsaibi.intake.imports import check_files, import_files
    from liangsaibi.intake.sheets import ImportRefused

    try:
        if args.dry_run:  # the page's check: its preview also counts the unit totals a rubric would change
            plan, summary, _ = check_files(files, add_units=args.add_units)
            if plan.problems:
                raise ImportRefused(plan.problems)
        else:
            plan, summary = import_files(files, add_units=args.add_units, operator=command_line_operator())
    except ImportRefused as refused:
        raise SystemExit(
            "导入失败，数据库未作任何更改。问题如下：\n" + "\n".join(f"- {p}" for p in refused.problems)
        ) from None
    totals = summary["总分变化"] if "总分变化" in summary else pd.Series(pd.NA, index=summary.index)
    lines = [
        f"{row.文件}{'#' + row.工作表 if row.工作表 else ''}：{row.类型} {row.行数} 行，{row.范围}；"
        f"新增 {row.新增}、修改 {row.修改}、删除 {row.删除}" + ("" if pd.isna(moved) else f"；总分变化 {moved} 个")
        for row, moved in zip(summary.itertuples(), totals)
    ]
    if visible := plan.published_sentence():
        lines.append(visible)
    lines += plan.raters_new + plan.replaced
    if len(plan.new_units):
        lines.append("新添加的村(社区)：" + "、".join(f"{r.street}{r.unit}" for r in plan.new_units.itertuples()))
    return "\n".join(lines + ["（试运行：未写入）" if args.dry_run else "导入完成。"])


def _history(args) -> str:
    for row in store.history_shown().to_dict("records"):
        sheet = f"#{row['工作表']}" if row["工作表"] else ""
        undone = f"  已撤销 {row['撤销时间']}" if isinstance(row["撤销时间"], str) else ""
        checksum = f"\t校验和 {row['校验和']}" if row["校验和"] else ""  # edits made on the page have no file
        print(
            f"{row['编号']}\t{row['导入时间']}\t{row['文件']}{sheet}\t{row['类型']}\t{row['行数']} 行"
            f"\t替换 {row['替换行数']}{checksum}{undone}"
        )
    return ""


def _init(args) -> str:
    path = db.database_path()
    if path.exists() and not args.force:
        raise SystemExit(f"数据库 {path} 已存在；如要覆盖，请加 --force。")
    try:
        build_database(path, empty=args.empty, district=args.district, office=args.office)
    except settings.SettingsRefused as refused:
        raise SystemExit(str(refused)) from None
    district = settings.current(path)["district"] or "未设区名，请在数据管理中设置"
    return f"已建库：{path}（{'空库' if args.empty else '示例数据'}，{district}）"


def _export(args) -> str:
    if args.view == "bulletin":
        return _bulletin(args)
    if args.view == "annual":
        table, title = annual_cli.ranking(annual_cli.year_of(args.year), args.units)
        return _write_table(table, title, args)
    if args.view == "annual-bulletin":
        return _annual_bulletin(args)
    function, title, takes_quarter, needs_street = VIEWS[args.view]
    params = {}
    if takes_quarter:
        params["quarter"] = _quarter(args.quarter)
    if needs_street or (args.street and args.view in STREET_OPTIONAL):
        if not args.street:
            raise SystemExit("units 视图需要 --street，例如 --street 建设路街道。")
        if args.street not in views.streets():
            raise SystemExit(f"没有「{args.street}」这个街道；已有的街道：{'、'.join(views.streets())}。")
        params["street"] = args.street
    _format(args.format, args.output)  # a wrong extension is refused before the view is worked out
    table = function(**params)
    draft = "草稿" if params.get("quarter") and params["quarter"] not in views.quarters() else None
    return _write_table(
        table, " ".join(filter(None, [title, params.get("quarter"), params.get("street"), draft])), args
    )


def _write_table(table: pd.DataFrame, sheet: str, args) -> str:
    """A table as CSV or XLSX (by -o's extension or --format) to the file named, or CSV to standard output."""
    file_format = _format(args.format, args.output)
    data = export.xlsx_bytes(table, sheet) if file_format == "xlsx" else export.csv_bytes(table)
    if args.output == "-":
        sys.stdout.buffer.write(data)
        return ""
    Path(args.output).write_bytes(data)
    return f"已导出 {len(table)} 行到 {args.output}"


def _format(given: str | None, output: str) -> str:
    """The file format: from the output's extension, which --format may repeat but not contradict."""
    if output == "-":
        return given or "csv"
    extension = Path(output).suffix.lower().lstrip(".")
    if extension not in FORMATS:
        raise SystemExit(f"无法按扩展名导出「{output}」：输出文件须以 .csv 或 .xlsx 结尾。")
    if given and given != extension:
        raise SystemExit(
            f"--format {given} 与输出文件「{output}」的扩展名 .{extension} 矛盾；"
            f"请去掉 --format，或把文件名改为 .{given} 结尾。"
        )
    return extension


def _bulletin(args) -> str:
    output = _word_output(args.output, "季度通报", "通报.docx")
    quarter = _quarter(args.quarter)
    from liangsaibi.bulletin import document as bulletin  # docxtpl and jinja2: loaded for a bulletin only

    output.write_bytes(_made(lambda: bulletin.render(quarter, wenhao=args.wenhao)))
    return f"已生成 {quarter} 季度通报：{args.output}（模板 {bulletin.template_path()}）"


def _annual_bulletin(args) -> str:
    output = _word_output(args.output, "年度通报", "年度通报.docx")
    year = annual_cli.year_of(args.year)
    from liangsaibi.annual import bulletin

    output.write_bytes(_made(lambda: bulletin.render(year)))
    return f"已生成 {annual_views.span(year)}通报：{args.output}（模板 {bulletin.template_path()}）"


def _word_output(output: str, name: str, example: str) -> Path:
    if output == "-":
        raise SystemExit(f"{name}是 Word 文档，请用 -o 给出文件名，例如 -o {example}。")
    return Path(output)


def _made(make) -> bytes:
    # A template that cannot make the document ends the command with its sentence.
    from liangsaibi.bulletin.document import TemplateRefused

    try:
        return make()
    except TemplateRefused as refused:
        raise SystemExit(str(refused)) from None


def _quarter(text: str | None) -> str:
    # Without --quarter the newest published quarter, as viewers see; a draft (草稿) only when named, and said so.
    known, published = views.quarters(drafts=True), views.quarters()
    if not known:
        raise SystemExit("数据库中还没有评分数据。")
    if text is None:
        if not published:
            raise SystemExit(
                "还没有已发布的季度：请用 --quarter 指定草稿季度，或先发布（python -m liangsaibi publish）。"
            )
        return published[0]
    quarter = parse_quarter(text)
    if quarter is None:
        raise SystemExit(f"无法识别季度「{text}」，请写成 2021Q4。")
    if quarter not in known:
        raise SystemExit(f"季度 {quarter} 没有评分数据；有数据的季度为 {known[-1]}–{known[0]}。")
    if quarter not in published:
        print(f"注意：{quarter} 是草稿（未发布），导出的数字尚未定稿。", file=sys.stderr)
    return quarter


def main(argv: list[str] | None = None) -> int:
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    args = _parser().parse_args([arg for arg in (argv if argv is not None else sys.argv[1:]) if arg != "--debug"])
    try:
        return _run(args)
    except (OSError, MemoryError, db.DatabaseError) as error:  # one sentence, exit 1; --debug shows the traceback
        if debug:
            raise
        raise SystemExit(_sentence(error)) from None


def _sentence(error: BaseException) -> str:
    if isinstance(error, MemoryError):
        return "内存不足，命令未完成，数据库未作更改：请关闭其他程序，或把文件按街道、季度拆小后重试。"
    if isinstance(error, PermissionError):
        return (
            f"没有权限读写 {error.filename or '文件'}：数据库和它所在的目录须可写，要导入的文件须可读；未作任何更改。"
        )
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        return "磁盘已满，命令未完成，数据库未作更改（写了一半的文件已删去）：请腾出磁盘空间后重试。"
    if isinstance(error, OSError):
        return f"无法读写 {error.filename or '文件'}（{error.strerror or error}），未作任何更改。"
    reason = str(error).splitlines()[0][:120]
    return f"数据库出错（{reason}），未作任何更改：请检查数据库文件是否可写、是否完好，必要时用 restore 从备份恢复。"


def _run(args) -> int:
    if settled := restoring.settle():  # a restore a killed process left half done: the pair, old or new, first
        print(settled, file=sys.stderr)
    if args.command == "check":  # before anything that could build, upgrade or otherwise change the file
        report, status = check.summary(db.database_path())
        print(report, file=sys.stdout if status == 0 else sys.stderr)
        return status
    if args.command == "logins":  # the door's table beside the database, whether or not the database opens
        print(
            "\n".join(
                [
                    "时间\t客户端地址\t结果\t姓名\t次数",
                    *("\t".join(map(str, row)) for row in login.attempts(last=args.last)),
                ]
            )
        )
        return 0
    if args.command not in ("init", "restore") and not db.database_path().exists():
        if presence.existed(db.database_path()):
            raise SystemExit(
                f"数据库 {db.database_path()} 不见了（这里曾有数据库）；请用最近的备份恢复：python -m liangsaibi restore 备份目录。"
            )
        raise SystemExit(f"数据库 {db.database_path()} 不存在，请先运行 python -m liangsaibi init。")
    if args.command not in ("init", "restore"):
        ensure_database()  # a database built by an older version is upgraded first, keeping every row
    commands = {
        "init": _init,
        "export": _export,
        "import": _import,
        "history": _history,
        "undo": lambda a: store.undo(a.import_id, operator=command_line_operator()),
        "backup": lambda a: store.backup(a.folder),
        "restore": lambda a: store.restore(a.folder),
        "live": live_cli.run,
        "quiz": quiz_cli.run,
        **dict.fromkeys(("publish", "unpublish", "quarters"), lambda a: publish_cli.run(a, command_line_operator())),
    }
    try:
        message = commands[args.command](args)
    except store.UndoRefused as refused:  # undo or restore refused: the message says why, nothing changed
        raise SystemExit(str(refused)) from None
    if message:
        print(message, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
