"""Merging a paper with every stored record that is the same paper.

The records an incoming paper may be are found by its id, its former ids and its
identity keys, then checked by the rules of `papertui.identity`. They are merged
into the oldest row, which takes the best id (arXiv id beats DOI beats title
hash): the ids it leaves behind become aliases, the user's state under them moves
to it, and tombstones tell the search index to drop their documents.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from papertui.identity import (
    Rule,
    arxiv_of,
    best_id,
    contradiction,
    lookup_keys,
    published_doi,
    rule_for_key,
)
from papertui.identity import same_by_title as title_rule
from papertui.ids import normalise_title, title_key
from papertui.models import Paper, merge_papers
from papertui.store.records import TITLE_ID, ImportCounts, RecordTable
from papertui.store.user_state import move_states


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
class Merger:
    """Merges papers one at a time into the records they are (inside one transaction)."""

    table: RecordTable
    merges: list[Merge] = field(default_factory=list)
    final_ids: dict[str, str] = field(default_factory=dict)  # incoming id -> record's id

    def candidates(self, paper: Paper, *, stored: bool = False) -> list[_Candidate]:
        """Every stored record `paper` is, by the identity rules, in the order found."""
        found: dict[int, _Candidate] = {}
        keys = lookup_keys(paper)
        shared = self._shared_dois(keys)
        # a title hash is shared by every paper of that title, a shared DOI by every
        # paper under it: as an id, neither identifies anything alone
        weak_id = paper.id.startswith(TITLE_ID) or (paper.id.startswith("doi:") and shared)
        for num, record, alias in self.table.by_id_or_alias(paper.id):
            if stored or not weak_id or title_rule(paper, record):
                found.setdefault(num, _Candidate(num, record, Rule.ALIAS if alias else Rule.ID))
        title_hits: list[_Candidate] = []
        # under a shared DOI, only a record of the same title can be this paper: the
        # title key finds those
        for key, num, record in self.table.by_keys([k for k in keys if k not in shared]):
            if num in found:
                continue
            rule = rule_for_key(key)
            if rule is Rule.TITLE:
                title_hits.append(_Candidate(num, record, rule))
            elif rule is Rule.ARXIV or contradiction(paper, record) != "different arXiv ids":
                found[num] = _Candidate(num, record, rule)
        group = merge_group(paper, (c.paper for c in found.values()))
        for hit in title_hits:
            rule = title_rule(paper, hit.paper)
            if hit.num not in found and rule is not None and not contradiction(group, hit.paper):
                found[hit.num] = _Candidate(hit.num, hit.paper, rule)
                group = merge_papers(group, hit.paper)
        return sorted(found.values(), key=lambda c: c.num)

    def _shared_dois(self, keys: list[str]) -> set[str]:
        """The DOI keys that papers with different arXiv ids share (a proceedings
        volume's DOI, a mistake in the data): like a title, they identify nothing alone."""
        own = {key for key in keys if key.startswith("a:")}
        return {
            key
            for key in keys
            if key.startswith("d:") and len(own | self.table.arxiv_ids_under(key)) > 1
        }

    def merge_one(self, paper: Paper, counts: ImportCounts, *, stored: bool = False) -> None:
        """Merge `paper` with every record it is; `stored` means it is one of them."""
        found = self.candidates(paper, stored=stored)
        if not found:
            paper = paper.with_changes(id=self.table.free_title_id(paper.id))
            self.table.insert([paper], {paper.id: lookup_keys(paper)})
            self.adopt_pending_state([paper])
            counts.added += 1
            return
        if stored:  # the record's match with itself says nothing: name its partner's rule
            partner = next((c.rule for c in found if c.paper.id != paper.id), Rule.ID)
            for candidate in found:
                if candidate.paper.id == paper.id:
                    candidate.rule = partner
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
            self.table.remove(other.num, survivor.num)
        counts.removed += len(others)
        self.table.rewrite(survivor.num, record, keys=True)
        retired = [c.paper.id for c in found if c.paper.id != record.id]
        self.table.retire(retired, record.id, indexed=True)
        if paper.id != record.id and paper.id not in retired:
            self.table.retire([paper.id], record.id, indexed=False)
        moves = [*retired, paper.id, *alt_ids(record)]
        move_states(self.table.conn, {old: record.id for old in moves if old != record.id})
        self.merges.extend(
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
        return self.table.free_title_id(best)

    def adopt_pending_state(self, papers: list[Paper]) -> None:
        """State kept for a paper under another of its ids (a state file said `doi:…`,
        the paper came keyed by its arXiv id) moves to the record."""
        if not papers or not self.table.any_state():
            return
        wanted = {alt: p.id for p in papers for alt in alt_ids(p) if alt != p.id}
        if wanted:
            have = self.table.with_state(list(wanted))
            if have:
                move_states(self.table.conn, {alt: wanted[alt] for alt in have})


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
    found = [arxiv_of(paper)]
    doi = published_doi(paper)
    if doi:
        found.append(f"doi:{doi}")
    if normalise_title(paper.title):
        found.append(title_key(paper.title))
    return [i for i in dict.fromkeys(found) if i]
