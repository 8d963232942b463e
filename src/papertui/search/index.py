"""`SearchIndex`: full-text search over the library, safe to share between threads.

One Whoosh searcher is shared and refreshed after every write; queries are scored by
`array_scoring.ArrayScorer` (which caches scored term postings per searcher), or by Whoosh's
own searcher (`scoring.StockScorer`) when the internals are switched off (`whoosh_internals`),
and ranked by `ranking.rank`. An index opened for one query or two (`one_shot`, the command
line) scores queries with few postings in plain Python (`plain_scoring`): numpy's import
then costs more than the scoring it speeds up.
The index is opened lazily: constructing a `SearchIndex` never fails, and a missing or
unreadable index just gives empty results with a notice until
`papertui.search.sync.ensure_index` has (re)built it. A read error met while searching raises
`verify.IndexDamaged` (callers rebuild and ask again), never Whoosh's own exception.
`generation` counts the index's changes: results remembered from before one are stale.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from whoosh import query as wq
from whoosh.filedb.filestore import FileStorage
from whoosh.index import Index
from whoosh.searching import Searcher

from papertui.search import prefix_answers, prefix_table
from papertui.search import whoosh_internals as internals
from papertui.search.did_you_mean import corrected
from papertui.search.highlight import mark, snippet
from papertui.search.plain_scoring import PlainScorer
from papertui.search.prefix_answers import Answer, KeptAnswers
from papertui.search.prefix_table import PrefixTables
from papertui.search.query import parse
from papertui.search.ranking import Texts, mainly_in_body, rank
from papertui.search.related import related_to
from papertui.search.relax import loosened, loosened_notice
from papertui.search.results import Hit, SearchResults
from papertui.search.schema import BodyTexts, build_schema
from papertui.search.suggest import WordList
from papertui.search.terms import PREFIX_SCAN
from papertui.search.verify import IndexDamaged, sample_damage
from papertui.search.weighting import PaperWeighting

if TYPE_CHECKING:
    from papertui.search.scoring import StockScorer

SORTS: dict[str, tuple[str | None, bool]] = {
    "relevance": (None, False),
    "date": ("date", True),
    "title": ("title_sort", False),
    "upvotes": ("upvotes", True),
}
CATCHING_UP = "index catching up: another papertui is updating it"
SUGGEST_BELOW = 10  # offer "did you mean" when fewer hits than this
_WEIGHTING = PaperWeighting(B=0.75, K1=1.2)
KEPT = prefix_answers.KEPT_HITS
T = TypeVar("T")
Stop = Callable[[], bool]


class _Abandoned(Exception):
    """The searcher was replaced, or the caller gave up, while the first letters were answered."""


class SearchIndex:
    def __init__(
        self, index_dir: Path, bodies: BodyTexts | None = None, *, one_shot: bool = False
    ) -> None:
        self.index_dir = Path(index_dir)
        self.bodies = bodies  # saved full texts, indexed as `body` by builds and syncs
        self.one_shot = one_shot  # few queries: small ones scored without numpy
        self._lock = threading.RLock()
        self._ix: Index | None = None
        self._searcher: Searcher | None = None
        self._words: WordList | None = None
        self._prefixes: PrefixTables | None = None
        self._answers: KeptAnswers | None = None
        self._scorer: StockScorer | None = None
        self._plain: PlainScorer | None = None
        if not one_shot and internals.ENABLED:
            # numpy is imported by whoever makes a shared index (the reader's and pick's
            # index-opening workers), not by the first search typed (0.15-0.3 s).
            import papertui.search.array_scoring  # noqa: F401
        self.generation = 0  # bumped whenever the index changes (a sync, a rebuild)
        self.catching_up = False  # another process is writing changes not yet seen
        self.synced_seq = -1  # the store's change sequence this process last saw indexed

    # ---- lifecycle -------------------------------------------------------------------
    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = None
            self._scorer = None
            self._plain = None
            self._ix = None
            self._words = None
            self._prefixes = None
            self._answers = None

    def swap_in(self, build: Path) -> None:
        """Put the freshly built index in `build` in place of this one: renames, so a
        crash leaves the old index, none (rebuilt next time) or the new one."""
        with self._lock:
            self.close()
            old = None
            if self.index_dir.exists():
                old = self.index_dir.with_name(f".index-old-{os.getpid()}-{id(build)}")
                os.replace(self.index_dir, old)
            os.replace(build, self.index_dir)
            self.generation += 1
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)

    def open_index(self) -> Index:
        """The Whoosh index (raises if missing or unreadable)."""
        with self._lock:
            if self._ix is None:
                storage = FileStorage(str(self.index_dir), supports_mmap=False)
                self._ix = storage.open_index(schema=build_schema())
            return self._ix

    def _get_searcher(self) -> Searcher | None:
        if self._searcher is None:
            try:
                self._searcher = self.open_index().searcher(weighting=_WEIGHTING)
            except Exception:  # missing, locked mid-swap, corrupt: no results until rebuilt
                self._ix = None
                return None
        return self._searcher

    def _scorer_for(self, searcher: Searcher) -> StockScorer:
        if self._scorer is None or self._scorer.searcher is not searcher:
            if internals.ENABLED:
                from papertui.search.array_scoring import ArrayScorer

                self._scorer = ArrayScorer(searcher, B=_WEIGHTING.B, K1=_WEIGHTING.K1)
            else:
                from papertui.search.scoring import StockScorer

                self._scorer = StockScorer(searcher)
        return self._scorer

    def _query_scorer(self, searcher: Searcher) -> StockScorer | PlainScorer:
        """What scores a query: `_scorer_for`, or with `one_shot` a `PlainScorer`
        that hands it the queries with many postings."""
        if not (self.one_shot and internals.ENABLED):
            return self._scorer_for(searcher)
        if self._plain is None or self._plain.searcher is not searcher:
            self._plain = PlainScorer(
                searcher, lambda: self._scorer_for(searcher), B=_WEIGHTING.B, K1=_WEIGHTING.K1
            )
        return self._plain

    def is_usable(self) -> bool:
        """True when the index opens and answers a query."""
        with self._lock:
            searcher = self._get_searcher()
            if searcher is None:
                return False
            try:
                searcher.search(wq.Every(), limit=1)
                return True
            except Exception:
                self.close()
                return False

    def refresh(self) -> None:
        """See documents committed since the searcher was opened."""
        with self._lock:
            # Not Searcher.refresh(): it reuses readers of unchanged segments and so
            # misses deletions made in them (an updated paper would show twice).
            self.close()
            self.generation += 1

    def damage(self, known_ids: Any) -> str | None:
        """Why the index does not read back as written (a sample of documents), or None."""
        with self._lock:
            searcher = self._get_searcher()
            if searcher is None:
                return "the index does not open"
            try:
                return sample_damage(searcher, known_ids)
            except Exception as exc:
                self.close()
                return f"a document does not read back ({type(exc).__name__}: {exc})"

    def clear_caches(self) -> None:
        """Forget cached term postings (benchmarks measure uncached queries this way)."""
        with self._lock:
            for scorer in (self._scorer, self._plain):
                if scorer is not None:
                    scorer.forget_terms()

    def words(self) -> WordList:
        with self._lock:
            if self._words is None:
                self._words = WordList.load(self.index_dir)
            return self._words

    def prefixes(self) -> PrefixTables:
        """The most frequent completions of short prefixes (`prefix_table`)."""
        with self._lock:
            if self._prefixes is None:
                self._prefixes = PrefixTables.load(self.index_dir)
            return self._prefixes

    def update_prefixes(self, *, if_lacking: bool = False) -> bool:
        """List the completions of the segments that have no lists (the index lock held);
        with `if_lacking`, only when some segment lacks them. True when written."""
        with self._lock:
            searcher = self._get_searcher()
            if searcher is None:
                return False
            if if_lacking and not self.prefixes().lacking(searcher.reader()):
                return False
            self._prefixes = prefix_table.update(self.index_dir, searcher.reader())
            return True

    def answers(self) -> KeptAnswers:
        """The answers kept for the costly first letters (`prefix_answers`)."""
        with self._lock:
            if self._answers is None:
                self._answers = KeptAnswers(self.index_dir)
            return self._answers

    def update_answers(self, *, if_stale: bool = False, cancelled: Stop = lambda: False) -> bool:
        """Answer the costly first letters and keep the answers (the index lock held);
        with `if_stale`, only when the kept ones are not this index's. True when written.
        Searches meanwhile wait for one query's answer at most (~1 s for all at 100k);
        `cancelled` is asked before each: once True, nothing is written."""
        with self._lock:
            searcher = self._get_searcher()
            if searcher is None:
                return False
            reader = searcher.reader()
            if if_stale and self.answers().fresh(reader):
                return False
            prefixes = self.prefixes()

        def one(step: Callable[[], T]) -> T:
            with self._lock, self._reading():  # (a read error: `IndexDamaged`)
                if self._searcher is not searcher or cancelled():
                    raise _Abandoned  # (refreshed meanwhile: answers for an index gone)
                return step()

        try:
            kept = prefix_answers.update(
                self.index_dir,
                reader,
                lambda p: one(lambda: prefixes.completions(reader, "text", p, PREFIX_SCAN)),
                lambda q: one(
                    lambda: self._answer(searcher, q, "relevance", 0, KEPT, None, False, many=True)
                ),
            )
        except _Abandoned:
            return False
        with self._lock:
            if self._searcher is searcher:
                self._answers = kept
        return True

    def doc_count(self) -> int:
        with self._lock:
            searcher = self._get_searcher()
            return searcher.doc_count() if searcher is not None else 0

    # ---- searching ---------------------------------------------------------------------
    def search(
        self,
        query: str,
        *,
        sort: str = "relevance",
        limit: int = 50,
        offset: int = 0,
        highlight_limit: int = 20,
        texts: Texts | None = None,
        strict: bool = False,
    ) -> SearchResults:
        """One page of results. When no paper has all the query's words, the papers
        with most of them, with a notice saying so (`relax`), unless `strict`."""
        if sort not in SORTS:
            raise ValueError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
        if not query.strip():
            return SearchResults(query, sort=sort)
        with self._lock, self._reading():
            searcher = self._get_searcher()
            if searcher is None:
                return SearchResults(query, sort=sort, notice="The search index is not ready")
            kept = self.answers().get(query, sort, offset + limit, searcher.reader())
            answer = kept or self._answer(searcher, query, sort, offset, limit, texts, strict)
            page = [
                (searcher.stored_fields(docnum)["id"], score, body)
                for docnum, score, body in (answer.hits[offset:] if kept else answer.hits)[:limit]
            ]
        terms = answer.terms
        shown = [hit_id for hit_id, _, _ in page[:highlight_limit]]
        found = texts(shown) if (texts and shown) else {}
        hits = []
        for hit_id, score, body in page:
            title, abstract = found.get(hit_id, ("", ""))
            hits.append(
                Hit(
                    hit_id,
                    score,
                    mark(title, terms) if title else (),
                    snippet(abstract, terms) if abstract else (),
                    in_full_text=body,
                )
            )
        notice = answer.notice or (CATCHING_UP if self.catching_up else None)
        total, estimate = answer.total, not answer.exact
        return SearchResults(query, hits, total, estimate, sort, notice, terms, answer.suggestion)

    def _answer(
        self,
        searcher: Searcher,
        query: str,
        sort: str,
        offset: int,
        limit: int,
        texts: Texts | None,
        strict: bool,
        many: bool = False,
    ) -> Answer:
        """Hits `offset` to `offset + limit` of `query` (document numbers), scored now
        (`many`: one of many queries, so by the array scorer even when `one_shot`)."""
        sortedby, reverse = SORTS[sort]
        parsed = parse(query, searcher.reader(), words=self.words(), prefixes=self.prefixes())
        if parsed.query is None:
            suggestion = None if parsed.impossible else self._suggest(query, searcher)
            return Answer([], 0, True, parsed.notice, (), suggestion)

        def ranked(q: wq.Query) -> tuple[Any, int, bool, str | None]:
            return rank(
                self._scorer_for(searcher) if many else self._query_scorer(searcher),
                q,
                sortedby=sortedby,
                reverse=reverse,
                need=max(offset + limit, 1),
                phrases=parsed.phrases,
                texts=texts,
            )

        used = parsed.query
        found, total, exact, notice = ranked(used)
        if not total and not strict:
            for k, looser in loosened(parsed.words, parsed.required):
                found, total, exact, notice = ranked(looser)
                if total:
                    used = looser
                    notice = loosened_notice(k, len(parsed.words))
                    break
        shown_docs = found[offset : offset + limit]
        in_body = mainly_in_body(self._query_scorer(searcher), used, shown_docs)
        page = [(docnum, score, docnum in in_body) for docnum, score in shown_docs]
        suggestion = self._suggest(query, searcher) if total < SUGGEST_BELOW else None
        notice = parsed.notice or notice
        return Answer(page, total, exact, notice, parsed.highlight_terms, suggestion)

    def suggest(self, query: str) -> str | None:
        """The query with likely misspellings corrected, or None."""
        with self._lock:
            return self._suggest(query, self._get_searcher())

    def _suggest(self, query: str, searcher: Searcher | None) -> str | None:
        if searcher is None:
            return None
        return corrected(query, searcher, self.words(), self.prefixes())

    def related(self, paper_id: str, limit: int = 10) -> list[Hit]:
        """Papers sharing this paper's most distinctive terms, best first (`related`)."""
        with self._lock, self._reading():
            searcher = self._get_searcher()
            if searcher is None:
                return []
            found = related_to(self._scorer_for(searcher), paper_id, limit)
            return [Hit(paper, score) for paper, score in found]

    @contextlib.contextmanager
    def _reading(self) -> Iterator[None]:
        """Whoosh's errors from reading damaged files, as `IndexDamaged`."""
        try:
            yield
        except (IndexDamaged, _Abandoned):
            raise
        except Exception as exc:
            self.close()
            raise IndexDamaged(f"{type(exc).__name__}: {exc}") from exc

    # ---- for sync -------------------------------------------------------------------
    def writer(self, **kwargs: Any) -> Any:
        if internals.ENABLED:
            kwargs["codec"] = internals.ArrayCodec()
        return self.open_index().writer(**kwargs)
