-- Updates received through the webhook (issue 12), kept after they are handled: Telegram redelivers an update whose 200
-- it did not see, and in webhook mode no offset tells it which ones were taken, so a redelivered update_id must find its
-- row here and insert nothing. Rows older than two days are deleted (Telegram keeps an update at most 24 hours).
CREATE TABLE update_seen (
    update_id INTEGER PRIMARY KEY,
    seen_at   INTEGER NOT NULL   -- unix ms when it was first received
);
