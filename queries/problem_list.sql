-- The problems raised in the year of $quarter up to and including it, each with its status at the quarter's
-- end (已整改 / 整改中 / 逾期未整改), narrowed to $street and $status when given (each may be null).
-- Grain: one row per problem, overdue first, then by street, unit, quarter raised. Parameters: $quarter, $street, $status.
-- A completion after the quarter's end was not known then: its date is left empty.
with status as (
    select *
    from problem_status($quarter)
    where ($street is null or street = $street)
      and ($status is null or status = $status)
),
listed as (
    select
        quarter                                                              as "季度",
        street                                                               as "街道",
        unit                                                                 as "村(社区)",
        problem                                                              as "问题",
        action                                                               as "整改措施",
        due_quarter                                                          as "整改时限",
        case when status = '已整改' then strftime(completed_on, '%Y-%m-%d') end as "完成日期",
        status                                                               as "状态"
    from status
)
select *
from listed
order by "状态" = '逾期未整改' desc, "街道", "村(社区)", "季度", "问题"
