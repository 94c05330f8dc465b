-- The quarter whose numbers $quarter's 环比 compares with: the calendar quarter before, or null when $quarter is
-- published and that one is a draft (schema.sql compared_quarter).
-- Grain: one row. Parameters: $quarter.
select compared_quarter($quarter) as quarter
