"""The picker's first frame, painted on the terminal before Textual is imported.

Python and Textual take ~0.45-0.65 s to start and paint (a bare hello-world, on the
bench machines), which alone misses the picker's 0.5 s target. The newest papers are
known well before that, from the store, so this writes the frame Textual will paint
(the query line, the rows, the scrollbar and the status line, in the default theme's
colours, same cells) straight to the terminal, in the alternate screen, and puts the
terminal in the mode Textual sets (no echo, no line editing, no signals), so keys typed
meanwhile wait in the terminal's input and reach the picker once it runs. Textual then
takes the terminal over without clearing it (`TerminalDriver`) and paints the same frame.

Painted only where Textual's colours are known to be these (256 colours or truecolor,
no `NO_COLOR`, no forced colour system) and the terminal is big enough; otherwise
Textual alone paints, as before. Titles and names go through `row_texts` (cleaned:
no escape sequence from a title reaches the terminal).
"""

from __future__ import annotations

import os
import termios
from math import ceil

from rich.cells import cell_len, set_cell_size

from papertui.picking import PickRow
from papertui.ui.pick.row_texts import RowTexts, fit
from papertui.ui.safe_text import clean

PLACEHOLDER = "type to filter: words, author:, tag:, a year, the start of a key"
HELP = "↑↓ move · tab mark · enter accept · esc cancel"
OPENING = "opening the search index…"

# The default theme's colours as Textual resolves them for the picker (hex, and the
# 256-colour index rich picks for it); `test_pick_first_frame` checks them.
TEXT, MUTED = ("e0e0e0", 253), ("717171", 242)  # text; the query's placeholder
QUERY_BACK, LIST_BACK = ("1b1b1b", 234), ("121212", 233)
SELECTED_BACK = ("25476d", 23)  # a query given on the command line, selected
MARK, DIM = ("fea62b", 214), ("a0a0a0", 247)  # the mark column; year and id
CURSOR_BACK = ("0b3a5f", 23)
STATUS, STATUS_BACK = ("a7abaf", 248), ("242f38", 17)
THUMB, TRACK = ("003054", 23), ("000000", 16)
BARS = "▁▂▃▄▅▆▇ "  # Textual's vertical scrollbar glyphs, by eighths
MIN_WIDTH = 60  # narrower, a row's columns do not fit: Textual crops them, alone


def colour_system(environ: dict[str, str]) -> str | None:
    """ "truecolor" or "256" when Textual would use that, else None (not painted)."""
    if "NO_COLOR" in environ or environ.get("TEXTUAL_COLOR_SYSTEM", "auto") != "auto":
        return None
    if environ.get("COLORTERM", "").strip().lower() in ("truecolor", "24bit"):
        return "truecolor"
    if environ.get("TERM", "").strip().lower().rpartition("-")[2] in ("256color", "kitty"):
        return "256"
    return None


def _sgr(system: str, fg: tuple[str, int] | None, bg: tuple[str, int], *flags: str) -> str:
    def colour(layer: int, value: tuple[str, int]) -> str:
        if system == "256":
            return f"{layer};5;{value[1]}"
        hexa = value[0]
        return f"{layer};2;{int(hexa[:2], 16)};{int(hexa[2:4], 16)};{int(hexa[4:], 16)}"

    parts = ["0", *flags, *([colour(38, fg)] if fg else []), colour(48, bg)]
    return f"\x1b[{';'.join(parts)}m"


def frame(
    rows: list[PickRow], status: str, query: str, width: int, height: int, system: str
) -> str:
    """The escape sequences that draw the picker's first frame from the top left."""

    def sgr(fg: tuple[str, int] | None, bg: tuple[str, int], *flags: str) -> str:
        return _sgr(system, fg, bg, *flags)

    lines: list[str] = []
    if query:  # selected, as Textual shows a value on focus, and its cursor after it
        typed = set_cell_size(clean(query), width - 3).rstrip(" ")
        shown = f"{sgr(TEXT, SELECTED_BACK)}{typed}{sgr(LIST_BACK, TEXT)} "
        fill = " " * (width - 3 - cell_len(typed))
    else:
        typed = set_cell_size(PLACEHOLDER, width - 2).rstrip(" ")  # the cursor on its start
        shown = f"{sgr(LIST_BACK, TEXT)}{typed[0]}{sgr(MUTED, QUERY_BACK)}{typed[1:]}"
        fill = " " * (width - 2 - cell_len(typed))
    lines.append(f"{sgr(None, QUERY_BACK)} {shown}{sgr(TEXT, QUERY_BACK)}{fill}"
                 f"{sgr(None, QUERY_BACK)} ")  # fmt: skip
    space = height - 2
    bar = _scrollbar(len(rows), space) if len(rows) > space else None
    inner = width - 1 if bar else width
    for y in range(space):
        line = ""
        if y < len(rows):
            texts = RowTexts.of(rows[y], inner)
            back, bold = (CURSOR_BACK, ("1",)) if y == 0 else (LIST_BACK, ())
            line += f"{sgr(MARK, LIST_BACK, '1')}  {sgr(TEXT, back, *bold)}{texts.title}"
            line += f"{texts.authors}{sgr(DIM, LIST_BACK, *bold)}{texts.small}{texts.key}"
        else:
            line += f"{sgr(TEXT, LIST_BACK)}{' ' * inner}"
        if bar:
            glyph, cell = bar[y]
            line += f"{sgr(*cell)}{glyph}"
        lines.append(line)
    said = fit(status, width - 2)
    lines.append(
        f"{sgr(None, STATUS_BACK)} {sgr(STATUS, STATUS_BACK)}{said}{sgr(None, STATUS_BACK)} "
    )
    return "\x1b[H" + "".join(f"\x1b[{n + 1};1H{line}" for n, line in enumerate(lines))


def _scrollbar(
    rows: int, space: int
) -> list[tuple[str, tuple[tuple[str, int], tuple[str, int], str]]]:
    """Textual's vertical scrollbar at the top of `rows` rows in `space` lines: per line,
    (glyph, (foreground, background, flags)); a thumb cell is reverse video."""
    eighths = len(BARS)
    end = ceil(max(1, space / (rows / space)) * eighths)
    end_index, end_bar = divmod(end, eighths)
    cells: list[tuple[str, tuple[tuple[str, int], tuple[str, int], str]]] = []
    for y in range(space):
        if y < end_index:
            cells.append((" ", (THUMB, LIST_BACK, "7")))
        elif y == end_index and BARS[eighths - 1 - end_bar] != " ":
            cells.append((BARS[eighths - 1 - end_bar], (THUMB, TRACK, "7")))
        else:
            cells.append((" ", (TEXT, TRACK, "")))
    return cells


class FirstFrame:
    """The frame on terminal `fd`, and the terminal's mode from before it."""

    def __init__(self, fd: int, saved: list) -> None:
        self.fd = fd
        self.saved = saved  # termios attributes to give back at the end
        self.handed_over = False  # Textual took the terminal (and gives `saved` back)

    @classmethod
    def paint(cls, fd: int, rows: list[PickRow], total: int, query: str) -> FirstFrame | None:
        """Paint the frame on `fd` (None when not painted: see the module's doc)."""
        system = colour_system(dict(os.environ))
        try:
            width, height = os.get_terminal_size(fd)
            saved = termios.tcgetattr(fd)
        except (OSError, termios.error):
            return None
        if system is None or width < MIN_WIDTH or height < 4:
            return None
        keys = termios.tcgetattr(fd)
        keys[3] &= ~(termios.ECHO | termios.ICANON | termios.IEXTEN)  # lflag, as Textual
        if not os.environ.get("TEXTUAL_ALLOW_SIGNALS"):
            keys[3] &= ~termios.ISIG
        keys[0] &= ~(termios.IXON | termios.IXOFF | termios.ICRNL | termios.INLCR | termios.IGNCR)
        keys[6][termios.VMIN] = 1
        try:
            termios.tcsetattr(fd, termios.TCSANOW, keys)
        except termios.error:
            return None
        status = f"{total:,} papers · {OPENING} · {HELP}"
        text = "\x1b[?1049h\x1b[?25l" + frame(rows, status, query, width, height, system)
        try:
            os.write(fd, text.encode("utf-8", "replace"))
        except OSError:
            termios.tcsetattr(fd, termios.TCSANOW, saved)
            return None
        return cls(fd, saved)

    def close(self) -> None:
        """Give the terminal back as it was, unless Textual took it over (and did)."""
        if self.handed_over:
            return
        try:
            os.write(self.fd, b"\x1b[0m\x1b[?25h\x1b[?1049l")
            termios.tcsetattr(self.fd, termios.TCSANOW, self.saved)
        except (OSError, termios.error):
            pass
