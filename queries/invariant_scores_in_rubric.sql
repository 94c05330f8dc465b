-- Scores that break their year's rubric (docs/数据约束.md): a theme the rubric of the score's year does not hold,
-- or a score outside 0 – that theme's 满分.
-- Grain: one row per such score (invariant, table_name 'score', found: the score as people read it). Parameters: none.
with scored as (
    select s.quarter, s.street, s.unit, s.theme, s.rater, s.score, r.max_score
    from score as s
    left join rubric as r on r.year = quarter_year(s.quarter) and r.theme = s.theme
),
broken as (
    select
        case when max_score is null then 'score_theme_unknown' else 'score_out_of_range' end as invariant,
        'score' as table_name,
        concat_ws(' ', quarter, street, unit, theme, nullif(rater, ''), format('{:g} 分', score))
            || coalesce(format('（满分 {:g}）', max_score), '') as found
    from scored
    where max_score is null or score < 0 or score > max_score
)
select * from broken order by table_name, found
