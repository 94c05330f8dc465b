-- The street ranking of a quarter: total (百分制), rank, 环比, rank change, grade, units and coverage.
-- Grain: one row per street with scores in $quarter, best first. Parameters: $quarter.
with current_quarter as (
    select *
    from street_total
    where quarter = $quarter
),
previous as (
    select street, total as previous_total, rank as previous_rank
    from street_total
    where quarter = previous_quarter($quarter)
),
graded as (
    select c.*, g.grade
    from current_quarter as c
    left join grade_of_year as g
        on g.year = c.year and c.total >= g.min_total and c.total < g.below
),
ranking as (
    select
        g.quarter                                    as "季度",
        g.rank                                       as "排名",
        g.street                                     as "街道",
        g.total                                      as "总分",
        round2(g.total - p.previous_total)         as "环比",
        cast(p.previous_rank - g.rank as integer)    as "排名变化",
        g.grade                                      as "等次",
        g.units                                      as "村(社区)数",
        round2(g.coverage * 100)                   as "覆盖率"
    from graded as g
    left join previous as p using (street)
)
select *
from ranking
order by "排名", "街道"
