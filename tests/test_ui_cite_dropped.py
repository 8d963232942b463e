"""The reader tells when a copied BibTeX left out characters pdflatex cannot typeset.

The message says so (messages tell the truth) and nothing is logged: a log line
would be lost inside the reader or land on its screen.
"""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path

import pytest

from conftest import BuiltLibraries
from papertui.clipboard import copy_text
from papertui.config import Config
from papertui.ui.app import make_app
from test_ui_cite import SIZE, Edges
from test_ui_state import current_id, messages, until
from test_ui_support import isolated, make_indexed_library, paper  # noqa: F401

BAD_TITLE = "Robust decoding of \ufffd bytes and \U0001f600 emoji"
LEFT_OUT = "U+FFFD REPLACEMENT CHARACTER, U+1F600 GRINNING FACE"


@pytest.fixture
def library_dir(isolated: Path, built_libraries: BuiltLibraries) -> Path:  # noqa: F811
    papers = [paper(n, title=f"{BAD_TITLE} {n}") for n in range(1, 4)]
    return make_indexed_library(built_libraries, isolated, papers)


@pytest.mark.parametrize(("style", "told"), [("bibtex", True), ("biblatex", True), ("apa", False)])
async def test_copy_message_names_what_was_left_out(
    library_dir: Path, caplog: pytest.LogCaptureFixture, style: str, told: bool
) -> None:
    app = make_app(
        library_dir,
        config=Config(citation_style=style, mark_read_after=0),
        prefs_file=library_dir / "prefs.json",
    )
    edges = Edges()
    env = {"SSH_TTY": "/dev/pts/1", "TMUX": "/tmp/tmux-1/default,1,0"}
    app.copier = partial(copy_text, env=env, run=edges.run)  # type: ignore[method-assign]
    caplog.set_level(logging.WARNING)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = current_id(app)
        await pilot.press("y")
        await until(pilot, lambda: any("tmux's paste buffer" in m for m in messages(app)))
        (message,) = [m for m in messages(app) if "tmux's paste buffer" in m]
    copied = edges.tmux[0].decode()
    if told:
        assert message.endswith(
            f"; left out characters pdflatex cannot typeset ({first}): {LEFT_OUT}"
        )
        assert "\ufffd" not in copied and "\U0001f600" not in copied
    else:  # the text styles keep every character
        assert "left out" not in message
        assert BAD_TITLE in copied
    assert not [r for r in caplog.records if r.name.startswith("papertui")]
