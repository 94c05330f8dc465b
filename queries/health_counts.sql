-- What a healthy database holds, for the check's summary line.
-- Grain: one row (quarters, units, scores, imports, undone). Parameters: none.
select
    (select count(distinct quarter) from score)                            as quarters,
    (select count(*) from unit)                                            as units,
    (select count(*) from score)                                           as scores,
    (select count(*) from import_log)                                      as imports,
    (select count(*) from import_log where undone_at is not null)          as undone
