-- Free texts that XLSX or .docx cannot hold (docs/数据约束.md): a control character other than a line break or
-- a tab, or a non-character U+FFFE / U+FFFF.
-- Grain: one row per stored text (invariant 'text_unwritable', table_name, found: the row's key, the column and
-- the characters around the first refused one).
-- Parameters: none.
with texts as (
    select 'commitment' as table_name, concat_ws(' ', year, street, unit) as row_key, '标题' as column_name,
           title as text from commitment
    union all select 'commitment', concat_ws(' ', year, street, unit, title), '备注', note from commitment
    union all select 'highlight', concat_ws(' ', quarter, street, unit), '标题', title from highlight
    union all select 'highlight', concat_ws(' ', quarter, street, unit, title), '做法', description from highlight
    union all select 'highlight', concat_ws(' ', quarter, street, unit, title), '标签', tags from highlight
    union all select 'problem', concat_ws(' ', quarter, street, unit), '问题', problem from problem
    union all select 'problem', concat_ws(' ', quarter, street, unit, problem), '整改措施', action from problem
    union all select 'visit', concat_ws(' ', visited_on, visitor, street, unit), '备注', note from visit
    union all select 'rubric', concat_ws(' ', year, theme), '说明', description from rubric
    union all select 'street_remark', concat_ws(' ', quarter, street), '点评', remark from street_remark
    union all select 'setting', key, '值', value from setting
)
select
    'text_unwritable' as invariant,
    table_name,
    -- the characters around the first one refused: the message shows where it is in a long text
    row_key || ' ' || column_name || '「…' || regexp_extract(text, '.{0,8}' || refused || '.{0,8}') || '…」' as found
from texts, (select '[\x00-\x08\x0b-\x1f\x7f-\x9f\x{FFFE}\x{FFFF}]' as refused)
where regexp_matches(text, refused)
order by table_name, found
