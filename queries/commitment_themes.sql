-- The themes the commitments of the year of $quarter name (a commitment may name none).
-- Grain: one row per theme, by name. Parameters: $quarter.
select distinct theme
from commitment
where year = quarter_year($quarter) and theme is not null
order by theme
