-- One scoring session: its name, quarter, 计分方式, when created and closed, the import its close wrote,
-- and the unit the meeting screen is told to show. Grain: one row or none. Parameters: $session_id.
select session_id, name, quarter, scoring, created_at, closed_at, import_id, shown
from live_session
where session_id = $session_id
