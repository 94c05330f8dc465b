"""The tables the pages show and the command line exports: one function per view, same rows for both."""

import pandas as pd

from . import db, settings


def quarters() -> list[str]:
    """The quarters with scores, newest first."""
    return db.run("quarters")["quarter"].tolist()


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
    """The street ranking of a quarter."""
    return db.run("street_ranking", quarter=quarter)


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


def commitments(quarter: str) -> pd.DataFrame:
    """Commitment completion by street as it stood at the end of a quarter."""
    return db.run("commitment_completion", quarter=quarter)


def is_sample() -> bool:
    """Whether the loaded data is the built-in demo data."""
    return db.run("meta").set_index("key")["value"].get("sample") == "1"


def district() -> str:
    """The district the database belongs to (empty when nobody gave it)."""
    return settings.current()["district"]


def district_settings() -> dict[str, str]:
    """The district's settings: name, organising office, meeting title (DOMAIN.md)."""
    return settings.current()
