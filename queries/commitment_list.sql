-- The commitments of the year of $quarter with their status as it stood at the quarter's end, narrowed
-- to those matching every filter given: $street, $theme, $status (已完成/推进中/逾期) and $search, a word
-- found in 承诺事项, 村(社区) or 备注 (any case); each may be null. At most $limit rows (null: all), and
-- in 符合条数 how many match in all.
-- Grain: one row per matching commitment, by street, unit, due quarter, title.
-- Parameters: $quarter, $street, $theme, $status, $search, $limit.
-- A completion after the quarter's end was not known then: its date is left empty and it is open.
with dated as (
    select *
    from commitment_status($quarter)
    where ($street is null or street = $street)
      and ($theme is null or theme = $theme)
      and ($search is null
           or contains(lower(concat_ws(chr(10), title, unit, note)), lower(trim($search))))
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
select *, count(*) over () as "符合条数"
from listed
where $status is null or "状态" = $status
order by "街道", "村(社区)", "承诺时限", "承诺事项"
limit $limit
