-- Which of the test's questions are on each participant's paper, in the paper's order.
-- Grain: one row per participant and question on the paper. Parameters: $test_id, $participant_id (null: everyone).
select participant_id, position, number
from quiz_paper
where test_id = $test_id
  and ($participant_id is null or participant_id = $participant_id)
order by participant_id, position
