-- The store of one district: streets, units, each year's rubric, scores, commitments and the
-- import log, plus the views every query builds on (unit theme scores and unit totals).

create table meta (
    key   text primary key,
    value text not null
);

create table street (
    street text primary key check (trim(street) <> '')
);

create table unit (
    street text not null references street (street),
    unit   text not null check (trim(unit) <> ''),
    kind   text not null check (kind in ('村', '社区')),
    import_id integer,
    -- 顺序: the unit's row in the units file it was last imported from (the roster order a 现场评分 session
    -- scores in); null for a unit added by a score sheet or kept from before this column, listed after by name.
    position integer,
    primary key (street, unit)
);

create table rubric (
    year        integer not null check (year between 2000 and 2100),
    theme       text    not null check (trim(theme) <> ''),
    weight      double  not null check (weight > 0),
    max_score   double  not null check (max_score > 0),
    description text,
    position    integer not null default 0,  -- the theme's place in the rubric as written
    import_id   integer,
    -- 计分方式 (docs/计分规则.md, 第1条), the same on every row of a year: 'mean', or 'trimmed' (去掉最高最低).
    scoring     text    not null default 'mean' check (scoring in ('mean', 'trimmed')),
    primary key (year, theme)
);

-- Grade bands are data: a total at or above min_total (and below the next band) gets the grade.
create table grade_band (
    year      integer not null,
    grade     text    not null,
    min_total double  not null check (min_total between 0 and 100),
    import_id integer,
    primary key (year, grade)
);

-- The district's settings (docs/运维.md, 区设置): district name, organising office,
-- meeting title and the like, one row per key; edited through the history like every change.
create table setting (
    key       text primary key,
    value     text not null,
    import_id integer
);

-- 季度通报 (liangsaibi/bulletin/): the administrator's 点评 of a street for a quarter, shown under the street's
-- sentence in the bulletin; edited through the history like every change (an empty remark clears one).
create table street_remark (
    quarter   text not null check (regexp_full_match(quarter, '\d{4}Q[1-4]')),
    street    text not null,
    remark    text not null,
    import_id integer,
    primary key (quarter, street)
);

-- Ids of history entries (import_log.import_id), from store.record_change: an id once given is never given again.
-- upgrade() starts it after the largest id a database already holds.
create sequence change_id start 1;

create table import_log (
    import_id     integer primary key,
    imported_at   timestamp not null default current_timestamp,
    file_name     text    not null,
    sheet         text    not null default '',
    kind          text    not null,
    checksum      text    not null,
    rows_added    integer not null,
    rows_replaced integer not null default 0,
    undone_at     timestamp,
    -- Who imported and who undid, as the administrator gave their name at the door (docs/运维.md); '' when
    -- not known (imports before the door asked, or a writer that does not say).
    imported_by   text not null default '',
    undone_by     text not null default ''
);

create table score (
    quarter   text   not null check (regexp_full_match(quarter, '\d{4}Q[1-4]')),
    street    text   not null,
    unit      text   not null,
    theme     text   not null,
    rater     text   not null default '',
    score     double not null check (score >= 0),
    import_id integer
    -- No primary or foreign key: their indexes would be most of the file and of a reader's memory at
    -- city scale (millions of rows), and made replacing a quarter's scores 25 times slower. The importer
    -- refuses a key twice in a file, replaces what a sheet covers and writes no score of an unknown unit
    -- or import, so (quarter, street, unit, theme, rater) stays unique and every score has its unit;
    -- tests check both.
);

create table commitment (
    year         integer not null,
    street       text    not null,
    unit         text    not null,
    title        text    not null check (trim(title) <> ''),
    theme        text,
    due_quarter  text    not null check (regexp_full_match(due_quarter, '\d{4}Q[1-4]')),
    completed_on date,
    note         text,
    import_id    integer,
    check (cast(left(due_quarter, 4) as integer) = year)
    -- No primary or foreign key, as for scores: checking them took nine tenths of writing a province's
    -- year of commitments (90,000 rows: 450 ms against 30 ms). The importer keeps (year, street, unit,
    -- title) unique and every commitment's unit known; tests check both.
);

-- 季度发布 (docs/计分规则.md): whether a quarter's numbers are final. A quarter with no row is a draft (草稿);
-- publishing and unpublishing write a row through the history, so that undo reverses them.
create table quarter_state (
    quarter   text primary key check (regexp_full_match(quarter, '\d{4}Q[1-4]')),
    state     text not null check (state in ('published', 'draft')),
    import_id integer
);

-- 评分人不全 (docs/现场评分.md): a rater of a 现场评分 session who did not score a unit on a theme that the close
-- imported all the same (the administrator confirmed it). While scores of that close stand on the unit–theme and
-- that rater has none there, the unit–theme does not count towards the unit's coverage, as a theme not scored
-- would not: the unit is 不完整. Undoing the close removes its rows.
create table rater_shortfall (
    quarter   text not null,
    street    text not null,
    unit      text not null,
    theme     text not null,
    rater     text not null,
    import_id integer not null
);

-- The rows an import replaced, kept so that undoing it restores them exactly.
create table unit_replaced as select *, 0 as replaced_by from unit limit 0;
create table rubric_replaced as select *, 0 as replaced_by from rubric limit 0;
create table score_replaced as select *, 0 as replaced_by from score limit 0;
create table commitment_replaced as select *, 0 as replaced_by from commitment limit 0;
create table grade_band_replaced as select *, 0 as replaced_by from grade_band limit 0;
create table setting_replaced as select *, 0 as replaced_by from setting limit 0;
create table street_remark_replaced as select *, 0 as replaced_by from street_remark limit 0;
create table quarter_state_replaced as select *, 0 as replaced_by from quarter_state limit 0;

-- Half up to 2 decimals on the decimal value, as Excel's ROUND does: round() on a double would show
-- an exact 74.675 (stored as 74.67499…) as 74.67.
create macro round2(x) as cast(round(cast(x as decimal(18, 6)), 2) as double);

create macro quarter_year(q) as cast(left(q, 4) as integer);

create macro previous_quarter(q) as
    case when right(q, 1) = '1'
         then cast(quarter_year(q) - 1 as text) || 'Q4'
         else left(q, 5) || cast(cast(right(q, 1) as integer) - 1 as text)
    end;

create macro is_published(q) as q in (select quarter from quarter_state where state = 'published');

-- The quarter whose numbers q's 环比 and 排名变化 compare with: the calendar quarter before, except that a
-- published quarter never compares with a draft (its final numbers do not move with unchecked ones).
create macro compared_quarter(q) as
    case when is_published(q) and not is_published(previous_quarter(q)) then null else previous_quarter(q) end;

-- Whether quarter q belongs to a range of quarters (a trend) that ends at `last`: a range ending at a published quarter
-- (what viewers see) holds published quarters only; one ending at a draft (the administrator's) holds every quarter.
create macro shown_with(q, last) as q <= last and (is_published(q) or not is_published(last));

-- The same for 同比: the same quarter a year earlier.
create macro year_before_quarter(q) as
    case when is_published(q) and not is_published(cast(quarter_year(q) - 1 as text) || right(q, 2)) then null
         else cast(quarter_year(q) - 1 as text) || right(q, 2) end;

create macro quarter_end(q) as
    cast(make_date(quarter_year(q), 3 * cast(right(q, 1) as integer), 1)
         + interval 1 month - interval 1 day as date);

-- The commitments of the year of quarter q as they stood at its end (docs/计分规则.md, 承诺事项): a completion
-- after the quarter's end was not known then, so it counts as not completed.
create macro commitment_status(q) as table
select
    c.*,
    c.completed_on is not null and c.completed_on <= quarter_end(q) as completed,
    c.due_quarter <= q as due
from commitment as c
where c.year = quarter_year(q);

-- 观摩与比学 (docs/观摩与比学.md): what the observation groups saw. No primary or
-- foreign keys, as for commitments: the importer keeps each key unique and every unit known.
-- A highlight (亮点做法) of a unit in a quarter; tags are kept joined by 、 (one spelling, split to filter).
create table highlight (
    quarter     text not null check (regexp_full_match(quarter, '\d{4}Q[1-4]')),
    street      text not null,
    unit        text not null,
    title       text not null check (trim(title) <> ''),
    description text not null,
    theme       text,
    tags        text,
    import_id   integer
);

-- A problem raised on the spot (问题反馈) in a quarter, its 整改措施, due quarter and completion date.
create table problem (
    quarter      text not null check (regexp_full_match(quarter, '\d{4}Q[1-4]')),
    street       text not null,
    unit         text not null,
    problem      text not null check (trim(problem) <> ''),
    action       text,
    due_quarter  text not null check (regexp_full_match(due_quarter, '\d{4}Q[1-4]') and due_quarter >= quarter),
    completed_on date,
    import_id    integer
);

-- A visit (观摩记录): who (a street or a named group) observed which unit on which day.
create table visit (
    visited_on date not null,
    visitor    text not null check (trim(visitor) <> ''),
    street     text not null,
    unit       text not null,
    kind       text not null check (kind in ('本街道观摩', '跨街道学习')),
    note       text,
    import_id  integer
);

create table highlight_replaced as select *, 0 as replaced_by from highlight limit 0;
create table problem_replaced as select *, 0 as replaced_by from problem limit 0;
create table visit_replaced as select *, 0 as replaced_by from visit limit 0;

-- The quarter a date falls in, as the store writes quarters.
create macro date_quarter(d) as cast(year(d) as text) || 'Q' || cast(quarter(d) as text);

-- The problems raised in the year of quarter q up to and including q, as they stood at its end: the
-- commitments' rule (a completion after the quarter's end was not known then).
create macro problem_status(q) as table
select
    p.*,
    case when p.completed_on is not null and p.completed_on <= quarter_end(q) then '已整改'
         when p.due_quarter <= q then '逾期未整改'
         else '整改中' end as status
from problem as p
where quarter_year(p.quarter) = quarter_year(q) and p.quarter <= q;

-- The derived tables every query reads (unit_theme, unit_total, street_total) are materialised from
-- the *_live views below by db.refresh_derived() after every change, each step from the table before it,
-- so a query reads one quarter's rows instead of aggregating all the scores.

-- One row per unit, theme and quarter: the mean over raters (or, where the year's 计分方式 is trimmed and
-- at least 5 raters scored, the mean without one highest and one lowest: (Σ − max − min) / (n − 2), one
-- each even when tied), raw and on the 百分制 scale; `trimmed` says whether the dropping applied.
create view unit_theme_live as
with missing as (
    -- shortfalls still in force: their close's scores stand on the unit–theme, the rater has none there
    select f.quarter, f.street, f.unit, f.theme, count(*) as raters_missing
    from rater_shortfall as f
    where exists (select 1 from score as s where s.import_id = f.import_id and s.quarter = f.quarter
                  and s.street = f.street and s.unit = f.unit and s.theme = f.theme)
      and not exists (select 1 from score as s where s.quarter = f.quarter and s.street = f.street
                      and s.unit = f.unit and s.theme = f.theme and s.rater = f.rater)
    group by all
),
rater_scores as (
    select quarter, street, unit, theme, avg(score) as mean_score, count(*) as raters,
           sum(score) as score_sum, max(score) as highest, min(score) as lowest
    from score
    group by all
),
scored as (
    select m.*, r.weight, r.max_score, r.scoring,
           r.scoring = 'trimmed' and m.raters >= 5 as trimmed
    from rater_scores as m
    join rubric as r on r.year = quarter_year(m.quarter) and r.theme = m.theme
)
select
    quarter, quarter_year(quarter) as year, street, unit, theme,
    theme_score, raters, weight, max_score,
    theme_score / max_score * 100 as theme_pct,
    scoring, trimmed, raters_missing
from (select s.*, case when trimmed then (score_sum - highest - lowest) / (raters - 2) else mean_score end as theme_score,
             coalesce(m.raters_missing, 0) as raters_missing
      from scored as s
      left join missing as m using (quarter, street, unit, theme));

create table unit_theme as select * from unit_theme_live;

-- One row per street, theme and quarter: the mean of its units' theme scores (百分制), rounded as shown,
-- and the street's rank on that theme within the quarter.
create view street_theme_live as
with street_mean as (
    select quarter, year, street, theme, avg(theme_pct) as theme_pct, count(*) as units
    from unit_theme
    group by all
)
select *, round2(theme_pct) as score, rank() over (partition by quarter, theme order by round2(theme_pct) desc) as score_rank
from street_mean;

create table street_theme as select * from street_theme_live;

-- One row per unit and quarter: the weighted total (百分制) over the themes present and its coverage (the themes
-- present whose raters are all in: a unit–theme with 评分人不全 counts as missing there).
create view unit_total_live as
with weighted as (
    select quarter, year, street, unit,
           sum(weight * theme_pct) / sum(weight) as total,
           coalesce(sum(weight) filter (where raters_missing = 0), 0) as weight_present,
           count(*) as themes_scored
    from unit_theme
    group by all
),
year_weight as (
    select year, sum(weight) as weight_all, count(*) as themes_all
    from rubric
    group by all
)
select w.quarter, w.year, w.street, w.unit, u.kind, w.total,
       w.weight_present / y.weight_all as coverage,
       w.themes_scored, y.themes_all
from weighted as w
join year_weight as y using (year)
join unit as u using (street, unit);

create table unit_total as select * from unit_total_live;

-- One row per street and quarter: mean of its units' totals, rounded, ranked within the quarter, with
-- 环比 (against the previous calendar quarter), 同比 (the same quarter a year earlier) and the rank change;
-- a published quarter is compared with published quarters only (compared_quarter).
create view street_total_live as
with street_mean as (
    select quarter, year, street,
           round2(avg(total)) as total,
           count(*) as units,
           avg(coverage) as coverage
    from unit_total
    group by all
),
ranked as (
    select *, rank() over (partition by quarter order by total desc) as rank
    from street_mean
)
select
    t.*,
    round2(t.total - p.total)        as qoq,
    round2(t.total - y.total)        as yoy,
    cast(p.rank - t.rank as integer) as rank_change
from ranked as t
left join ranked as p on p.street = t.street and p.quarter = compared_quarter(t.quarter)
left join ranked as y on y.street = t.street and y.quarter = year_before_quarter(t.quarter);

create table street_total as select * from street_total_live;

-- The grade of a rounded total in a year: the band with the highest threshold it reaches.
create view grade_of_year as
select year, grade, min_total,
       coalesce(lead(min_total) over (partition by year order by min_total), 1e9) as below
from grade_band;
