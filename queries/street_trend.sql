-- Street totals over all quarters, with each quarter's rank.
-- Grain: one row per street and quarter with scores, oldest first. Parameters: none.
with trend as (
    select
        quarter        as "季度",
        street         as "街道",
        total          as "总分",
        rank           as "排名",
        units          as "村(社区)数"
    from street_total
)
select *
from trend
order by "季度", "排名", "街道"
