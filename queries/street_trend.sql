-- Street totals from $first to $last with each quarter's rank, for the $top streets best in the range's
-- last quarter and $street; $top null: every street.
-- Grain: one row per street and quarter with scores, oldest first. Parameters: $first, $last, $top, $street.
with in_range as (
    select *
    from street_total
    where quarter >= $first and shown_with(quarter, $last)  -- published only, unless $last is a draft
),
leaders as (
    select street
    from in_range
    where quarter = (select max(quarter) from in_range)
    order by total desc, street
    limit $top
),
trend as (
    select
        quarter        as "季度",
        street         as "街道",
        total          as "总分",
        rank           as "排名",
        units          as "村(社区)数"
    from in_range
    where $top is null or street = $street or street in (select street from leaders)
)
select *
from trend
order by "季度", "排名", "街道"
