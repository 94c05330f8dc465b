-- Every unit of the district with its street and kind (村/社区), for choosing the units of a scoring session.
-- Grain: one row per unit, by street, then in roster order (顺序: the units file's row order; units without
-- one after, by name). Parameters: none.
select street, unit, kind
from unit
order by street, position nulls last, unit
