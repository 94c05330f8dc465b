-- Every import, oldest first: when, which file and sheet, its checksum, rows added and replaced, undone or not, by whom.
-- Grain: one row per import (one sheet of a file). Parameters: none.
with logged as (
    select
        import_id                                   as "编号",
        strftime(imported_at, '%Y-%m-%d %H:%M:%S')  as "导入时间",
        file_name                                   as "文件",
        sheet                                       as "工作表",
        kind                                        as "类型",
        checksum                                    as "校验和",
        rows_added                                  as "行数",
        rows_replaced                               as "替换行数",
        strftime(undone_at, '%Y-%m-%d %H:%M:%S')    as "撤销时间",
        imported_by                                 as "导入人",
        undone_by                                   as "撤销人"
    from import_log
)
select *
from logged
order by "编号"
