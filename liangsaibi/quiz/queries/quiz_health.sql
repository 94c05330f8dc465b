-- Rows of the knowledge test's tables whose parent is missing: participants without their test, papers without
-- their participant or question, answers and links without their participant (the 现场评分 side: health_events).
-- Grain: one row per kind of fault, with how many rows have it. Parameters: none.
select 'participant_test' as fault, count(*) as rows_found from quiz_participant as p
where not exists (select 1 from quiz_test as t where t.test_id = p.test_id)
union all
select 'paper_participant', count(*) from quiz_paper as a
where not exists (
    select 1 from quiz_participant as p where p.test_id = a.test_id and p.participant_id = a.participant_id
)
union all
select 'paper_question', count(*) from quiz_paper as a
where not exists (select 1 from quiz_test_question as q where q.test_id = a.test_id and q.number = a.number)
union all
select 'answer_participant', count(*) from quiz_answer as a
where not exists (
    select 1 from quiz_participant as p where p.test_id = a.test_id and p.participant_id = a.participant_id
)
union all
select 'token_participant', count(*) from quiz_token as t
where not exists (
    select 1 from quiz_participant as p where p.test_id = t.test_id and p.participant_id = t.participant_id
)
