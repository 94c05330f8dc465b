-- The rubric of one year: its themes in order with weight, 满分 and 说明.
-- Grain: one row per theme of $year. Parameters: $year.
select theme, weight, max_score, description
from rubric
where year = $year
order by position
