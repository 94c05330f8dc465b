"""Bringing files into the store: plan (read, check, preview), apply as one change, history, undo."""

import datetime
import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from liangsaibi import intake
from liangsaibi.intake.sheets import ALIASES, KINDS, ImportRefused, Problem, Sheet
from liangsaibi.intake.validate import (
    KEYS,
    Known,
    _suggestion,
    check_duplicates,
    check_raters,
    check_rubric,
    check_scores,
    check_units_exist,
    long_from_wide,
    tidy,
)
from liangsaibi.learn import checks as learn_checks
from liangsaibi.ops import invariants
from liangsaibi.store import db
from liangsaibi.store.quarters import quarter_text
from liangsaibi.store.store import TABLES, apply, covered_by_incoming, register_incoming

MAX_FILE_BYTES = intake.LIMITS.max_bytes
ORDER = ["units", "rubric", "scores", "commitments", *learn_checks.KINDS]  # units and rubric first: the rest need them


@dataclass
class Part:
    """One checked sheet, ready to be written."""

    sheet: Sheet
    kind: str
    rows: pd.DataFrame
    checksum: str
    whole: bool = False  # a score sheet replacing each (季度, 村(社区), 指标) whole, whatever raters it names


@dataclass
class Plan:
    """What an import would do: the checked sheets, every problem, and the units it would add."""

    parts: list[Part] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    new_units: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["street", "unit", "kind"]))
    import_ids: list[int] = field(default_factory=list)  # filled in once written
    # Filled in by preview: what goes, in words (将替换 … 评分人 张三、李四 的 2 个得分), raters new to their quarter
    # with a did-you-mean, and the stored scores that go without a new score in their place.
    replaced: list[str] = field(default_factory=list)
    raters_new: list[str] = field(default_factory=list)
    deleted: pd.DataFrame = field(default_factory=pd.DataFrame)
    published: list[str] = field(default_factory=list)  # quarters scored that are published: seen at once

    def published_sentence(self) -> str:
        """What an import into published quarters says before it is confirmed (docs/计分规则.md 季度发布), or ''."""
        quarters = "、".join(map(quarter_text, sorted(set(self.published))))
        return f"{quarters}：该季度已发布，写入后立即对外可见。" if quarters else ""

    def problem_table(self) -> pd.DataFrame:
        return pd.DataFrame(
            [problem.as_row() for problem in self.problems],
            columns=["文件", "工作表", "行", "列", "值", "问题", "怎么办"],
        )


def _known(connection) -> Known:
    return Known(
        connection.execute("select street, unit, kind from unit").df(),
        connection.execute("select year, theme, weight, max_score from rubric").df(),
    )


def _sheets(files: list[tuple[str, bytes]], problems: list[Problem]):
    """Each sheet of the files, with its file's checksum, as soon as it is read; what is wrong with a whole file
    goes to `problems`."""
    readable = []
    for name, data in files:
        if len(data) > MAX_FILE_BYTES:
            problems.append(
                Problem(
                    name,
                    f"有 {len(data) / 2**20:.1f} MB，超过 {MAX_FILE_BYTES // 2**20} MB 的上限。",
                    "请按街道或季度拆成几个文件。",
                )
            )
        elif not data or data.isspace():  # (data.strip() copied a 30 MB file to find it was not blank)
            problems.append(Problem(name, "是空的，没有可导入的数据。", "请检查是否选错了文件。"))
        else:
            readable.append((name, data))
    # In child processes, two at a time: no file can take us down.
    for (name, data), found in zip(readable, intake.read_each(readable)):
        if isinstance(found, ImportRefused):
            problems += found.problems
            continue
        if all(sheet.rows.empty for sheet in found):  # a blank template is as empty as an empty file
            problems.append(
                Problem(
                    name,
                    "：文件只有表头，没有数据行（空白模板也是这样）。",
                    "请把数据填在表头下面再导入，或检查是否选错了文件。",
                    found[0].sheet,
                    found[0].header_row,
                )
            )
        yield from ((sheet, file_checksum(data)) for sheet in found)


def file_checksum(data: bytes) -> str:
    """A file's checksum as the history keeps it (import_log.checksum)."""
    return hashlib.sha256(data).hexdigest()


def _kind(sheet: Sheet) -> str:
    return "scores" if sheet.kind == "scores_wide" else sheet.kind


def plan(
    files: list[tuple[str, bytes]],
    connection,
    add_units: bool = False,
    today: datetime.date | None = None,
    whole: bool = False,
) -> Plan:
    """Read and check the files against the store (and each other) without changing anything; with `whole`, a
    score sheet replaces each (季度, 村(社区), 指标) it holds whatever raters it names (a quiz's close)."""
    today = today or datetime.date.today()
    result, known, tidied = Plan(), _known(connection), []
    # Each sheet's own cells are checked as it comes, while the next files are read.
    for sheet, checksum in _sheets(files, result.problems):
        kind = _kind(sheet)
        sheet = long_from_wide(sheet) if sheet.kind == "scores_wide" else sheet
        rows, found = (learn_checks.tidy if kind in learn_checks.KINDS else tidy)(sheet, today)
        # Each row indexed by its position in the sheet, which the later checks name it by (validate.problem_at)
        # when rows before it have been left out: rows with unreadable cells, so that every other problem still
        # shows, and exact repeats, kept once.
        rows = rows.set_axis(pd.RangeIndex(len(rows)))
        readable = ~pd.Series(sheet.row_number(sheet.rows.index)).isin({p.row for p in found})
        duplicates, rows = check_duplicates(kind, sheet, rows[readable.to_numpy()])
        # Of its cells as written, the later checks need only the row numbers (and a wide sheet's theme columns):
        # ten yearly files are not all held as text at once.
        sheet = replace(sheet, rows=sheet.rows[["theme"]] if sheet.themes else sheet.rows.iloc[:, :0])
        tidied.append((sheet, kind, rows, checksum, found + duplicates))
    # Then against the store, units and rubric first: the other sheets are checked against the ones they bring.
    order = {kind: i for i, kind in enumerate(ORDER)}
    for sheet, kind, rows, checksum, found in sorted(tidied, key=lambda item: order[item[1]]):
        result.problems += found + _check_in_store(kind, sheet, rows, known, add_units, result)
        result.parts.append(Part(sheet, kind, rows, checksum, whole))
    result.problems.sort(key=lambda p: (p.file, p.sheet, p.row or 0))
    return result


def _check_in_store(kind, sheet, rows, known: Known, add_units: bool, result: Plan) -> list[Problem]:
    # Each sheet is checked against the store plus the sheets before it (units and rubric come first).
    if kind == "units":
        kept = known.units.merge(rows[["street", "unit"]], how="left", on=["street", "unit"], indicator=True)
        known.units = pd.concat([kept[kept["_merge"] == "left_only"].drop(columns="_merge"), rows])
        return []
    if kind == "rubric":
        known.rubric = pd.concat([known.rubric[~known.rubric.year.isin(rows.year)], rows[known.rubric.columns]])
        return check_rubric(sheet, rows)
    if kind in learn_checks.KINDS:
        return learn_checks.check_in_store(sheet, rows, known)
    found, new_units = check_units_exist(sheet, rows, known, add_units)
    result.new_units = pd.concat([result.new_units, new_units]).drop_duplicates(["street", "unit"])
    known.units = pd.concat([known.units, new_units])
    return found + (check_scores(sheet, rows, known) + check_raters(sheet, rows) if kind == "scores" else [])


def _span(part: Part) -> str:
    column = {
        "scores": "quarter",
        "highlights": "quarter",
        "problems": "quarter",
        "visits": "visited_on",
        "rubric": "year",
        "commitments": "year",
    }.get(part.kind)
    if column is None:
        return f"{part.rows.street.nunique()} 个街道"
    values = sorted(map(str, part.rows[column].dropna().unique()))
    return values[0] if len(values) == 1 else f"{values[0]}–{values[-1]}（{len(values)} 个）" if values else ""


def preview(plan: Plan, connection) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per sheet: what was recognised and how many rows are new, changed or removed; and the changed scores."""
    summary, changed_scores = [], []
    for part in plan.parts:
        table, keys = TABLES[part.kind], KEYS[part.kind]
        register_incoming(connection, part.rows)
        # Every stored row an incoming one matches on its key is among those the sheet covers: compared with
        # these few (none for a new quarter), not with the whole history.
        covered = covered_by_incoming(connection, part.kind, part.rows, part.whole)
        connection.execute(f"create or replace temp table stored as select * from {table} as t where {covered}")
        on = " and ".join(f"i.{k} = t.{k}" for k in keys)
        values = {
            "units": ["kind", "position"],
            "rubric": ["weight", "max_score", "scoring"],
            "scores": ["score"],
            "commitments": ["completed_on"],
            "highlights": ["description"],
            "problems": ["completed_on"],
            "visits": ["note"],
        }[part.kind]
        differs = " or ".join(f"i.{value} is distinct from t.{value}" for value in values)
        counts = connection.execute(f"""
            select
                (select count(*) from incoming as i anti join stored as t on {on}),
                (select count(*) from incoming as i join stored as t on {on} where {differs}),
                (select count(*) from stored as t anti join incoming as i on {on})""").fetchall()[0]
        if part.kind == "scores":
            _say_what_goes(plan, connection, on)
            changed_scores.append(
                connection.execute(f"""
                select i.quarter as 季度, i.street as 街道, i.unit as "村(社区)", i.theme as 指标, i.rater as 评分人,
                       t.score as 原得分, i.score as 新得分
                from incoming as i join stored as t on {on} where i.score <> t.score""").df()
            )
        connection.execute("drop table stored")
        connection.unregister("incoming")
        summary.append(
            {
                "文件": part.sheet.file,
                "工作表": part.sheet.sheet,
                "类型": KINDS[part.sheet.kind][2] if part.sheet.kind in KINDS else part.kind,
                "列对应": "、".join(
                    f"{written}→{ALIASES[column][0]}"
                    for written, column in part.sheet.headers.items()
                    if column in ALIASES and written != ALIASES[column][0]
                ),
                "行数": len(part.rows),
                "范围": _span(part),
                "新增": counts[0],
                "修改": counts[1],
                "删除": counts[2],
            }
        )
    changed = pd.concat(changed_scores) if changed_scores else pd.DataFrame()
    return pd.DataFrame(summary), changed


SAID_AT_MOST = 50  # sentences of what goes; the rest are in the list of deleted scores (a download when long)


def _say_what_goes(plan: Plan, connection, on: str) -> None:
    # Read while `incoming` (the sheet) and `stored` (the scores it covers) are registered: see preview.
    groups = connection.execute("""
        select quarter, street, unit, theme, list_sort(list(distinct rater)) as raters, count(*) as scores
        from stored group by all order by all""").fetchall()
    plan.replaced += [
        f"将替换 {quarter_text(q)} {street} {unit} {theme} 评分人 "
        f"{'、'.join(rater or '（未写评分人）' for rater in raters)} 的 {n} 个得分"
        for q, street, unit, theme, raters, n in groups[:SAID_AT_MOST]
    ]
    if len(groups) > SAID_AT_MOST:
        plan.replaced.append(f"……另有 {len(groups) - SAID_AT_MOST} 组，见下面的删除清单。")
    deleted = connection.execute(f"""
        select t.quarter as 季度, t.street as 街道, t.unit as "村(社区)", t.theme as 指标, t.rater as 评分人,
               t.score as 得分
        from stored as t anti join incoming as i on {on} order by all""").df()
    plan.deleted = pd.concat([plan.deleted, deleted]) if len(plan.deleted) else deleted
    plan.published += [
        q
        for (q,) in connection.execute(
            "select quarter from quarter_state where state = 'published' and quarter in (select quarter from incoming)"
        ).fetchall()
    ]
    new = connection.execute("""
        with named as (select distinct quarter, rater from incoming where rater <> ''),
        known as (select distinct quarter, rater from score where quarter in (select quarter from named) and rater <> '')
        select n.quarter, n.rater, list_sort(list(k.rater)) as known
        from (select * from named except select * from known) as n
        join known as k using (quarter)
        group by all order by all""").fetchall()
    plan.raters_new += [
        f"评分人「{rater}」在{quarter_text(q)}还没有得分。{_suggestion(rater, known)}"
        f"该季度已有的评分人：{'、'.join(known)}。"
        for q, rater, known in new
    ]


def import_files(
    files: list[tuple[str, bytes]],
    path: Path | None = None,
    add_units: bool = False,
    dry_run: bool = False,
    today: datetime.date | None = None,
    *,
    operator: str,
) -> tuple[Plan, pd.DataFrame]:
    """Check and write the files as one change, or change nothing and raise ImportRefused.

    Returns the plan and its preview summary; with dry_run the change is worked out and discarded. The
    history records `operator` (the administrator's name) as who imported.
    """
    try:
        with db.change(path, keep=not dry_run) as connection:
            checked = plan(files, connection, add_units, today)
            if checked.problems:
                raise ImportRefused(checked.problems)
            summary, _ = preview(checked, connection)
            checked.import_ids = apply(checked, connection, operator)
            if dry_run:  # a kept change is held to the invariants (docs/数据约束.md) by db.change itself
                db.refuse_breaches(connection, path)
    except invariants.Broken as broken:
        raise ImportRefused(_breach_problems(files, broken.sentences)) from None
    return checked, summary


def _breach_problems(files, sentences: list[str]) -> list[Problem]:
    # The end state of the whole import breaks the rule, not one cell: each problem names the files.
    names = "、".join(name for name, _ in files)
    return [Problem(names, "：" + sentence) for sentence in sentences]


def check_files(
    files: list[tuple[str, bytes]],
    path: Path | None = None,
    add_units: bool = False,
    today: datetime.date | None = None,
    whole: bool = False,
) -> tuple[Plan, pd.DataFrame, pd.DataFrame]:
    """What importing the files would do, without doing it: the plan, its summary and the changed scores."""
    with db.change(path, keep=False) as connection:
        checked = plan(files, connection, add_units, today, whole)
        if checked.problems:
            return checked, pd.DataFrame(), pd.DataFrame()
        summary, changed = preview(checked, connection)
        moving = len(summary) and {"rubric", "scores"} & {part.kind for part in checked.parts}
        before = connection.execute(TOTALS, _totals_scope(checked)).df() if moving else None
        apply(checked, connection, operator="")  # into the copy thrown away: its end state is checked, totals counted
        try:
            db.refuse_breaches(connection, path)
        except invariants.Broken as broken:
            checked.problems += _breach_problems(files, broken.sentences)
            return checked, pd.DataFrame(), pd.DataFrame()
        if moving:
            summary = _with_totals_changed(checked, summary, connection, before)
    return checked, summary, changed


TOTALS_MOVED_BY = ("rubric", "scores")  # the kinds of sheet whose preview says how many unit totals they change


# Totals as shown (round2: half up on the decimal value), so that a recomputation a last bit off does not flip 89.575.
TOTALS = "select quarter, street, unit, round2(total) as total from unit_total where year = any($years) or quarter = any($quarters)"


def _totals_scope(checked: Plan) -> dict:
    years = sorted({int(year) for part in checked.parts if part.kind == "rubric" for year in part.rows.year.dropna()})
    quarters = sorted({str(q) for part in checked.parts if part.kind == "scores" for q in part.rows.quarter.dropna()})
    return {"years": years or [0], "quarters": quarters or [""]}


def _with_totals_changed(checked: Plan, summary: pd.DataFrame, connection, before: pd.DataFrame) -> pd.DataFrame:
    """The summary with, for a rubric or a score sheet, how many unit totals of the rubric's years and the sheet's
    quarters would change (the plan is written into the copy that check_files throws away; `before`: those totals
    before it): a new 满分 changes no rubric row's weight but every total of that year, and scores that replace
    other raters' (a 现场评分 session's) move totals by the year's 计分方式 where no count of rows shows it."""
    db.refresh_derived(connection)
    after = connection.execute(TOTALS, _totals_scope(checked)).df()
    keys = ["quarter", "street", "unit"]
    both = before.merge(after, on=keys, how="outer", suffixes=("_before", "_after"))
    moved = int((both.total_before.fillna(-1) != both.total_after.fillna(-1)).sum())
    shown = summary["类型"].isin([KINDS[kind][2] for kind in KINDS if kind.startswith(TOTALS_MOVED_BY)])
    return summary.assign(总分变化=pd.Series([moved if moving else None for moving in shown], dtype="Int64"))
