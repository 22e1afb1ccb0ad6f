-- PostgreSQL: SQLite's 008_learning.sql (Storage/Migrations/Sqlite), with this provider's types (see 001_initial.sql):
-- each person's FSRS card per question, the learning settings, the evening reminders sent (docs/learning.md).

CREATE TABLE learning_cards (
    user_id      bigint NOT NULL,
    question_id  text COLLATE "C" NOT NULL,
    stability    double precision NOT NULL,  -- days until recall falls to 90%
    difficulty   double precision NOT NULL,  -- 1..10
    last_review  text COLLATE "C" NOT NULL,  -- local date of the last counted answer
    due_day      text COLLATE "C" NOT NULL,  -- local date it is next due
    reviews      bigint NOT NULL,
    lapses       bigint NOT NULL,
    last_correct bigint NOT NULL,            -- 1 when the last answer was right
    updated_at   bigint NOT NULL,
    PRIMARY KEY (user_id, question_id)
);
CREATE INDEX learning_cards_due ON learning_cards (user_id, due_day);

CREATE TABLE learning_settings (
    user_id    bigint PRIMARY KEY,
    reminders  bigint NOT NULL,              -- 0 after /daily remind off
    updated_at bigint NOT NULL
);

CREATE TABLE learning_reminders (
    user_id   bigint NOT NULL,
    local_day text COLLATE "C" NOT NULL,
    sent_at   bigint NOT NULL,
    PRIMARY KEY (user_id, local_day)
);
