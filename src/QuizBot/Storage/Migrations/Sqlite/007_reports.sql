-- Learners' reports of a problem in a question (纠错, issue 13): one row per person and question, so reporting the same
-- question again updates the note and the time instead of adding a row. Read by the authoring tool (review --reported,
-- stats --db); /forget deletes the person's rows.
CREATE TABLE reports (
    question_id TEXT    NOT NULL,
    user_id     INTEGER NOT NULL,
    note        TEXT,
    reported_at INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (question_id, user_id)
) WITHOUT ROWID;
