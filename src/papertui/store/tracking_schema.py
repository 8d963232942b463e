"""Tables for following the literature (schema 3): watch hits, reading lists, .bib keys.

Kept apart from the modules that use them so `db` can create them without
importing those modules (they need `db.transaction`).
"""

WATCH_SCHEMA = """
CREATE TABLE IF NOT EXISTS watch_hits (
    watch      TEXT NOT NULL,     -- the watch's key (casefolded name)
    paper_id   TEXT NOT NULL,
    first_seen TEXT NOT NULL,     -- ISO time of the run that first matched it
    flagged    INTEGER NOT NULL,  -- 0: matched on the watch's first run (baseline)
    PRIMARY KEY (watch, paper_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS watch_hits_flagged ON watch_hits(first_seen) WHERE flagged = 1;
CREATE TABLE IF NOT EXISTS watch_runs (
    watch    TEXT PRIMARY KEY,
    last_run TEXT NOT NULL
) WITHOUT ROWID;
"""

LIST_SCHEMA = """
CREATE TABLE IF NOT EXISTS reading_lists (
    key        TEXT PRIMARY KEY,  -- casefolded name, inner whitespace collapsed
    name       TEXT NOT NULL,     -- as the user typed it
    created_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reading_list_items (
    list_key TEXT NOT NULL REFERENCES reading_lists(key) ON DELETE CASCADE,
    paper_id TEXT NOT NULL,
    position INTEGER NOT NULL,    -- 1, 2, 3 ... (renumbered on every change)
    added_at TEXT NOT NULL,
    PRIMARY KEY (list_key, paper_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS reading_list_items_by_paper ON reading_list_items(paper_id);
"""

BIB_SCHEMA = """
CREATE TABLE IF NOT EXISTS bib_keys (
    file     TEXT NOT NULL,       -- the synced .bib file's absolute path
    paper_id TEXT NOT NULL,
    key      TEXT NOT NULL,       -- the citation key it was given there, kept for good
    PRIMARY KEY (file, paper_id),
    UNIQUE (file, key)
) WITHOUT ROWID;
"""

UPDATE_SCHEMA = """
CREATE TABLE IF NOT EXISTS paper_updates (
    paper_id TEXT PRIMARY KEY,
    found_at TEXT NOT NULL,       -- when `papertui update` found the change
    what     TEXT NOT NULL        -- what changed: version, journal reference, DOI
) WITHOUT ROWID;
"""
