"""The district's settings: its name, the organising office and the meeting's wording, stored in the database."""

import re
from pathlib import Path

from liangsaibi.store import db
from liangsaibi.store.names import refused_in_text
from liangsaibi.store.quarters import quarter_text

# Key → (label shown to the administrator, default; "{区}" stands for the district's name, "{季度}" for the quarter).
# A key the database does not hold takes its default; a district nobody gave stays empty.
SETTINGS = {
    "district": ("区(县)名称", ""),
    "office": ("组织单位", "中共{区}委组织部"),
    "meeting_title": ("会议名称", "{季度}村(社区)党组织书记“亮赛比”比学交流会"),
    # 现场评分 (docs/现场评分.md): where raters' phones reach the dashboard in the meeting room; links and QR codes use it.
    "meeting_address": ("会场网络地址（现场评分链接和二维码用）", ""),
    # 季度通报 (liangsaibi/bulletin/): an empty date means the day the document is made.
    "bulletin_title": ("通报标题", "关于{季度}村(社区)党组织书记“亮赛比”活动情况的通报"),
    "bulletin_addressees": ("通报主送", "各街道党工委："),
    "bulletin_date": ("通报成文日期", ""),
    "bulletin_requirements": (
        "通报下步要求",
        "各街道党工委要对照本次通报，认真分析排名靠后的村(社区)和得分较低的指标，"
        "逐村(社区)查找差距、制定措施，确保下季度有明显提升。\n"
        "各村(社区)党组织书记要对照年度承诺事项，倒排工期、挂图作战，逾期事项要限期完成、按时销号。\n"
        "区委组织部将持续跟踪各街道整改落实情况，结果纳入年度党建述职评议考核。",
    ),
    # 年度通报 (liangsaibi/annual/): "{年度}" stands for the year as far as it reaches, e.g. 2021年度.
    "annual_bulletin_title": ("年度通报标题", "关于{年度}村(社区)党组织书记“亮赛比”活动评定情况的通报"),
    "annual_bulletin_requirements": (
        "年度通报下步要求",
        "各街道党工委要对照年度排名和等次，总结经验、查找不足，把评定结果作为村(社区)党组织书记年度述职评议的重要依据。\n"
        "获得流动红旗和进步奖的街道、村(社区)要再接再厉，排名靠后的要逐项分析原因、制定整改措施。\n"
        "各村(社区)要对照未完成的承诺事项和逾期未整改的问题，明确时限、限期销号，确保新一年“亮赛比”开好局。",
    ),
    # 党务知识测试 (liangsaibi/quiz/): the rubric's theme a test's result is written to.
    "quiz_theme": ("党务知识测试计入的指标", "党务知识"),
}
LONGEST = 2000
# Settings kept per year (年度评定: quarter weights, 优秀 quota; liangsaibi/annual/year_settings.py), e.g. annual_quota_2021.
YEARLY = re.compile(r"annual_(weights|quota)_\d{4}")


class SettingsRefused(Exception):
    """A setting that cannot be stored; the message names it and says why. Nothing was changed."""


def known(key: str) -> bool:
    """Whether a stored key is a setting of this program (a district setting or a year's 年度评定 setting)."""
    return key in SETTINGS or bool(YEARLY.fullmatch(key))


def stored(path: Path | None = None) -> dict[str, str]:
    """The settings the database holds, without defaults."""
    return dict(db.run("settings", path=path).itertuples(index=False, name=None))


def current(path: Path | None = None) -> dict[str, str]:
    """Every setting, stored or default, with the district's name filled in (the quarter is left as {季度})."""
    values = {key: default for key, (_, default) in SETTINGS.items()} | stored(path)
    district = values["district"]
    return {
        key: value.replace("{区}", district) if district else ("" if "{区}" in value else value)
        for key, value in values.items()
    }


def meeting_title(quarter: str, values: dict[str, str]) -> str:
    """The meeting's title for a quarter, e.g. 2021年第四季度村(社区)党组织书记“亮赛比”比学交流会."""
    return values["meeting_title"].replace("{季度}", quarter_text(quarter))


def checked(changes: dict[str, str]) -> dict[str, str]:
    """Edited settings cleaned for storing (spaces trimmed, full-width letters kept), or SettingsRefused."""
    rows = {}
    for key, value in changes.items():
        if key not in SETTINGS:
            raise SettingsRefused(f"没有名为「{key}」的设置；可设置的有：{'、'.join(SETTINGS)}。")
        label, text = SETTINGS[key][0], str(value).strip()
        if refused_in_text(text):  # docs/数据约束.md: every stored text can be written to .docx and XLSX
            raise SettingsRefused(f"“{label}”含有控制字符，请删去后再保存；未作更改。")
        if len(text) > LONGEST:
            raise SettingsRefused(f"“{label}”有 {len(text)} 个字符，最多 {LONGEST} 个；未作更改。")
        if key == "district" and not text:
            raise SettingsRefused("区(县)名称不能为空，例如 二七区；未作更改。")
        if key == "meeting_address" and text and not reachable_address(text):
            raise SettingsRefused(
                f"“{label}”「{text[:60]}」不是手机在会场网络中能打开的地址：请写成 http://192.168.1.10:8501 这样"
                "（localhost、127.0.0.1 只在本机有效）；未作更改。"
            )
        rows[key] = text
    return rows


def reachable_address(text: str) -> bool:
    """Whether an address is one a phone on the meeting room's network could open: http(s)://host[:port][/path],
    the host not this machine's own name for itself (localhost, 127.x, ::1, 0.0.0.0)."""
    found = re.fullmatch(r"https?://([^/:\s]+|\[[0-9a-fA-F:]+\])(:[0-9]{1,5})?(/\S*)?", text.strip())
    if not found:
        return False
    host = found.group(1).strip("[]").lower()
    return host not in ("localhost", "::1", "0.0.0.0") and not host.startswith("127.")
