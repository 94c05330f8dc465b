-- The rater a token admits: the token's hash, its session and rater, only while the token is not revoked
-- and its session is open. Grain: one row or none. Parameters: $token_hash.
select t.token_hash, t.session_id, t.rater_id, r.name as rater
from live_token as t
join live_rater as r using (session_id, rater_id)
join live_session as s using (session_id)
where t.token_hash = $token_hash and t.revoked_at is null and s.closed_at is null
