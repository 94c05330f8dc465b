"""The settings of a year's 年度评定: the quarter weights and the 优秀 quota, stored as district settings
(annual_weights_2021 = "1,1,1,2", annual_quota_2021 = "20" or empty for none), each change a history entry."""

import math
from pathlib import Path

import pandas as pd

from liangsaibi.store import db, settings, store

DEFAULT_WEIGHTS = (1.0, 1.0, 1.0, 1.0)
QUARTER_NAMES = ("第一季度", "第二季度", "第三季度", "第四季度")


class YearSettingsRefused(Exception):
    """Quarter weights or a quota that cannot be stored; the message says which and why. Nothing was changed."""


def weights_key(year: int) -> str:
    return f"annual_weights_{year}"


def quota_key(year: int) -> str:
    return f"annual_quota_{year}"


def weights(year: int, path: Path | None = None) -> list[float]:
    """The quarter weights of a year, Q1–Q4 (default 1 each)."""
    stored = settings.stored(path).get(weights_key(year))
    return [float(part) for part in stored.split(",")] if stored else list(DEFAULT_WEIGHTS)


def quota(year: int, path: Path | None = None) -> float | None:
    """The year's 优秀 quota in % of ranked units, or None when there is none (the default)."""
    stored = settings.stored(path).get(quota_key(year), "")
    return float(stored) if stored.strip() else None


def checked_weights(given) -> list[float]:
    """Four quarter weights as numbers, or YearSettingsRefused naming the quarter and value."""
    values = list(given)
    if len(values) != 4:
        raise YearSettingsRefused(f"季度权重须有 4 个（第一至第四季度），收到 {len(values)} 个；未作更改。")
    numbers = []
    for name, value in zip(QUARTER_NAMES, values):
        try:
            number = float(str(value).strip())
        except ValueError:
            number = math.nan
        if not math.isfinite(number) or number < 0:
            raise YearSettingsRefused(f"{name}的权重「{value}」不是大于或等于 0 的数字；未作更改。")
        numbers.append(number)
    if not any(numbers):
        raise YearSettingsRefused("四个季度的权重不能全为 0（至少一个季度要计入年度总分）；未作更改。")
    return numbers


def checked_quota(given) -> float | None:
    """The quota in % (empty: none), or YearSettingsRefused when it is not a number from 0 to 100."""
    text = "" if given is None else str(given).strip().rstrip("%％").strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not 0 <= number <= 100:
        raise YearSettingsRefused(f"优秀比例「{given}」须是 0 到 100 之间的百分数（不设比例请留空）；未作更改。")
    return number


def _text(number: float) -> str:
    return f"{number:g}"


def set_year_settings(year: int, given_weights, given_quota, path: Path | None = None, *, operator: str) -> str:
    """Store a year's quarter weights and 优秀 quota as one entry of the history (kind 区设置), so it can be undone."""
    new_weights, new_quota = checked_weights(given_weights), checked_quota(given_quota)
    changed = {}
    if new_weights != weights(year, path):
        changed[weights_key(year)] = ",".join(map(_text, new_weights))
    if new_quota != quota(year, path):
        changed[quota_key(year)] = "" if new_quota is None else _text(new_quota)
    if not changed:
        return f"{year} 年的年度评定设置没有变化。"
    with db.change(path) as connection:
        table = pd.DataFrame({"key": list(changed), "value": list(changed.values())})
        import_id = store.record_change(connection, "settings", table, operator, f"年度评定设置_{year}_编辑")
    return f"已保存 {year} 年的季度权重和优秀比例（第 {import_id} 号，可撤销）。"
