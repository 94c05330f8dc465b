"""The 年度通报: the year's result as a bulletin, in the 季度通报's layout and template mechanism (docs/季度通报.md).

content() gives the template's names → values; the page's preview (blocks) and the .docx say the same."""

import datetime
from pathlib import Path

import pandas as pd

from liangsaibi.annual import views, year_settings
from liangsaibi.board import views as board_views
from liangsaibi.bulletin import content as quarterly, document, preview, sentences
from liangsaibi.store import db, settings
from liangsaibi.store.quarters import quarter_text

SHIPPED = Path(__file__).with_name("template.docx")
USER_TEMPLATE = db.ROOT / "data" / "templates" / "年度通报.docx"
COLUMNS = {
    "streets": [("rank", "名次"), ("street", "街道"), ("total", "年度总分"), ("units", "计入村(社区)")],
    "best": [("rank", "名次"), ("street", "街道"), ("unit", "村(社区)"), ("total", "年度总分")],
    "flags": [("quarter", "季度"), ("street", "街道"), ("total", "总分")],
    "lessons": [
        ("street", "街道"),
        ("highlights", "亮点数"),
        ("problems", "问题数"),
        ("done", "已整改"),
        ("overdue", "逾期未整改"),
        ("rate", "整改率"),
    ],
}


def template_path() -> Path:
    """The template in use: data/templates/年度通报.docx when the department has put one there."""
    return USER_TEMPLATE if USER_TEMPLATE.is_file() else SHIPPED


def render(year: int, template: Path | None = None) -> bytes:
    """The 年度通报 as .docx bytes, or document.TemplateRefused saying what in the template is wrong."""
    return document.fill(content(year), template or template_path())


def _rank(value) -> str:
    return "—" if pd.isna(value) else str(int(value))


def _points(value) -> str:
    return "—" if pd.isna(value) else sentences.points(value)


def overall(year: int, span: str, units: pd.DataFrame, awards: dict | None) -> list[str]:
    """一、总体情况: the quarters counted, who was ranked, the grades, and the 进步奖 when there is a year before."""
    held = "、".join(quarter_text(quarter)[5:] for quarter in views.published(year))
    weights = "、".join(f"{weight:g}" for weight in year_settings.weights(year))
    ranked = units["名次"].notna()
    counts = units["等次"].value_counts()
    lines = [
        f"{span}按已发布的{held}计分，季度权重依次为{weights}。全区{units['街道'].nunique()}个街道、{len(units)}个"
        f"村(社区)参加评定，其中各季度评分完整、参加排名的{int(ranked.sum())}个"
        + (f"，季度覆盖不完整、不参加排名的{int((~ranked).sum())}个。" if (~ranked).any() else "。"),
        "评定等次："
        + "、".join(f"{grade}{int(counts.get(grade, 0))}个" for grade in ("优秀", "良好", "一般", "较差"))
        + "。"
        + views.terms(year).split("；", 1)[1],
    ]
    if awards is not None and len(awards["街道"]):
        street, units_won = awards["街道"], awards["村(社区)"]
        lines.append(
            f"与{year - 1}年度相比，{sentences.names(street['街道'])}年度总分提高{street['提高'].iloc[0]:.2f}分，进步最大；"
            f"{sentences.names(units_won['村(社区)'])}获村(社区)进步奖。"
        )
    return lines


def flag_lines(held: pd.DataFrame, counts: pd.DataFrame) -> list[str]:
    """三、流动红旗 in words: each quarter's holder(s), and the 年度红旗街道."""
    lines = [
        f"{quarter}，{sentences.names(group['街道'])}获得流动红旗。"
        for quarter, group in held.groupby("季度", sort=False)
    ]
    holders = counts[counts["年度红旗街道"]]
    if len(holders):
        lines.append(f"{sentences.names(holders['街道'])}全年获得流动红旗{holders['红旗数'].max()}面，为年度红旗街道。")
    return lines


def lessons_line(lessons: pd.DataFrame) -> str:
    """五、亮点与整改 in one sentence."""
    total = lessons[["亮点数", "问题数", "已整改", "整改中", "逾期未整改"]].sum()
    return (
        f"全年记录亮点做法{int(total['亮点数'])}条；观摩中提出问题{int(total['问题数'])}个，已整改{int(total['已整改'])}个、"
        f"整改中{int(total['整改中'])}个、逾期未整改{int(total['逾期未整改'])}个。"
    )


def content(year: int, today: datetime.date | None = None) -> dict:
    """The 年度通报 of a year as the template's names → values (text, lists of paragraphs, table rows)."""
    values, span, as_of = settings.current(), views.span(year), views.as_of(year)
    streets, units, awards = views.street_ranking(year), views.unit_ranking(year), views.progress(year)
    held, counts, lessons = views.flags(year), views.flag_counts(year), views.lessons(year)
    district = board_views.completion(as_of)[1].iloc[0]
    best = units[units["等次"] == "优秀"]
    return {
        "year": str(year),
        "span": span,
        "title": values["annual_bulletin_title"].replace("{年度}", span),
        "addressees": values["bulletin_addressees"],
        "office": values["office"],
        "date": quarterly.document_date(values["bulletin_date"], today),
        "overall": overall(year, span, units, awards),
        "ranking_note": "街道年度总分为该街道评分完整的村(社区)年度总分的平均（不是各季度街道总分的平均），"
        "季度覆盖不完整的村(社区)不参加排名、不评等次。",
        "streets": [
            {"rank": _rank(r["名次"]), "street": r["街道"], "total": _points(r["年度总分"]), "units": r["计入村(社区)"]}
            for _, r in streets.iterrows()
        ],
        "best": [
            {"rank": _rank(r["名次"]), "street": r["街道"], "unit": r["村(社区)"], "total": _points(r["年度总分"])}
            for _, r in best.iterrows()
        ],
        "no_best": "本年度没有评为优秀的村(社区)。",
        "flag_lines": flag_lines(held, counts),
        "flags": [{"quarter": r["季度"], "street": r["街道"], "total": _points(r["总分"])} for _, r in held.iterrows()],
        "commitment_summary": sentences.commitments(year, district).replace(
            "截至季度末", f"截至{quarter_text(as_of)}末"
        ),
        "has_commitments": bool(district["承诺数"]),
        "completion": quarterly.completion_rows(views.commitments(year)),
        "lessons_summary": lessons_line(lessons),
        "lessons": [
            {
                "street": r["街道"],
                "highlights": str(r["亮点数"]),
                "problems": str(r["问题数"]),
                "done": str(r["已整改"]),
                "overdue": str(r["逾期未整改"]),
                "rate": quarterly.rate(r["整改率"]),
            }
            for _, r in lessons.iterrows()
        ],
        "requirements": quarterly.paragraphs(values["annual_bulletin_requirements"]),
    }


def table(rows: list[dict], kind: str) -> pd.DataFrame:
    """A table of the 年度通报 with its Chinese headings, cells as in the document (the page's preview)."""
    return pd.DataFrame(
        [[row[key] for key, _ in COLUMNS[kind]] for row in rows], columns=[heading for _, heading in COLUMNS[kind]]
    )


def blocks(values: dict) -> list[tuple[str, str | pd.DataFrame]]:
    """The document's parts in order, as the 季度通报's preview takes them (kind, text or table)."""
    out = [
        *preview.opening(values, f"现将{values['span']}全区村(社区)党组织书记“亮赛比”活动评定情况通报如下。"),
        ("heading", "二、年度排名与等次"),
        ("text", values["ranking_note"]),
        ("subheading", "（一）街道年度排名"),
        ("table", table(values["streets"], "streets")),
        ("subheading", "（二）优秀村(社区)"),
        ("table", table(values["best"], "best")) if values["best"] else ("text", values["no_best"]),
        ("heading", "三、流动红旗"),
        *[("text", line) for line in values["flag_lines"]],
        ("table", table(values["flags"], "flags")),
        ("heading", "四、承诺事项完成情况"),
        ("text", values["commitment_summary"]),
    ]
    if values["has_commitments"]:
        out.append(("table", quarterly.table(values["completion"], "completion")))
    return out + [
        ("heading", "五、亮点与整改"),
        ("text", values["lessons_summary"]),
        ("table", table(values["lessons"], "lessons")),
        *preview.ending(values, "六、下步要求"),
    ]
