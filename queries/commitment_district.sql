-- Commitment completion of the whole district as it stood at the end of a quarter (that year only).
-- Grain: one row (counts 0 and rates empty when the year has no commitments). Parameters: $quarter.
with status as (
    select *
    from commitment_status($quarter)
),
counted as (
    select
        count(*)                                      as commitments,
        count(*) filter (where completed)             as completed,
        count(*) filter (where due)                   as due,
        count(*) filter (where due and completed)     as due_completed,
        count(*) filter (where due and not completed) as overdue
    from status
),
completion as (
    select
        $quarter                                             as "季度",
        commitments                                          as "承诺数",
        completed                                            as "已完成",
        commitments - completed - overdue                    as "推进中",
        overdue                                              as "逾期",
        round2(completed / nullif(commitments, 0) * 100)   as "年度完成率",
        round2(due_completed / nullif(due, 0) * 100)       as "到期完成率"
    from counted
)
select *
from completion
