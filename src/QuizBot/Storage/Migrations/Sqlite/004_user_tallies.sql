-- /me without reading a person's whole answer log (issue 6; docs/scores.md). user_tallies is a cache of the log, like
-- score_totals: per person, the answers, right answers and points of each local day they answered on (question_id ''),
-- and of each question they answered, all time (local_day 0). One upsert adds an answer to both rows, in the answer's own
-- transaction (SqliteQuizStore.AddToUserTalliesAsync). /me then reads one person's rows, at most one per active day plus
-- one per question of the bank, however many answers they gave: the streaks and the 30-day chart from the day rows, the
-- accuracy per speech from the question rows.
--
-- Local days depend on Quiz:TimeZone, which SQL cannot apply, so the backfill from the answer log is done at start by
-- ScoreTotalsCheck (SqliteQuizStore.EnsureUserTalliesAsync) whenever bot_state 'tallies.zone' is not the configured zone:
-- once after this migration (no key yet), and again only when the zone changes. Days are yyyymmdd, as in score_totals.
CREATE TABLE user_tallies (
    user_id     INTEGER NOT NULL,
    local_day   INTEGER NOT NULL,  -- yyyymmdd of the local day; 0 on a question's all-time row
    question_id TEXT    NOT NULL,  -- the question; '' on a day's row
    answered    INTEGER NOT NULL,
    correct     INTEGER NOT NULL,
    points      INTEGER NOT NULL,
    PRIMARY KEY (user_id, local_day, question_id)
) WITHOUT ROWID;
