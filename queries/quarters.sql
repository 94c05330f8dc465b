-- The quarters that have scores, newest first: the published ones, or with $drafts every one (草稿 too).
-- Grain: one row per quarter. Parameters: $drafts.
with scored as (
    select distinct quarter
    from street_total
    where $drafts or is_published(quarter)
)
select quarter
from scored
order by quarter desc
