"""What stored data must always satisfy (docs/数据约束.md), as the queries/invariant_*.sql queries find its breaches:
db.change refuses a change that would add one, `check` reports every one found."""

import pandas as pd

from liangsaibi.store.names import shown

RULES = ("scores_in_rubric", "units_registered", "names_clean", "texts_writable")  # queries/invariant_<rule>.sql
TABLE_NAMES = {
    "score": "得分",
    "commitment": "承诺事项",
    "highlight": "亮点做法",
    "problem": "问题反馈",
    "visit": "观摩记录",
    "unit": "村(社区)名单",
    "street": "街道名单",
    "rubric": "评分细则",
    "street_remark": "通报点评",
    "setting": "区设置",
}
BREACHES = {
    "score_theme_unknown": (
        "条的指标不在该年的评分细则中",
        "请导入含这些指标的评分细则，或改正得分的指标（评分细则和得分可以在同一次导入中一起导入）。",
    ),
    "score_out_of_range": (
        "条超出该年评分细则中该指标的 0–满分",
        "请导入改正后的得分，或把评分细则的满分改回（两者可以在同一次导入中一起导入）。",
    ),
    "unit_unregistered": (
        "条所属的村(社区)或街道不在名单中",
        "请先导入含这些村(社区)的名单，或改正这些行的街道和村(社区)。",
    ),
    "name_invisible": (
        "个名称含有看不见的控制字符或格式字符（如改变文字方向的 \\u202e）",
        "请在原表格中删去这些字符，重新导入改正后的名称。",
    ),
    "text_unwritable": (
        "段文字含有换行和制表符以外的控制字符或非字符，无法写入 Excel 或 Word",
        "请删去这些字符后重新导入或保存。",
    ),
}
EXAMPLES = 3  # rows quoted per breach
EXAMPLE_CHARS = 80


class Broken(Exception):
    """A change refused because it would break an invariant; `sentences` says which, how often, with examples."""

    def __init__(self, sentences: list[str]):
        super().__init__("\n".join(sentences))
        self.sentences = sentences


def breaches(run) -> pd.DataFrame:
    """Every stored row that breaks an invariant (invariant, table_name, found), found by the named queries
    invariant_<rule> through `run(name)` (db.runner of a connection, or a read-only inspection's run)."""
    return pd.concat([run(f"invariant_{rule}") for rule in RULES], ignore_index=True)


def added(after: pd.DataFrame, before: pd.DataFrame) -> pd.DataFrame:
    """The breaches in `after` that `before` did not have: a change is judged by what it breaks, so that a database
    that already broke an invariant (made before it was enforced) can still be corrected bit by bit."""
    keys = ["invariant", "table_name", "found"]
    merged = after.merge(before[keys].drop_duplicates(), on=keys, how="left", indicator=True)
    return merged[merged["_merge"] == "left_only"].drop(columns="_merge")


def sentences(found: pd.DataFrame) -> list[str]:
    """One Chinese sentence per invariant and table broken: how many rows, a few of them, and what to do."""
    result = []
    for (invariant, table), rows in found.groupby(["invariant", "table_name"], sort=False):
        breach, fix = BREACHES[invariant]
        examples = "；".join(_example(text) for text in rows.found.head(EXAMPLES))
        more = "等" if len(rows) > EXAMPLES else ""
        result.append(f"{TABLE_NAMES[table]}中有 {len(rows)} {breach}，例如：{examples}{more}。{fix}")
    return result


def refuse_added(after: pd.DataFrame, before) -> None:
    """Raise Broken when `after` holds breaches that were not there before (`before`: a function returning them,
    asked only when there are any after)."""
    if after.empty:
        return
    new = added(after, before())
    if len(new):
        raise Broken(["这项更改未写入，因为写入后" + sentence for sentence in sentences(new)])


def _example(text: str) -> str:
    text = shown(str(text))
    return text if len(text) <= EXAMPLE_CHARS else text[:EXAMPLE_CHARS] + "…"
