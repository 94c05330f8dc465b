-- Rectification (整改) by street as it stood at the end of $quarter, over the problems raised in its year
-- up to and including it (docs/观摩与比学.md); 整改率 = 已整改 ÷ 问题数, empty without problems.
-- Grain: one row per street of the district, best rate first. Parameters: $quarter.
with status as (
    select *
    from problem_status($quarter)
),
by_street as (
    select
        s.street,
        count(p.problem)                                  as problems,
        count(p.problem) filter (where p.status = '已整改')   as done,
        count(p.problem) filter (where p.status = '整改中')   as open,
        count(p.problem) filter (where p.status = '逾期未整改') as overdue
    from street as s
    left join status as p using (street)
    group by all
),
rates as (
    select
        street                                    as "街道",
        problems                                  as "问题数",
        done                                      as "已整改",
        open                                      as "整改中",
        overdue                                   as "逾期未整改",
        round2(done / nullif(problems, 0) * 100)  as "整改率"
    from by_street
)
select *
from rates
order by "整改率" desc nulls last, "逾期未整改", "街道"
