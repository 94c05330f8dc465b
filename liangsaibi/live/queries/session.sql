-- One scoring session: its name, quarter, 计分方式, when created, when its close began and ended, the import its
-- close wrote (and the checksum of the sheet it imports), the unit the host has the room on, and the hash of the
-- screen link's token.
-- Grain: one row or none. Parameters: $session_id.
select session_id, name, quarter, scoring, created_at, closing_at, closed_at, import_id, close_checksum, shown, screen_hash
from live_session
where session_id = $session_id
