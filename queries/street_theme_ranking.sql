-- One theme's street ranking in a quarter: each street's theme score (百分制, the mean of its units'), its
-- rank on the theme, 环比 and rank change against the previous calendar quarter (empty when not scored then).
-- Grain: one row per street scored on $theme in $quarter, best first. Parameters: $quarter, $theme.
with current_quarter as (
    select street, score, score_rank, units
    from street_theme
    where quarter = $quarter and theme = $theme
),
previous as (
    select street, score as previous_score, score_rank as previous_rank
    from street_theme
    where quarter = compared_quarter($quarter) and theme = $theme
),
ranking as (
    select
        $quarter                                      as "季度",
        c.score_rank                                  as "排名",
        c.street                                      as "街道",
        $theme                                        as "指标",
        c.score                                       as "得分",
        round2(c.score - p.previous_score)            as "环比",
        cast(p.previous_rank - c.score_rank as integer) as "排名变化",
        c.units                                       as "村(社区)数"
    from current_quarter as c
    left join previous as p using (street)
)
select *
from ranking
order by "排名", "街道"
