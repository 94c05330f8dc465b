-- The closed 现场评分 sessions and the import each close wrote into the main database (check: that import must
-- exist; quiz_closed the same for the knowledge test). Grain: one row per closed session (what, id, name,
-- import_id). Parameters: none.
select '评分场次' as what, session_id as id, name, import_id
from live_session
where closed_at is not null
order by session_id
