-- The district's streets with their number of units, in name order.
-- Grain: one row per street. Parameters: none.
with unit_count as (
    select street, count(*) as units
    from unit
    group by all
)
select s.street, coalesce(u.units, 0) as units
from street as s
left join unit_count as u using (street)
order by s.street
