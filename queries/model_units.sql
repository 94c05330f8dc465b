-- 示范点: the units visited by other streets of the district in the quarters $first–$last; 来访街道数 counts the
-- distinct visiting streets (a visit within the unit's own street, or by a group that is not a street, never counts).
-- Grain: one row per unit visited from outside, most visiting streets first. Parameters: $first, $last.
with from_outside as (
    select *
    from visit
    where visitor <> street and visitor in (select street from street)
      and date_quarter(visited_on) between $first and $last
),
by_unit as (
    select
        street,
        unit,
        count(distinct visitor)                                   as visiting_streets,
        count(*)                                                  as visits,
        string_agg(distinct visitor, '、' order by visitor)        as visitors,
        max(visited_on)                                           as last_visit
    from from_outside
    group by all
)
select
    street                                as "街道",
    unit                                  as "村(社区)",
    visiting_streets                      as "来访街道数",
    visits                                as "观摩次数",
    visitors                              as "来访街道",
    strftime(last_visit, '%Y-%m-%d')      as "最近一次"
from by_unit
order by "来访街道数" desc, "观摩次数" desc, "街道", "村(社区)"
