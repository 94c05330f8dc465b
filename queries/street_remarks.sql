-- The administrator's 点评 of each street for a quarter (季度通报), as last edited; empty ones are cleared.
-- Grain: one row per street with a remark in $quarter. Parameters: $quarter.
with remarks as (
    select street as "街道", remark as "点评", import_id as "编号"
    from street_remark
    where quarter = $quarter and trim(remark) <> ''
)
select *
from remarks
order by "街道"
