-- Every unit of the district with its street and kind (村/社区), for choosing the units of a scoring session.
-- Grain: one row per unit, in street and unit order. Parameters: none.
select street, unit, kind
from unit
order by street, unit
