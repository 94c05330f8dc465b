-- The units of a session in scoring order, and whether the screen may show a unit's results early.
-- Grain: one row per unit. Parameters: $session_id.
select position, street, unit, revealed
from live_unit
where session_id = $session_id
order by position
