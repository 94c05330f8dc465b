-- How many units of a quarter fall in each grade of its year (from the rounded total, as streets are graded).
-- Grain: one row per grade of the year, highest first, 0 where no unit has it. Parameters: $quarter.
with unit_of_quarter as (
    select year, round2(total) as total
    from unit_total
    where quarter = $quarter
),
bands as (
    select *
    from grade_of_year
    where year = quarter_year($quarter)
),
counted as (
    select b.grade as "等次", b.min_total, count(u.total) as "村(社区)数"
    from bands as b
    left join unit_of_quarter as u on u.total >= b.min_total and u.total < b.below
    group by all
)
select "等次", "村(社区)数"
from counted
order by min_total desc
