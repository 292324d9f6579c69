-- lantu schema 10 (SQLite): the web app. Keep in step with migrations/postgres/0010_web.sql.
-- Numbered 10 so that other branches' schema changes can take 2…9 without colliding.
ALTER TABLE plans ADD COLUMN published INTEGER NOT NULL DEFAULT 0;
ALTER TABLE plan_versions ADD COLUMN source_text TEXT;

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL,
    unit          TEXT,
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    sha256     TEXT NOT NULL UNIQUE,
    label      TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE indicator_units (
    plan_id   INTEGER NOT NULL REFERENCES plans(id),
    indicator TEXT NOT NULL,
    unit      TEXT NOT NULL,
    PRIMARY KEY (plan_id, indicator)
);
