-- Who took part in a quarter: streets and units scored, and raters (distinct named raters; 0 when unnamed).
-- Grain: one row. Parameters: $quarter.
with scored as (
    select street, unit, nullif(trim(rater), '') as rater
    from score
    where quarter = $quarter
),
counted as (
    select
        count(distinct street)                  as "街道数",
        count(distinct (street, unit))          as "村(社区)数",
        count(distinct rater)                   as "评分人数"
    from scored
)
select *
from counted
