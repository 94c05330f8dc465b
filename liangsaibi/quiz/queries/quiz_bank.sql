-- The 题库: every question with its options (JSON), answer, 分值, 标签 and 解析, in the order imported.
-- Grain: one row per question. Parameters: none.
select question_id, kind, stem, options, answer, points, tags, explanation, imported_at
from quiz_question
order by question_id
