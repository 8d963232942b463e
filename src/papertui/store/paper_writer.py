"""Writing imported papers in batches so that each paper keeps one record.

A batch is looked up at once: its ids, former ids (aliases) and identity keys, a
few `IN (...)` probes for thousands of papers. Papers that hit nothing are
inserted together; a paper that hits only its own record is updated in place;
everything else (a key shared with another record or with another paper of the
batch, a former id) goes to `Merger`, one paper at a time.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from papertui.identity import best_id, lookup_keys
from papertui.identity import same_by_title as title_rule
from papertui.models import Paper, PaperState, merge_papers
from papertui.store.merging import Merger
from papertui.store.records import TITLE_ID, ImportCounts, RecordTable
from papertui.store.user_state import (
    insert_states,
    merge_imported,
    read_states,
    restore_states,
)


class PaperWriter:
    """Writes batches of incoming papers inside one open transaction."""

    def __init__(self, conn: sqlite3.Connection, seq: int) -> None:
        self.table = RecordTable(conn, seq)
        self.merger = Merger(self.table)

    def write(
        self, batch: dict[str, Paper], states: dict[str, PaperState] | None = None
    ) -> ImportCounts:
        """Write one batch (keyed by incoming id); `states` is the user state the
        file carries for some of them, merged into what the user has."""
        counts = ImportCounts()
        self.merger.final_ids = {}
        papers = list(batch.values())
        keys = {p.id: lookup_keys(p) for p in papers}
        by_id = self.table.rows_by_id(list(batch))
        hits = self.table.key_hits([k for ks in keys.values() for k in ks])
        aliased = self.table.aliased(list(batch))
        owners: dict[str, int] = {}
        for paper in papers:
            for key in keys[paper.id]:
                owners[key] = owners.get(key, 0) + 1
        fresh: list[Paper] = []
        updated: list[Paper] = []
        careful: list[Paper] = []
        for paper in papers:
            found = {hits[k] for k in keys[paper.id] if k in hits}
            row = by_id.get(paper.id)
            if paper.id in aliased or any(owners[k] > 1 for k in keys[paper.id]):
                careful.append(paper)
            elif row is None and not found:
                fresh.append(paper)
            elif row is not None and found <= {row[0]} and _keyed_as_itself(paper, row[1]):
                updated.extend(self._update_in_place(paper, row, counts))
            else:
                careful.append(paper)
        self.table.insert(fresh, keys)
        counts.added += len(fresh)
        self.merger.adopt_pending_state(fresh + updated)
        for paper in careful:
            self.merger.merge_one(paper, counts)
        if states:
            self._merge_states(states)
        return counts

    def _update_in_place(
        self, paper: Paper, row: tuple[int, Paper], counts: ImportCounts
    ) -> list[Paper]:
        """The common re-import: the paper's own record, and no other record shares a key."""
        num, old = row
        record = merge_papers(old, paper)
        if record == old:
            counts.unchanged += 1
            return []
        counts.updated += 1
        self.table.rewrite(num, record, keys=lookup_keys(record) != lookup_keys(old))
        return [record]

    def _merge_states(self, states: dict[str, PaperState]) -> None:
        final = {self.merger.final_ids.get(i, i): s for i, s in states.items()}
        current = read_states(self.table.conn, final)
        changed: dict[str, PaperState | None] = {}
        fresh: list[PaperState] = []  # papers with no state yet: written in bulk
        for paper_id, incoming in final.items():
            merged = merge_imported(current.get(paper_id), replace(incoming, paper_id=paper_id))
            if paper_id not in current:
                fresh.append(merged)
            elif merged != current[paper_id]:
                changed[paper_id] = merged
        insert_states(self.table.conn, fresh)
        restore_states(self.table.conn, changed)
        self.table.mark_changed([*changed, *(s.paper_id for s in fresh)])  # tags are indexed


def _keyed_as_itself(paper: Paper, stored: Paper) -> bool:
    """The stored record with the paper's id is the paper and has its best id already
    (a title hash is only the same paper when the title rule says so)."""
    if best_id(stored) != paper.id:
        return False
    return not paper.id.startswith(TITLE_ID) or title_rule(paper, stored) is not None
