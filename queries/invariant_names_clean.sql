-- Names holding a character that shows nothing (docs/数据约束.md): control or format characters (zero-width
-- spaces, direction marks such as U+202E) or the non-characters U+FFFE, U+FFFF. Each distinct name once.
-- Grain: one row per table, column and name (invariant 'name_invisible', table_name, found: '列 名称').
-- Parameters: none.
with names as (
    select distinct 'street' as table_name, '街道' as column_name, street as name from street
    union select 'unit', '街道', street from unit
    union select 'unit', '村(社区)', unit from unit
    union select 'rubric', '指标', theme from rubric
    union select distinct 'score', '街道', street from score
    union select distinct 'score', '村(社区)', unit from score
    union select distinct 'score', '指标', theme from score
    union select distinct 'score', '评分人', rater from score
    union select distinct 'commitment', '指标', theme from commitment where theme is not null
    union select distinct 'highlight', '指标', theme from highlight where theme is not null
    union select distinct 'visit', '观摩方', visitor from visit
)
select 'name_invisible' as invariant, table_name, column_name || ' ' || name as found
from names
where regexp_matches(name, '[\p{Cc}\p{Cf}\x{FFFE}\x{FFFF}]')
order by table_name, found
