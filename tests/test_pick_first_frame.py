"""The frame `papertui pick` paints before Textual starts (`ui/pick/first_frame.py`): it
is the frame Textual then paints, keys typed meanwhile reach the picker, and the terminal
is given back as it was."""

from __future__ import annotations

import fcntl
import os
import re
import shlex
import struct
import sys
import termios
from pathlib import Path

import pytest
from rich.color import ColorSystem
from rich.style import Style

from papertui.paths import LibraryPaths
from papertui.picking import PickRow, PickSource
from papertui.store import Library
from papertui.ui.pick import first_frame as ff
from papertui.ui.pick.app import PickApp, StatusLine
from papertui.ui.pick.pick_list import PickList
from papertui.ui.render.bases import OneLineInput
from pick_terminal import Tmux, environment, picker_library, wait_for
from test_ui_support import HOSTILE_TITLE, isolated, make_library, paper  # noqa: F401

HERE = Path(__file__).parent


def _colour(style: Style, layer: str) -> tuple[str, int]:
    colour = style.color if layer == "fg" else style.bgcolor
    assert colour is not None
    return colour.get_truecolor().hex.lstrip("#"), colour.downgrade(ColorSystem.EIGHT_BIT).number


async def test_the_colours_are_those_textual_resolves(isolated: Path) -> None:  # noqa: F811
    data = make_library(isolated, [paper(n) for n in range(1, 20)])
    with Library(LibraryPaths(data).store) as library:
        source = PickSource(LibraryPaths(data), library)
        app = PickApp(source, source.search(""))
        async with app.run_test(size=(100, 10)):
            query, rows = app.query_one(OneLineInput), app.query_one(PickList)
            status = app.query_one(StatusLine).rich_style
            placeholder = query.get_component_rich_style("input--placeholder")
            bar = rows.vertical_scrollbar.render().style  # type: ignore[attr-defined]
            found = {
                "TEXT": _colour(rows.rich_style, "fg"),
                "MUTED": _colour(placeholder, "fg"),
                "QUERY_BACK": _colour(query.rich_style, "bg"),
                "LIST_BACK": _colour(rows.rich_style, "bg"),
                "MARK": _colour(rows.get_component_rich_style("pick-list--marked"), "fg"),
                "DIM": _colour(rows.get_component_rich_style("pick-list--dim"), "fg"),
                "CURSOR_BACK": _colour(rows.get_component_rich_style("pick-list--cursor"), "bg"),
                "STATUS": _colour(status, "fg"),
                "STATUS_BACK": _colour(status, "bg"),
                "THUMB": _colour(bar, "fg"),
                "TRACK": _colour(bar, "bg"),
            }
            assert _colour(query.rich_style, "fg") == ff.TEXT
            selection = query.get_component_rich_style("input--selection")
            found["SELECTED_BACK"] = _colour(selection, "bg")
            cursor = query.get_component_rich_style("input--cursor")
            assert (_colour(cursor, "fg"), _colour(cursor, "bg")) == (ff.LIST_BACK, ff.TEXT)
    assert found == {name: getattr(ff, name) for name in found}


@pytest.mark.parametrize(
    ("env", "system"),
    [
        ({"TERM": "xterm-256color"}, "256"),
        ({"TERM": "xterm-kitty"}, "256"),
        ({"TERM": "xterm", "COLORTERM": "truecolor"}, "truecolor"),
        ({"TERM": "xterm-256color", "COLORTERM": "24bit"}, "truecolor"),
        ({"TERM": "xterm"}, None),  # 16 colours: Textual alone
        ({"TERM": "xterm-256color", "NO_COLOR": "1"}, None),
        ({"TERM": "xterm-256color", "TEXTUAL_COLOR_SYSTEM": "standard"}, None),
    ],
)
def test_painted_only_where_textuals_colours_are_known(
    env: dict[str, str], system: str | None
) -> None:
    assert ff.colour_system(env) == system


def test_untrusted_text_stays_text() -> None:
    row = PickRow("2401.00004\x1b[2J", HOSTILE_TITLE, "[i]Eve[/i] \x1b]8;;x\x07", "2021", "k\x1bc")
    for system in ("256", "truecolor"):
        drawn = ff.frame([row], "1 papers", "\x1b[31mq", 120, 6, system)
        ours = re.sub(r"\x1b\[(?:[0-9;]*m|\d+;1H|H)", "", drawn)
        assert not re.search(r"[\x00-\x1f\x7f-\x9f]", ours), ours
        assert "[bold red]Pwned[/]" in ours  # shown as written


def _capture(tmux: Tmux) -> list[str]:
    return tmux.run("capture-pane", "-e", "-p", "-t", "t").split("\n")


def test_the_first_frame_is_the_frame_textual_paints(isolated: Path, tmp_path: Path) -> None:  # noqa: F811
    data = make_library(isolated, [paper(n) for n in range(1, 40)])  # more rows than lines
    tmux = Tmux(environment(data))
    try:
        script = shlex.quote(str(HERE / "paint_first_frame.py"))
        tmux.start(f"{shlex.quote(sys.executable)} {script} {shlex.quote(str(data))}", tmp_path)
        tmux.wait("opening the search index", "the painted frame")
        painted = _capture(tmux)
        tmux.keys("q")
        # (the same pane, not a new session: a server whose last session ends exits, and
        # may refuse a new one meanwhile, "server exited unexpectedly")
        picker = f"{shlex.quote(sys.executable)} -m papertui pick > /dev/null"
        tmux.run("respawn-pane", "-k", "-t", "t", "-c", str(tmp_path), picker)
        tmux.wait("39 papers", "the picker")
        wait_for(lambda: "opening" not in tmux.screen(), "the index open", tmux.screen)
        textual = _capture(tmux)
    finally:
        tmux.kill()
    assert painted[1:29] == textual[1:29]  # every row, and the scrollbar (30 lines)
    assert "Paper number" in painted[28] and "opening" in painted[29]
    assert painted[0] == textual[0] or re.sub(r"\x1b\[[0-9;]*m", "", painted[0]) == (
        re.sub(r"\x1b\[[0-9;]*m", "", textual[0])
    )  # (Textual's cursor may be blinking on the query line)


def _shell_line(out: Path, status: Path, stty: Path, *args: str) -> str:
    words = [sys.executable, "-m", "papertui", "pick", *args]
    pick = " ".join(shlex.quote(w) for w in words)
    before, after = shlex.quote(f"{stty}.before"), shlex.quote(f"{stty}.after")
    return (
        f"stty -a > {before}; {pick} > {shlex.quote(str(out))}; "
        f"echo $? > {shlex.quote(str(status))}; stty -a > {after}"
    )


@pytest.mark.parametrize(("typed", "code", "printed", "framed"), [
    (["-l", "spectra"], "0", "diaz2022sparsegraphsspectra\n", True),
    (["-l", "spectra"], "0", "diaz2022sparsegraphsspectra\n", False),  # with the command
    (["Escape"], "1", "", True),
    (["C-c"], "1", "", True),
])  # fmt: skip
def test_keys_typed_at_once_reach_the_picker_and_the_terminal_is_given_back(
    isolated: Path,  # noqa: F811
    tmp_path: Path,
    typed: list[str],
    code: str,
    printed: str,
    framed: bool,
) -> None:
    tmux = Tmux(environment(picker_library(isolated)))
    out, status, stty = tmp_path / "out.txt", tmp_path / "status.txt", tmp_path / "stty"
    try:
        tmux.start("sh", tmp_path)
        tmux.keys("-l", _shell_line(out, status, stty))
        tmux.keys("Enter")
        if framed:  # typed once the frame shows: before Textual runs, most times
            wait_for(lambda: "opening the search index" in tmux.screen(), "frame", tmux.screen)
        tmux.keys(*typed)
        if code == "0":
            tmux.wait("1 matching “spectra”", "the results")
            tmux.keys("Enter")
        wait_for(lambda: Path(f"{stty}.after").exists(), "the command to end", tmux.screen)
    finally:
        tmux.kill()
    assert status.read_text().strip() == code and out.read_text() == printed
    assert Path(f"{stty}.after").read_text() == Path(f"{stty}.before").read_text()


def _pty(columns: int, lines: int) -> tuple[int, int]:
    main, side = os.openpty()
    fcntl.ioctl(side, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    return main, side


@pytest.mark.parametrize(("columns", "lines", "painted"), [(100, 20, True), (59, 20, False),
                                                           (100, 3, False)])  # fmt: skip
def test_a_small_terminal_is_left_to_textual_and_the_mode_is_given_back(
    monkeypatch: pytest.MonkeyPatch, columns: int, lines: int, painted: bool
) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("COLORTERM", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    main, side = _pty(columns, lines)
    try:
        before = termios.tcgetattr(side)
        row = PickRow("2401.00001", "A title", "Ana Pérez", "2024", "")
        frame = ff.FirstFrame.paint(side, [row], 1, "")
        assert (frame is not None) == painted
        if frame is None:
            assert termios.tcgetattr(side) == before
            return
        assert not termios.tcgetattr(side)[3] & termios.ECHO  # typed keys are not echoed
        drawn = os.read(main, 65536).decode()
        assert drawn.startswith("\x1b[?1049h") and "A title" in drawn
        frame.close()
        assert termios.tcgetattr(side) == before
        assert os.read(main, 65536).endswith(b"\x1b[?1049l")
    finally:
        os.close(main)
        os.close(side)
