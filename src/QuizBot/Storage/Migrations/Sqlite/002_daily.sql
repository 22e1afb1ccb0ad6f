-- The daily learning push (docs/daily.md). Instants are INTEGER unix milliseconds; local dates (in Quiz:TimeZone) are
-- TEXT 'yyyy-MM-dd', so text order is date order. Column names avoid SQL keywords (day, minute, cursor) for portability.

-- One subscription per chat: the schedule lives here, not in memory.
CREATE TABLE daily_subscriptions (
    chat_id    INTEGER PRIMARY KEY,
    kind       TEXT    NOT NULL,            -- private | group: what a push looks like
    push_minute INTEGER NOT NULL,           -- local push time, minutes after midnight
    active     INTEGER NOT NULL DEFAULT 1,  -- 0 after /daily off, or when the chat blocked or removed the bot
    next_at    INTEGER NOT NULL,            -- the next push instant; the pusher takes rows with next_at <= now
    passage_cursor INTEGER NOT NULL DEFAULT 0, -- pushes so far: which passage of the digest comes next
    created_by INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX daily_subscriptions_due ON daily_subscriptions (active, next_at);

-- The durable record of each chat's push for a day, written before the first message goes out. Its primary key makes
-- the push happen at most once per chat and day; step says how many of its messages are confirmed sent, so a push
-- interrupted by a crash resumes where it stopped (at most the one message in flight is sent again).
CREATE TABLE daily_pushes (
    chat_id      INTEGER NOT NULL,
    local_day    TEXT    NOT NULL,          -- the push's local date
    kind         TEXT    NOT NULL,          -- private | group
    due_at       INTEGER NOT NULL,          -- the scheduled instant
    passage_cursor INTEGER NOT NULL,        -- the passage shown
    question_ids TEXT    NOT NULL,          -- comma-separated, in order
    round_id     INTEGER,                   -- the round (mode 'daily') whose polls carry the questions
    step         INTEGER NOT NULL DEFAULT 0,-- messages confirmed sent: 0 = the excerpt, then one per question
    status       TEXT    NOT NULL,          -- sending | done | skipped (past the grace period) | gone (chat blocked the bot) | expired
    closes_at    INTEGER,                   -- groups: when the polls close and the summary is posted
    summarized   INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    finished_at  INTEGER,
    PRIMARY KEY (chat_id, local_day)
);
CREATE INDEX daily_pushes_by_status ON daily_pushes (status, closes_at);
CREATE INDEX daily_pushes_by_round ON daily_pushes (round_id);

-- The Leitner review schedule of each person's mistakes (docs/daily.md); a learned question leaves it.
CREATE TABLE review_schedule (
    user_id     INTEGER NOT NULL,
    question_id TEXT    NOT NULL,
    box         INTEGER NOT NULL,           -- 1..5
    due_day     TEXT    NOT NULL,           -- local date the question is next due
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (user_id, question_id)
);
CREATE INDEX review_schedule_due ON review_schedule (user_id, due_day);
