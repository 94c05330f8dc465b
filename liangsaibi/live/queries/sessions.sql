-- Every scoring session, newest first, with its counts of units and raters.
-- Grain: one row per session. Parameters: none.
select s.session_id, s.name, s.quarter, s.created_at, s.closed_at, s.import_id,
       (select count(*) from live_unit as u where u.session_id = s.session_id)  as units,
       (select count(*) from live_rater as r where r.session_id = s.session_id) as raters
from live_session as s
order by s.session_id desc
