"""The tables the pages show and the command line exports: one function per view, same rows for both."""

from pathlib import Path

import pandas as pd

from liangsaibi.store import db, settings


def quarters(drafts: bool = False) -> list[str]:
    """The quarters with scores, newest first: the published ones (what viewers see), or with drafts every one."""
    return db.run("quarters", drafts=drafts)["quarter"].tolist()


def quarter_states() -> pd.DataFrame:
    """Every quarter with scores or a state, newest first: published or draft, and its participation (参评)."""
    return db.run("quarter_states")


def draft_quarters() -> tuple[str, ...]:
    """The quarters with scores that are not published yet."""
    states = quarter_states()
    return tuple(states.quarter[~states.published & (states.units_scored > 0)])


def streets() -> list[str]:
    """The district's streets, in the order used for their colours on every page."""
    return db.run("streets")["street"].tolist()


def themes_ever() -> list[str]:
    """Every theme any year's rubric has had, newest rubric's order first."""
    return db.run("themes")["theme"].tolist()


def rubric(year: int) -> pd.DataFrame:
    """The themes of one year's rubric, in order, with weight, 满分 and 说明."""
    return db.run("rubric_of_year", year=year)


def ranking(quarter: str) -> pd.DataFrame:
    """The street ranking of a quarter, with each street's 参评 (units scored / registered now) and 参评状态
    (不完整 when some of its units have no score): a 未参评 street has no row (docs/计分规则.md)."""
    taking_part = participation(quarter)
    return db.run("street_ranking", quarter=quarter).merge(
        taking_part.assign(
            参评=taking_part["参评村(社区)数"].astype(str) + "/" + taking_part["登记村(社区)数"].astype(str)
        )[["街道", "参评", "参评状态"]],
        on="街道",
        how="left",
    )


def participation(quarter: str) -> pd.DataFrame:
    """Every registered street's 参评 in a quarter: units scored, units registered, 完整 / 不完整 / 未参评."""
    return db.run("street_participation", quarter=quarter)


def themes(quarter: str) -> pd.DataFrame:
    """Street × theme scores of a quarter: one row per street, one column per theme in rubric order."""
    long = db.run("street_themes", quarter=quarter)
    order = long["指标"].unique().tolist()
    wide = long.pivot(index=["季度", "街道"], columns="指标", values="得分").reset_index()
    return wide[["季度", "街道", *order]].rename_axis(columns=None)


def trend() -> pd.DataFrame:
    """Street totals and ranks of every street over all quarters."""
    held = quarters()
    return db.run("street_trend", first=min(held, default=""), last=max(held, default=""), top=None, street=None)


def units(quarter: str, street: str) -> pd.DataFrame:
    """The units of one street in a quarter, best first."""
    return db.run("street_units", quarter=quarter, street=street)


def commitments(quarter: str, path: Path | None = None) -> pd.DataFrame:
    """Commitment completion by street as it stood at the end of a quarter."""
    return completion(quarter, path)[0]


def completion(quarter: str, path: Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Commitment completion as it stood at the end of a quarter: by street, and the whole district's one row
    (without 街道): one query counts both."""
    table = db.run("commitment_completion", path=path, quarter=quarter)
    district = table["街道"].isna()
    return table[~district].reset_index(drop=True), table[district].drop(columns="街道").reset_index(drop=True)


def is_sample() -> bool:
    """Whether the loaded data is the built-in demo data."""
    return db.run("meta").set_index("key")["value"].get("sample") == "1"


def district() -> str:
    """The district the database belongs to (empty when nobody gave it)."""
    return settings.current()["district"]


def district_settings() -> dict[str, str]:
    """The district's settings: name, organising office, meeting title (docs/运维.md, 区设置)."""
    return settings.current()


def rank_change_mark(change) -> str:
    """▲2 moved up two places, ▼1 down one, – unchanged, 新 no previous rank (not colour alone)."""
    if pd.isna(change):
        return "新"
    if change == 0:
        return "–"
    return f"▲{int(change)}" if change > 0 else f"▼{-int(change)}"


def with_rank_marks(table: pd.DataFrame) -> pd.DataFrame:
    """A table as a page shows it: its 排名变化 as ▲2 / ▼1 / – / 新 (not +0 or an empty cell); downloads keep the numbers."""
    return table.assign(排名变化=table["排名变化"].map(rank_change_mark))
