-- A test's participants in the list's order, with when each first opened the link and submitted.
-- Grain: one row per participant. Parameters: $test_id.
select participant_id, name, duty, street, unit, opened_at, submitted_at
from quiz_participant
where test_id = $test_id
order by participant_id
