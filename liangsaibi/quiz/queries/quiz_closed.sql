-- The closed tests and the import each close wrote into the main database (check: that import must exist).
-- Grain: one row per closed test (what, id, name, import_id). Parameters: none.
select '测试' as what, test_id as id, name, import_id
from quiz_test
where closed_at is not null
order by test_id
