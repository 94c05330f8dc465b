"""The demo data tells a story a department would discuss: each street has strong and weak themes, and no
commitment's 备注 contradicts the status it is shown with, in any quarter it is read in."""

import datetime

import pandas as pd
import pytest
from fixtures import expected_unit_themes

from liangsaibi.store.build import SAMPLE


def street_theme_scores() -> pd.DataFrame:
    """Street × theme on the 百分制 per quarter, from the demo CSVs (docs/计分规则.md, 第3条): rows (季度, 街道)."""
    return expected_unit_themes().groupby(["季度", "街道", "指标"])["百分制"].mean().unstack()


def test_every_street_is_clearly_stronger_in_some_themes_than_in_others_in_every_quarter():
    scores = street_theme_scores()
    gap = scores.max(axis=1) - scores.min(axis=1)
    assert gap.min() >= 10, gap.idxmin()


def test_each_street_keeps_its_own_profile_from_quarter_to_quarter_and_the_streets_differ():
    scores = street_theme_scores()
    best, worst = scores.idxmax(axis=1).groupby(level="街道"), scores.idxmin(axis=1).groupby(level="街道")
    assert (best.nunique() == 1).all() and (worst.nunique() == 1).all()
    strongest = best.first()
    assert strongest["建设路街道"] == "阵地建设" and worst.first()["建设路街道"] == "创新举措"
    assert strongest.nunique() >= 5  # the heatmap's brightest cell moves from street to street


def quarter_end(quarter: str) -> datetime.date:
    year, number = int(quarter[:4]), int(quarter[-1])
    return datetime.date(year + number // 4, number % 4 * 3 + 1, 1) - datetime.timedelta(days=1)


def statuses_as_read() -> pd.DataFrame:
    """Each commitment's status at the end of every quarter of its year that the dashboard can show (a quarter
    with scores), by docs/计分规则.md (承诺事项): one row per commitment and quarter."""
    commitments = pd.read_csv(SAMPLE / "commitments.csv", encoding="utf-8-sig", dtype={"备注": str}).fillna(
        {"备注": ""}
    )
    quarters = pd.DataFrame({"季度": pd.read_csv(SAMPLE / "scores.csv", encoding="utf-8-sig")["季度"].unique()})
    quarters["年度"] = quarters["季度"].str[:4].astype(int)
    read = commitments.reset_index(names="编号").merge(quarters, on="年度")
    end = read["季度"].map(quarter_end)
    done = pd.to_datetime(read["完成日期"]).dt.date
    due = read["承诺时限"].map(quarter_end)
    read["状态"] = "推进中"
    read.loc[due <= end, "状态"] = "逾期"
    read.loc[done.notna() & (done <= end), "状态"] = "已完成"
    read["迟于时限"] = done.notna() & (done > due)
    return read


# A word in a note → whether a status as read agrees with it.
AGREES = {
    "推进中": lambda row: row.状态 == "推进中",
    "销号": lambda row: row.状态 == "已完成",
    "已完成": lambda row: row.状态 == "已完成",
    "延期": lambda row: row.状态 == "逾期" or (row.状态 == "已完成" and row.迟于时限),
    "逾期": lambda row: row.状态 == "逾期" or (row.状态 == "已完成" and row.迟于时限),
}


@pytest.mark.parametrize("word", list(AGREES))
def test_no_note_contradicts_the_status_it_is_shown_with_in_any_quarter(word):
    read = statuses_as_read()
    noted = read[read["备注"].str.contains(word)]
    agrees = pd.Series([AGREES[word](row) for row in noted.itertuples()], index=noted.index, dtype=bool)
    wrong = noted[~agrees]
    assert wrong[["年度", "村(社区)", "承诺事项", "季度", "状态", "备注"]].values.tolist() == []


def test_the_demo_notes_do_speak_of_status_so_the_check_above_has_something_to_check():
    notes = pd.read_csv(SAMPLE / "commitments.csv", encoding="utf-8-sig")["备注"].dropna()
    assert all(notes.str.contains(word).sum() >= 10 for word in ("推进中", "销号", "延期"))
