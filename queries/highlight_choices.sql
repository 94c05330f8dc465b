-- The themes and the tags named by the highlights of the quarters $first–$last, each with how many highlights
-- name it: the 比学 page's filter choices. Grain: one row per (kind 指标/标签, name), most named first.
-- Parameters: $first, $last.
with chosen as (
    select theme, tags
    from highlight
    where quarter between $first and $last
),
named as (
    select '指标' as kind, theme as name from chosen where theme is not null
    union all
    select '标签' as kind, unnest(string_split(tags, '、')) as name from chosen where tags is not null
)
select kind, name, count(*) as highlights
from named
group by all
order by kind, highlights desc, name
