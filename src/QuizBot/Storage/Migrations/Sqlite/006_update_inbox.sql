-- The update inbox (issue 10): updates taken from Telegram are stored here, in the same transaction that moves the stored
-- getUpdates offset past them, and handled from here chat by chat. Fetching the next updates then never waits for one
-- chat's replies, and an update confirmed to Telegram is never lost: a crash leaves its row, which the next start handles.
-- A row is deleted once handled. lane: the chat (or, for a poll answer, the person) whose updates are handled in order.
CREATE TABLE update_inbox (
    update_id INTEGER PRIMARY KEY,
    lane      INTEGER NOT NULL,
    seen_at   INTEGER NOT NULL,  -- unix ms when this process first saw it: a poll answer is timed from here
    body      TEXT    NOT NULL   -- the update as Telegram sent it (Bot API JSON)
);
