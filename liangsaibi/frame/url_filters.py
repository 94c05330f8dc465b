"""The frame's filters as a link gives them (?quarter=…&street=…&theme=…): read, corrected where the intent
is clear, and otherwise named in one sentence saying what is shown instead (docs/计分规则.md, 季度: never a silent switch)."""

import re
from dataclasses import dataclass, field

from liangsaibi.store.names import clean_name
from liangsaibi.store.quarters import parse_quarter, quarter_text

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


@dataclass
class LinkFilters:
    """The filter values to choose before the widgets are drawn, and for each filter whose value was not found
    the sentence saying so with the value shown instead (the sentence holds while that value is shown)."""

    values: dict[str, str] = field(default_factory=dict)
    notes: dict[str, tuple[str, str | None]] = field(default_factory=dict)


def _quoted(text: str) -> str:
    # A link's text is the visitor's, shown as typed: escaped so that Markdown does not act on it.
    escaped = _MARKDOWN.sub(r"\\\1", text)
    return f"“{escaped}”"


def read(
    params: dict[str, str], quarters: list[str], streets: list[str], themes: list[str], drafts: tuple[str, ...] = ()
) -> LinkFilters:
    """What the link's quarter, street and theme mean given the quarters the visitor may see (newest first), the
    streets and themes held, and the drafts (草稿) the visitor may not see."""
    chosen = LinkFilters()
    _quarter(params.get("quarter"), quarters, chosen, drafts)
    _named("street", params.get("street"), streets, chosen, "街道", "本区的街道中", "全部街道")
    _named("theme", params.get("theme"), themes, chosen, "指标", "任何年度的评分细则中", "总分（全部指标）")
    return chosen


def _quarter(raw: str | None, quarters: list[str], chosen: LinkFilters, drafts: tuple[str, ...]) -> None:
    if not raw:
        return
    quarter = parse_quarter(raw)
    if quarter in quarters:
        chosen.values["quarter"] = quarter
        return
    if quarter is None:
        why = "不是可识别的季度（应写成 2021Q4）"
    elif quarter in drafts:
        why = "还没有发布（草稿只有管理员登录后可以查看）"
    else:
        why = f"没有评分数据（有数据的是 {quarter_text(quarters[-1])}至{quarter_text(quarters[0])}）"
    chosen.notes["quarter"] = (
        f"链接中的季度{_quoted(raw)}{why}，下面显示最新的{quarter_text(quarters[0])}。",
        quarters[0],
    )


def _named(
    key: str, raw: str | None, names: list[str], chosen: LinkFilters, what: str, where: str, instead: str
) -> None:
    if not raw or raw in names:
        return
    cleaned = {clean_name(name): name for name in names}.get(clean_name(raw))
    if cleaned is not None:  # full-width brackets or stray spaces: clearly this one
        chosen.values[key] = cleaned
        return
    chosen.notes[key] = (f"链接中的{what}{_quoted(raw)}不在{where}，下面显示{instead}。", None)
