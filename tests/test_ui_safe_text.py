from __future__ import annotations

from rich.text import Text

from papertui.ui.safe_text import clean, fold, highlight_terms, safe_text


def test_markup_is_kept_literally() -> None:
    text = safe_text("[bold]x[/] [link=https://evil]y[/link]")
    assert text.plain == "[bold]x[/] [link=https://evil]y[/link]"
    assert not text.spans


def test_escape_sequences_and_controls_are_removed() -> None:
    dirty = (
        "a\x1b[31mred\x1b[0m \x07bell\rcr\x1b]8;;http://x\x07link\x1b]8;;\x07"
        " \x9b1mz \u202eevil\x00"
    )
    cleaned = clean(dirty)
    assert cleaned == "ared bell crlink z evil"
    assert all(ch.isprintable() for ch in cleaned)


def test_single_line_and_paragraphs() -> None:
    assert clean("one\ntwo\t three") == "one two three"
    assert clean("  plain  text, spaces folded ") == "plain text, spaces folded"
    assert clean("para one\nline\n\n\npara two", multiline=True) == "para one line\n\npara two"


def test_unicode_survives() -> None:
    assert clean("Łukasz Pérez — ∑ 漢字 👩‍🔬") == "Łukasz Pérez — ∑ 漢字 👩‍🔬"


def test_fold_keeps_offsets() -> None:
    source = "Pérez Łukasz Ørsted"
    assert fold(source) == "perez lukasz orsted"
    assert len(fold(source)) == len(source)


def test_highlight_terms_ignores_case_and_accents() -> None:
    text = highlight_terms(Text("Pérez studies GRAPHS and graph"), ["perez", "graph"], "bold")
    marked = [text.plain[s.start : s.end] for s in text.spans]
    assert marked == ["Pérez", "GRAPHS", "graph"]


def test_highlight_terms_with_regex_characters() -> None:
    text = highlight_terms(Text("C++ (and) a.b"), ["(and)", "a.b", ""], "bold")
    assert text.plain == "C++ (and) a.b"


def test_highlight_terms_marks_stems() -> None:
    text = highlight_terms(Text("Pruning and pruned nets: PRUNE"), ["prune"], "bold")
    assert [text.plain[s.start : s.end] for s in text.spans] == ["Pruning", "pruned", "PRUNE"]


def test_highlight_terms_marks_what_search_marks() -> None:
    """Each word is asked about once (remembered), with shortcuts for plain ASCII
    words: the result is still exactly what the search layer's `mark` flags."""
    from papertui.search.highlight import mark

    terms = frozenset({"prune", "model", "lukasz", "u.s", "o", "graph"})
    for plain in [
        "O'Neil's models, a model’s pruning; Łukasz’s GRAPHS and U.S. graph-based work",
        "d'Alembert o model's Łukasz Lukasz",
        "Pérez: pruned models pruned again",
    ]:
        text = highlight_terms(Text(plain), terms, "bold")
        marked = [plain[s.start : s.end] for s in text.spans]
        assert marked == [part for part, hit in mark(plain, terms) if hit]
