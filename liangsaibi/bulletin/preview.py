"""What the 季度通报 page shows: the bulletin's blocks in the document's order, which parts were edited, the file."""

import datetime
import hashlib
from pathlib import Path

import pandas as pd

from liangsaibi.bulletin import content as bulletin_content, document
from liangsaibi.bulletin.content import EDITABLE, table
from liangsaibi.store import db


def today() -> str:
    """Today's date, part of the cache key: an empty 成文日期 means the day the document is made."""
    return datetime.date.today().isoformat()


def content(quarter: str, day: str, wenhao: str = "") -> dict:
    """The bulletin's content as the document has it, for the day given (and its 文号, if any)."""
    return bulletin_content.bulletin(quarter, datetime.date.fromisoformat(day), wenhao)


def template_version() -> dict:
    """The template in use and its checksum: a replaced template makes a new document at once."""
    path = document.template_path()
    return {"template": str(path), "checksum": hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""}


def template_label(template: str) -> str:
    """The template in use as the page names it: the department's own copy or the shipped one."""
    own = Path(template) == document.USER_TEMPLATE
    shown = Path(template).relative_to(db.ROOT) if Path(template).is_relative_to(db.ROOT) else template
    return f"{'自定义模板' if own else '自带模板'} {shown}"


def made(quarter: str, day: str, template: str, checksum: str, wenhao: str = "") -> tuple[bytes | None, str | None]:
    """The .docx of the quarter, or None and the Chinese reason the template cannot make it (made when asked for,
    and kept per database version and template checksum: ui.load)."""
    try:
        return document.fill(content(quarter, day, wenhao), Path(template)), None
    except document.TemplateRefused as refused:
        return None, str(refused)


def status(values: dict) -> str:
    """Which editable parts are the defaults and which the administrator edited, and how many streets have a 点评."""
    edited = [name for name in EDITABLE.values() if name in values["edited"]]
    kept = [name for name in EDITABLE.values() if name not in values["edited"]]
    remarked = sum(1 for street in values["streets"] if street["remark"])
    parts = [
        f"默认：{'、'.join(kept)}" if kept else "",
        f"已编辑：{'、'.join(edited)}" if edited else "",
        f"点评：{remarked} 个街道" if remarked else "本季度尚无点评",
    ]
    said = "；".join(filter(None, parts)) + "。"
    return said + ("成文日期未设置，取生成当天。" if "成文日期" in kept else "")


def blocks(values: dict) -> list[tuple[str, str | pd.DataFrame]]:
    """The document's parts in order, as (kind, text or table): title, to, heading, subheading, text, remark, table."""
    out = [
        *opening(values, f"现将{values['quarter_text']}全区村(社区)党组织书记“亮赛比”活动情况通报如下。"),
        ("heading", "二、街道排名"),
        ("text", values["ranking_summary"]),
        ("table", table(values["ranking"], "ranking")),
    ]
    for street in values["streets"]:
        out += [
            ("text", street["sentence"]),
            *[("remark", f"点评：{line}") for line in street["remark"]],
            *[("text", f"亮点：{line}") for line in street["highlights"]],
            *[("text", f"逾期未整改：{line}") for line in street["rectifications"]],
        ]
    out += [("heading", "三、承诺事项完成情况"), ("text", values["commitment_summary"])]
    if values["has_commitments"]:
        out += [
            ("subheading", "（一）各街道完成情况"),
            ("table", table(values["completion"], "completion")),
            ("subheading", "（二）逾期事项"),
            ("table", table(values["overdue"], "overdue")) if values["overdue"] else ("text", values["no_overdue"]),
        ]
    out += [
        ("heading", "四、红黑榜"),
        ("text", values["boards_summary"]),
        ("subheading", "（一）红榜"),
        ("table", table(values["best"], "board")),
        ("subheading", "（二）黑榜"),
        ("table", table(values["lowest"], "board")),
    ]
    if values["improved"]:
        out += [("subheading", "（三）进步最快"), ("table", table(values["improved"], "improved"))]
    return out + ending(values, "五、下步要求")


def opening(values: dict, sentence: str) -> list[tuple[str, str]]:
    """How a 通报 (quarterly or annual) opens: title, addressees, the `sentence` saying what it reports, then
    一、总体情况 and its paragraphs."""
    return [
        ("title", values["title"]),
        ("to", values["addressees"]),
        ("text", sentence),
        ("heading", "一、总体情况"),
        *[("text", line) for line in values["overall"]],
    ]


def ending(values: dict, heading: str) -> list[tuple[str, str]]:
    """How a 通报 ends: the 下步要求 under its numbered `heading`, then the office and the date that sign it."""
    return [
        ("heading", heading),
        *[("text", line) for line in values["requirements"]],
        ("signature", values["office"]),
        ("signature", values["date"]),
    ]
