-- Who scores high and who low in $quarter: each rater's average difference from the mean of the other raters of
-- the same unit and theme, in 百分制 points (score and others' mean over the theme's 满分 × 100).
-- Grain: one row per rater, highest first. Parameters: $quarter, $street, $theme (null = all).
with scored as (
    select s.street, s.unit, s.theme, s.rater, s.score / r.max_score * 100 as pct
    from score as s
    join rubric as r on r.year = quarter_year(s.quarter) and r.theme = s.theme
    where s.quarter = $quarter and s.rater <> '' and ($street is null or s.street = $street)
      and ($theme is null or s.theme = $theme)
),
with_others as (
    select *, (sum(pct) over pair - pct) / (count(*) over pair - 1) as others_mean, count(*) over pair as raters
    from scored
    window pair as (partition by street, unit, theme)
),
deviation as (
    select rater, avg(pct - others_mean) as mean_deviation, avg(abs(pct - others_mean)) as mean_distance,
           count(*) as scores
    from with_others
    where raters >= 2
    group by rater
)
select rater as "评分人", round2(mean_deviation) as "平均偏差", round2(mean_distance) as "平均绝对偏差",
       scores as "评分次数"
from deviation
order by mean_deviation desc, rater
