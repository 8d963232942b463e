""" "Did you mean" and fuzzy words: a small word list of the library's own vocabulary.

Unstemmed, accent-folded words of titles, abstracts and author names with
their counts, kept beside the index rather than as a Whoosh spelling graph
(which doubles indexing time). `words.tsv` is sorted, and its first line
gives each first letter's byte range, so a query reads only the letters it
needs (a correction keeps the first letter); in a letter, a count or a prefix
is one regular-expression search, and a correction makes Python objects only
for the words of the lengths its edits can reach. Incremental syncs add the words
of changed papers again, so counts are approximate; a rebuild makes them exact.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from papertui import atomic
from papertui.models import Paper
from papertui.search.analysis import STOP_WORDS, WORD, fold_term

FILE_NAME = "words.tsv"
_OLD_FORMAT_LINE = re.compile(rb"[^\t\n]+\t\d+\n")
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
    """Damerau-Levenshtein (optimal string alignment) distance, or limit + 1 when it is
    more. Only the cells within `limit` of the diagonal are computed: any path
    through another holds more than `limit` edits (Ukkonen's band)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    over = limit + 1
    prev2: list[int] = []
    prev = [j if j <= limit else over for j in range(len(b) + 1)]
    for i, ca in enumerate(a, 1):
        cur = [i if i <= limit else over] + [over] * len(b)
        for j in range(max(i - limit, 1), min(i + limit, len(b)) + 1):
            cb = b[j - 1]
            value = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, prev2[j - 2] + 1)
            cur[j] = value
        if min(cur) > limit:
            return over
        prev2, prev = prev, cur
    return min(prev[-1], over)


class WordList:
    def __init__(self, counts: Counter[str] | None = None, directory: Path | None = None) -> None:
        if counts is None and directory is None:
            counts = Counter()
        self._counts = counts  # None: not read yet (see `counts`)
        self._directory = directory
        self._letters: dict[str, str] = {}  # first letter: its lines (see `_letter`)
        self._by_length: dict[tuple[str, int], list[tuple[str, int]]] = {}

    # ---- building ----------------------------------------------------------------
    @property
    def counts(self) -> Counter[str]:
        """Every word with its count (reads the whole list: for syncs and saving)."""
        if self._counts is None:
            self._counts = _read_counts(self._directory / FILE_NAME)  # type: ignore[operator]
        return self._counts

    def add(self, papers: Iterable[Paper]) -> None:
        for paper in papers:
            self.counts.update(paper_words(paper))
        self._forget()

    def add_raw(self, raw: Counter[str]) -> None:
        """Add counts of unfolded words (see `count_raw`)."""
        counts = self.counts
        for word, n in raw.items():
            term = fold_term(word)
            if term and term.isalpha() and 2 < len(term) < 30:
                counts[term] += n
        self._forget()

    @classmethod
    def load(cls, directory: Path) -> WordList:
        """The list saved in `directory`, read lazily one first letter at a time."""
        return cls(None, directory)

    def save(self, directory: Path) -> None:
        """One file: a first line of {letter: [start, end]} byte offsets (after that
        line), then `word<TAB>count` lines in word order."""
        lines: list[bytes] = []
        offsets: dict[str, list[int]] = {}
        position = 0
        for word in sorted(self.counts):
            line = f"{word}\t{self.counts[word]}\n".encode()
            span = offsets.setdefault(word[0], [position, position])
            position += len(line)
            span[1] = position
            lines.append(line)
        with atomic.atomic_writer(directory / FILE_NAME, binary=True) as handle:
            handle.write(b"#" + json.dumps(offsets).encode() + b"\n")
            handle.writelines(lines)

    # ---- reading -------------------------------------------------------------------
    def _forget(self) -> None:
        self._letters.clear()
        self._by_length.clear()

    def _letter(self, first: str) -> str:
        """The `word<TAB>count` lines of the words starting with `first`, in word order,
        as one text (read once): searched with regular expressions, so a lookup makes
        no Python object per word of the letter."""
        text = self._letters.get(first)
        if text is None:
            if self._counts is not None:
                text = _lines(self._counts, first)
            else:
                text = self._read_letter(first)
            self._letters[first] = text
        return text

    def _read_letter(self, first: str) -> str:
        assert self._directory is not None
        try:
            with (self._directory / FILE_NAME).open("rb") as handle:
                header = handle.readline()
                if _OLD_FORMAT_LINE.match(header):  # an index from before schema 4
                    return _lines(_read_counts(Path(handle.name)), first)
                if not header.startswith(b"#"):  # garbled: the index is damaged, not empty
                    raise ValueError(f"{FILE_NAME} has no table of its letters")
                span = json.loads(header[1:]).get(first)
                if not span:
                    return ""
                handle.seek(len(header) + span[0])
                return handle.read(span[1] - span[0]).decode("utf-8")
        except OSError:
            return ""

    def _sized(self, first: str, lengths: range) -> list[tuple[str, int]]:
        """(word, count) of the words starting with `first` whose length is in
        `lengths` (each length found once, those not yet found by one regular
        expression): a correction reads only the lengths its edits can reach."""
        missing = [n for n in lengths if (first, n) not in self._by_length]
        if missing:
            pattern = rf"^([^\t\n]{{{missing[0]},{missing[-1]}}})\t(\d+)$"
            rows = re.findall(pattern, self._letter(first), re.MULTILINE)
            for n in missing:
                self._by_length[first, n] = [(w, int(c)) for w, c in rows if len(w) == n]
        return [entry for n in lengths for entry in self._by_length[first, n]]

    def count(self, word: str) -> int:
        term = fold_term(word)
        if not term:
            return 0
        found = re.search(rf"^{re.escape(term)}\t(\d+)$", self._letter(term[0]), re.MULTILINE)
        return int(found[1]) if found else 0

    def starts_a_word(self, prefix: str) -> bool:
        """True when a word of the library starts with `prefix`: a word still being
        typed ("diffus" of diffusion, "spl" of a rare "splatting") is not misspelt."""
        term = fold_term(prefix)
        if not term:
            return False
        return re.search(rf"^{re.escape(term)}", self._letter(term[0]), re.MULTILINE) is not None

    def within(self, word: str, limit: int, more_than: int = 0) -> list[tuple[str, int]]:
        """(word, count) of the library's words at most `limit` edits from `word`
        with the same first letter, seen more than `more_than` times, most frequent
        first."""
        term = fold_term(word)
        if not term:
            return []
        letters, counts = frozenset(term), Counter(term)
        size = len(term)
        found = []
        for candidate, count in self._sized(term[0], range(max(size - limit, 1), size + limit + 1)):
            if count <= more_than:
                continue
            # each edit takes at most one letter from each side's letters (cheaply
            # checked on the distinct letters first, then counting repeats)
            cletters = frozenset(candidate)
            if len(letters - cletters) > limit or len(cletters - letters) > limit:
                continue
            ccounts = Counter(candidate)
            if sum((counts - ccounts).values()) > limit or sum((ccounts - counts).values()) > limit:
                continue
            if distance(term, candidate, limit) <= limit:
                found.append((candidate, count))
        found.sort(key=lambda pair: (-pair[1], pair[0]))
        return found

    def corrections(self, word: str) -> list[str]:
        """More frequent words within 2 edits of `word` (1 for short words), best
        first; none when `word` is a known word or a stop word."""
        term = fold_term(word)
        if not term or not term.isalpha() or len(term) < 3 or term in STOP_WORDS:
            return []
        own = self.count(term)
        if own >= KNOWN:
            return []
        limit = 1 if len(term) <= 4 else 2
        ranked = sorted(
            (distance(term, w, limit), -n, w)
            for w, n in self.within(term, limit, more_than=own * 5)
            if w not in STOP_WORDS
        )
        return [w for _, _, w in ranked]


def _lines(counts: Counter[str], first: str) -> str:
    """The file's lines of the words starting with `first`."""
    return "".join(f"{w}\t{n}\n" for w, n in sorted(counts.items()) if w[0] == first)


def _parse(lines: Iterable[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for line in lines:
        word, _, count = line.rstrip("\n").partition("\t")
        if word and count.isdigit():
            counts[word] = int(count)
    return counts


def _read_counts(path: Path) -> Counter[str]:
    try:
        with path.open(encoding="utf-8") as handle:
            return _parse(line for line in handle if not line.startswith("#"))
    except OSError:
        return Counter()
