-- The quarters that have scores, newest first.
-- Grain: one row per quarter. Parameters: none.
with scored as (
    select distinct quarter
    from street_total
)
select quarter
from scored
order by quarter desc
