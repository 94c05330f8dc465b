-- Each registered street's participation (参评) in a quarter: units scored of the units registered now, and
-- 未参评 (none scored, never ranked nor averaged), 不完整 (some) or 完整 (all).
-- Grain: one row per registered street, in the streets' order. Parameters: $quarter.
with registered as (
    select street, count(*) as units_registered
    from unit
    group by all
),
scored as (
    select street, count(*) as units_scored
    from unit_total
    where quarter = $quarter
    group by all
),
participation as (
    select
        r.street                                  as "街道",
        coalesce(s.units_scored, 0)               as "参评村(社区)数",
        r.units_registered                        as "登记村(社区)数",
        case when s.units_scored is null then '未参评'
             when s.units_scored < r.units_registered then '不完整'
             else '完整' end                      as "参评状态"
    from registered as r
    left join scored as s using (street)
)
select *
from participation
order by "街道"
