-- One theme's street score (百分制, mean of the units' theme scores) over a range of quarters, ranked
-- within each quarter; 得分 is empty where the year's rubric lacks $theme, and 说明 says why. Only the
-- $top streets best on the theme in the last quarter of the range that scores it (by total where none
-- does), and $street; $top null: every street.
-- Grain: one row per street and quarter with scores from $first to $last, oldest first.
-- Parameters: $theme, $first, $last, $top, $street.
with in_range as (
    select quarter, year, street, units, total
    from street_total
    where quarter >= $first and shown_with(quarter, $last)  -- published only, unless $last is a draft
),
theme_score as (
    select quarter, street, score, score_rank, units
    from street_theme
    where theme = $theme and quarter >= $first and shown_with(quarter, $last)  -- published only, unless $last is a draft
),
leaders as (
    select t.street
    from in_range as t
    left join theme_score as s using (quarter, street)
    where t.quarter = coalesce((select max(quarter) from theme_score), (select max(quarter) from in_range))
    order by s.score desc nulls last, t.total desc, t.street
    limit $top
),
street_quarter as (
    select quarter, year, street, units
    from in_range
    where $top is null or street = $street or street in (select street from leaders)
),
rubric_years as (
    select year
    from rubric
    where theme = $theme
),
trend as (
    select
        s.quarter              as "季度",
        s.street               as "街道",
        $theme                 as "指标",
        r.score                as "得分",
        r.score_rank           as "排名",
        r.units                as "村(社区)数",
        case
            when y.year is null then '当年评分细则无此指标'
            when r.score is null then '本季度无该指标评分'
            when r.units < s.units
                then '有 ' || (s.units - r.units) || ' 个村(社区)无该指标评分'
        end                    as "说明"
    from street_quarter as s
    left join rubric_years as y using (year)
    left join theme_score as r using (quarter, street)
)
select *
from trend
order by "季度", "排名" nulls last, "街道"
