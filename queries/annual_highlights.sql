-- The 亮点做法 recorded in the year of $quarter up to and including it, counted per street.
-- Grain: one row per street of the district (0 where none). Parameters: $quarter.
with of_year as (
    select street
    from highlight
    where quarter_year(quarter) = quarter_year($quarter) and quarter <= $quarter
),
counted as (
    select s.street as "街道", count(h.street) as "亮点数"
    from street as s
    left join of_year as h using (street)
    group by all
)
select *
from counted
order by "街道"
