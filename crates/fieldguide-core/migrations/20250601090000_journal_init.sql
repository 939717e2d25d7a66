-- Fieldguide journal, first schema.
-- Timestamps are UTC RFC 3339 text with second precision ("2025-06-01T09:00:00Z"): fixed width,
-- so they sort and compare correctly as text and `date(at)` gives the UTC calendar date.
-- Every table has `is_sample`: rows written by the demo generator are 1 and can be cleared.

CREATE TABLE meta (
    key        TEXT PRIMARY KEY NOT NULL,
    value      TEXT NOT NULL,
    is_sample  INTEGER NOT NULL DEFAULT 0
);

-- One row per search run in the UI.
CREATE TABLE searches (
    id            INTEGER PRIMARY KEY,
    query         TEXT NOT NULL,
    filters_json  TEXT NOT NULL DEFAULT '{}',
    result_count  INTEGER NOT NULL CHECK (result_count >= 0),
    at            TEXT NOT NULL,
    is_sample     INTEGER NOT NULL DEFAULT 0
);

-- A result opened from a search.
CREATE TABLE search_clicks (
    id         INTEGER PRIMARY KEY,
    search_id  INTEGER NOT NULL REFERENCES searches(id) ON DELETE CASCADE,
    doc_path   TEXT NOT NULL,
    rank       INTEGER NOT NULL CHECK (rank >= 1),
    at         TEXT NOT NULL,
    is_sample  INTEGER NOT NULL DEFAULT 0
);

-- A guided flow being walked; `state_json` is owned by the flow module.
CREATE TABLE flow_sessions (
    id          TEXT PRIMARY KEY NOT NULL,
    flow_path   TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('active', 'resolved', 'escalated', 'abandoned')),
    state_json  TEXT NOT NULL,
    is_sample   INTEGER NOT NULL DEFAULT 0
);

-- One row per node reached in a flow session (with the choice that led there, if any).
CREATE TABLE flow_steps (
    id            INTEGER PRIMARY KEY,
    session_id    TEXT NOT NULL REFERENCES flow_sessions(id) ON DELETE CASCADE,
    node_id       TEXT NOT NULL,
    choice_label  TEXT,
    at            TEXT NOT NULL,
    is_sample     INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE doc_views (
    id               INTEGER PRIMARY KEY,
    doc_path         TEXT NOT NULL,
    at               TEXT NOT NULL,
    flow_session_id  TEXT REFERENCES flow_sessions(id) ON DELETE SET NULL,
    is_sample        INTEGER NOT NULL DEFAULT 0
);

-- "Did this help?"
CREATE TABLE feedback (
    id         INTEGER PRIMARY KEY,
    doc_path   TEXT NOT NULL,
    helpful    INTEGER NOT NULL CHECK (helpful IN (0, 1)),
    comment    TEXT,
    at         TEXT NOT NULL,
    is_sample  INTEGER NOT NULL DEFAULT 0
);

-- "Flag as outdated"; open while resolved_at is NULL.
CREATE TABLE outdated_flags (
    id               INTEGER PRIMARY KEY,
    doc_path         TEXT NOT NULL,
    comment          TEXT NOT NULL,
    by               TEXT,
    at               TEXT NOT NULL,
    resolved_at      TEXT,
    resolution_note  TEXT,
    is_sample        INTEGER NOT NULL DEFAULT 0
);

-- One row per recorded resolution or escalation of a ticket (a reopened ticket has several).
CREATE TABLE resolutions (
    id                   INTEGER PRIMARY KEY,
    ticket_id            TEXT NOT NULL,
    category             TEXT,
    product              TEXT,
    kind                 TEXT,
    opened_at            TEXT NOT NULL,
    resolved_at          TEXT NOT NULL,
    outcome              TEXT NOT NULL CHECK (outcome IN ('resolved', 'escalated')),
    flow_path            TEXT,
    flow_session_id      TEXT REFERENCES flow_sessions(id) ON DELETE SET NULL,
    sessions_count       INTEGER NOT NULL DEFAULT 1 CHECK (sessions_count >= 1),
    time_to_resolve_min  INTEGER NOT NULL CHECK (time_to_resolve_min >= 0),
    note_path            TEXT,
    is_sample            INTEGER NOT NULL DEFAULT 0
);

-- Documents used for a resolution; `helped` NULL when not said.
CREATE TABLE resolution_articles (
    resolution_id  INTEGER NOT NULL REFERENCES resolutions(id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    doc_path       TEXT NOT NULL,
    helped         INTEGER CHECK (helped IN (0, 1)),
    is_sample      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (resolution_id, position)
);

-- Changes to the KB made through the app (or detected), for "knowledge contribution".
CREATE TABLE kb_changes (
    id         INTEGER PRIMARY KEY,
    path       TEXT NOT NULL,
    old_path   TEXT,
    change     TEXT NOT NULL CHECK (change IN ('created', 'updated', 'renamed', 'retired', 'deleted')),
    doc_kind   TEXT,
    at         TEXT NOT NULL,
    by         TEXT,
    is_sample  INTEGER NOT NULL DEFAULT 0
);
