-- Every theme any year's rubric has had, in the order of the newest rubric that has it.
-- Grain: one row per theme. Parameters: none.
with latest_place as (
    select theme, max(year) as last_year, arg_max(position, year) as position
    from rubric
    group by all
)
select theme, last_year
from latest_place
order by last_year desc, position
