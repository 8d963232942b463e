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
