-- lantu schema 1 (SQLite). Keep in step with migrations/postgres/0001_init.sql.
CREATE TABLE plans (
    id           INTEGER PRIMARY KEY,
    plan_key     TEXT NOT NULL UNIQUE,
    region       TEXT,
    kind         TEXT NOT NULL,
    period_start INTEGER,
    period_end   INTEGER,
    title        TEXT,
    parent_id    INTEGER REFERENCES plans(id),
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE plan_versions (
    id         INTEGER PRIMARY KEY,
    plan_id    INTEGER NOT NULL REFERENCES plans(id),
    version    INTEGER NOT NULL,
    file       TEXT NOT NULL,
    sha256     TEXT NOT NULL UNIQUE,
    encoding   TEXT NOT NULL,
    lines      INTEGER NOT NULL,
    title      TEXT,
    horizon    INTEGER,
    warnings   INTEGER NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (plan_id, version)
);

CREATE TABLE headings (
    id         INTEGER PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES plan_versions(id),
    ord        INTEGER NOT NULL,
    level      INTEGER NOT NULL,
    label      TEXT NOT NULL,
    title      TEXT NOT NULL,
    line       INTEGER NOT NULL
);

CREATE TABLE indicators (
    id           INTEGER PRIMARY KEY,
    version_id   INTEGER NOT NULL REFERENCES plan_versions(id),
    ord          INTEGER NOT NULL,
    table_name   TEXT,
    category     TEXT,
    seq          INTEGER,
    sub          TEXT,
    name         TEXT NOT NULL,
    unit         TEXT,
    base_year    INTEGER,
    base_text    TEXT,
    base_value   REAL,
    target_year  INTEGER,
    target_text  TEXT,
    target_value REAL,
    growth_text  TEXT,
    growth_value REAL,
    growth_kind  TEXT,
    attribute    TEXT,
    line         INTEGER NOT NULL
);

CREATE TABLE targets (
    id         INTEGER PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES plan_versions(id),
    metric     TEXT NOT NULL,
    year       INTEGER,
    value      REAL NOT NULL,
    unit       TEXT,
    bound      TEXT NOT NULL,
    text       TEXT NOT NULL,
    line       INTEGER NOT NULL
);

CREATE TABLE facts (
    id         INTEGER PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES plan_versions(id),
    metric     TEXT NOT NULL,
    year       INTEGER,
    value      REAL NOT NULL,
    unit       TEXT,
    estimated  INTEGER NOT NULL,
    text       TEXT NOT NULL,
    line       INTEGER NOT NULL
);

CREATE TABLE projects (
    id               INTEGER PRIMARY KEY,
    version_id       INTEGER NOT NULL REFERENCES plan_versions(id),
    grp              TEXT,
    name             TEXT NOT NULL,
    description      TEXT,
    investment_value REAL,
    investment_unit  TEXT,
    heading_ord      INTEGER,
    line             INTEGER NOT NULL
);

CREATE TABLE actuals (
    id          INTEGER PRIMARY KEY,
    region      TEXT NOT NULL,
    metric      TEXT NOT NULL,
    year        INTEGER NOT NULL,
    value       REAL NOT NULL,
    unit        TEXT,
    source      TEXT NOT NULL,
    estimated   INTEGER NOT NULL,
    imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (region, metric, year, source)
);

CREATE TABLE annual_target_overrides (
    id         INTEGER PRIMARY KEY,
    plan_id    INTEGER NOT NULL REFERENCES plans(id),
    indicator  TEXT NOT NULL,
    year       INTEGER NOT NULL,
    value      REAL NOT NULL,
    who        TEXT NOT NULL,
    why        TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE findings (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    region     TEXT,
    metric     TEXT,
    year       INTEGER,
    message    TEXT NOT NULL,
    sources    TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL
);

CREATE INDEX indicators_version ON indicators(version_id);
CREATE INDEX facts_version ON facts(version_id);
CREATE INDEX targets_version ON targets(version_id);
CREATE INDEX projects_version ON projects(version_id);
CREATE INDEX headings_version ON headings(version_id);
CREATE INDEX actuals_lookup ON actuals(region, metric);
