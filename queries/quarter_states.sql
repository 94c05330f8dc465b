-- Every quarter with scores or a stored state, newest first: published or draft (草稿), and who took part
-- (参评) against the units and streets registered now; units_incomplete = scored units with themes or raters missing (coverage < 1).
-- Grain: one row per quarter. Parameters: none.
with registered as (
    select count(*) as units_registered, count(distinct street) as streets_registered
    from unit
),
scored as (
    select quarter,
           count(*)                              as units_scored,
           count(distinct street)                as streets_scored,
           count(*) filter (where coverage < 1)  as units_incomplete
    from unit_total
    group by all
),
held as (
    select quarter from scored
    union
    select quarter from quarter_state
),
described as (
    select
        h.quarter,
        coalesce(q.state = 'published', false) as published,
        coalesce(s.units_scored, 0)            as units_scored,
        r.units_registered,
        coalesce(s.streets_scored, 0)          as streets_scored,
        r.streets_registered,
        coalesce(s.units_incomplete, 0)        as units_incomplete
    from held as h
    cross join registered as r
    left join scored as s using (quarter)
    left join quarter_state as q using (quarter)
)
select *
from described
order by quarter desc
