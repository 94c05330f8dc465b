-- Street totals over a range of quarters with rank, 环比 (against the previous calendar quarter),
-- 同比 (against the same quarter a year earlier) and rank change; both may reach back before $first.
-- Grain: one row per street and quarter with scores from $first to $last, newest first; only $street's
-- rows when it is given. Parameters: $first, $last, $street (may be null: every street).
with changes as (
    select
        quarter        as "季度",
        street         as "街道",
        total          as "总分",
        rank           as "排名",
        qoq            as "环比",
        yoy            as "同比",
        rank_change    as "排名变化"
    from street_total
    where quarter >= $first and shown_with(quarter, $last)  -- published only, unless $last is a draft
      and ($street is null or street = $street)
)
select *
from changes
order by "季度" desc, "排名", "街道"
