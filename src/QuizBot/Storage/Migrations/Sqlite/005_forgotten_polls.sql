-- Polls whose rows /forget deleted (issue 10). The person's old polls stay open in their chat; an answer to one must be
-- ignored quietly, not taken for a poll whose id a crash lost and adopted by some other question. Only the opaque poll id
-- is kept: nothing here says whose poll it was.
CREATE TABLE forgotten_polls (
    poll_id      TEXT    PRIMARY KEY,
    forgotten_at INTEGER NOT NULL
) WITHOUT ROWID;
