-- One theme's street score (百分制, mean of the units' theme scores) over a range of quarters, ranked
-- within each quarter; 得分 is empty where the year's rubric lacks $theme, and 说明 says why.
-- Grain: one row per street and quarter with scores from $first to $last, oldest first. Parameters: $theme, $first, $last.
with street_quarter as (
    select quarter, year, street, units
    from street_total
    where quarter between $first and $last
),
rubric_years as (
    select year
    from rubric
    where theme = $theme
),
theme_score as (
    select quarter, street, round2(theme_pct) as score, units as units_scored
    from street_theme
    where theme = $theme and quarter between $first and $last
),
ranked as (
    select *, rank() over (partition by quarter order by score desc) as score_rank
    from theme_score
),
trend as (
    select
        s.quarter              as "季度",
        s.street               as "街道",
        $theme                 as "指标",
        r.score                as "得分",
        r.score_rank           as "排名",
        r.units_scored         as "村(社区)数",
        case
            when y.year is null then '当年评分细则无此指标'
            when r.score is null then '本季度无该指标评分'
            when r.units_scored < s.units
                then '有 ' || (s.units - r.units_scored) || ' 个村(社区)无该指标评分'
        end                    as "说明"
    from street_quarter as s
    left join rubric_years as y using (year)
    left join ranked as r using (quarter, street)
)
select *
from trend
order by "季度", "排名" nulls last, "街道"
