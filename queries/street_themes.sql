-- Street × theme scores of a quarter: the mean of the street's units' theme scores (百分制).
-- Grain: one row per street and theme of the quarter's rubric, in rubric order. Parameters: $quarter.
with street_theme_of_quarter as (
    select street, theme, theme_pct, units
    from street_theme
    where quarter = $quarter
),
themes_of_year as (
    select theme, position as theme_order
    from rubric
    where year = quarter_year($quarter)
),
scored as (
    select
        $quarter                  as "季度",
        s.street                  as "街道",
        s.theme                   as "指标",
        round2(s.theme_pct)     as "得分",
        s.units                   as "村(社区)数",
        t.theme_order
    from street_theme_of_quarter as s
    join themes_of_year as t using (theme)
)
select * exclude (theme_order)
from scored
order by theme_order, "街道"
