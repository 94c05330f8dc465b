-- The quarters that have scores, newest first.
-- Grain: one row per quarter. Parameters: none.
with scored as (
    select distinct quarter
    from score
)
select quarter
from scored
order by quarter desc
