-- The unit–theme pairs of $quarter whose year's 计分方式 is 去掉最高最低 but that fewer than 5 raters scored,
-- so that their theme score stays the plain mean (docs/计分规则.md, 第1条); pages name them.
-- Grain: one row per such unit and theme, in street, unit, theme order. Parameters: $quarter, $street (null = all).
with fell_back as (
    select street, unit, theme, raters
    from unit_theme
    where quarter = $quarter and scoring = 'trimmed' and not trimmed
      and ($street is null or street = $street)
)
select street as "街道", unit as "村(社区)", theme as "指标", raters as "评分人数"
from fell_back
order by all
