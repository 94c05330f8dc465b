-- The live store (docs/现场评分.md): scoring sessions, their raters' tokens and every submission, in a
-- SQLite file of its own beside the main database. Written in place in short transactions (many small writes at
-- once, unlike an import); the main database changes only when a session is closed, through the import path.
-- Times are local, with milliseconds ('2021-12-20 15:04:05.123'); flags are 0 / 1.

create table if not exists live_session (
    session_id   integer primary key,
    name         text      not null,
    quarter      text      not null,
    scoring      text      not null default 'mean',  -- the 计分方式 of the quarter's year when created
    created_at   text      not null default (strftime('%Y-%m-%d %H:%M:%f', 'now', 'localtime')),
    closed_at    text,
    import_id    integer,   -- the import its close wrote into the main database
    shown        integer,   -- the unit position the meeting screen shows; null = the first not fully scored
    -- A close begins by setting closing_at (submissions are refused from then on) and the sha256 of the score
    -- sheet it will import, in one transaction; a close run again after a kill finds that import by it.
    closing_at     text,
    close_checksum text,
    screen_hash    text   -- the sha256 of the meeting screen's link token (/present?live=…&screen=…), if issued
);

create table if not exists live_unit (
    session_id integer not null references live_session,
    position   integer not null,  -- the order of scoring, from 1
    street     text    not null,
    unit       text    not null,
    revealed   integer not null default 0,  -- results shown before every rater submitted
    primary key (session_id, position)
);

create table if not exists live_theme (
    session_id  integer not null references live_session,
    position    integer not null,
    theme       text    not null,
    weight      real    not null,
    max_score   real    not null,
    step        real    not null default 0.5,
    description text,
    primary key (session_id, position)
);

create table if not exists live_rater (
    session_id integer not null references live_session,
    rater_id   integer not null,
    name       text    not null,
    grp        text    not null default '',  -- 观摩团 / 街道党工委 / 党员群众代表, or none
    primary key (session_id, rater_id)
);

-- Only the sha256 of a token is kept; a reissued link revokes the one before.
create table if not exists live_token (
    token_hash text primary key,
    session_id integer   not null,
    rater_id   integer   not null,
    issued_at  text      not null default (strftime('%Y-%m-%d %H:%M:%f', 'now', 'localtime')),
    revoked_at text,
    foreign key (session_id, rater_id) references live_rater
);

-- Every submission and every reopening, never changed or deleted: the audit trail. A rater's scores of a
-- unit are those of their latest event on it, when that event is a submission.
create table if not exists live_event (
    event_id   integer   primary key,
    session_id integer   not null,
    rater_id   integer   not null,
    position   integer   not null,
    action     text      not null check (action in ('submit', 'reopen')),
    happened_at text      not null default (strftime('%Y-%m-%d %H:%M:%f', 'now', 'localtime')),
    foreign key (session_id, rater_id) references live_rater,
    foreign key (session_id, position) references live_unit
);

create table if not exists live_event_score (
    event_id integer not null,
    theme    text    not null,
    score    real    not null,
    primary key (event_id, theme),
    foreign key (event_id) references live_event
);
