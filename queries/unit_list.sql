-- Every unit on the unit list with its street and kind (村 / 社区): the choices of the entry forms.
-- Grain: one row per unit, by street and unit. Parameters: none.
select street as "街道", unit as "村(社区)", kind as "类型"
from unit
order by street, unit
