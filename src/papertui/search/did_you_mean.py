"""Did you mean: a query with its misspelt words corrected, when that finds papers."""

from __future__ import annotations

import re
from typing import Any

from papertui.search.analysis import fold_term, stem_term
from papertui.search.prefix_table import PrefixTables
from papertui.search.query import mark_last_word, parse, tokenize
from papertui.search.suggest import WordList


def corrected(query: str, searcher: Any, words: WordList, prefixes: PrefixTables) -> str | None:
    """`query` with misspelt words corrected, if the result finds papers. Not a
    misspelling: a word of the library, a stop word, an unknown field, a word
    still being typed, or the start of an index term (`yolo` of YOLOv4); and a
    correction is never a stop word nor the same word inflected (same stem)."""
    try:
        tokens = tokenize(query)
    except ValueError:
        return None
    reader = searcher.reader()
    changed = False
    out = query
    mark_last_word(tokens, query)
    for tok in tokens:
        if tok.kind != "atom" or tok.field is not None or tok.unknown:
            continue
        if tok.text.endswith("*") or "~" in tok.text:
            continue
        found = re.findall(r"\w+", tok.text)
        for i, word in enumerate(found):
            if tok.last and i == len(found) - 1 and words.starts_a_word(word):
                continue  # half-typed, not misspelt
            fixed = _correction(word, words, prefixes, reader)
            if fixed:
                out = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", fixed, out, count=1)
                changed = True
    if not changed:
        return None
    parsed = parse(out, reader, as_you_type=False, words=words)
    if parsed.query is None or next(iter(searcher.docs_for_query(parsed.query)), None) is None:
        return None  # (the first match is enough: no need to score them all)
    return out


def _correction(word: str, words: WordList, prefixes: PrefixTables, reader: Any) -> str | None:
    term = fold_term(word)
    if not term or prefixes.completions(reader, "text", term, 1):
        return None
    stem = stem_term(word)
    if stem and reader.doc_frequency("body", stem):
        return None  # a word of a saved full text (not in the word list)
    for candidate in words.corrections(word):
        if candidate != term and stem_term(candidate) != stem:
            return candidate
    return None
