-- Learning that adapts to each person (issue 14; docs/learning.md). Local dates (Quiz:TimeZone) are TEXT 'yyyy-MM-dd' as
-- in 002_daily.sql; instants are INTEGER unix milliseconds. Portable to PostgreSQL as written.

-- Each person's FSRS memory of each question they have answered. It replaces review_schedule (Leitner): the bot converts
-- that table's rows into cards at start (docs/learning.md, "From Leitner") and writes it no more.
CREATE TABLE learning_cards (
    user_id      INTEGER NOT NULL,
    question_id  TEXT    NOT NULL,
    stability    REAL    NOT NULL,          -- days until recall falls to 90%
    difficulty   REAL    NOT NULL,          -- 1..10
    last_review  TEXT    NOT NULL,          -- local date of the last counted answer
    due_day      TEXT    NOT NULL,          -- local date it is next due
    reviews      INTEGER NOT NULL,
    lapses       INTEGER NOT NULL,
    last_correct INTEGER NOT NULL,          -- 1 when the last answer was right
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (user_id, question_id)
);
CREATE INDEX learning_cards_due ON learning_cards (user_id, due_day);

-- One row per person who changed a learning setting; no row means the defaults (evening reminder on).
CREATE TABLE learning_settings (
    user_id    INTEGER PRIMARY KEY,
    reminders  INTEGER NOT NULL,            -- 0 after /daily remind off
    updated_at INTEGER NOT NULL
);

-- The evening reminders sent: the primary key makes it one per person and day at most.
CREATE TABLE learning_reminders (
    user_id   INTEGER NOT NULL,
    local_day TEXT    NOT NULL,
    sent_at   INTEGER NOT NULL,
    PRIMARY KEY (user_id, local_day)
);
