-- 党务知识测试 (docs/党务知识测试.md): the 题库, each test with its own copy of its questions, its participants'
-- links (sha256 only) and every answer with its time, in the live store beside the main database (opened only by
-- liangsaibi/live/ledger.py). The main database changes only when a test is closed, through the import path.
-- Times are local, with milliseconds; flags are 0 / 1. Options are a JSON list of texts (选项A first).

create table if not exists quiz_question (
    question_id integer primary key,
    kind        text not null check (kind in ('单选', '多选', '判断')),
    stem        text not null unique,  -- 题干: a later import of the same 题干 replaces the question in the bank
    options     text not null,         -- '[]' for 判断
    answer      text not null,         -- letters in order (ABD), or 对 / 错
    points      real not null check (points > 0),
    tags        text not null default '',  -- 标签, separated by 、
    explanation text not null default '',
    imported_at text not null default (strftime('%Y-%m-%d %H:%M:%f', 'now', 'localtime'))
);

create table if not exists quiz_test (
    test_id      integer primary key,
    name         text    not null,
    quarter      text    not null,
    theme        text    not null,  -- the rubric's theme the result goes to (a setting, default 党务知识)
    max_score    real    not null,  -- that theme's 满分 in the quarter's year
    minutes      integer not null check (minutes > 0),
    marking      text    not null check (marking in ('strict', 'half')),  -- 多选: all or nothing, or 少选得一半
    draw         text    not null check (draw in ('fixed', 'same', 'each')),
    per_person   integer not null,  -- questions on each paper
    explain      integer not null default 1,  -- the 解析 shown to participants once the test is closed
    created_at   text    not null default (strftime('%Y-%m-%d %H:%M:%f', 'now', 'localtime')),
    closing_at   text,  -- set with close_checksum when a close begins: answers are refused from then on
    close_checksum text,
    closed_at    text,
    import_id    integer  -- the import its close wrote into the main database
);

-- The test's own copy of its questions (for a per-person draw: the pool each paper is drawn from).
create table if not exists quiz_test_question (
    test_id     integer not null references quiz_test,
    number      integer not null,
    kind        text    not null,
    stem        text    not null,
    options     text    not null,
    answer      text    not null,
    points      real    not null,
    tags        text    not null,
    explanation text    not null,
    primary key (test_id, number)
);

create table if not exists quiz_participant (
    test_id        integer not null references quiz_test,
    participant_id integer not null,
    name           text    not null,
    duty           text    not null default '',  -- 职务
    street         text    not null,
    unit           text    not null,
    opened_at      text,  -- first opening of the link: the time limit counts from here
    submitted_at   text,
    primary key (test_id, participant_id)
);

-- Each participant's paper: which of the test's questions, in which order.
create table if not exists quiz_paper (
    test_id        integer not null,
    participant_id integer not null,
    position       integer not null,
    number         integer not null,
    primary key (test_id, participant_id, position),
    foreign key (test_id, participant_id) references quiz_participant,
    foreign key (test_id, number) references quiz_test_question
);

create table if not exists quiz_token (
    token_hash     text primary key,
    test_id        integer not null,
    participant_id integer not null,
    issued_at      text    not null default (strftime('%Y-%m-%d %H:%M:%f', 'now', 'localtime')),
    revoked_at     text,
    foreign key (test_id, participant_id) references quiz_participant
);

-- Every answer as given, never changed: a participant's answer to a question is their latest.
create table if not exists quiz_answer (
    answer_id      integer primary key,
    test_id        integer not null,
    participant_id integer not null,
    number         integer not null,
    given          text    not null,  -- letters in order, 对 / 错, or '' (cleared)
    answered_at    text    not null default (strftime('%Y-%m-%d %H:%M:%f', 'now', 'localtime')),
    foreign key (test_id, participant_id) references quiz_participant
);
create index if not exists quiz_answer_of on quiz_answer (test_id, participant_id, number);
