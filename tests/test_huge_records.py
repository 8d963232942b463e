"""A huge record already in the library (imported before the field caps) is shown cut
short, saying how long it is: `show` and the reader's detail pane never wrap megabytes."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.style import Style
from tests.test_store import make_paper

from papertui.cli.main import main
from papertui.models import PaperState
from papertui.store import Library
from papertui.ui.widgets.detail_text import abstract_text, paper_header
from papertui.ui.widgets.note_view import note_text

HUGE = 3_000_000


@pytest.fixture
def huge(data_dir: Path) -> Path:
    with Library(data_dir / "library.sqlite3") as lib:
        lib.import_papers([make_paper(1, abstract="many words " * (HUGE // 11) + "end.")])
        lib.set_note(make_paper(1).id, "n" * HUGE)
    return data_dir


def test_show_prints_at_most_100k_characters_of_a_field(
    huge: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["show", make_paper(1).id]) == 0
    out = capsys.readouterr().out
    assert len(out) < 250_000
    assert "… (truncated, 3,000,000 characters)" in out  # the note
    assert out.count("… (truncated,") == 2  # the abstract too


def test_the_detail_pane_wraps_at_most_100k_characters(huge: Path) -> None:
    with Library(huge / "library.sqlite3") as lib:
        paper = lib.get(make_paper(1).id)
        state = lib.states_for([make_paper(1).id])[make_paper(1).id]
    assert paper is not None and isinstance(state, PaperState)
    header = paper_header(paper, state, ["words"], lambda _name: Style())
    text = abstract_text(paper.display_abstract, ["words"], Style())
    length = len(paper.display_abstract)
    assert length > HUGE and len(header.plain) < 1_000
    assert len(text.plain) < 101_000 and f"(truncated, {length:,} characters)" in text.plain
    note = note_text(state.note)
    assert len(note.plain) < 101_000 and "(truncated, 3,000,000 characters)" in note.plain
