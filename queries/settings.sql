-- The district's stored settings (district, office, meeting title, …); keys not stored take their defaults in code.
-- Grain: one row per key. Parameters: none.
select key, value
from setting
order by key
