-- Street totals over a range of quarters with rank, 环比 (against the previous calendar quarter),
-- 同比 (against the same quarter a year earlier) and rank change; both may reach back before $first.
-- Grain: one row per street and quarter with scores from $first to $last, newest first. Parameters: $first, $last.
with totals as (
    select
        quarter, street, total, rank,
        previous_quarter(quarter)                                      as quarter_before,
        cast(quarter_year(quarter) - 1 as text) || right(quarter, 2)   as year_before
    from street_total
    where quarter between $first and $last
),
compared as (
    select
        t.quarter, t.street, t.total, t.rank,
        round2(t.total - p.total)            as qoq,
        round2(t.total - y.total)            as yoy,
        cast(p.rank - t.rank as integer)       as rank_change
    from totals as t
    left join street_total as p on p.street = t.street and p.quarter = t.quarter_before
    left join street_total as y on y.street = t.street and y.quarter = t.year_before
),
in_range as (
    select
        quarter        as "季度",
        street         as "街道",
        total          as "总分",
        rank           as "排名",
        qoq            as "环比",
        yoy            as "同比",
        rank_change    as "排名变化"
    from compared
    where quarter between $first and $last
)
select *
from in_range
order by "季度" desc, "排名", "街道"
