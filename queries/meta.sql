-- Facts about the database as a whole: the district's name and whether it holds demo data.
-- Grain: one row per key. Parameters: none.
select key, value
from meta
