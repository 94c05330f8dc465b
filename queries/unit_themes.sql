-- The theme scores (百分制) of each unit of a street in a quarter, every theme of the year's rubric.
-- Grain: one row per unit scored in $quarter and theme of that year's rubric; 得分 empty when the
-- theme was not scored. Units best first, themes in rubric order. Parameters: $quarter, $street.
with scored_units as (
    select unit, round2(total) as rounded_total
    from unit_total
    where quarter = $quarter and street = $street
),
themes_of_year as (
    select theme, weight, position
    from rubric
    where year = quarter_year($quarter)
),
theme_scores as (
    select unit, theme, theme_pct
    from unit_theme
    where quarter = $quarter and street = $street
),
grid as (
    select u.unit, u.rounded_total, t.theme, t.weight, t.position, s.theme_pct
    from scored_units as u
    cross join themes_of_year as t
    left join theme_scores as s on s.unit = u.unit and s.theme = t.theme
),
breakdown as (
    select
        unit                  as "村(社区)",
        theme                 as "指标",
        round2(theme_pct)   as "得分",
        weight                as "权重",
        rounded_total,
        position
    from grid
)
select * exclude (rounded_total, position)
from breakdown
order by rounded_total desc, "村(社区)", position
