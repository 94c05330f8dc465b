-- The rubric of one year: its themes in order with weight, 满分, 说明 and the year's 计分方式.
-- Grain: one row per theme of $year. Parameters: $year.
select theme, weight, max_score, description, scoring
from rubric
where year = $year
order by position
