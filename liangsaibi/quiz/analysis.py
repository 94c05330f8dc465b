"""What a test tells the 党建办 (docs/党务知识测试.md «分析»): each question's 正确率 and most-chosen wrong option,
正确率 by 标签 and by street, and results by unit and street. Only the papers of those who finished count."""

import pandas as pd

from liangsaibi.live import ledger
from liangsaibi.quiz import bank, results


def attempts(current: results.State) -> pd.DataFrame:
    """Every question on a finished paper, with the street and whether it was fully right.
    Grain: one row per finished participant and question on their paper."""
    people = results.scores(current)
    done = people.loc[people.finished, ["participant_id", "street", "unit"]]
    table = results.marked(current).merge(done, on="participant_id")
    return table.assign(right=table.marks == table.points)


def questions(current: results.State) -> pd.DataFrame:
    """Each question: how many answered it (finished papers), its 正确率 (%) and, for 单选 and 多选, the option not in
    the answer chosen most often, with how many chose it. Grain: one row per question of the test, hardest first."""
    table = attempts(current)
    rows = []
    for question in current.questions.itertuples():
        mine = table[table.number == question.number]
        wrong, chosen = _most_chosen_wrong(question, mine.given)
        rows.append(
            {
                "题号": question.number,
                "题型": question.kind,
                "题干": question.stem,
                "答案": question.answer,
                "标签": question.tags,
                "作答人数": len(mine),
                "正确率": mine.right.mean() * 100 if len(mine) else None,
                "最多人选的错误选项": wrong,
                "选错人数": chosen,
            }
        )
    return pd.DataFrame(rows).sort_values(["正确率", "题号"], na_position="last").reset_index(drop=True)


def _most_chosen_wrong(question, given: pd.Series) -> tuple[str, int]:
    if question.kind == "判断":
        return "", 0
    counts = pd.Series([letter for text in given for letter in text if letter not in question.answer], dtype=object)
    if counts.empty:
        return "", 0
    tally = counts.value_counts()
    top = sorted(tally[tally == tally.max()].index)[0]  # ties: the first letter
    return f"{top}. {question.options[bank.LETTERS.index(top)]}", int(tally.max())


def by_tag(current: results.State) -> pd.DataFrame:
    """正确率 (%) of the questions of each 标签 (a question with two 标签 counts for both). Grain: one row per 标签."""
    table = attempts(current)
    table = table.assign(标签=table.tags.map(lambda text: bank.tags_of(text) or ["（无标签）"])).explode("标签")
    grouped = table.groupby("标签", sort=True).agg(作答次数=("right", "size"), 正确率=("right", "mean"))
    return grouped.assign(正确率=grouped["正确率"] * 100).reset_index().sort_values("正确率", kind="stable")


def by_street(current: results.State) -> pd.DataFrame:
    """Per street: participants who finished, 正确率 (%) of their answers, and the street's result = the mean of its
    units' results (百分制), as a street total is the mean of its units'. Grain: one row per street."""
    table = attempts(current)
    units = results.unit_results(current)
    rows = []
    for street, group in units.groupby("街道", sort=False):
        answered = table[table.street == street]
        rows.append(
            {
                "街道": street,
                "村(社区)数": len(group),
                "交卷人数": int(group["交卷人数"].sum()),
                "正确率": answered.right.mean() * 100 if len(answered) else None,
                "平均分(百分制)": group["平均分(百分制)"].mean(),
            }
        )
    return pd.DataFrame(rows, columns=["街道", "村(社区)数", "交卷人数", "正确率", "平均分(百分制)"])


def people(current: results.State) -> pd.DataFrame:
    """Each participant's status and score, for the administrator only. Grain: one row per participant."""
    table = results.scores(current)
    return pd.DataFrame(
        {
            "姓名": table.name,
            "职务": table.duty,
            "街道": table.street,
            "村(社区)": table.unit,
            "状态": table.status,
            "已答题数": table.answered,
            "得分": table.earned.where(table.finished),
            "总分": table.total,
            "成绩(百分制)": table.score,
            "首次打开": table.opened_at,
            "交卷时间": table.submitted_at,
        }
    )


def street_results(quarter: str, street: str, main=None) -> list[tuple[str, pd.DataFrame, float | None]]:
    """For viewers: each closed test of the quarter that had participants of the street, with the street's units'
    results (counts and means only: no person is named) and the street's result. Newest test first."""
    tests = ledger.run("quiz_tests", main)
    found = []
    for test in tests[(tests.quarter == quarter) & tests.closed_at.notna()].itertuples():
        units = results.unit_results(results.state(int(test.test_id), main))
        units = units[units["街道"] == street].drop(columns=["街道", "未参测"])
        if len(units):
            found.append((test.name, units.reset_index(drop=True), units["平均分(百分制)"].mean()))
    return found
