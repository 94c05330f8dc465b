"""题库: reading a question bank file (CSV/XLSX, read as every import is), refusing bad rows with file, row, column
and value (docs/党务知识测试.md «题库»), and keeping it in the live store."""

import functools
import json
import re
import unicodedata
from pathlib import Path

import pandas as pd

from liangsaibi import intake
from liangsaibi.board import export
from liangsaibi.intake.child import read_table_untrusted
from liangsaibi.intake.sheets import GUIDE_SHEET, ImportRefused, Problem
from liangsaibi.live import ledger
from liangsaibi.store.names import refused_in_text

LETTERS = "ABCDEF"
KINDS = ("单选", "多选", "判断")
OPTIONS = [f"option_{letter}" for letter in LETTERS]
ALIASES = {
    "kind": ["题型", "kind"],
    "stem": ["题干", "题目", "stem"],
    **{f"option_{letter}": [f"选项{letter}", f"option_{letter.lower()}"] for letter in LETTERS},
    "answer": ["答案", "正确答案", "answer"],
    "points": ["分值", "points"],
    "tags": ["标签", "tags"],
    "explanation": ["解析", "explanation"],
}
TRUE_FALSE = {"对": "对", "√": "对", "✓": "对", "错": "错", "×": "错", "✗": "错"}
TEMPLATE = pd.DataFrame(
    [
        [
            "单选",
            "党的最高理想和最终目标是",
            "实现共产主义",
            "全面建成小康社会",
            "实现现代化",
            "",
            "",
            "",
            "A",
            1,
            "党章",
            "",
        ],
        [
            "多选",
            "“三会一课”中的“三会”指",
            "支部党员大会",
            "支部委员会",
            "党小组会",
            "全体群众会",
            "",
            "",
            "ABC",
            2,
            "组织生活",
            "",
        ],
        ["判断", "预备党员的预备期为一年。", "", "", "", "", "", "", "对", 1, "党章", "党章第七条。"],
    ],
    columns=["题型", "题干", *[f"选项{letter}" for letter in LETTERS], "答案", "分值", "标签", "解析"],
)


def blank_files(example: pd.DataFrame, name: str) -> tuple[tuple[bytes, str], tuple[bytes, str]]:
    """A quiz template, blank as every template is: CSV the header only, XLSX the header with the example rows on a
    second sheet 填写说明 that reading leaves alone."""
    workbook = export.xlsx_bytes(example.iloc[:0], name, extra={GUIDE_SHEET: example})
    return (export.csv_bytes(example.iloc[:0]), f"模板_{name}.csv"), (workbook, f"模板_{name}.xlsx")


def read_file(file_name: str, data: bytes, label: str, aliases: dict, required: list[str]):
    """A quiz file's table, read as an import's files are: its shape checked first, then read in a child process
    within the memory and time limits (intake/child.py), so that no file can take the server down."""
    if not data or data.isspace():
        raise ImportRefused([Problem(file_name, "是空的，没有可导入的数据。", "请检查是否选错了文件。")])
    sheet = read_table_untrusted(file_name, data, aliases, required, label, intake.LIMITS)
    if sheet.rows.empty:
        raise ImportRefused([Problem(file_name, "只有表头，没有数据行。", "请把数据填在表头下面。", sheet.sheet)])
    return sheet


def questions_of(file_name: str, data: bytes) -> pd.DataFrame:
    """The file's questions (kind, stem, options as a list, answer, points, tags, explanation), or ImportRefused
    naming every bad cell."""
    sheet = read_file(file_name, data, "题库", ALIASES, ["kind", "stem", "answer"])
    rows = sheet.rows.reindex(columns=list(ALIASES), fill_value="")
    questions, problems, first_row = [], [], {}
    for index, row in rows.iterrows():
        found = _question(row, functools.partial(sheet.problem, index))
        if isinstance(found, Problem):
            problems.append(found)
            continue
        if found["stem"] in first_row:
            problems.append(
                sheet.problem(
                    index,
                    "题干",
                    found["stem"],
                    f"与第 {first_row[found['stem']]} 行的题干重复。",
                    "同一道题只保留一行。",
                )
            )
            continue
        first_row[found["stem"]] = sheet.row_number(index)
        questions.append(found)
    if problems:
        raise ImportRefused(problems)
    return pd.DataFrame(questions)


def _question(row: pd.Series, problem) -> dict | Problem:
    kind, stem = row["kind"], row["stem"]
    if kind not in KINDS:
        return problem("题型", kind, "不是可用的题型。", "题型填 单选、多选 或 判断。")
    if not stem:
        return problem("题干", stem, "为空。", "请填写题干。")
    for column, label in (("stem", "题干"), ("explanation", "解析"), *((o, f"选项{o[-1]}") for o in OPTIONS)):
        if refused_in_text(row[column]):
            return problem(label, row[column], "含有控制字符。", "请删去后重新导入。")
    options = [row[column] for column in OPTIONS]
    while options and not options[-1]:
        options.pop()
    answer, wrong = _answer(kind, row["answer"], options)
    if wrong:
        return problem(*wrong)
    points, wrong = _points(row["points"])
    if wrong:
        return problem("分值", row["points"], wrong, "分值填大于 0 的数，留空按 1 分。")
    return {
        "kind": kind,
        "stem": stem,
        "options": options,
        "answer": answer,
        "points": points,
        "tags": "、".join(tags_of(row["tags"])),
        "explanation": row["explanation"],
    }


def letters_of(text: str) -> str:
    """The letters of an answer as written (A, B, D; a、b; ＡＢ), in order, each once: ABD."""
    folded = re.sub(r"[\s,，、;；/]", "", unicodedata.normalize("NFKC", str(text))).upper()
    return "".join(sorted(set(folded))) if folded.isalpha() and folded.isascii() else folded


def _answer(kind: str, written: str, options: list[str]) -> tuple[str, tuple | None]:
    if kind == "判断":
        if any(options):
            letter = LETTERS[next(i for i, option in enumerate(options) if option)]
            return "", (f"选项{letter}", options[LETTERS.index(letter)], "判断题不应填写选项。", "判断题的选项列留空。")
        if written.strip() not in TRUE_FALSE:
            return "", ("答案", written, "不是判断题的答案。", "判断题的答案填 对 或 错（也可写 √ 或 ×）。")
        return TRUE_FALSE[written.strip()], None
    if len(options) < 2 or not all(options):
        gap = LETTERS[options.index("")] if "" in options else LETTERS[len(options)]
        return "", (f"选项{gap}", "", f"{kind}题至少要有两个选项，且从选项A起连续填写。", "请补齐选项。")
    letters, given = LETTERS[: len(options)], letters_of(written)
    if not given or not given.isalpha() or any(letter not in letters for letter in given):
        what = f"不在本题的选项中（本题选项为 A–{letters[-1]}）。"
        return "", ("答案", written, what, "答案填选项字母，如 B；多选题如 ABD。")
    if kind == "单选" and len(given) != 1:
        fix = "请只填一个字母；有多个正确答案的题请把题型改为多选。"
        return "", ("答案", written, "单选题只能有一个答案。", fix)
    if kind == "多选" and len(given) < 2:
        return "", ("答案", written, "多选题的答案至少要有两个选项。", "只有一个正确答案的题请把题型改为单选。")
    return given, None


def _points(written: str) -> tuple[float, str | None]:
    text = unicodedata.normalize("NFKC", str(written)).strip()
    if text == "":
        return 1.0, None
    try:
        points = float(text)
    except ValueError:
        return 0.0, "不是数字。"
    if not points > 0 or points != points or points == float("inf"):
        return 0.0, "必须大于 0。"
    return points, None


def tags_of(text: str) -> list[str]:
    """标签 as written, separated by 、 , ， ; or spaces."""
    return [tag for tag in re.split(r"[、,，;；\s]+", unicodedata.normalize("NFKC", str(text or ""))) if tag]


def import_bank(file_name: str, data: bytes, main: Path | None = None) -> tuple[int, int]:
    """Bring a 题库 file into the bank: a new 题干 is added, a known one replaced (tests keep their own copies).
    Returns (added, replaced); all or nothing."""
    questions = questions_of(file_name, data)
    with ledger.transaction(main) as connection:
        known = {row[0] for row in connection.execute("select stem from quiz_question")}
        connection.executemany(
            "insert into quiz_question (kind, stem, options, answer, points, tags, explanation) "
            "values (?, ?, ?, ?, ?, ?, ?) on conflict (stem) do update set kind = excluded.kind, "
            "options = excluded.options, answer = excluded.answer, points = excluded.points, tags = excluded.tags, "
            f"explanation = excluded.explanation, imported_at = {ledger.NOW}",
            [
                (q.kind, q.stem, json.dumps(q.options, ensure_ascii=False), q.answer, q.points, q.tags, q.explanation)
                for q in questions.itertuples()
            ],
        )
    replaced = int(questions.stem.isin(known).sum())
    return len(questions) - replaced, replaced


def bank(main: Path | None = None) -> pd.DataFrame:
    """Every question of the bank, options as lists. Grain: one row per question."""
    table = ledger.run("quiz_bank", main)
    table["options"] = table["options"].map(json.loads)
    return table
