-- Rows naming a unit or street the store does not hold (the tables have no foreign keys, on purpose).
-- Grain: one row per kind of row (what, rows_unknown). Parameters: none.
with scores as (
    select count(*) as n from score as s anti join unit as u using (street, unit)
),
commitments as (
    select count(*) as n from commitment as c anti join unit as u using (street, unit)
),
units as (
    select count(*) as n from unit as u anti join street as s using (street)
),
unknown as (
    select 'score' as what, n as rows_unknown from scores
    union all select 'commitment', n from commitments
    union all select 'unit', n from units
)
select * from unknown
