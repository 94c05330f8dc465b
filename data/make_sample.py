"""Write deterministic demo CSVs (units, rubric, scores, commitments, highlights, problems, visits) for 中原区 to data/sample/."""

import csv
import datetime
import random
from pathlib import Path

OUT = Path(__file__).parent / "sample"
YEARS = range(2021, 2027)
QUARTERS = [f"{y}Q{q}" for y in YEARS for q in range(1, 5)][:-1]  # data stand as of 2026Q3
AS_OF = datetime.date(2026, 9, 30)

# Units named in the source article come first; the rest are invented so every street has 7–14.
UNITS = {
    "建设路街道": "省五建社区 市场街社区 中心医院社区 计划路社区 协作路社区 阳光新城社区 "
    "棉纺东路社区 百花社区 华山路社区 工人新村社区",
    "中原西路街道": "洛达庙村 后河卢村 王庄村 孙庄村 西流湖社区 锦艺城社区 秦岭路社区 绿都城社区 中原新城社区",
    "航海西路街道": "前进南社区 湖光社区 嵩山南路社区 帝湖社区 郑密路社区 陇海西路社区 祥和社区 建新社区",
    # The article counts 13 社区 and 1 村 in 汝河路街道.
    "汝河路街道": "汝河小区社区 桐淮社区 李江沟村 汝河东社区 伏牛路社区 淮河路社区 颍河路社区 "
    "棉纺南路社区 华中社区 新华社区 绿荫社区 前进北社区 康宁社区 金桥社区",
    "桐柏路街道": "平安街社区 城开社区 桐柏北社区 互助路社区 电厂社区 大岗刘村 卧龙岗村",
    "须水街道": "付庄村 须水村 董岗村 西岗村 岗坡村 白寨村 柳湖村 常庄村 河西袁村 沟赵村 须水社区",
}
UNITS = {street: names.split() for street, names in UNITS.items()}

# Clearly weak units, so the red traffic light and the 较差 grade show up in the demo.
WEAK_UNITS = {"沟赵村": -9.0, "祥和社区": -7.0}

# Each street's strong and weak themes, in points of the 百分制 on top of its level, so that the heatmap and
# the radar show what a department discusses (a street strong in 阵地建设 and weak in 创新举措 …).
PROFILES = {
    "建设路街道": {"阵地建设": 6, "党建引领": 4, "集中攻坚": -2, "创新举措": -10},
    "中原西路街道": {"创新举措": 8, "集中攻坚": 4, "党务知识": -3, "阵地建设": -9},
    "航海西路街道": {"工作成效": 6, "承诺践诺": 4, "党务知识": -10},
    "汝河路街道": {"集中攻坚": 8, "无疫创建": 4, "阵地建设": -3, "工作成效": -8},
    "桐柏路街道": {"党务知识": 8, "党建引领": 3, "承诺践诺": -10},
    "须水街道": {"承诺践诺": 6, "工作成效": 3, "创新举措": -4, "阵地建设": -8},
}

# (theme, 满分, 说明); 满分 stays the same every year, only weights change.
THEMES = [
    ("党建引领", 20, "党组织领导作用发挥及政治建设情况"),
    ("创新举措", 10, "工作思路创新和特色品牌打造"),
    ("工作成效", 20, "中心工作推进成效及群众满意度"),
    ("阵地建设", 10, "党群服务中心建设及作用发挥"),
    ("承诺践诺", 20, "年度承诺事项公示及完成情况"),
    ("集中攻坚", 10, "基层党建重点任务集中攻坚行动成效"),
    ("无疫创建", 10, "无疫社区(村)创建及疫情防控情况"),
    ("党务知识", 100, "党组织书记党务知识测试成绩"),
]
MAX_SCORE = {theme: max_score for theme, max_score, _ in THEMES}
WEIGHTS_2021 = {theme: 12.5 for theme, _, _ in THEMES}  # no published weights: even split
WEIGHTS_2023 = {
    "党建引领": 20,
    "创新举措": 15,
    "工作成效": 20,
    "阵地建设": 10,
    "承诺践诺": 15,
    "集中攻坚": 10,
    "党务知识": 10,
}
WEIGHTS_2025 = {
    "党建引领": 20,
    "创新举措": 15,
    "工作成效": 25,
    "阵地建设": 10,
    "承诺践诺": 15,
    "集中攻坚": 5,
    "党务知识": 10,
}
RUBRIC = {y: WEIGHTS_2021 if y <= 2022 else WEIGHTS_2023 if y <= 2024 else WEIGHTS_2025 for y in YEARS}

# (title, theme, first year, last year): 2021 pledges were made before the July 2021 flood,
# and epidemic work ended with 2022.
COMMITMENTS = [
    ("建成党群服务中心示范点", "阵地建设", 2021, 2026),
    ("开展“我为群众办实事”活动不少于12次", "承诺践诺", 2021, 2026),
    ("无主管楼院治理全覆盖", "集中攻坚", 2021, 2026),
    ("发展党员2名", "党建引领", 2021, 2026),
    ("完成灾后恢复重建项目", "集中攻坚", 2022, 2022),
    ("培育社区社会组织3个", "承诺践诺", 2021, 2026),
    ("建设“5分钟党建圈”", "阵地建设", 2021, 2026),
    ("实现“无疫社区(村)”创建达标", "无疫创建", 2021, 2022),
    ("党员冬训全覆盖", "党建引领", 2021, 2026),
    ("打造“红色物业”服务品牌", "创新举措", 2021, 2026),
    ("完成软弱涣散党组织整顿", "集中攻坚", 2021, 2026),
    ("新建小区党支部2个", "集中攻坚", 2021, 2026),
    ("组建党员志愿服务队1支", "党建引领", 2021, 2026),
    ("党群服务中心每周开放不少于60小时", "阵地建设", 2021, 2026),
    ("开展“党员亮身份”活动", "承诺践诺", 2021, 2026),
    ("举办“邻里节”活动2场", "承诺践诺", 2021, 2026),
    ("整治背街小巷环境卫生", "工作成效", 2021, 2026),
    ("村集体经济收入增长10%", "工作成效", 2021, 2026),
]

# A theme nobody scored in these unit×quarter cases, so the demo shows coverage below 100 %.
MISSING = {
    ("2021Q4", "白寨村", "无疫创建"),
    ("2022Q3", "锦艺城社区", "党务知识"),
    ("2024Q2", "金桥社区", "创新举措"),
    ("2025Q1", "电厂社区", "阵地建设"),
    ("2026Q3", "帝湖社区", "集中攻坚"),
}


def street_level(street, t):
    """Return the street's 百分制 base level in quarter number t (0 = 2021Q1)."""
    if street == "建设路街道":
        return 89.5 + 0.1 * t
    if street == "桐柏路街道":
        return 87.0
    if street == "中原西路街道":
        return 70.0 + 20.0 * t / (len(QUARTERS) - 1)  # steady climb over the years
    if street == "汝河路街道":
        flood_dip = {2: 12.0, 3: 12.0, 4: 8.0, 5: 4.0, 6: 1.5}  # July 2021 flood, rebuilt in 2022
        return 80.0 - flood_dip.get(t, 0.0)
    if street == "航海西路街道":
        return 80.0 + 2.0 * (t % 4 - 1.5) / 1.5  # small swing within each year
    return 70.0 + 3.0 * ((t // 2) % 2 * 2 - 1)  # 须水街道: up and down around 70


def write_csv(name, header, rows):
    """Write rows as UTF-8 with BOM, so Excel and WPS on Chinese Windows show them correctly."""
    with open(OUT / name, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def unit_rows():
    """Return one row per unit with its kind taken from the name ending."""
    return [
        (street, unit, "村" if unit.endswith("村") else "社区") for street, units in UNITS.items() for unit in units
    ]


def rubric_rows():
    """Return one row per year and theme, in the theme order of THEMES."""
    return [
        (year, theme, weight, MAX_SCORE[theme], note)
        for year in YEARS
        for theme, _, note in THEMES
        if (weight := RUBRIC[year].get(theme)) is not None
    ]


def score_rows(rng):
    """Return one row per quarter, unit, theme and rater, driven by a latent level per unit."""
    offsets = {unit: WEAK_UNITS.get(unit, rng.uniform(-4, 4)) for units in UNITS.values() for unit in units}
    rows = []
    for t, quarter in enumerate(QUARTERS):
        themes = RUBRIC[int(quarter[:4])]
        for street, units in UNITS.items():
            raters = rng.randint(3, 5)  # the observation group changes from quarter to quarter
            for unit in units:
                level = street_level(street, t) + offsets[unit] + rng.gauss(0, 2)
                for theme in themes:
                    if (quarter, unit, theme) in MISSING:
                        continue
                    theme_level = level + PROFILES[street].get(theme, 0)
                    for r in range(1, raters + 1):
                        share = min(max(theme_level / 100 + rng.gauss(0, 0.04), 0), 1)
                        score = f"{MAX_SCORE[theme] * share:.1f}"
                        rows.append((quarter, street, unit, theme, f"评分人{r}", score))
    return rows


def quarter_end(year, q):
    """Return the last day of quarter q of year."""
    first_of_next = datetime.date(year + q // 4, q % 4 * 3 + 1, 1)
    return first_of_next - datetime.timedelta(days=1)


def completion(rng, year, q):
    """Return (完成日期, 备注): mostly on time, some late, some never done."""
    due = quarter_end(year, q)
    roll = rng.random()
    if roll < 0.75:
        earliest = min(120, (due - datetime.date(year, 1, 1)).days)  # pledged at the year's start
        done = due - datetime.timedelta(days=rng.randint(0, earliest))
    elif roll < 0.90:
        done = due + datetime.timedelta(days=rng.randint(1, 120))
    else:
        done = None
    if done is not None and done > AS_OF:
        done = None  # nothing can be finished after the data stand
    return (done.isoformat() if done else ""), note(rng, year, due, done)


# Notes that say nothing of the status, and notes that do, given only where they hold (see note()).
PLAIN_NOTES = ["纳入街道重点督办事项", "联合辖区共建单位实施", "群众点单、党组织派单", "结合“我为群众办实事”开展"]
DELAY_REASONS = ["延期原因：汛期影响", "延期原因：资金未到位"]


def status(done, due, end):
    """The status as it stood at `end` (docs/计分规则.md, 承诺事项)."""
    if done is not None and done <= end:
        return "已完成"
    return "逾期" if due <= end else "推进中"


def note(rng, year, due, done):
    """Return a 备注 that stays true in every quarter it is read in.

    The dashboard shows a commitment as it stood at the end of each quarter of its year, and a note is the same
    in all of them: "已销号" only on what was done by the end of the first such quarter, "推进中" only on what is
    neither done nor due in any, a delay reason only on what was already overdue in the first.
    """
    ends = [quarter_end(year, q) for q in range(1, 5) if quarter_end(year, q) <= AS_OF]
    statuses = {status(done, due, end) for end in ends}
    fitting = []
    if statuses == {"已完成"}:
        fitting = ["已销号"]
    elif statuses == {"推进中"}:
        fitting = ["推进中"]
    elif all(s == "逾期" or (s == "已完成" and done > due) for s in statuses):
        fitting = DELAY_REASONS + ["延期原因：疫情影响"] * (year <= 2022)
    if fitting and rng.random() < 0.6:
        return rng.choice(fitting)
    return rng.choice(PLAIN_NOTES) if rng.random() < 0.12 else ""


def commitment_rows(rng):
    """Return 2–4 commitments per unit and year with distinct titles from the pool."""
    rows = []
    for year in YEARS:
        pool = [(title, theme) for title, theme, first, last in COMMITMENTS if first <= year <= last]
        for street, units in UNITS.items():
            for unit in units:
                for title, theme in rng.sample(pool, rng.randint(2, 4)):
                    q = rng.randint(1, 4)
                    done, note = completion(rng, year, q)
                    rows.append((year, street, unit, title, theme, f"{year}Q{q}", done, note))
    return rows


# --- 观摩与比学: highlights, problems raised on the spot, visits ------------------------------------
# 2021Q4 follows the source article; every other quarter is drawn from the pools below (own generator, so
# that changes to the scores above do not move these rows).

ARTICLE_HIGHLIGHTS = [  # (street, unit, title, practice, theme, tags)
    (
        "建设路街道",
        "计划路社区",
        "“一核多元融合共治”治理无主管楼院",
        "社区党委为主导，联合驻区单位、物业和楼院居民，探索并建立起“一核多元融合共治”的无主管楼院治理新路子。",
        "集中攻坚",
        "无主管楼院、基层治理",
    ),
    (
        "建设路街道",
        "省五建社区",
        "功能完善的党群服务中心",
        "打造功能完善、服务多样、亲民便民的党群服务中心。",
        "阵地建设",
        "党群服务中心",
    ),
    (
        "建设路街道",
        "中心医院社区",
        "居民自治委员会守护无疫家园",
        "充分发挥居民自治委员会作用，共同守护无疫家园，共同创建无疫社区。",
        "无疫创建",
        "无疫创建、居民自治",
    ),
    (
        "建设路街道",
        "协作路社区",
        "“我为群众办实事”送温暖",
        "立足党史学习教育“我为群众办实事”实践活动，将党组织的温暖送到居民身边。",
        "承诺践诺",
        "我为群众办实事",
    ),
    (
        "桐柏路街道",
        "城开社区",
        "5分钟党建圈·10分钟生活圈·15分钟养老圈",
        "以居民需求为导向，建成5分钟党建圈、10分钟生活圈、15分钟养老圈，扎实推进社区治理。",
        "创新举措",
        "党建圈、养老服务",
    ),
    (
        "桐柏路街道",
        "平安街社区",
        "“党建+商户+公益活动”金丝带",
        "抓社会组织建设，以“党建+商户+公益活动”的金丝带联结辖区商户参与公益。",
        "创新举措",
        "社会组织、商户",
    ),
    (
        "汝河路街道",
        "汝河小区社区",
        "“红色加油站”6+6党建服务",
        "盘活现有资源，打造党建游园，深化“红色加油站”的“6+6党建服务理念”。",
        "创新举措",
        "红色加油站、党建游园",
    ),
    (
        "汝河路街道",
        "桐淮社区",
        "“桐淮力量”重塑党群服务中心",
        "“重塑”党群服务中心，带着“桐淮力量”党建品牌、“桐淮记忆”示范效应迎接小区群众。",
        "阵地建设",
        "党群服务中心、党建品牌",
    ),
    ("汝河路街道", "李江沟村", "村集体经济提质", "盘活集体资产，推动村集体经济提质增效。", "工作成效", "集体经济"),
    (
        "中原西路街道",
        "洛达庙村",
        "先进党群服务中心",
        "党群服务中心规范化建设，服务项目上墙、开放时间公示。",
        "阵地建设",
        "党群服务中心",
    ),
    (
        "须水街道",
        "付庄村",
        "先进党群服务中心",
        "党群服务中心功能分区清晰，村务公开和便民服务一站办理。",
        "阵地建设",
        "党群服务中心、村务公开",
    ),
]
ARTICLE_VISITS = [  # (date, visitor, street, unit, note): streets that went to other streets' 示范点
    ("2021-12-16", "航海西路街道", "桐柏路街道", "平安街社区", "学习阵地打造、基层治理"),
    ("2021-12-16", "航海西路街道", "建设路街道", "省五建社区", "学习党群服务中心示范点提升"),
    ("2021-12-15", "汝河路街道", "须水街道", "付庄村", "学习党群服务中心建设"),
    ("2021-12-15", "汝河路街道", "桐柏路街道", "平安街社区", "学习党群服务中心建设"),
    ("2021-12-15", "汝河路街道", "中原西路街道", "洛达庙村", "学习党群服务中心建设"),
]
TOUR_DAYS_2021Q4 = {
    "建设路街道": 17,
    "中原西路街道": 17,
    "航海西路街道": 16,
    "汝河路街道": 15,
    "桐柏路街道": 15,
    "须水街道": 14,
}
PRACTICES = [  # (title, practice, theme, tags); {unit} is filled in
    (
        "红色物业联席会",
        "{unit}党组织牵头，每月召开物业、业委会、居民代表联席会，协调解决物业服务难题。",
        "创新举措",
        "红色物业、基层治理",
    ),
    ("党员先锋岗", "在党群服务中心和网格中设立党员先锋岗，亮身份、亮承诺、亮服务。", "党建引领", "党员先锋"),
    ("邻里议事厅", "居民事居民议，每月一次邻里议事，议定事项公示、办理、反馈。", "工作成效", "居民议事、基层治理"),
    (
        "网格党建",
        "党员就近编入网格，网格员+党员“双报到”，问题在网格内发现、在网格内解决。",
        "集中攻坚",
        "网格化、双报到",
    ),
    ("承诺事项挂图作战", "年度承诺事项上墙公示，按季度挂图推进、逐项销号。", "承诺践诺", "承诺公示"),
    ("党群服务中心错时开放", "党群服务中心早开晚闭、周末不休，满足上班族办事需求。", "阵地建设", "党群服务中心"),
    ("老旧小区改造议事", "改造前入户征求意见，改造中党员监督，改造后居民评议。", "工作成效", "老旧小区、居民议事"),
    ("党务知识周周学", "两委成员每周集中学习党务知识一次，季度测试、当场讲评。", "党务知识", "学习教育"),
]
VILLAGE_PRACTICES = [
    (
        "“四议两公开”全落实",
        "村级重大事项一律按“四议两公开”办理，过程留痕、结果公示。",
        "党建引领",
        "四议两公开、村务公开",
    ),
    ("集体经济合作社", "成立股份经济合作社，盘活闲置资产，集体收入逐年增长。", "工作成效", "集体经济"),
]
PROBLEMS = [  # (problem, action)
    ("党群服务中心开放时间不足，周末无人值守", "实行错时延时开放，排班表上墙公示"),
    ("党员活动记录不全，台账不规范", "按统一模板补齐台账，专人每月检查"),
    ("无主管楼院治理覆盖不全", "摸排无主管楼院，逐院成立楼院党小组"),
    ("承诺事项公示不及时", "承诺事项在公示栏和微信群同步公示"),
    ("网格员配备不足", "按每300户一名网格员补齐，党员优先"),
    ("阵地标识不统一、不规范", "按全区统一标准更换标识"),
    ("居民议事会议记录缺失", "规范议事记录，会后三日内公示结果"),
    ("党建品牌特色不鲜明", "结合辖区实际提炼品牌，形成可复制做法"),
]


def highlight_rows(rng):
    """Return 2 highlights per street and quarter from the pools, and the article's for 2021Q4."""
    rows = [("2021Q4", *row) for row in ARTICLE_HIGHLIGHTS]
    for quarter in QUARTERS:
        for street, units in UNITS.items():
            if quarter == "2021Q4" and any(row[0] == street for row in ARTICLE_HIGHLIGHTS):
                continue
            for unit in rng.sample(units, 2):
                pool = PRACTICES + (VILLAGE_PRACTICES if unit.endswith("村") else [])
                title, practice, theme, tags = rng.choice(pool)
                rows.append((quarter, street, unit, title, practice.format(unit=unit), theme, tags))
    return rows


def problem_rows(rng):
    """Return 1–2 problems per street and quarter: most rectified on time, some late, some still open."""
    rows = []
    for t, quarter in enumerate(QUARTERS):
        year, q = int(quarter[:4]), int(quarter[-1])
        for street, units in UNITS.items():
            for unit in rng.sample(units, rng.randint(1, 2)):
                problem, action = rng.choice(PROBLEMS)
                due_index = min(t + rng.randint(0, 2), len(QUARTERS) + 1)
                due = f"{2021 + due_index // 4}Q{due_index % 4 + 1}"
                end = quarter_end(int(due[:4]), int(due[-1]))
                roll = rng.random()
                done = (
                    end - datetime.timedelta(days=rng.randint(0, 60))
                    if roll < 0.7
                    else end + datetime.timedelta(days=rng.randint(5, 100))
                    if roll < 0.85
                    else None
                )
                start = datetime.date(year, 3 * q - 2, 1)
                done = None if done is None or done > AS_OF else max(done, start + datetime.timedelta(days=20))
                rows.append((quarter, street, unit, problem, action, due, done.isoformat() if done else ""))
    return rows


def visit_rows(rng, highlights):
    """Return each street's 逐村观摩 of its own units every quarter, the article's visits to other streets'
    示范点 in 2021Q4, and now and then one street visiting another street's highlighted unit."""
    rows = []
    highlighted = {}
    for quarter, street, unit, *_ in highlights:
        highlighted.setdefault(quarter, []).append((street, unit))
    for quarter in QUARTERS:
        year, q = int(quarter[:4]), int(quarter[-1])
        for street, units in UNITS.items():
            day = TOUR_DAYS_2021Q4[street] if quarter == "2021Q4" else rng.randint(10, 20)
            date = datetime.date(year, 3 * q, day).isoformat()
            rows += [(date, street, unit, street, "", "逐村观摩") for unit in units]
        if quarter == "2021Q4":
            rows += [(date, visitor, unit, street, "", note) for date, visitor, street, unit, note in ARTICLE_VISITS]
            continue
        for visitor in rng.sample(list(UNITS), rng.randint(1, 2)):
            others = [pair for pair in highlighted.get(quarter, []) if pair[0] != visitor]
            for street, unit in rng.sample(others, min(2, len(others))):
                date = datetime.date(year, 3 * q, rng.randint(21, 28)).isoformat()
                rows.append((date, visitor, unit, street, "", "学习亮点做法"))
    return rows


def main():
    """Generate all demo CSVs from one fixed seed."""
    rng = random.Random(20211217)  # the day of the observation tour in the source article
    OUT.mkdir(exist_ok=True)
    write_csv("units.csv", ["街道", "村(社区)", "类型"], unit_rows())
    write_csv("rubric.csv", ["年度", "指标", "权重", "满分", "说明"], rubric_rows())
    write_csv("scores.csv", ["季度", "街道", "村(社区)", "指标", "评分人", "得分"], score_rows(rng))
    write_csv(
        "commitments.csv",
        ["年度", "街道", "村(社区)", "承诺事项", "指标", "承诺时限", "完成日期", "备注"],
        commitment_rows(rng),
    )
    learning = random.Random(20211215)  # the 观摩 rows have their own generator
    highlights = highlight_rows(learning)
    write_csv("highlights.csv", ["季度", "街道", "村(社区)", "标题", "做法", "指标", "标签"], highlights)
    write_csv(
        "problems.csv", ["季度", "街道", "村(社区)", "问题", "整改措施", "整改时限", "完成日期"], problem_rows(learning)
    )
    write_csv(
        "visits.csv",
        ["日期", "观摩方", "被观摩村(社区)", "被观摩街道", "类型", "备注"],
        visit_rows(learning, highlights),
    )


if __name__ == "__main__":
    main()
