"""The bulletin's sentences, written from the numbers: plain functions of tables, the same for page and document."""

import pandas as pd


def points(value: float) -> str:
    """A score as the dashboard shows it, 76.97."""
    return f"{value:.2f}"


def change(delta: float) -> str:
    """A score's change against the previous quarter in words: 提高0.20分, 降低1.05分 or 持平."""
    if round(delta, 2) == 0:
        return "与上季度持平"
    return f"较上季度{'提高' if delta > 0 else '降低'}{points(abs(delta))}分"


def rank_change(moved) -> str:
    """A change of rank in words: 上升2位, 下降1位, 名次不变, or 上季度无排名 (新)."""
    if pd.isna(moved):
        return "上季度无排名"
    moved = int(moved)
    return "名次不变" if moved == 0 else f"{'上升' if moved > 0 else '下降'}{abs(moved)}位"


def names(items) -> str:
    """Names joined as Chinese lists them: 党建引领、创新举措."""
    return "、".join(items)


def participation(quarter_text: str, counts: pd.Series, streets: pd.DataFrame | None = None) -> str:
    """Who took part: 2021年第四季度，全区6个街道、59个村(社区)参加……，5名评分人现场评分; when some registered
    streets or units have no score, 参评 x/y of each and the 未参评 streets by name (docs/计分规则.md)."""
    raters = f"，{int(counts['评分人数'])}名评分人逐村(社区)观摩、现场评分" if counts["评分人数"] else ""
    if streets is None or (streets["参评状态"] == "完整").all():
        return (
            f"{quarter_text}，全区{int(counts['街道数'])}个街道、{int(counts['村(社区)数'])}个村(社区)"
            f"参加“亮赛比”活动{raters}。"
        )
    absent = streets.loc[streets["参评状态"] == "未参评", "街道"]
    return (
        f"{quarter_text}，参评 {int(counts['街道数'])}/{len(streets)} 街道、"
        f"{int(streets['参评村(社区)数'].sum())}/{int(streets['登记村(社区)数'].sum())} 村(社区)（按现登记名单）"
        f"参加“亮赛比”活动{raters}。" + (f"{names(absent)}未参评，不排名、不计入平均。" if len(absent) else "")
    )


def average(value: float, delta: float | None) -> str:
    """The district average, with its 环比 only when there is a previous quarter."""
    said = f"全区村(社区)平均得分{points(value)}分"
    return said + ("。" if delta is None else f"，{change(delta)}。")


def grades(unit_grades: pd.DataFrame, incomplete: int) -> str:
    """How many units have each 等次, and how many were scored incompletely."""
    counted = "、".join(f"{grade}{int(n)}个" for grade, n in zip(unit_grades["等次"], unit_grades["村(社区)数"]))
    missing = f"另有{incomplete}个村(社区)评分不完整，不参加红黑榜。" if incomplete else ""
    return f"按总分评定等次：{counted}。{missing}" if counted else missing


def commitments(year: int, district: pd.Series) -> str:
    """The district's commitment completion as it stood at the quarter's end."""
    if not district["承诺数"]:
        return f"{year}年尚未录入承诺事项。"
    due = "" if pd.isna(district["到期完成率"]) else f"，到期完成率{points(district['到期完成率'])}%"
    overdue = f"，逾期{int(district['逾期'])}项" if district["逾期"] else "，无逾期事项"
    return (
        f"全区{year}年承诺事项{int(district['承诺数'])}项，截至季度末已完成{int(district['已完成'])}项，"
        f"年度完成率{points(district['年度完成率'])}%{due}{overdue}。"
    )


def place(rank: int, ranking: pd.DataFrame) -> str:
    """A street's place: 第2位, or 并列第2位 when another street has the same rounded total."""
    return f"{'并列' if (ranking['排名'] == rank).sum() > 1 else ''}第{int(rank)}位"


def leaders(ranking: pd.DataFrame) -> str:
    """The first street(s) and the most improved one."""
    first = ranking[ranking["排名"] == ranking["排名"].min()]
    said = f"{names(first['街道'])}以{points(first['总分'].iloc[0])}分{'并列' if len(first) > 1 else '位居'}第一"
    improved = ranking.dropna(subset=["环比"]).sort_values(["环比", "总分"], ascending=False).head(1)
    if len(improved) and improved["环比"].iloc[0] > 0:
        said += f"；{improved['街道'].iloc[0]}进步最大，{change(improved['环比'].iloc[0])}"
    partial = "参评状态" in ranking and (ranking["参评状态"] != "完整").any()
    marked = f"（{names(ranking.loc[ranking['参评状态'] != '完整', '街道'])}参评不完整）" if partial else ""
    return f"全区{len(ranking)}个参评街道中，{said}{marked}。" if partial else f"全区{len(ranking)}个街道中，{said}。"


def extremes(theme_scores: pd.Series) -> str:
    """A street's strongest and weakest themes (all of them when tied), or that every theme scored the same."""
    scores = theme_scores.dropna().round(2)
    if scores.empty:
        return "各项指标均无得分"
    best, worst = scores.max(), scores.min()
    if best == worst:
        return (
            f"各项指标得分相同，均为{points(best)}分"
            if len(scores) > 1
            else f"仅{scores.index[0]}有得分（{points(best)}分）"
        )
    top, bottom = scores[scores == best].index, scores[scores == worst].index
    return (
        f"{names(top)}得分最高（{'均为' if len(top) > 1 else ''}{points(best)}分），"
        f"{names(bottom)}得分最低（{'均为' if len(bottom) > 1 else ''}{points(worst)}分）"
    )


def street(row: pd.Series, ranking: pd.DataFrame, theme_scores: pd.Series) -> str:
    """One street's sentence: total, place, change, its strongest and weakest theme."""
    moved = "" if pd.isna(row["环比"]) else f"，{change(row['环比'])}、{rank_change(row['排名变化'])}"
    return (
        f"{row['街道']}总分{points(row['总分'])}分，居全区{place(row['排名'], ranking)}{moved}；"
        f"{extremes(theme_scores)}。"
    )


def boards(boards_: dict[str, pd.DataFrame]) -> str:
    """The best unit, the lowest and the most improved, among the units scored completely."""
    best, lowest, improved = boards_.values()
    if best.empty:
        return "本季度没有评分完整的村(社区)，不排红黑榜。"
    said = (
        f"评分完整的村(社区)中，{best['街道'].iloc[0]}{best['村(社区)'].iloc[0]}以{points(best['总分'].iloc[0])}分"
        f"位居第一，{lowest['街道'].iloc[0]}{lowest['村(社区)'].iloc[0]}得分最低（{points(lowest['总分'].iloc[0])}分）"
    )
    if len(improved) and improved["环比"].iloc[0] > 0:
        said += (
            f"；{improved['街道'].iloc[0]}{improved['村(社区)'].iloc[0]}进步最快，{change(improved['环比'].iloc[0])}"
        )
    return said + "。"
