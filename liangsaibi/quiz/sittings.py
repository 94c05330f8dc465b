"""测试场次: creating a test with its own copy of its questions, its participants and their personal links (the
tokens of 现场评分, kept only as hashes), admitting a link (docs/党务知识测试.md «测试场次»)."""

import json
import random
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from liangsaibi.intake.sheets import ImportRefused, Problem, Sheet
from liangsaibi.intake.validate import _suggestion
from liangsaibi.live import ledger
from liangsaibi.live.sessions import issue_link, link_row, revoke_links
from liangsaibi.quiz import bank
from liangsaibi.store import db, settings
from liangsaibi.store.names import clean_name
from liangsaibi.store.quarters import parse_quarter, quarter_text

DRAWS = {"fixed": "固定题目", "same": "随机抽题（所有人同一套）", "each": "随机抽题（每人一套）"}
PARTICIPANT_ALIASES = {
    "name": ["姓名", "name"],
    "duty": ["职务", "duty"],
    "street": ["街道", "街道(镇)", "镇", "street"],
    "unit": ["村(社区)", "社区(村)", "村社区", "村/社区", "社区", "村", "unit"],
}
PARTICIPANTS_EXAMPLE = pd.DataFrame(
    [["张三", "党组织书记", "建设路街道", "中心医院社区"], ["李四", "党建专干", "建设路街道", "中心医院社区"]],
    columns=["姓名", "职务", "街道", "村(社区)"],
)
INVALID_LINK = "此测试链接无效，请核对链接是否完整（可重新扫描二维码），或联系党建办工作人员。"
REVOKED_LINK = "此测试链接已停用，如需参加测试请向党建办工作人员领取新链接。"


class QuizRefused(Exception):
    """A test that cannot be created or changed as asked, or an answer refused; the message says why in Chinese."""


@dataclass(frozen=True)
class Access:
    """What a valid link admits to: one participant of one test."""

    test_id: int
    participant_id: int
    name: str
    unit: str


def participants_of(file_name: str, data: bytes, main: Path | None = None) -> pd.DataFrame:
    """The participants file (姓名, 职务, 街道, 村(社区)) checked against the registered units, or ImportRefused
    naming each unknown unit with a did-you-mean. Columns name, duty, street, unit."""
    sheet = bank.read_file(file_name, data, "参测人员名单", PARTICIPANT_ALIASES, ["name", "street", "unit"])
    return _checked(sheet, main)


PICKED = "所选村(社区)的参测人员表"  # the "file" a problem of the picked units' table names


def participants_picked(table: pd.DataFrame, main: Path | None = None) -> pd.DataFrame:
    """The participants typed into 数据管理's table of picked units (姓名, 职务, 街道, 村(社区)), checked as a
    file's are; rows left without a name are people not taking part and are dropped."""
    # Positions from 0: Sheet.row_number (header_row 0) names the row as a person counts the table's rows.
    named = table.reset_index(drop=True).fillna("").astype(str).apply(lambda column: column.str.strip())
    named = named[named["姓名"] != ""]
    if named.empty:
        raise ImportRefused([Problem(PICKED, "中没有填写姓名的人员。", "请在表格中填写参测人员的姓名。")])
    rows = named.rename(columns={aliases[0]: column for column, aliases in PARTICIPANT_ALIASES.items()})
    return _checked(Sheet(PICKED, "", "参测人员名单", rows, header_row=0), main)


def _checked(sheet: Sheet, main: Path | None) -> pd.DataFrame:
    rows = sheet.rows.reindex(columns=list(PARTICIPANT_ALIASES), fill_value="")
    rows[["street", "unit"]] = rows[["street", "unit"]].map(clean_name)
    units = db.run("registered_units", path=main)
    known, problems, seen = set(zip(units.street, units.unit)), [], {}
    for index, row in rows.iterrows():
        if not row["name"]:
            problems.append(sheet.problem(index, "姓名", "", "为空。", "请填写参测人员的姓名。"))
        elif row["street"] not in set(units.street):
            problems.append(
                sheet.problem(
                    index, "街道", row["street"], "不在街道名单中。", _suggestion(row["street"], units.street)
                )
            )
        elif (row["street"], row["unit"]) not in known:
            listed = units.unit[units.street == row["street"]]
            what = f"不在{row['street']}的村(社区)名单中。"
            problems.append(sheet.problem(index, "村(社区)", row["unit"], what, _suggestion(row["unit"], listed)))
        elif (row["name"], row["unit"]) in seen:
            what = f"在第 {seen[(row['name'], row['unit'])]} 行已列出（同一村(社区)同名）。"
            problems.append(sheet.problem(index, "姓名", row["name"], what, "同一人只列一行；同名的两人请加以区分。"))
        else:
            seen[(row["name"], row["unit"])] = sheet.row_number(index)
    if problems:
        raise ImportRefused(problems)
    return rows.reset_index(drop=True)


def theme_of(quarter: str, main: Path | None = None) -> tuple[str, float]:
    """The theme a test of the quarter writes to (the setting, default 党务知识) and its 满分 in that year's rubric;
    QuizRefused when the rubric lacks it."""
    theme = settings.current(main)["quiz_theme"]
    rubric = db.run("rubric_of_year", path=main, year=int(quarter[:4]))
    found = rubric[rubric.theme == theme]
    if found.empty:
        raise QuizRefused(
            f"{quarter[:4]} 年的评分细则中没有「{theme}」指标，不能建立测试。请先在评分细则中加入该指标，"
            "或在区设置中把“党务知识测试计入的指标”改为该年已有的指标。"
        )
    return theme, float(found.max_score.iloc[0])


def create(
    quarter: str,
    participants: pd.DataFrame,
    count: int | None = None,
    tags: list[str] | None = None,
    fixed: list[int] | None = None,
    per_person: bool = False,
    minutes: int = 30,
    marking: str = "strict",
    explain: bool = True,
    name: str | None = None,
    main: Path | None = None,
    seed: int | None = None,
) -> tuple[int, dict[int, str]]:
    """A new test: `fixed` question ids of the bank, or `count` drawn at random (from `tags` if given), one draw
    for all or one per person. Returns its id and each participant's token (shown once, kept as a hash)."""
    checked = parse_quarter(quarter)
    if checked is None:
        raise QuizRefused(f"无法识别季度「{quarter}」，请写成 2021Q4。")
    theme, max_score = theme_of(checked, main)
    if not isinstance(minutes, int) or minutes <= 0:
        raise QuizRefused(f"答题时间「{minutes}」无效，请填写大于 0 的分钟数。")
    if marking not in ("strict", "half"):
        raise QuizRefused(f"多选题计分方式「{marking}」无效，可选 strict（全对才得分）或 half（少选得一半）。")
    if participants is None or participants.empty:
        raise QuizRefused("请导入参测人员名单（姓名、职务、街道、村(社区)）。")
    pool, count = _pool(bank.bank(main), count, tags, fixed)
    draw = "fixed" if fixed else "each" if per_person else "same"
    chance = random.Random(seed)
    if draw == "same":
        pool = pool.iloc[sorted(chance.sample(range(len(pool)), count))]
    tokens = {}
    with ledger.transaction(main) as connection:
        test_id = connection.execute("select coalesce(max(test_id), 0) + 1 from quiz_test").fetchone()[0]
        streets = participants.street.unique()
        title = (name or "").strip() or f"{quarter_text(checked)}{streets[0] if len(streets) == 1 else ''}党务知识测试"
        connection.execute(
            "insert into quiz_test (test_id, name, quarter, theme, max_score, minutes, marking, draw, per_person, "
            "explain) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [test_id, title, checked, theme, max_score, minutes, marking, draw, count, int(explain)],
        )
        connection.executemany(
            "insert into quiz_test_question values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (test_id, number, q.kind, q.stem, json.dumps(q.options, ensure_ascii=False), q.answer, q.points)
                + (q.tags, q.explanation)
                for number, q in enumerate(pool.itertuples(), 1)
            ],
        )
        numbers = list(range(1, len(pool) + 1))
        for participant_id, person in enumerate(participants.itertuples(), 1):
            connection.execute(
                "insert into quiz_participant (test_id, participant_id, name, duty, street, unit) values (?, ?, ?, ?, ?, ?)",
                [test_id, participant_id, person.name, person.duty or "", person.street, person.unit],
            )
            paper = sorted(chance.sample(numbers, count)) if draw == "each" else numbers
            connection.executemany(
                "insert into quiz_paper values (?, ?, ?, ?)",
                [(test_id, participant_id, position, number) for position, number in enumerate(paper, 1)],
            )
            tokens[participant_id] = issue_link(
                connection, "quiz_token", test_id=test_id, participant_id=participant_id
            )
    return test_id, tokens


def _pool(questions: pd.DataFrame, count, tags, fixed) -> tuple[pd.DataFrame, int]:
    """The bank's questions a test is made from, and how many go on each paper."""
    if questions.empty:
        raise QuizRefused("题库中还没有题目，请先导入题库。")
    if fixed:
        by_id = questions.set_index("question_id", drop=False)
        if missing := [str(i) for i in fixed if i not in by_id.index]:
            raise QuizRefused(f"题库中没有编号为 {'、'.join(missing)} 的题目。")
        return by_id.loc[list(dict.fromkeys(fixed))].reset_index(drop=True), len(dict.fromkeys(fixed))
    if tags:
        questions = questions[questions.tags.map(lambda text: bool(set(bank.tags_of(text)) & set(tags)))]
        if questions.empty:
            raise QuizRefused(f"题库中没有标签为「{'、'.join(tags)}」的题目。")
    if not isinstance(count, int) or count <= 0:
        raise QuizRefused("请填写抽题数量（大于 0 的整数），或选择固定题目。")
    if count > len(questions):
        where = f"标签为「{'、'.join(tags)}」的" if tags else ""
        raise QuizRefused(f"题库中{where}题目只有 {len(questions)} 道，不够抽 {count} 道。")
    return questions.reset_index(drop=True), count


def admit(token: str | None, main: Path | None = None, connection=None) -> Access:
    """The participant a link names (whether or not the test has closed: a closed test's link shows the result),
    or QuizRefused for a link never issued or revoked. Inside a write transaction pass its `connection`."""
    row = admitted_row(token, "quiz_token_access", main, connection)
    return Access(int(row["test_id"]), int(row["participant_id"]), row["name"], row["unit"])


def admitted_row(token: str | None, access: str, main: Path | None = None, connection=None, **params) -> dict:
    """The row the query `access` finds for a participant's link, or QuizRefused for a link never issued or
    revoked."""
    found = link_row(token, access, main, connection, **params)
    if found is None:
        raise QuizRefused(INVALID_LINK)
    if found[0]["revoked"]:
        raise QuizRefused(REVOKED_LINK)
    return found[0]


def reissue(test_id: int, participant_id: int, main: Path | None = None) -> str:
    """Revoke a participant's link and give a new one (a lost phone); their answers stay."""
    with ledger.transaction(main) as connection:
        revoke_links(connection, "quiz_token", test_id=test_id, participant_id=participant_id)
        token = issue_link(connection, "quiz_token", test_id=test_id, participant_id=participant_id)
    return token


def link(base_url: str, token: str) -> str:
    """A participant's personal link."""
    return f"{base_url.rstrip('/')}/quiz?token={token}"
