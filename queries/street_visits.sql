-- Who visited whom between streets in the quarters $first–$last: for each visiting street (观摩方) and each
-- street whose units it visited, how many visits and which units; visitors that are not streets are left out.
-- Grain: one row per (visitor, visited street) pair. Parameters: $first, $last.
with from_outside as (
    select *
    from visit
    where visitor <> street and visitor in (select street from street)
      and date_quarter(visited_on) between $first and $last
)
select
    visitor                                          as "观摩方",
    street                                           as "被观摩街道",
    count(*)                                         as "观摩次数",
    string_agg(distinct unit, '、' order by unit)     as "被观摩村(社区)"
from from_outside
group by all
order by "观摩方", "观摩次数" desc, "被观摩街道"
