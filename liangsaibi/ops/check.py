"""`python -m liangsaibi check`: is the database whole? Schema version, the invariants of docs/数据约束.md, derived
tables equal to a recomputation, the history chain consistent, the rules of the 观摩/比学 tables, remarks and settings,
the 现场评分 store and its pairing with the database.
problems(path) is the core, for backups to call too."""

import re
from pathlib import Path

from liangsaibi.bulletin import remarks
from liangsaibi.live import ledger
from liangsaibi.ops import invariants
from liangsaibi.store import db, settings

DERIVED_NAMES = {
    "unit_theme": "村(社区)指标得分",
    "street_theme": "街道指标得分",
    "unit_total": "村(社区)总分",
    "street_total": "街道总分",
}
FAULTS = {
    "import_not_logged": "的导入编号在导入历史中没有记录",
    "replaced_by_not_logged": "被替换时记下的导入编号在导入历史中没有记录",
    "live_after_undo": "属于已撤销的导入，却仍留在库中",
}
IN_USE = 3  # the exit status when the file could not be checked because another program writes it
RESTORE = "请用最近一次完好的备份恢复（python -m liangsaibi restore 备份目录）。"
TABLE_NAMES = {
    "highlight": "亮点做法",
    "problem": "问题反馈",
    "visit": "观摩记录",
    "street_remark": "通报点评",
    "setting": "区设置",
    "score": "得分",
    "commitment": "承诺事项",
}
KEY_NAMES = {
    "score": "季度、街道、村(社区)、指标、评分人",
    "commitment": "年度、街道、村(社区)、承诺事项",
    "highlight": "季度、街道、村(社区)、标题",
    "problem": "季度、街道、村(社区)、问题",
    "visit": "日期、观摩方、被观摩街道、被观摩村(社区)",
}
RULES = {
    "street_unknown": "行所属的街道不在名单中",
    "future_quarter": "行的季度还没有到（晚于本季度）",
    "done_before_raised": "行的完成日期早于提出问题的季度（问题还没提出就已整改）",
    "done_in_future": "行的完成日期晚于今天",
    "in_future": "行的观摩日期晚于今天",
    "kind_contradicts": "行标为「跨街道学习」，观摩方却就是被观摩街道",
    "key_twice": "组（{keys}）相同的行出现了不止一次，每组只应有一行",
    "unknown_key": "行是本程序不认识的设置",
    "blank_district": "行的区(县)名称为空",
    "too_long": "行的文字超过 {longest} 个字符",
}


def problems(path: Path) -> list[str]:
    """Every problem found in the database file at `path`, each one Chinese sentence; empty when it is whole."""
    path = Path(path)
    if not path.is_file():
        return [f"数据库文件 {path} 不存在或不是文件。{RESTORE}"]
    try:
        with db.inspect(path) as run:
            version = dict(run("meta").itertuples(index=False)).get("schema")
            if version != db.schema_version():
                return [
                    f"数据库的结构版本（{version}）与本程序（{db.schema_version()}）不符：它由另一版本建立。"
                    "启动看板或运行任一命令（如 python -m liangsaibi history）会自动升级；升级后请再检查。"
                ]
            return (
                invariants.sentences(invariants.breaches(run))
                + _derived(run)
                + _history(run)
                + _rules(run)
                + _live(path, run)
            )
    except Exception as error:  # duckdb.Error or OSError: a file cut short, overwritten, or not a database at all
        if holder := _lock_holder(error):
            raise InUse(path, holder) from None
        return [f"数据库文件 {path} 无法读取，可能已损坏或不完整（{type(error).__name__}）。{RESTORE}"]


class InUse(Exception):
    """Another program holds the database file open for writing, so it cannot be read now: not damage."""

    def __init__(self, path: Path, holder: str):
        super().__init__(
            f"数据库文件 {path} 正被另一个程序以写入方式打开（{holder}），现在无法检查；这不表示文件损坏，请不要因此用备份恢复"
            "（那会丢掉备份之后的全部更改）。看板本身只以只读方式打开数据库，不妨碍检查；导入、升级通常几秒内结束，"
            "请稍后再运行 python -m liangsaibi check。一直如此时，先结束那个程序（若是看板进程："
            "systemctl stop 'liangsaibi@*'），检查后再启动。"
        )


def _lock_holder(error: Exception) -> str | None:
    """Who holds DuckDB's write lock, from its message ("Conflicting lock is held in <program> (PID n)"), or None
    when the error is not a lock conflict."""
    found = re.search(r"Conflicting lock is held in (.*?) \(PID (\d+)\)", str(error))
    return f"进程号 {found[2]}：{found[1]}" if found else None


def _live(path: Path, run) -> list[str]:
    """The 现场评分 store beside the database, when there is one: it opens, passes SQLite's integrity check, every
    event's session, rater and unit exists (and every quiz row's test and participant), and every closed session's
    and test's import is in the main database's history
    (the pair restored together, docs/数据约束.md)."""
    live = ledger.live_path(path)
    if not live.exists():
        return []
    found = ledger.problems_of(live)
    if not found:
        logged = set(run("import_history")["编号"])
        stranded = [closed for closed in ledger.closed_sessions(live) if closed[3] not in logged]
        if stranded:
            examples = "；".join(f"{what}第 {i} 场「{name}」（第 {iid} 号导入）" for what, i, name, iid in stranded[:3])
            found.append(
                f"现场评分库中有 {len(stranded)} 个已结束的评分场次或测试，其得分写入的导入在数据库的导入历史中没有记录，"
                f"例如：{examples}{'等' if len(stranded) > 3 else ''}：数据库和现场评分库不是同一时刻的一对。"
            )
    return [f"{problem}{RESTORE}" for problem in found]


def _derived(run) -> list[str]:
    return [
        f"派生表 {row.table_name}（{DERIVED_NAMES[row.table_name]}）与由原始得分重新计算的结果不一致："
        f"{row.rows_differing} 行不同。{RESTORE}"
        for row in run("health_derived").itertuples()
        if row.rows_differing
    ]


def _history(run) -> list[str]:
    return [
        f"表 {row.table_name} 中有 {row.rows_found} 行{FAULTS[row.fault]}（导入历史不完整）。{RESTORE}"
        for row in run("health_history").itertuples()
        if row.rows_found
    ]


def _rules(run) -> list[str]:
    """The rules of the 观摩/比学 tables, the keys of every table without a primary key, and the remarks' streets
    (queries/health_rules.sql); then the settings and remarks as their editors would accept them (their characters
    are among the invariants)."""
    found = run("health_rules").assign(rows_found=lambda rows: rows.rows_found.astype(int))
    texts = run("health_texts")
    longest = {"setting": settings.LONGEST, "street_remark": remarks.LONGEST}
    faults = {
        "unknown_key": (texts.table_name == "setting") & ~texts.name.map(settings.known).astype(bool),
        "blank_district": (texts.table_name == "setting") & (texts.name == "district") & (texts.text.str.strip() == ""),
        "too_long": texts.text.str.len() > texts.table_name.map(longest),
    }
    edited = [
        (table, fault, int(count))
        for fault, rows in faults.items()
        for table, count in texts[rows].groupby("table_name").size().items()
    ]
    return [
        f"表 {table}（{TABLE_NAMES[table]}）中有 {count} "
        f"{RULES[fault].format(keys=KEY_NAMES.get(table, ''), longest=longest.get(table))}。{RESTORE}"
        for table, fault, count in [*found.itertuples(index=False, name=None), *edited]
    ]


def summary(path: Path) -> tuple[str, int]:
    """The Chinese report of a check and its exit status: 0 when the database is whole, 1 when it is not, 3 when
    another program holds it open for writing and it could not be checked."""
    try:
        found = problems(path)
    except InUse as busy:
        return f"数据库未检查：{busy}", IN_USE
    if found:
        return "\n".join([f"数据库检查发现 {len(found)} 个问题：{path}"] + [f"- {problem}" for problem in found]), 1
    with db.inspect(path) as run:
        counts = run("health_counts").iloc[0]
    return (
        f"数据库检查通过：{path}。{counts.quarters} 个季度、{counts.units} 个村(社区)、{counts.scores} 条得分、"
        f"{counts.imports} 次导入（其中 {counts.undone} 次已撤销）；结构版本、数据约束、派生表、导入历史、观摩与比学、设置、现场评分库均一致。"
    ), 0
