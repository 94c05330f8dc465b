-- The units of one street in a quarter: total, rank within the street, 环比, grade and coverage.
-- Grain: one row per unit of $street scored in $quarter, best first. Parameters: $quarter, $street.
with current_quarter as (
    select *, round2(total) as rounded_total
    from unit_total
    where quarter = $quarter and street = $street
),
ranked as (
    select *, rank() over (order by rounded_total desc) as unit_rank
    from current_quarter
),
previous as (
    select unit, round2(total) as previous_total
    from unit_total
    where quarter = compared_quarter($quarter) and street = $street
),
listed as (
    select
        r.quarter                                      as "季度",
        r.unit_rank                                    as "排名",
        r.street                                       as "街道",
        r.unit                                         as "村(社区)",
        r.kind                                         as "类型",
        r.rounded_total                                as "总分",
        round2(r.rounded_total - p.previous_total)   as "环比",
        g.grade                                        as "等次",
        round2(r.coverage * 100)                     as "覆盖率",
        case when r.coverage < 1 then '不完整' else '完整' end as "评分状态"
    from ranked as r
    left join previous as p using (unit)
    left join grade_of_year as g
        on g.year = r.year and r.rounded_total >= g.min_total and r.rounded_total < g.below
)
select *
from listed
order by "排名", "村(社区)"
