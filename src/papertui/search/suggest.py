""" "Did you mean": a small word list of the library's own vocabulary.

Unstemmed, accent-folded words of titles, abstracts and author names with
their counts, kept in `words.tsv` beside the index (a few hundred kB) rather
than as a Whoosh spelling graph, which doubles indexing time. Incremental
syncs add the words of changed papers again, so counts are approximate;
a rebuild makes them exact. Corrections must keep the first letter.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from papertui import atomic
from papertui.models import Paper
from papertui.search.analysis import STOP_WORDS, WORD, fold_term

FILE_NAME = "words.tsv"
KNOWN = 3  # a word seen this often is not corrected


def paper_words(paper: Paper) -> Iterable[str]:
    for text in (paper.title, paper.abstract, " ".join(a.name for a in paper.authors)):
        for word in WORD.findall(text):
            term = fold_term(word)
            if term and term.isalpha() and 2 < len(term) < 30:
                yield term


def count_raw(raw: Counter[str], paper: Paper) -> None:
    """Tally `paper`'s words unfolded (cheap, in C); `WordList.add_raw` folds them once each."""
    raw.update(WORD.findall(paper.title))
    raw.update(WORD.findall(paper.abstract))
    for author in paper.authors:
        raw.update(WORD.findall(author.name))


def distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance, capped at limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            value = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, prev2[j - 2] + 1)
            cur[j] = value
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


class WordList:
    def __init__(self, counts: Counter[str] | None = None) -> None:
        self.counts: Counter[str] = counts if counts is not None else Counter()
        self._buckets: dict[str, list[tuple[str, frozenset[str]]]] | None = None

    # ---- building ----------------------------------------------------------------
    def add(self, papers: Iterable[Paper]) -> None:
        for paper in papers:
            self.counts.update(paper_words(paper))
        self._buckets = None

    def add_raw(self, raw: Counter[str]) -> None:
        """Add counts of unfolded words (see `count_raw`)."""
        counts = self.counts
        for word, n in raw.items():
            term = fold_term(word)
            if term and term.isalpha() and 2 < len(term) < 30:
                counts[term] += n
        self._buckets = None

    @classmethod
    def load(cls, directory: Path) -> WordList:
        counts: Counter[str] = Counter()
        try:
            with (directory / FILE_NAME).open(encoding="utf-8") as handle:
                for line in handle:
                    word, _, count = line.rstrip("\n").partition("\t")
                    if word and count.isdigit():
                        counts[word] = int(count)
        except OSError:
            pass
        return cls(counts)

    def save(self, directory: Path) -> None:
        with atomic.atomic_writer(directory / FILE_NAME) as handle:
            for word, count in self.counts.items():
                handle.write(f"{word}\t{count}\n")

    # ---- correcting ----------------------------------------------------------------
    def _bucket(self, first: str) -> list[tuple[str, frozenset[str]]]:
        if self._buckets is None:
            buckets: dict[str, list[tuple[str, frozenset[str]]]] = {}
            for word, count in self.counts.items():
                if count >= 1:
                    buckets.setdefault(word[0], []).append((word, frozenset(word)))
            self._buckets = buckets
        return self._buckets.get(first, [])

    def starts_a_word(self, prefix: str) -> bool:
        """True when a word of the library starts with `prefix`: a word still being
        typed ("diffus" of diffusion, "spl" of a rare "splatting") is not misspelt."""
        term = fold_term(prefix)
        return bool(term) and any(w.startswith(term) for w, _ in self._bucket(term[0]))

    def correct(self, word: str) -> str | None:
        """A more frequent word within 2 edits of `word`, or None if it looks fine."""
        term = fold_term(word)
        if not term or not term.isalpha() or len(term) < 3 or term in STOP_WORDS:
            return None
        own = self.counts.get(term, 0)
        if own >= KNOWN:
            return None
        limit = 1 if len(term) <= 4 else 2
        letters = frozenset(term)
        size = len(term)
        best: tuple[int, int, str] | None = None
        for candidate, cletters in self._bucket(term[0]):
            if abs(len(candidate) - size) > limit:
                continue
            # each edit adds or removes at most one distinct letter on each side
            if len(letters - cletters) > limit or len(cletters - letters) > limit:
                continue
            count = self.counts[candidate]
            if count <= own * 5:
                continue
            dist = distance(term, candidate, limit)
            if dist <= limit:
                key = (dist, -count, candidate)
                if best is None or key < best:
                    best = key
        return best[2] if best else None
