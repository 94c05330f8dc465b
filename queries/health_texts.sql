-- The texts people edit on the admin page, for the check to hold them to the editors' rules.
-- Grain: one row per stored setting and remark (table_name, name: the setting's key or the remark's street,
-- text). Parameters: none.
select 'setting' as table_name, key as name, value as text from setting
union all
select 'street_remark', street, remark from street_remark
order by table_name, name
