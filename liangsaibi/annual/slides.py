"""The meeting screen's 年度排名, 流动红旗 and 进步奖 slides as HTML (pages/present.py draws them); text escaped."""

from html import escape

import pandas as pd

from liangsaibi.screen import slides as screen

STYLE = """<style>
.annual-flags { flex: 1; min-height: 0; display: flex; gap: 3vw; align-items: stretch; }
.annual-flag-rows { flex: 3; display: flex; flex-direction: column; justify-content: center; gap: 1.6vh;
                    font-size: calc(var(--present-size) * 1.3); }
.annual-flag-row { display: flex; align-items: center; gap: 1em; padding: 0.5em 0.8em; background: #111a2e;
                   border-radius: 10px; }
.annual-flag-row .annual-when { color: var(--present-muted); min-width: 8em; }
.annual-flag-row .annual-score { margin-left: auto; font-variant-numeric: tabular-nums; }
.annual-flag { display: inline-block; width: 1.3em; height: 0.9em; background: #dc2626; border-left: 0.12em solid
               #e2e8f0; clip-path: polygon(0 0, 100% 0, 78% 50%, 100% 100%, 0 100%); flex: none; }
.annual-holder { flex: 2; font-size: calc(var(--present-size) * 1.4); display: flex; flex-direction: column; justify-content: center; align-items: center;
                 text-align: center; border: 2px solid var(--present-accent); border-radius: 16px; padding: 2vh 1vw; }
.annual-holder .annual-flag { width: 3.2em; height: 2.2em; font-size: calc(var(--present-size) * 2); }
.annual-holder .annual-name { font-size: calc(var(--present-title) * 1.5); font-weight: 700;
                              color: var(--present-accent); margin: 0.3em 0; overflow-wrap: anywhere; }
.annual-holder .annual-count { font-size: calc(var(--present-size) * 1.4); color: var(--present-muted); }
.annual-award { text-align: center; margin-bottom: 2vh; font-size: calc(var(--present-size) * 1.3); }
.annual-award .annual-name { font-size: calc(var(--present-title) * 1.2); font-weight: 700; color: var(--present-accent); }
</style>"""


def _numbers(rows: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    # Scores as shown everywhere (two decimals, — when missing), written before the table escapes its cells.
    return rows.assign(**{column: rows[column].map(screen.number) for column in columns})


def ranking(streets: pd.DataFrame) -> str:
    """年度排名: the streets by 年度总分 with each published quarter's street total beside it."""
    quarters = [column for column in streets.columns if column.endswith("季度")]
    rows = streets.assign(名次=streets["名次"].map(lambda rank: "—" if pd.isna(rank) else str(rank)))
    return screen.table(_numbers(rows, ["年度总分", *quarters])[["名次", "街道", "年度总分", *quarters, "评分状态"]])


def flags(held: pd.DataFrame, counts: pd.DataFrame) -> str:
    """流动红旗: one row per published quarter with its holder(s), and the year's holder large beside them."""
    by_quarter = held.groupby("季度", sort=False)
    rows = "".join(
        f'<div class="annual-flag-row"><span class="annual-when">{escape(quarter)}</span><span class="annual-flag">'
        f"</span><span>{escape('、'.join(group['街道']))}</span>"
        f'<span class="annual-score">{screen.number(group["总分"].iloc[0])}</span></div>'
        for quarter, group in by_quarter
    )
    holders = counts[counts["年度红旗街道"]]
    holder = (
        f'<div class="annual-holder"><div>年度红旗街道</div><span class="annual-flag"></span>'
        f'<div class="annual-name">{"<br>".join(escape(name) for name in holders["街道"])}</div>'
        f'<div class="annual-count">全年 {holders["红旗数"].max()} 面流动红旗</div></div>'
    )
    return f'{STYLE}<div class="annual-flags"><div class="annual-flag-rows">{rows}</div>{holder}</div>'


def progress(awards: dict[str, pd.DataFrame]) -> str:
    """进步奖: the street(s) large, the units in a table under them."""
    streets = awards["街道"]
    named = "、".join(escape(name) for name in streets["街道"])
    rises = "、".join(f"{rise:+.2f}" for rise in streets["提高"])
    head = (
        f'<div class="annual-award">进步最大的街道<div class="annual-name">{named}</div>年度总分提高 {rises} 分</div>'
        if len(streets)
        else '<div class="annual-award">没有两年都评分完整的街道可比。</div>'
    )
    units = _numbers(awards["村(社区)"], ["上年年度总分", "年度总分"])
    units = units.assign(提高=awards["村(社区)"]["提高"].map(lambda rise: f"{rise:+.2f}"))
    return f"{STYLE}{head}{screen.table(units, lines=len(units) + 6) if len(units) else ''}"
