-- Each participant's current answer to each question: the latest given (an answer is never overwritten).
-- Grain: one row per participant and question answered. Parameters: $test_id, $participant_id (null: everyone).
select a.participant_id, a.number, a.given, a.answered_at
from quiz_answer as a
where a.test_id = $test_id
  and ($participant_id is null or a.participant_id = $participant_id)
  and a.answer_id = (
      select max(b.answer_id) from quiz_answer as b
      where b.test_id = a.test_id and b.participant_id = a.participant_id and b.number = a.number
  )
order by a.participant_id, a.number
