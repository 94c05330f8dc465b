"""`python -m liangsaibi check`: is the database whole? Schema version, every row's unit known, derived tables
equal to a recomputation, the history chain consistent. problems(path) is the core, for backups to call too."""
from pathlib import Path

from .. import db

DERIVED_NAMES = {"unit_theme": "村(社区)指标得分", "street_theme": "街道指标得分", "unit_total": "村(社区)总分",
                 "street_total": "街道总分"}
ROW_NAMES = {"score": "得分", "commitment": "承诺事项", "unit": "村(社区)"}
FAULTS = {"import_not_logged": "的导入编号在导入历史中没有记录",
          "replaced_by_not_logged": "被替换时记下的导入编号在导入历史中没有记录",
          "live_after_undo": "属于已撤销的导入，却仍留在库中"}
RESTORE = "请用最近一次完好的备份恢复（python -m liangsaibi restore 备份目录）。"


def problems(path: Path) -> list[str]:
    """Every problem found in the database file at `path`, each one Chinese sentence; empty when it is whole."""
    path = Path(path)
    if not path.is_file():
        return [f"数据库文件 {path} 不存在或不是文件。{RESTORE}"]
    try:
        with db.inspect(path) as run:
            version = dict(run("meta").itertuples(index=False)).get("schema")
            if version != db.schema_version():
                return [f"数据库的结构版本（{version}）与本程序（{db.schema_version()}）不符：它由另一版本建立。"
                        "启动看板或运行任一命令（如 python -m liangsaibi history）会自动升级；升级后请再检查。"]
            return _unknown_units(run) + _derived(run) + _history(run)
    except Exception as error:  # duckdb.Error or OSError: a file cut short, overwritten, or not a database at all
        return [f"数据库文件 {path} 无法读取，可能已损坏或不完整（{type(error).__name__}）。{RESTORE}"]


def _unknown_units(run) -> list[str]:
    return [f"有 {row.rows_unknown} 条{ROW_NAMES[row.what]}所属的{'街道' if row.what == 'unit' else '村(社区)'}不在名单中。{RESTORE}"
            for row in run("health_units_known").itertuples() if row.rows_unknown]


def _derived(run) -> list[str]:
    return [f"派生表 {row.table_name}（{DERIVED_NAMES[row.table_name]}）与由原始得分重新计算的结果不一致："
            f"{row.rows_differing} 行不同。{RESTORE}" for row in run("health_derived").itertuples() if row.rows_differing]


def _history(run) -> list[str]:
    return [f"表 {row.table_name} 中有 {row.rows_found} 行{FAULTS[row.fault]}（导入历史不完整）。{RESTORE}"
            for row in run("health_history").itertuples() if row.rows_found]


def summary(path: Path) -> tuple[str, int]:
    """The Chinese report of a check and its exit status: 0 when the database is whole, 1 otherwise."""
    found = problems(path)
    if found:
        return "\n".join([f"数据库检查发现 {len(found)} 个问题：{path}"] + [f"- {problem}" for problem in found]), 1
    with db.inspect(path) as run:
        counts = run("health_counts").iloc[0]
    return (f"数据库检查通过：{path}。{counts.quarters} 个季度、{counts.units} 个村(社区)、{counts.scores} 条得分、"
            f"{counts.imports} 次导入（其中 {counts.undone} 次已撤销）；结构版本、名单、派生表、导入历史均一致。"), 0
