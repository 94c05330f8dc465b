-- The highlights (亮点做法) of the quarters $first–$last matching every filter given: $street, $theme, $tag
-- (one of the highlight's tags) and $search (a word in 标题, 做法, 村(社区) or 标签, any case); each may be null.
-- Grain: one row per highlight, newest quarter first, then street, unit, title; at most $limit (null: all),
-- with 符合条数 (how many match in all). Parameters: $first, $last, $street, $theme, $tag, $search, $limit.
with chosen as (
    select *
    from highlight
    where quarter between $first and $last
      and ($street is null or street = $street)
      and ($theme is null or theme = $theme)
      and ($tag is null or list_contains(string_split(tags, '、'), $tag))
      and ($search is null
           or contains(lower(concat_ws(chr(10), title, description, unit, tags)), lower(trim($search))))
),
listed as (
    select
        quarter     as "季度",
        street      as "街道",
        unit        as "村(社区)",
        title       as "标题",
        description as "做法",
        theme       as "指标",
        tags        as "标签"
    from chosen
)
select *, count(*) over () as "符合条数"
from listed
order by "季度" desc, "街道", "村(社区)", "标题"
limit $limit
