"""What the 数据管理 page needs besides imports: blank templates, the rubric editor's rows (the door is in ops/)."""

import pandas as pd

from liangsaibi.board import export
from liangsaibi.intake.sheets import GUIDE_SHEET
from liangsaibi.intake.validate import SCORING_NAMES
from liangsaibi.store import db

# One blank template per import format: the canonical Chinese header and one example row.
TEMPLATES = {
    "评分表（长表）": pd.DataFrame(
        [["2026Q3", "建设路街道", "省五建社区", "党建引领", "评分人1", 18.5]],
        columns=["季度", "街道", "村(社区)", "指标", "评分人", "得分"],
    ),
    "评分表（宽表）": pd.DataFrame(
        [["2026Q3", "建设路街道", "省五建社区", "评分人1", 18.5, 9, 18, 9, 17, 8, 90]],
        columns=[
            "季度",
            "街道",
            "村(社区)",
            "评分人",
            "党建引领",
            "创新举措",
            "工作成效",
            "阵地建设",
            "承诺践诺",
            "集中攻坚",
            "党务知识",
        ],
    ),
    "承诺事项": pd.DataFrame(
        [[2026, "建设路街道", "省五建社区", "建成党群服务中心示范点", "阵地建设", "2026Q2", "2026-05-20", ""]],
        columns=["年度", "街道", "村(社区)", "承诺事项", "指标", "承诺时限", "完成日期", "备注"],
    ),
    "村(社区)名单": pd.DataFrame([["建设路街道", "省五建社区", "社区"]], columns=["街道", "村(社区)", "类型"]),
    "评分细则": pd.DataFrame(
        [[2026, "党建引领", 20, 20, "党组织领导作用发挥", "平均"]],
        columns=["年度", "指标", "权重", "满分", "说明", "计分方式"],
    ),
    "亮点做法": pd.DataFrame(
        [
            [
                "2026Q3",
                "建设路街道",
                "计划路社区",
                "一核多元融合共治",
                "社区党委牵头，推动无主管楼院治理",
                "集中攻坚",
                "无主管楼院、基层治理",
            ]
        ],
        columns=["季度", "街道", "村(社区)", "标题", "做法", "指标", "标签"],
    ),
    "问题反馈": pd.DataFrame(
        [["2026Q3", "建设路街道", "省五建社区", "党群服务中心开放时间不足", "延长开放时间并公示", "2026Q4", ""]],
        columns=["季度", "街道", "村(社区)", "问题", "整改措施", "整改时限", "完成日期"],
    ),
    "观摩记录": pd.DataFrame(
        [["2026-09-16", "航海西路街道", "平安街社区", "桐柏路街道", "跨街道学习", "学习阵地建设"]],
        columns=["日期", "观摩方", "被观摩村(社区)", "被观摩街道", "类型", "备注"],
    ),
}


WIDE = "评分表（宽表）"  # its theme columns are those of the chosen year's stored rubric


class NoRubric(Exception):
    """A wide score template asked for a year without a stored rubric; the message says what to do."""


def example(name: str, year: int | None = None) -> pd.DataFrame:
    """A template's example row (the 填写说明 sheet), with the wide score sheet's themes from `year`'s rubric."""
    if name != WIDE:
        return TEMPLATES[name]
    if year is None:
        raise NoRubric("请选择年度：宽表的指标列取自该年度的评分细则。")
    themes = db.run("rubric_of_year", year=year)
    if themes.empty:
        raise NoRubric(f"{year} 年还没有评分细则，不能生成宽表模板：请先在“评分细则”中录入或导入 {year} 年的细则。")
    row = [f"{year}Q1", "建设路街道", "省五建社区", "评分人1", *themes.max_score]
    return pd.DataFrame([row], columns=["季度", "街道", "村(社区)", "评分人", *themes.theme])


def template_csv(name: str, year: int | None = None) -> bytes:
    """A blank template as CSV in UTF-8 with BOM: the header only (an example row would be imported as data)."""
    return export.csv_bytes(example(name, year).iloc[:0])


def template_xlsx(name: str, year: int | None = None) -> bytes:
    """A blank template as an Excel workbook: the header alone on the first sheet, an example row on a second
    sheet 填写说明, which the import leaves alone."""
    rows = example(name, year)
    return export.xlsx_bytes(rows.iloc[:0], f"模板_{name}", extra={GUIDE_SHEET: rows})


def rubric_rows(year: int) -> pd.DataFrame:
    """A year's rubric as the editor shows it (Chinese columns, the import format)."""
    rows = db.run("rubric_of_year", year=year)
    rows["scoring"] = rows["scoring"].map(SCORING_NAMES)
    return rows.rename(
        columns={"theme": "指标", "weight": "权重", "max_score": "满分", "description": "说明", "scoring": "计分方式"}
    )


def rubric_file(year: int, edited: pd.DataFrame) -> tuple[str, bytes]:
    """The edited rubric as a rubric file, so it goes through the same checks and history as any import."""
    edited = edited if "计分方式" in edited else edited.assign(计分方式="")
    rows = edited.dropna(how="all").assign(年度=year)[["年度", "指标", "权重", "满分", "说明", "计分方式"]]
    return f"评分细则_{year}_编辑.csv", export.csv_bytes(rows)


def grade_bands(year: int) -> pd.DataFrame:
    """A year's grade thresholds, highest first."""
    return db.run("grade_bands", year=year)
