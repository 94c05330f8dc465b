-- Rows naming a 村(社区) the register does not hold, and registered units of a street it does not hold
-- (docs/数据约束.md; the tables have no foreign keys, on purpose: see schema.sql).
-- Grain: one row per such row (invariant 'unit_unregistered', table_name, found: the row as people read it).
-- Parameters: none.
with unregistered as (
    select 'score' as table_name, concat_ws(' ', quarter, street, unit, theme, nullif(rater, '')) as found
    from score anti join unit using (street, unit)
    union all
    select 'commitment', concat_ws(' ', year, street, unit, title) from commitment anti join unit using (street, unit)
    union all
    select 'highlight', concat_ws(' ', quarter, street, unit, title) from highlight anti join unit using (street, unit)
    union all
    select 'problem', concat_ws(' ', quarter, street, unit, problem) from problem anti join unit using (street, unit)
    union all
    select 'visit', concat_ws(' ', visited_on, visitor, street, unit) from visit anti join unit using (street, unit)
    union all
    select 'unit', concat_ws(' ', street, unit) from unit anti join street using (street)
)
select 'unit_unregistered' as invariant, table_name, found from unregistered order by table_name, found
