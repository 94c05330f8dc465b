-- A test's participants in the list's order, with when each first opened the link and submitted.
-- Grain: one row per participant. Parameters: $test_id, $participant_id (null: everyone).
select participant_id, name, duty, street, unit, opened_at, submitted_at
from quiz_participant
where test_id = $test_id
  and ($participant_id is null or participant_id = $participant_id)
order by participant_id
