-- Every commitment of the year of $quarter with its status as it stood at the quarter's end.
-- Grain: one row per commitment of that year, by street, unit, due quarter. Parameters: $quarter.
-- A completion after the quarter's end was not known then: its date is left empty and it is open.
with dated as (
    select *
    from commitment_status($quarter)
),
listed as (
    select
        street                                                          as "街道",
        unit                                                            as "村(社区)",
        title                                                           as "承诺事项",
        theme                                                           as "指标",
        due_quarter                                                     as "承诺时限",
        case when completed then strftime(completed_on, '%Y-%m-%d') end as "完成日期",
        case when completed then '已完成' when due then '逾期' else '推进中' end as "状态",
        note                                                            as "备注"
    from dated
)
select *
from listed
order by "街道", "村(社区)", "承诺时限", "承诺事项"
