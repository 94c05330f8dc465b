-- The live store (DOMAIN.md 现场评分): scoring sessions, their raters' tokens and every submission, in a
-- file of its own beside the main database. Written in place in short transactions (many small writes at
-- once, unlike an import); the main database changes only when a session is closed, through the import path.

create table if not exists live_session (
    session_id   integer primary key,
    name         text      not null,
    quarter      text      not null,
    scoring      text      not null default 'mean',  -- the 计分方式 of the quarter's year when created
    created_at   timestamp not null default current_timestamp,
    closed_at    timestamp,
    import_id    integer,   -- the import its close wrote into the main database
    shown        integer    -- the unit position the meeting screen shows; null = the first not fully scored
);

create table if not exists live_unit (
    session_id integer not null,
    position   integer not null,  -- the order of scoring, from 1
    street     text    not null,
    unit       text    not null,
    revealed   boolean not null default false,  -- results shown before every rater submitted
    primary key (session_id, position)
);

create table if not exists live_theme (
    session_id  integer not null,
    position    integer not null,
    theme       text    not null,
    weight      double  not null,
    max_score   double  not null,
    step        double  not null default 0.5,
    description text,
    primary key (session_id, position)
);

create table if not exists live_rater (
    session_id integer not null,
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
    issued_at  timestamp not null default current_timestamp,
    revoked_at timestamp
);

-- Every submission and every reopening, never changed or deleted: the audit trail. A rater's scores of a
-- unit are those of their latest event on it, when that event is a submission.
create table if not exists live_event (
    event_id   integer   primary key,
    session_id integer   not null,
    rater_id   integer   not null,
    position   integer   not null,
    action     text      not null check (action in ('submit', 'reopen')),
    happened_at timestamp not null default current_timestamp
);

create table if not exists live_event_score (
    event_id integer not null,
    theme    text    not null,
    score    double  not null,
    primary key (event_id, theme)
);
