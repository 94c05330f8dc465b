-- Every unit of the district in a quarter: total, district rank, 环比 and whether its scoring is complete.
-- Grain: one row per unit scored in $quarter, best first. Parameters: $quarter.
with current_quarter as (
    select *, round2(total) as rounded_total
    from unit_total
    where quarter = $quarter
),
previous as (
    select street, unit, round2(total) as previous_total
    from unit_total
    where quarter = compared_quarter($quarter)
),
ranked as (
    select
        c.quarter                                          as "季度",
        rank() over (order by c.rounded_total desc)        as "排名",
        c.street                                           as "街道",
        c.unit                                             as "村(社区)",
        c.rounded_total                                    as "总分",
        round2(c.rounded_total - p.previous_total)       as "环比",
        round2(c.coverage * 100)                         as "覆盖率",
        case when c.coverage < 1 then '不完整' else '完整' end as "评分状态"
    from current_quarter as c
    left join previous as p using (street, unit)
)
select *
from ranked
order by "排名", "街道", "村(社区)"
