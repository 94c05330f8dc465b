-- The visits (观摩记录) made in the quarters $first–$last (null: all), by or to $street when given: the visits
-- it made (观摩方) and those made to its units. Grain: one row per visit, by date, visitor, unit.
-- Parameters: $first, $last, $street.
with chosen as (
    select *
    from visit
    where ($first is null or date_quarter(visited_on) between $first and $last)
      and ($street is null or street = $street or visitor = $street)
)
select
    strftime(visited_on, '%Y-%m-%d') as "日期",
    visitor                          as "观摩方",
    street                           as "被观摩街道",
    unit                             as "被观摩村(社区)",
    kind                             as "类型",
    note                             as "备注"
from chosen
order by visited_on, visitor, street, unit
