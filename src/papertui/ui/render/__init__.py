"""Every override of Textual's rendering internals, behind one switch.

The reader bends Textual in five places for speed (bench/bench_tui.py,
docs/BENCHMARKS.md "TUI"), all in this package and nowhere else:

- `prompt_paint`: awaited results paint on the first idle, not the next
  60 Hz tick (`Screen._on_idle`, `_dirty_widgets`, `_compositor`);
- `reused_lines`: finished lines reused where their content comes back
  (`Widget.render_lines`);
- `scrollbars`: a scrollbar that looks as before is not drawn again
  (`_vertical_scrollbar`, `App._start_widget`);
- `fixed_input`: typing in the query lays nothing out (`Input._watch_value`);
- `steady_footer`: the footer's keys are rebuilt only when they change
  (`Footer.bindings_changed`).

Widgets and screens take their bases from `render.bases`: `ReaderScreen`,
`LineView` (a Line-API `ScrollView`), `OneLineInput` and `KeyFooter`. With
`PAPERTUI_STOCK_RENDER=1` in the environment these are Textual's own classes: the
same screens, drawn the stock way (slower; CI runs the UI tests both ways).
Textual is pinned below 9 because of the private parts used here.
"""

from __future__ import annotations

import os

STOCK_RENDER = os.environ.get("PAPERTUI_STOCK_RENDER", "") not in ("", "0")
