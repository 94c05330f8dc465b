-- A test's own copy of its questions (options as JSON), in their order. Grain: one row per question of the test.
-- Parameters: $test_id.
select number, kind, stem, options, answer, points, tags, explanation
from quiz_test_question
where test_id = $test_id
order by number
