-- The street ranking of a quarter: total (百分制), rank, 环比, rank change, grade, units and coverage.
-- Grain: one row per street with scores in $quarter, best first. Parameters: $quarter.
with current_quarter as (
    select *
    from street_total
    where quarter = $quarter
),
graded as (
    select c.*, g.grade
    from current_quarter as c
    left join grade_of_year as g
        on g.year = c.year and c.total >= g.min_total and c.total < g.below
),
ranking as (
    select
        quarter                    as "季度",
        rank                       as "排名",
        street                     as "街道",
        total                      as "总分",
        qoq                        as "环比",
        rank_change                as "排名变化",
        grade                      as "等次",
        units                      as "村(社区)数",
        round2(coverage * 100)     as "覆盖率"
    from graded
)
select *
from ranking
order by "排名", "街道"
