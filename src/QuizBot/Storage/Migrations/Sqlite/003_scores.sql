-- Leaderboards and personal records at scale (issue 6; docs/scores.md).
-- The answer log stays the one source of truth. score_totals is a cache of it, for ranking 100,000 people in a few
-- milliseconds: it is added to in the same transaction as each answer (SqliteQuizStore.TryRecordAnswerAsync) and rebuilt
-- from the log at start whenever the time zone it was kept in (bot_state 'scores.zone') is not the configured one, which
-- includes the first start after this migration.
CREATE TABLE score_totals (
    scope    INTEGER NOT NULL,  -- 0: everyone; a group's chat id (negative): the answers given in that group
    period   TEXT    NOT NULL,  -- 'w' week (from Monday) | 'm' month | 'a' all time
    start    INTEGER NOT NULL,  -- the period's first local day as yyyymmdd; 0 for all time
    user_id  INTEGER NOT NULL,
    answered INTEGER NOT NULL,
    correct  INTEGER NOT NULL,
    points   INTEGER NOT NULL,
    PRIMARY KEY (scope, period, start, user_id)
) WITHOUT ROWID;
-- Top 10 is the first ten entries of this index; on a group's board a rank is 1 + the entries with more points.
CREATE INDEX score_totals_by_points ON score_totals (scope, period, start, points DESC, correct DESC, user_id);

-- For the everyone-boards (scope 0), how many people have each points total: a rank there is 1 + the people above, a sum
-- over a few thousand distinct totals instead of a count over up to 100,000 people. Kept with score_totals.
CREATE TABLE score_counts (
    scope   INTEGER NOT NULL,
    period  TEXT    NOT NULL,
    start   INTEGER NOT NULL,
    points  INTEGER NOT NULL,
    people  INTEGER NOT NULL,
    PRIMARY KEY (scope, period, start, points)
) WITHOUT ROWID;

-- /me (streak, the last 30 days, accuracy per speech) reads one person's answers from this index alone, never the table.
-- It starts with (user_id, answered_at), so it replaces answers_by_user.
CREATE INDEX answers_by_user_cover ON answers (user_id, answered_at, is_correct, points, question_id);
DROP INDEX IF EXISTS answers_by_user;
