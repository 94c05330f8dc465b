"""The administrator's 点评 of streets for a quarter: stored with the history like any change, and undone the same way."""

from pathlib import Path

import pandas as pd

from liangsaibi.store import db, store
from liangsaibi.store.names import refused_in_text
from liangsaibi.store.quarters import quarter_text

LONGEST = 1000


class RemarkRefused(Exception):
    """A remark that cannot be stored; the message names the street and says why. Nothing was changed."""


def remarks(quarter: str, path: Path | None = None) -> dict[str, str]:
    """Street → its remark for the quarter (streets without one are left out)."""
    return dict(
        db.run("street_remarks", path=path, quarter=quarter)[["街道", "点评"]].itertuples(index=False, name=None)
    )


def checked(quarter: str, changes: dict[str, str], path: Path | None = None) -> dict[str, str]:
    """Edited remarks cleaned for storing (spaces trimmed; empty clears a remark), or RemarkRefused."""
    known, rows = set(db.run("streets", path=path)["street"]), {}
    for street, text in changes.items():
        text = str(text or "").strip()
        if street not in known:
            raise RemarkRefused(f"没有「{street}」这个街道，不能写点评；未作更改。")
        if refused_in_text(text):  # docs/数据约束.md: every stored text can be written to .docx and XLSX
            raise RemarkRefused(f"{street}的点评含有控制字符，请删去后再保存；未作更改。")
        if len(text) > LONGEST:
            raise RemarkRefused(f"{street}的点评有 {len(text)} 个字符，最多 {LONGEST} 个；未作更改。")
        rows[street] = text
    return rows


def set_remarks(quarter: str, changes: dict[str, str], path: Path | None = None, *, operator: str) -> str:
    """Store edited remarks of a quarter as one entry of the history (kind 'remarks'), so that it can be undone."""
    before = remarks(quarter, path)
    rows = {street: text for street, text in checked(quarter, changes, path).items() if before.get(street, "") != text}
    if not rows:
        return "点评没有变化。"
    table = pd.DataFrame({"quarter": quarter, "street": list(rows), "remark": list(rows.values())})
    with db.change(path) as connection:
        import_id = store.record_change(connection, "remarks", table, operator, f"通报点评_{quarter}_编辑")
    return f"已保存 {quarter_text(quarter)} {'、'.join(rows)}的点评（第 {import_id} 号，可撤销）。"
