-- Commitment completion by street as it stood at the end of a quarter (only that year's commitments).
-- Grain: one row per street with commitments in the year of $quarter. Parameters: $quarter.
with status as (
    select *
    from commitment_status($quarter)
),
by_street as (
    select
        street,
        count(*)                               as commitments,
        count(*) filter (where completed)      as completed,
        count(*) filter (where due)            as due,
        count(*) filter (where due and completed) as due_completed,
        count(*) filter (where due and not completed) as overdue
    from status
    group by all
),
completion as (
    select
        $quarter                                               as "季度",
        street                                                 as "街道",
        commitments                                            as "承诺数",
        completed                                              as "已完成",
        commitments - completed - overdue                      as "推进中",
        overdue                                                as "逾期",
        round2(completed / commitments * 100)                as "年度完成率",
        round2(due_completed / nullif(due, 0) * 100)         as "到期完成率"
    from by_street
)
select *
from completion
order by "年度完成率" desc, "街道"
