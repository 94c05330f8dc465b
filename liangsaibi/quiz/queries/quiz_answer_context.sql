-- What storing one answer needs, in one row read under the write lock: the link's participant (revoked or not), the
-- test's state and time limit, the participant's opening and hand-in, and question $number of their paper (kind and
-- options null when their paper has no such question; $number null when handing in).
-- Grain: one row or none. Parameters: $token_hash, $number.
select
    t.token_hash,
    t.test_id,
    t.participant_id,
    t.revoked_at is not null as revoked,
    q.closing_at,
    q.closed_at,
    q.minutes,
    p.opened_at,
    p.submitted_at,
    x.kind,
    x.options
from quiz_token as t
join quiz_participant as p using (test_id, participant_id)
join quiz_test as q using (test_id)
left join quiz_paper as a on a.test_id = t.test_id and a.participant_id = t.participant_id and a.number = $number
left join quiz_test_question as x on x.test_id = a.test_id and x.number = a.number
where t.token_hash = $token_hash
