-- The rules the importer keeps in the tables without keys (on purpose, see schema.sql; that every row names a
-- registered unit is an invariant, queries/invariant_units_registered.sql): no quarter or date lies ahead, a
-- problem is not rectified before it was raised, a visit marked 跨街道学习 is not of the visitor's own street;
-- every such table holds each key once; the remarks name known streets. (The texts of settings and remarks are
-- checked in ops/check.py, by the editors' rules.)
-- Grain: one row per table and fault that has rows (table_name, fault, rows_found). Parameters: none.
with faults as (
    select 'street_remark' as table_name, 'street_unknown' as fault, count(*) as rows_found
    from street_remark anti join street using (street)
    union all select 'highlight', 'future_quarter', count(*) from highlight where quarter > date_quarter(current_date)
    union all select 'problem', 'future_quarter', count(*) from problem where quarter > date_quarter(current_date)
    union all select 'problem', 'done_before_raised', count(*) from problem
        where completed_on < make_date(quarter_year(quarter), 3 * cast(right(quarter, 1) as integer) - 2, 1)
    union all select 'problem', 'done_in_future', count(*) from problem where completed_on > current_date
    union all select 'visit', 'in_future', count(*) from visit where visited_on > current_date
    union all select 'visit', 'kind_contradicts', count(*) from visit where kind = '跨街道学习' and visitor = street
    union all select 'score', 'key_twice', count(*) from (
        select 1 from score group by quarter, street, unit, theme, rater having count(*) > 1)
    union all select 'commitment', 'key_twice', count(*) from (
        select 1 from commitment group by year, street, unit, title having count(*) > 1)
    union all select 'highlight', 'key_twice', count(*) from (
        select 1 from highlight group by quarter, street, unit, title having count(*) > 1)
    union all select 'problem', 'key_twice', count(*) from (
        select 1 from problem group by quarter, street, unit, problem having count(*) > 1)
    union all select 'visit', 'key_twice', count(*) from (
        select 1 from visit group by visited_on, visitor, street, unit having count(*) > 1)
)
select * from faults where rows_found > 0 order by table_name, fault
