"""Merging records already in the library that are the same paper.

Run once when a library from before identity keys is opened (the previous release
kept a listing's copy and the API's copy of a paper side by side), and by
`papertui dedupe`. Only records sharing an identity key are looked at.
"""

from __future__ import annotations

import sqlite3

from papertui.identity import lookup_keys
from papertui.store.merging import Merge, Merger
from papertui.store.records import ImportCounts, RecordTable, decode

UPGRADE_REPORT = "merged_on_upgrade"  # meta key: how many records the upgrade merged


def merge_duplicates(conn: sqlite3.Connection, seq: int) -> list[Merge]:
    """Merge every group of records that are one paper (inside the caller's transaction)."""
    merger = Merger(RecordTable(conn, seq))
    nums = [
        num
        for (num,) in conn.execute(
            "SELECT DISTINCT num FROM paper_keys WHERE key IN "
            "(SELECT key FROM paper_keys GROUP BY key HAVING count(*) > 1) ORDER BY num"
        )
    ]
    counts = ImportCounts()
    for num in nums:
        row = conn.execute("SELECT id, data FROM papers WHERE num = ?", (num,)).fetchone()
        if row is None:  # already merged into an earlier record
            continue
        merger.merge_one(decode(row[1], row[0]), counts, stored=True)
    return merger.merges


def index_and_merge_existing(conn: sqlite3.Connection) -> None:
    """The schema-2 upgrade: identity keys for every record, then merge duplicates."""
    from papertui.store.db import next_change_seq

    last = 0
    while rows := conn.execute(
        "SELECT num, id, data FROM papers WHERE num > ? ORDER BY num LIMIT 2000", (last,)
    ).fetchall():
        conn.executemany(
            "INSERT OR IGNORE INTO paper_keys(key, num) VALUES (?, ?)",
            [
                (key, num)
                for num, paper_id, data in rows
                for key in lookup_keys(decode(data, paper_id))
            ],
        )
        last = rows[-1][0]
    before = count_papers(conn)
    merge_duplicates(conn, next_change_seq(conn))
    merged = before - count_papers(conn)
    if merged:
        conn.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (UPGRADE_REPORT, str(merged))
        )


def count_papers(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM papers").fetchone()[0]
