-- The grade thresholds of one year, highest first.
-- Grain: one row per grade of $year. Parameters: $year.
select grade as "等次", min_total as "最低分"
from grade_band
where year = $year
order by min_total desc
