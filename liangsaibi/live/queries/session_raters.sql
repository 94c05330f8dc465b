-- The raters of a session with their group and whether their link works (one not revoked).
-- Grain: one row per rater, in the order given. Parameters: $session_id.
select r.rater_id, r.name as rater, r.grp as "group",
       exists (select 1 from live_token as t where t.session_id = r.session_id and t.rater_id = r.rater_id
               and t.revoked_at is null) as link_active
from live_rater as r
where r.session_id = $session_id
order by r.rater_id
