-- One test: its quarter, theme and 满分, time limit, marking of 多选, how questions were drawn, whether the 解析
-- is shown after the close, and its close (begun, done, the import written). Grain: one row or none.
-- Parameters: $test_id.
select test_id, name, quarter, theme, max_score, minutes, marking, draw, per_person, explain, created_at,
       closing_at, close_checksum, closed_at, import_id
from quiz_test
where test_id = $test_id
