-- The participant a link token names, with whether the token is revoked. Grain: one row or none.
-- Parameters: $token_hash.
select t.token_hash, t.test_id, t.participant_id, p.name, p.unit, t.revoked_at is not null as revoked
from quiz_token as t
join quiz_participant as p using (test_id, participant_id)
where t.token_hash = $token_hash
