-- The problems raised at one unit in one quarter as stored, under the import sheet's Chinese headers (the
-- entry form edits them as a sheet). Grain: one row per problem. Parameters: $quarter, $street, $unit.
select
    problem                            as "问题",
    action                             as "整改措施",
    due_quarter                        as "整改时限",
    strftime(completed_on, '%Y-%m-%d') as "完成日期"
from problem
where quarter = $quarter and street = $street and unit = $unit
order by problem
