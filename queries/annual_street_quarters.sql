-- The street totals and ranks of $year's published quarters, as each quarter's ranking shows them (rule 3, 4):
-- what the annual ranking shows beside each street's 年度总分 and where the 流动红旗 goes (rank 1).
-- Grain: one row per street and published quarter of $year. Parameters: $year.
with published as (
    select quarter, street, total, rank
    from street_total
    where year = $year and is_published(quarter)
)
select
    quarter   as "季度",
    street    as "街道",
    total     as "总分",
    rank      as "排名"
from published
order by quarter, rank, street
