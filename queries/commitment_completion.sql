-- Commitment completion as it stood at the end of a quarter (only that year's commitments): by street, and for the
-- whole district in the last row (街道 null; its counts 0 and its rates empty when the year has no commitments).
-- Grain: one row per street with commitments in the year of $quarter, then one row for the district.
-- Parameters: $quarter.
with status as (
    select *
    from commitment_status($quarter)
),
counted as (
    select
        street,
        grouping(street) = 1                          as district,
        count(*)                                      as commitments,
        count(*) filter (where completed)             as completed,
        count(*) filter (where due)                   as due,
        count(*) filter (where due and completed)     as due_completed,
        count(*) filter (where due and not completed) as overdue
    from status
    group by grouping sets ((street), ())
),
completion as (
    select
        district,
        $quarter                                             as "季度",
        street                                               as "街道",
        commitments                                          as "承诺数",
        completed                                            as "已完成",
        commitments - completed - overdue                    as "推进中",
        overdue                                              as "逾期",
        round2(completed / nullif(commitments, 0) * 100)   as "年度完成率",
        round2(due_completed / nullif(due, 0) * 100)       as "到期完成率"
    from counted
)
select * exclude (district)
from completion
order by district, "年度完成率" desc, "街道"
