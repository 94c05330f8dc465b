"""Command line: `python -m liangsaibi init | export` (see --help)."""
import argparse
import sys
from pathlib import Path

from . import db, export, views
from .build import build_database
from .quarters import parse_quarter

# View → (function, name used in file names, whether it takes a quarter, whether it needs a street).
VIEWS = {
    "ranking": (views.ranking, "街道排名", True, False),
    "themes": (views.themes, "街道指标对比", True, False),
    "trend": (views.trend, "街道趋势", False, False),
    "units": (views.units, "村社区排名", True, True),
    "commitments": (views.commitments, "承诺完成情况", True, False),
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m liangsaibi", description="亮赛比看板的命令行：建库、导出。")
    commands = parser.add_subparsers(dest="command", required=True)
    init = commands.add_parser("init", help="用示例数据建库（数据库已存在时需 --force）")
    init.add_argument("--force", action="store_true", help="覆盖已有的数据库")
    init.add_argument("--empty", action="store_true", help="只建表结构，不装示例数据")
    out = commands.add_parser("export", help="导出一个视图为 CSV（UTF-8 带 BOM）或 XLSX")
    out.add_argument("view", choices=VIEWS, help="ranking 街道排名, themes 街道×指标, trend 趋势, units 村(社区), commitments 承诺")
    out.add_argument("--quarter", help="季度，如 2021Q4（默认最新季度）")
    out.add_argument("--street", help="街道（units 视图必填）")
    out.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    out.add_argument("-o", "--output", default="-", help="输出文件，- 为标准输出（默认）")
    return parser


def _init(args) -> str:
    path = db.database_path()
    if path.exists() and not args.force:
        raise SystemExit(f"数据库 {path} 已存在；如要覆盖，请加 --force。")
    build_database(path, empty=args.empty)
    return f"已建库：{path}（{'空库' if args.empty else '示例数据'}）"


def _export(args) -> str:
    function, title, takes_quarter, needs_street = VIEWS[args.view]
    params = {}
    if takes_quarter:
        params["quarter"] = _quarter(args.quarter)
    if needs_street:
        if not args.street:
            raise SystemExit("units 视图需要 --street，例如 --street 建设路街道。")
        if args.street not in views.streets():
            raise SystemExit(f"没有「{args.street}」这个街道；已有的街道：{'、'.join(views.streets())}。")
        params["street"] = args.street
    table = function(**params)
    data = export.xlsx_bytes(table) if args.format == "xlsx" else export.csv_bytes(table)
    if args.output == "-":
        sys.stdout.buffer.write(data)
        return ""
    Path(args.output).write_bytes(data)
    return f"已导出 {len(table)} 行到 {args.output}"


def _quarter(text: str | None) -> str:
    known = views.quarters()
    if not known:
        raise SystemExit("数据库中还没有评分数据。")
    if text is None:
        return known[0]
    quarter = parse_quarter(text)
    if quarter is None:
        raise SystemExit(f"无法识别季度「{text}」，请写成 2021Q4。")
    if quarter not in known:
        raise SystemExit(f"季度 {quarter} 没有评分数据；有数据的季度为 {known[-1]}–{known[0]}。")
    return quarter


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command != "init" and not db.database_path().exists():
        raise SystemExit(f"数据库 {db.database_path()} 不存在，请先运行 python -m liangsaibi init。")
    message = {"init": _init, "export": _export}[args.command](args)
    if message:
        print(message, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
