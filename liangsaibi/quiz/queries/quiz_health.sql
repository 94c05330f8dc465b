-- Rows of the knowledge test's tables whose parent is missing: participants without their test, papers without
-- their question, and papers, answers and links without their participant (the 现场评分 side: health_events).
-- Grain: one row per kind of fault found, with how many rows have it. Parameters: none.
with of_participant as (
    select 'paper_participant' as fault, test_id, participant_id from quiz_paper
    union all
    select 'answer_participant', test_id, participant_id from quiz_answer
    union all
    select 'token_participant', test_id, participant_id from quiz_token
)
select fault, count(*) as rows_found
from of_participant as child
where not exists (
    select 1 from quiz_participant as p where p.test_id = child.test_id and p.participant_id = child.participant_id
)
group by fault
union all
select 'participant_test', count(*) from quiz_participant as p
where not exists (select 1 from quiz_test as t where t.test_id = p.test_id)
union all
select 'paper_question', count(*) from quiz_paper as a
where not exists (select 1 from quiz_test_question as q where q.test_id = a.test_id and q.number = a.number)
