"""Paint `papertui pick`'s first frame for the library in argv[1] and wait for a key:
run in a tmux pane by `test_pick_first_frame`, to compare it with Textual's frame."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from papertui.paths import LibraryPaths
from papertui.picking import PickSource
from papertui.store import Library
from papertui.ui.pick.first_frame import FirstFrame
from papertui.ui.pick.terminal import open_terminal

if __name__ == "__main__":
    terminal = open_terminal()
    with Library(LibraryPaths(Path(sys.argv[1])).store, readonly=True) as library:
        first = PickSource(LibraryPaths(Path(sys.argv[1])), library).search("")
    painted = FirstFrame.paint(terminal, first.rows, first.total, "")
    assert painted is not None, "not painted"
    os.read(terminal, 1)
    painted.close()
