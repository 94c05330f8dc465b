-- The totals (百分制) of every unit of a street over the quarters up to $last (published ones only, unless $last
-- is a draft: shown_with), with the coverage of each.
-- Grain: one row per unit of $street and quarter with scores, oldest first. Parameters: $street, $last.
with trend as (
    select
        quarter                     as "季度",
        unit                        as "村(社区)",
        round2(total)             as "总分",
        round2(coverage * 100)    as "覆盖率"
    from unit_total
    where street = $street and shown_with(quarter, $last)
)
select *
from trend
order by "季度", "村(社区)"
