"""Marking (docs/党务知识测试.md «评分»): plain functions from answers to marks, participants' scores and units'
results; nothing here reads a database."""

import pandas as pd

MARKINGS = {"strict": "全对才得分", "half": "少选得一半"}


def marks(kind: str, answer: str, given: str, points: float, marking: str) -> float:
    """The marks one answer earns: 单选 and 判断 all or nothing; 多选 all or nothing, or (marking 'half') half the
    points for a non-empty subset of the right options with no wrong one; an empty answer earns 0."""
    given = given or ""
    if given == answer:
        return points
    if kind == "多选" and marking == "half" and given and set(given) < set(answer):
        return points / 2
    return 0.0


def score(earned: list[float], total: float) -> float:
    """A participant's score (百分制): marks earned ÷ the paper's total marks × 100."""
    return sum(earned) / total * 100 if total else 0.0


def unit_results(participants: pd.DataFrame, max_score: float) -> pd.DataFrame:
    """Per unit (columns street, unit, name, finished, score of each participant): the mean score of those who
    finished (百分制), that mean on the theme's 满分 scale, and who did not take part (named, not counted as 0).
    A unit nobody finished has no result. Grain: one row per unit, in the participants' order."""
    rows = []
    for (street, unit), group in participants.groupby(["street", "unit"], sort=False):
        done = group[group.finished]
        mean = done.score.mean() if len(done) else None
        rows.append(
            {
                "街道": street,
                "村(社区)": unit,
                "参测人数": len(group),
                "交卷人数": len(done),
                "平均分(百分制)": mean,
                "计入得分": None if mean is None else mean * max_score / 100,
                "未参测": "、".join(group.loc[~group.finished, "name"]),
            }
        )
    return pd.DataFrame(
        rows, columns=["街道", "村(社区)", "参测人数", "交卷人数", "平均分(百分制)", "计入得分", "未参测"]
    )
