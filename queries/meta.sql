-- Facts about the database as a whole: its schema version and whether it holds demo data.
-- Grain: one row per key. Parameters: none.
select key, value
from meta
