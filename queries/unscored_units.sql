-- The registered units without any score in a quarter (what publishing it would leave 未参评 or 不完整).
-- Grain: one row per unit, in street and unit order. Parameters: $quarter.
with unscored as (
    select u.street, u.unit
    from unit as u
    anti join (select street, unit from unit_total where quarter = $quarter) as t using (street, unit)
)
select street as "街道", unit as "村(社区)"
from unscored
order by "街道", "村(社区)"
