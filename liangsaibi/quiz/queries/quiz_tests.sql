-- Every test, newest first, with its counts of participants, of those who opened their link and who submitted.
-- Grain: one row per test. Parameters: none.
select q.test_id, q.name, q.quarter, q.theme, q.minutes, q.marking, q.draw, q.per_person, q.created_at,
       q.closing_at, q.closed_at, q.import_id,
       (select count(*) from quiz_participant as p where p.test_id = q.test_id) as participants,
       (select count(opened_at) from quiz_participant as p where p.test_id = q.test_id) as opened,
       (select count(submitted_at) from quiz_participant as p where p.test_id = q.test_id) as submitted
from quiz_test as q
order by q.test_id desc
