"""Writing imported papers so that each paper has one record, whatever its source.

An incoming paper is looked up by its id, its former ids (`paper_aliases`) and its
identity keys (`paper_keys`: arXiv id, DOI, title hash; see `papertui.identity`).
Papers that hit nothing are inserted in bulk; the rest are merged one at a time
with every record they are found to be. The merged record takes the best key
(arXiv id beats DOI beats title hash): the ids it leaves behind become aliases,
the user's state under them moves to it, and tombstones tell the search index to
drop their documents. All of it happens inside the caller's transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from papertui.identity import Rule, best_id, contradiction, lookup_keys, rule_for_key
from papertui.identity import same_by_title as title_rule
from papertui.ids import normalise_title, title_key
from papertui.models import Paper, PaperState, merge_papers
from papertui.store.user_state import merge_imported, move_states, read_states, restore_states

IDENTITY_SCHEMA = """
CREATE TABLE IF NOT EXISTS paper_keys (
    key TEXT NOT NULL,      -- a:<arXiv id> | d:<DOI> | t:<title hash> (papertui.identity)
    num INTEGER NOT NULL,
    PRIMARY KEY (key, num)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS paper_keys_by_num ON paper_keys(num);
CREATE TABLE IF NOT EXISTS paper_aliases (
    alias TEXT PRIMARY KEY, -- an id a merged record no longer has
    id    TEXT NOT NULL     -- the id of the record it became
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS removed_papers (
    id  TEXT PRIMARY KEY,   -- an id whose record was merged into another
    seq INTEGER NOT NULL    -- change sequence of the merge (the index drops the document)
) WITHOUT ROWID;
"""

_CHUNK = 900
TITLE_ID = "title:"


@dataclass
class ImportCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    merged: int = 0  # records found to be the same paper under another id (subset of updated)

    @property
    def seen(self) -> int:
        return self.added + self.updated + self.unchanged

    def __iadd__(self, other: ImportCounts) -> ImportCounts:
        self.added += other.added
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.failed += other.failed
        self.merged += other.merged
        return self


@dataclass(frozen=True)
class Merge:
    """One record absorbed into another: what `dedupe --dry-run` lists."""

    kept: str  # the merged record's id
    absorbed: str  # the id that is now an alias of it
    rule: Rule
    title: str


@dataclass
class _Candidate:
    num: int
    paper: Paper
    rule: Rule


@dataclass
class MergeLog:
    merges: list[Merge] = field(default_factory=list)


def encode(paper: Paper) -> tuple[str, str, str, int, str]:
    data = json.dumps(paper.to_dict(), ensure_ascii=False, separators=(",", ":"))
    return (data, normalise_title(paper.title), paper.published, paper.upvotes,
            paper.primary_category)  # fmt: skip


def decode(data: str, record: object) -> Paper:
    """The stored record as a `Paper`; a damaged one (edited by hand, a bad disk) is a
    `StoreError` naming it, not a bare JSON error from deep inside a worker."""
    from papertui.store.db import StoreError

    try:
        return Paper.from_dict(json.loads(data))
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise StoreError(f"paper {record} in the library is damaged ({exc})") from exc


def _chunks(items: list, size: int = _CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _in(column: str, count: int) -> str:
    return f"{column} IN ({','.join('?' * count)})"


class PaperWriter:
    """Writes batches of incoming papers inside one open transaction."""

    def __init__(self, conn: sqlite3.Connection, seq: int, log: MergeLog | None = None) -> None:
        self.conn = conn
        self.seq = seq
        self.log = log
        self.now = datetime.now(UTC).isoformat(timespec="seconds")
        self.final_ids: dict[str, str] = {}  # incoming id -> the id of the record it joined

    # ---- a batch ------------------------------------------------------------------
    def write(
        self, batch: dict[str, Paper], states: dict[str, PaperState] | None = None
    ) -> ImportCounts:
        """Write one batch (keyed by incoming id); `states` is the user state the
        file carries for some of them, merged into what the user has."""
        counts = ImportCounts()
        self.final_ids = {}
        papers = list(batch.values())
        keys = {p.id: lookup_keys(p) for p in papers}
        by_id = self._rows_by_id(list(batch))
        hits = self._key_hits([k for ks in keys.values() for k in ks])
        aliased = self._aliased(list(batch))
        owners: dict[str, int] = {}
        for paper in papers:
            for key in keys[paper.id]:
                owners[key] = owners.get(key, 0) + 1
        fresh: list[Paper] = []
        updated: list[Paper] = []
        slow: list[Paper] = []
        for paper in papers:
            shared = any(owners[k] > 1 for k in keys[paper.id])
            found = {hits[k] for k in keys[paper.id] if k in hits}
            row = by_id.get(paper.id)
            if paper.id in aliased or shared:
                slow.append(paper)
            elif row is None and not found:
                fresh.append(paper)
            elif (
                row is not None
                and found <= {row[0]}
                and best_id(row[1]) == paper.id
                and (not paper.id.startswith(TITLE_ID) or title_rule(paper, row[1]))
            ):
                updated.extend(self._update_same(paper, row, counts))
            else:
                slow.append(paper)
        self._insert(fresh, keys)
        counts.added += len(fresh)
        self._adopt_pending_state(fresh + updated)
        for paper in slow:
            self.merge_one(paper, counts)
        if states:
            self._merge_states(states)
        return counts

    def _merge_states(self, states: dict[str, PaperState]) -> None:
        final = {self.final_ids.get(i, i): s for i, s in states.items()}
        current = read_states(self.conn, final)
        changed: dict[str, PaperState | None] = {}
        for paper_id, incoming in final.items():
            merged = merge_imported(current.get(paper_id), replace(incoming, paper_id=paper_id))
            if merged != current.get(paper_id):
                changed[paper_id] = merged
        restore_states(self.conn, changed)
        ids = list(changed)
        for chunk in _chunks(ids):
            self.conn.execute(
                f"UPDATE papers SET changed = ? WHERE {_in('id', len(chunk))}", (self.seq, *chunk)
            )

    def _rows_by_id(self, ids: list[str]) -> dict[str, tuple[int, Paper]]:
        found: dict[str, tuple[int, Paper]] = {}
        for chunk in _chunks(ids):
            for num, paper_id, data in self.conn.execute(
                f"SELECT num, id, data FROM papers WHERE {_in('id', len(chunk))}", chunk
            ):
                found[paper_id] = (num, decode(data, paper_id))
        return found

    def _key_hits(self, keys: list[str]) -> dict[str, int]:
        hits: dict[str, int] = {}
        for chunk in _chunks(list(dict.fromkeys(keys))):
            for key, num in self.conn.execute(
                f"SELECT key, num FROM paper_keys WHERE {_in('key', len(chunk))}", chunk
            ):
                # several records under one key: -1 sends the paper the careful way
                hits[key] = num if hits.get(key, num) == num else -1
        return hits

    def _aliased(self, ids: list[str]) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(ids):
            found.update(
                alias
                for (alias,) in self.conn.execute(
                    f"SELECT alias FROM paper_aliases WHERE {_in('alias', len(chunk))}", chunk
                )
            )
        return found

    def _insert(self, papers: list[Paper], keys: dict[str, list[str]]) -> None:
        self.conn.executemany(
            "INSERT INTO papers(id, data, title_sort, published, upvotes, primary_cat, added_at, "
            "changed) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(p.id, *encode(p), self.now, self.seq) for p in papers],
        )
        nums = dict(self._nums([p.id for p in papers]))
        self.conn.executemany(
            "INSERT OR IGNORE INTO paper_keys(key, num) VALUES (?, ?)",
            [(key, nums[p.id]) for p in papers for key in keys[p.id]],
        )
        self._add_sources([(s, nums[p.id]) for p in papers for s in p.sources])

    def _nums(self, ids: list[str]) -> Iterable[tuple[str, int]]:
        for chunk in _chunks(ids):
            yield from self.conn.execute(
                f"SELECT id, num FROM papers WHERE {_in('id', len(chunk))}", chunk
            )

    def _add_sources(self, pairs: list[tuple[str, int]]) -> None:
        self.conn.executemany(
            "INSERT OR IGNORE INTO paper_sources(source, num) VALUES (?, ?)", pairs
        )

    def _update_same(
        self, paper: Paper, row: tuple[int, Paper], counts: ImportCounts
    ) -> list[Paper]:
        """The common re-import: the paper's own record, and no other record shares a key."""
        num, old = row
        record = merge_papers(old, paper)
        if record == old:
            counts.unchanged += 1
            return []
        counts.updated += 1
        self._rewrite(num, record)
        if lookup_keys(record) != lookup_keys(old):
            self._set_keys(num, record)
        return [record]

    def _rewrite(self, num: int, record: Paper) -> None:
        self.conn.execute(
            "UPDATE papers SET id = ?, data = ?, title_sort = ?, published = ?, upvotes = ?, "
            "primary_cat = ?, changed = ? WHERE num = ?",
            (record.id, *encode(record), self.seq, num),
        )
        self._add_sources([(s, num) for s in record.sources])

    def _set_keys(self, num: int, record: Paper) -> None:
        self.conn.execute("DELETE FROM paper_keys WHERE num = ?", (num,))
        self.conn.executemany(
            "INSERT OR IGNORE INTO paper_keys(key, num) VALUES (?, ?)",
            [(key, num) for key in lookup_keys(record)],
        )

    # ---- one paper, the careful way --------------------------------------------------
    def candidates(self, paper: Paper, *, stored: bool = False) -> list[_Candidate]:
        """Every stored record `paper` is, by the identity rules, in the order found."""
        found: dict[int, _Candidate] = {}
        by_id = self.conn.execute(
            "SELECT num, id, data, ? FROM papers WHERE id = ? UNION ALL "
            "SELECT p.num, p.id, p.data, ? FROM paper_aliases a JOIN papers p ON p.id = a.id "
            "WHERE a.alias = ?",
            (Rule.ID.value, paper.id, Rule.ALIAS.value, paper.id),
        ).fetchall()
        for num, stored_id, data, rule in by_id:
            record = decode(data, stored_id)
            # a title hash is shared by every paper of that title: it identifies nothing alone
            if stored or not paper.id.startswith(TITLE_ID) or title_rule(paper, record):
                found.setdefault(num, _Candidate(num, record, Rule(rule)))
        keys = lookup_keys(paper)
        title_hits: list[_Candidate] = []
        for key, num, stored_id, data in self.conn.execute(
            "SELECT k.key, k.num, p.id, p.data FROM paper_keys k JOIN papers p ON p.num = k.num "
            f"WHERE {_in('k.key', len(keys))} ORDER BY k.num",
            keys,
        ):
            if num in found:
                continue
            stored = decode(data, stored_id)
            rule = rule_for_key(key)
            if rule is Rule.TITLE:
                title_hits.append(_Candidate(num, stored, rule))
            elif rule is Rule.ARXIV or contradiction(paper, stored) != "different arXiv ids":
                found[num] = _Candidate(num, stored, rule)
        group = merge_group(paper, (c.paper for c in found.values()))
        for hit in title_hits:
            if hit.num in found:
                continue
            rule = title_rule(paper, hit.paper)
            if rule is not None and not contradiction(group, hit.paper):
                found[hit.num] = _Candidate(hit.num, hit.paper, rule)
                group = merge_papers(group, hit.paper)
        return list(found.values())

    def merge_one(self, paper: Paper, counts: ImportCounts, *, stored: bool = False) -> None:
        """Merge `paper` with every record it is; `stored` means it is one of them."""
        found = self.candidates(paper, stored=stored)
        if not found:
            paper = paper.with_changes(id=self._free_title_id(paper.id))
            self._insert([paper], {paper.id: lookup_keys(paper)})
            self._adopt_pending_state([paper])
            counts.added += 1
            return
        found.sort(key=lambda c: c.num)
        if stored:  # the record's match with itself says nothing: name its partner's rule
            partner = next((c.rule for c in found if c.paper.id != paper.id), Rule.ID)
            found = [_Candidate(c.num, c.paper, partner if c.paper.id == paper.id else c.rule)
                     for c in found]  # fmt: skip
        record = merge_group(None if stored else paper, (c.paper for c in found))
        record = record.with_changes(id=self._id_for(record, found))
        self.final_ids[paper.id] = record.id
        survivor, others = found[0], found[1:]
        if not others and survivor.paper == record:
            counts.unchanged += 1
            return
        counts.updated += 1
        if others or survivor.paper.id != record.id or paper.id != record.id:
            counts.merged += 1
        for other in others:
            self._remove(other.num, survivor.num)
        self._rewrite(survivor.num, record)
        self._set_keys(survivor.num, record)
        retired = [c.paper.id for c in found if c.paper.id != record.id]
        self._retire(retired, record.id)
        self._retire([paper.id] if paper.id != record.id else [], record.id, stored=False)
        move_states(self.conn, {old: record.id for old in [*retired, paper.id, *alt_ids(record)]
                                if old != record.id})  # fmt: skip
        if self.log is not None:
            self.log.merges.extend(
                Merge(record.id, c.paper.id, c.rule, record.display_title)
                for c in found
                if c.paper.id != record.id
            )

    def _id_for(self, record: Paper, found: list[_Candidate]) -> str:
        """The merged record's best id; a title hash another paper of the same title
        holds gets a numbered variant (`title:<hash>-2`), kept from then on."""
        best = best_id(record)
        if not best.startswith(TITLE_ID):
            return best
        for candidate in found:
            if candidate.paper.id == best or candidate.paper.id.startswith(f"{best}-"):
                return candidate.paper.id
        return self._free_title_id(best)

    def _free_title_id(self, paper_id: str) -> str:
        if not paper_id.startswith(TITLE_ID):
            return paper_id
        candidate, number = paper_id, 1
        while self.conn.execute(
            "SELECT 1 FROM papers WHERE id = ? UNION ALL SELECT 1 FROM paper_aliases "
            "WHERE alias = ?",
            (candidate, candidate),
        ).fetchone():
            number += 1
            candidate = f"{paper_id}-{number}"
        return candidate

    def _remove(self, num: int, into: int) -> None:
        self.conn.execute("UPDATE OR IGNORE paper_sources SET num = ? WHERE num = ?", (into, num))
        self.conn.execute("DELETE FROM paper_sources WHERE num = ?", (num,))
        self.conn.execute("DELETE FROM paper_keys WHERE num = ?", (num,))
        self.conn.execute("DELETE FROM papers WHERE num = ?", (num,))

    def _retire(self, ids: list[str], into: str, *, stored: bool = True) -> None:
        """`ids` now resolve to `into`; stored ones leave the search index."""
        for old in ids:
            self.conn.execute("UPDATE paper_aliases SET id = ? WHERE id = ?", (into, old))
            self.conn.execute(
                "INSERT OR REPLACE INTO paper_aliases(alias, id) VALUES (?, ?)", (old, into)
            )
            if stored:
                self.conn.execute(
                    "INSERT OR REPLACE INTO removed_papers(id, seq) VALUES (?, ?)",
                    (old, self.seq),
                )
        self.conn.execute("DELETE FROM paper_aliases WHERE alias = ?", (into,))
        self.conn.execute("DELETE FROM removed_papers WHERE id = ?", (into,))

    def _adopt_pending_state(self, papers: list[Paper]) -> None:
        """State kept for a paper under another of its ids (a state file said `doi:…`,
        the paper came keyed by its arXiv id) moves to the record."""
        wanted = {alt: p.id for p in papers for alt in alt_ids(p) if alt != p.id}
        if not wanted:
            return
        have: set[str] = set()
        for chunk in _chunks(list(wanted), _CHUNK // 2):
            marks = ",".join("?" * len(chunk))
            have.update(
                paper_id
                for (paper_id,) in self.conn.execute(
                    f"SELECT paper_id FROM paper_state WHERE paper_id IN ({marks}) "
                    f"UNION SELECT paper_id FROM paper_tags WHERE paper_id IN ({marks})",
                    chunk + chunk,
                )
            )
        if have:
            move_states(self.conn, {alt: wanted[alt] for alt in have})


def merge_group(paper: Paper | None, records: Iterable[Paper]) -> Paper:
    """Stored records folded in order, then the incoming paper on top."""
    merged: Paper | None = None
    for record in records:
        merged = record if merged is None else merge_papers(merged, record)
    if paper is not None:
        merged = paper if merged is None else merge_papers(merged, paper)
    assert merged is not None
    return merged


def alt_ids(paper: Paper) -> list[str]:
    """Other ids the same paper could have been stored under before it was known better."""
    from papertui.identity import arxiv_of, published_doi

    found = [arxiv_of(paper)]
    doi = published_doi(paper)
    if doi:
        found.append(f"doi:{doi}")
    if normalise_title(paper.title):
        found.append(title_key(paper.title))
    return [i for i in dict.fromkeys(found) if i]
