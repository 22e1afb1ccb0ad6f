-- Leadership among several instances (issue 12) exists on PostgreSQL only (Postgres/004_leases.sql); the table is here too
-- so both schemas hold the same tables (migrate-to-postgres compares them). Unused on SQLite: one bot per database.
CREATE TABLE leases (
    name   TEXT    PRIMARY KEY,
    epoch  INTEGER NOT NULL,
    holder TEXT    NOT NULL,
    since  INTEGER NOT NULL
);
