-- The first schema. Instants are INTEGER unix milliseconds (portable, and no Dapper type handlers needed).
-- Ids from Telegram are 64-bit. Later migrations add to this file's tables; this file never changes once released.

CREATE TABLE users (
    user_id      INTEGER PRIMARY KEY,
    display_name TEXT    NOT NULL,
    username     TEXT,
    updated_at   INTEGER NOT NULL
);

CREATE TABLE chats (
    chat_id    INTEGER PRIMARY KEY,
    kind       TEXT    NOT NULL,                 -- private | group | supergroup | channel | terminal
    title      TEXT,
    state      TEXT    NOT NULL DEFAULT 'active', -- active | left (bot removed, blocked, chat gone)
    scoring    TEXT    NOT NULL DEFAULT 'speed',  -- speed | accuracy (group rounds)
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- A round is one quiz in one chat: a private /quiz, a group round, or the terminal play mode.
CREATE TABLE rounds (
    round_id         INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id          INTEGER NOT NULL,
    mode             TEXT    NOT NULL,  -- private | group | terminal
    started_by       INTEGER NOT NULL,
    question_ids     TEXT    NOT NULL,  -- comma-separated question ids in play order
    position         INTEGER NOT NULL DEFAULT 0, -- index of the question being asked now
    question_seconds INTEGER NOT NULL,
    scoring          TEXT    NOT NULL,  -- speed | accuracy
    members          INTEGER,           -- group rounds: people who can answer (members less bots), to close a question early
    status           TEXT    NOT NULL,  -- running | finished | stopped
    started_at       INTEGER NOT NULL,
    ended_at         INTEGER
);
-- One running round per chat, enforced by the database rather than by a check-then-insert race.
CREATE UNIQUE INDEX rounds_one_running_per_chat ON rounds (chat_id) WHERE status = 'running';

-- Every quiz poll the bot sent: poll_answer updates carry only the poll id, so this is how an answer finds its question.
CREATE TABLE polls (
    poll_id      TEXT    PRIMARY KEY,
    round_id     INTEGER NOT NULL REFERENCES rounds (round_id),
    seq          INTEGER NOT NULL,  -- position in the round
    chat_id      INTEGER NOT NULL,
    message_id   INTEGER NOT NULL,
    question_id  TEXT    NOT NULL,
    option_order TEXT    NOT NULL,  -- the bank's option indexes in the order served, e.g. "2,0,3,1"
    sent_at      INTEGER NOT NULL,
    closes_at    INTEGER,           -- when the poll stops taking answers; NULL for self-paced private quizzes
    closed       INTEGER NOT NULL DEFAULT 0,
    UNIQUE (round_id, seq)
);

-- A poll about to be sent, written before sendPoll. If the process dies after Telegram created the poll but before its id was
-- stored in polls, the first answer to that orphaned poll can still be attributed (QuizService.AnswerAsync adopts it).
CREATE TABLE pending_polls (
    round_id     INTEGER NOT NULL,
    seq          INTEGER NOT NULL,
    chat_id      INTEGER NOT NULL,
    question_id  TEXT    NOT NULL,
    option_order TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    open_seconds INTEGER,
    PRIMARY KEY (round_id, seq)
);

-- The answer log: one row per person and poll; everything else (scores, ranks, streaks) is computed from it.
CREATE TABLE answers (
    answer_id   INTEGER PRIMARY KEY AUTOINCREMENT,
    poll_id     TEXT    NOT NULL,
    user_id     INTEGER NOT NULL,
    chat_id     INTEGER NOT NULL,
    round_id    INTEGER NOT NULL,
    question_id TEXT    NOT NULL,
    chosen      TEXT    NOT NULL,  -- the bank's option indexes chosen, comma-separated
    is_correct  INTEGER NOT NULL,
    points      INTEGER NOT NULL,
    elapsed_ms  INTEGER NOT NULL,
    answered_at INTEGER NOT NULL,
    UNIQUE (poll_id, user_id)      -- a redelivered poll_answer counts once
);
CREATE INDEX answers_by_user ON answers (user_id, answered_at);
CREATE INDEX answers_by_chat ON answers (chat_id, answered_at);
CREATE INDEX answers_by_question ON answers (question_id);

-- Small durable values such as the getUpdates offset.
CREATE TABLE bot_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
