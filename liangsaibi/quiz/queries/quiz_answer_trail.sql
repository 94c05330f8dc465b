-- Every answer given in a test with its time, in the order given (the audit). Grain: one row per answer given.
-- Parameters: $test_id.
select a.answer_id, a.answered_at, p.name, p.street, p.unit, a.number, a.given
from quiz_answer as a
join quiz_participant as p using (test_id, participant_id)
where a.test_id = $test_id
order by a.answer_id
