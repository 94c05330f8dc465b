"""计分方式 (docs/计分规则.md, 第1条) as people read it: the year's method, and where the trimmed mean fell back."""

from liangsaibi.store import db

MINIMUM_RATERS = 5  # fewer than this and 去掉最高最低 would leave too few scores: the plain mean stands
NAMES = {"mean": "平均", "trimmed": "去掉最高最低"}


def method_of_quarter(quarter: str, path=None) -> str:
    """'mean' or 'trimmed': the 计分方式 of the quarter's year."""
    return db.run("scoring_of_quarter", path=path, quarter=quarter)["scoring"].iloc[0]


def fallback_sentence(quarter: str, street: str | None = None) -> str | None:
    """One sentence naming the unit–theme pairs kept at the plain mean for want of 5 raters, or None."""
    fell_back = db.run("scoring_fallback", quarter=quarter, street=street)
    if fell_back.empty:
        return None
    named = "、".join(
        f"{row['村(社区)']}·{row['指标']}（{row['评分人数']} 人）" for row in fell_back.head(8).to_dict("records")
    )
    more = f"等 {len(fell_back)} 项" if len(fell_back) > 8 else ""
    return (
        f"{quarter[:4]} 年的计分方式为去掉最高最低，但{named}{more}的评分人少于 {MINIMUM_RATERS} 人，"
        "按平均分计算（未去掉最高最低）。"
    )


def trimmed_mean(scores, method: str) -> tuple[float, bool]:
    """The theme score of one unit's raters (any sequence of numbers) under `method`, and whether a highest and a
    lowest were dropped."""
    scores = list(scores)
    if method == "trimmed" and len(scores) >= MINIMUM_RATERS:
        return (sum(scores) - max(scores) - min(scores)) / (len(scores) - 2), True
    return sum(scores) / len(scores), False
