-- lantu schema 11 (SQLite): project progress (项目进展). Keep in step with
-- migrations/postgres/0011_project_progress.sql.
-- A project is identified within its plan by its key (box / name), stable across versions,
-- like indicator_units' indicator key.
CREATE TABLE project_units (
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    project TEXT NOT NULL,
    unit    TEXT NOT NULL,
    PRIMARY KEY (plan_id, project)
);

-- Every entry is kept (history); the latest of a project and year is its progress.
CREATE TABLE project_progress (
    id         INTEGER PRIMARY KEY,
    plan_id    INTEGER NOT NULL REFERENCES plans(id),
    project    TEXT NOT NULL,
    year       INTEGER NOT NULL,
    status     TEXT NOT NULL,
    percent    REAL,
    note       TEXT NOT NULL DEFAULT '',
    who        TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX project_progress_plan ON project_progress (plan_id, project, year);
