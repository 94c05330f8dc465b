-- Each unit's 年度总分 of $year (docs/计分规则.md, 年度评定): Σ w·t ÷ Σ w over the year's published quarters of
-- weight > 0 in which its total t is complete (unrounded), and how many of those quarters it was complete in.
-- Grain: one row per unit scored in a counted quarter of $year, in street and unit order.
-- Parameters: $year, $weights (the weights of Q1–Q4, a list of four numbers).
with counted_quarters as (
    select distinct t.quarter, $weights[cast(right(t.quarter, 1) as integer)] as weight
    from unit_total as t
    where t.year = $year and is_published(t.quarter)
),
weighted as (
    select *
    from counted_quarters
    where weight > 0
),
unit_quarters as (
    select t.street, t.unit, t.kind, t.total, t.coverage >= 1 as complete, q.weight
    from unit_total as t
    join weighted as q using (quarter)
    where t.year = $year
),
annual as (
    select
        street,
        unit,
        kind,
        sum(weight * total) filter (where complete) / sum(weight) filter (where complete) as exact_total,
        count(*) filter (where complete)                                                 as quarters_counted,
        (select count(*) from weighted)                                                  as quarters_expected
    from unit_quarters
    group by all
)
select
    street                   as "街道",
    unit                     as "村(社区)",
    kind                     as "类型",
    round2(exact_total)      as "年度总分",
    exact_total,
    quarters_counted,
    quarters_expected
from annual
order by street, unit
