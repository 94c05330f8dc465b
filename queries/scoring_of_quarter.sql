-- The 计分方式 of the year of $quarter ('mean' or 'trimmed'), as its rubric sets it.
-- Grain: one row (none when the year has no rubric). Parameters: $quarter.
select coalesce(max(scoring), 'mean') as scoring
from rubric
where year = quarter_year($quarter)
