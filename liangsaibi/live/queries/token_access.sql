-- The rater a token names, with whether the token is revoked and whether its session is closing or closed
-- (a link admits only when none is). Grain: one row or none. Parameters: $token_hash.
select t.token_hash, t.session_id, t.rater_id, r.name as rater,
       t.revoked_at is not null as revoked,
       s.closed_at is not null or s.closing_at is not null as ended
from live_token as t
join live_rater as r using (session_id, rater_id)
join live_session as s using (session_id)
where t.token_hash = $token_hash
