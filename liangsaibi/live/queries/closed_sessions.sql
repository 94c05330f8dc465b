-- The closed sessions and the import each close wrote into the main database (check: that import must exist).
-- Grain: one row per closed session (session_id, name, import_id). Parameters: none.
select session_id, name, import_id
from live_session
where closed_at is not null
order by session_id
