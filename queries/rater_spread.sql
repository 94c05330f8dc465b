-- How far the raters of each unit and theme in $quarter were apart: their number, the lowest and highest score,
-- max − min and the standard deviation, raw and as a share of the theme's 满分 (百分制 points).
-- Grain: one row per unit and theme scored by at least 2 raters, widest spread first. Parameters: $quarter, $street, $theme (null = all).
with scored as (
    select s.street, s.unit, s.theme, s.score, r.max_score, r.position
    from score as s
    join rubric as r on r.year = quarter_year(s.quarter) and r.theme = s.theme
    where s.quarter = $quarter and ($street is null or s.street = $street) and ($theme is null or s.theme = $theme)
),
spread as (
    select street, unit, theme, any_value(max_score) as max_score, any_value(position) as position,
           count(*) as raters, min(score) as lowest, max(score) as highest, avg(score) as mean_score,
           stddev_samp(score) as deviation
    from scored
    group by street, unit, theme
    having count(*) >= 2
)
select street as "街道", unit as "村(社区)", theme as "指标", raters as "评分人数",
       lowest as "最低分", highest as "最高分", round2(highest - lowest) as "极差",
       round2(deviation) as "标准差", round2((highest - lowest) / max_score * 100) as "极差(百分制)",
       max_score as "满分"
from spread
order by "极差(百分制)" desc, "街道", "村(社区)", position
