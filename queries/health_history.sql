-- The history chain: rows whose import is not logged, replaced rows whose replacing import is not logged,
-- and rows still live (or still set aside) for an import that was undone.
-- Grain: one row per table and fault (table_name, fault, rows_found). Parameters: none.
with stamped as (
    select 'unit' as table_name, import_id, null as replaced_by from unit
    union all select 'rubric', import_id, null from rubric
    union all select 'grade_band', import_id, null from grade_band
    union all select 'setting', import_id, null from setting
    union all select 'score', import_id, null from score
    union all select 'commitment', import_id, null from commitment
    union all select 'unit_replaced', import_id, replaced_by from unit_replaced
    union all select 'rubric_replaced', import_id, replaced_by from rubric_replaced
    union all select 'grade_band_replaced', import_id, replaced_by from grade_band_replaced
    union all select 'setting_replaced', import_id, replaced_by from setting_replaced
    union all select 'score_replaced', import_id, replaced_by from score_replaced
    union all select 'commitment_replaced', import_id, replaced_by from commitment_replaced
    union all select 'highlight', import_id, null from highlight
    union all select 'problem', import_id, null from problem
    union all select 'visit', import_id, null from visit
    union all select 'street_remark', import_id, null from street_remark
    union all select 'highlight_replaced', import_id, replaced_by from highlight_replaced
    union all select 'problem_replaced', import_id, replaced_by from problem_replaced
    union all select 'visit_replaced', import_id, replaced_by from visit_replaced
    union all select 'street_remark_replaced', import_id, replaced_by from street_remark_replaced
    union all select 'quarter_state', import_id, null from quarter_state
    union all select 'quarter_state_replaced', import_id, replaced_by from quarter_state_replaced
),
faults as (
    select table_name, 'import_not_logged' as fault, count(*) as rows_found
    from stamped
    where import_id is not null and import_id not in (select import_id from import_log)
    group by all
    union all
    select table_name, 'replaced_by_not_logged', count(*)
    from stamped
    where replaced_by is not null and replaced_by not in (select import_id from import_log)
    group by all
    union all
    select table_name, 'live_after_undo', count(*)
    from stamped
    where coalesce(replaced_by, import_id) in (select import_id from import_log where undone_at is not null)
    group by all
)
select * from faults order by table_name, fault
