"""Citations and fetching for the reader (a mixin of `PaperActionsScreen`).

Also the "new since the last visit" markers: the last visit's time is kept in
the UI prefs file; papers added after it, or by a fetch now, get a `+`.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from papertui.cite import FORMATS
from papertui.config import load_prefs, update_prefs
from papertui.ui.cite_actions import citation_text
from papertui.ui.fetch_runner import FetchOutcome, ids_added_since, now_stamp, summary
from papertui.ui.screens.cite_picker import CitePickerScreen
from papertui.ui.state_actions import subject

if TYPE_CHECKING:
    from papertui.ui.screens.paper_actions import PaperActionsScreen

    Base = PaperActionsScreen
else:
    Base = object


def _config(screen: object, name: str, default: object) -> object:
    return getattr(getattr(getattr(screen, "app", None), "config", None), name, default)


class CiteFetchMixin(Base):
    # ---- actions: citations ---------------------------------------------------
    def action_copy_citation(self) -> None:
        self.copy_citation_as(str(_config(self, "citation_style", "bibtex")))

    def copy_citation_as(self, fmt: str) -> None:
        if self._need(ids := self.targets()):
            self.cite_actions.copy(ids, fmt)

    def action_pick_citation(self) -> None:
        ids = self.targets()
        if not self._need(ids):
            return
        default = str(_config(self, "citation_style", "bibtex"))
        formats = [(name, spec.label) for name, spec in FORMATS.items()]

        def preview(name: str) -> str:
            return citation_text(self.library, ids, name)

        def chosen(name: str | None) -> None:
            if name:
                self.cite_actions.copy(ids, name)

        picker = CitePickerScreen(subject(ids), formats, preview, initial=default)
        self.app.push_screen(picker, chosen)

    # ---- actions: fetching ----------------------------------------------------
    def action_fetch_today(self) -> None:
        if not self.fetch_runner.fetch_today():
            self.notify("A fetch is already running.", timeout=2)

    def action_refresh_feeds(self) -> None:
        if not self.fetch_runner.refresh_feeds():
            self.notify("A fetch is already running.", timeout=2)

    def fetch_progress(self, label: str) -> None:
        self._set_status(fetching=label)

    def fetch_finished(self, outcome: FetchOutcome) -> None:
        self._set_status(fetching="")
        prefs_file = getattr(self.app, "prefs_file", None)
        last_fetch = str(load_prefs(prefs_file).get("last_fetch") or "")
        message, severity = summary(outcome, last_fetch)
        self._new_ids.update(outcome.new_ids)
        if outcome.live:
            with contextlib.suppress(OSError):
                update_prefs(prefs_file, last_fetch=now_stamp())
        if outcome.reports:
            if self._shown_query or self.query_text:
                self.paper_list.invalidate()
            else:
                self._show_browse(keep=self.paper_list.current_key)
            self.sync_index(requery=True)
        self.notify(message, severity=severity, timeout=8)  # type: ignore[arg-type]

    # ---- new since the last visit -------------------------------------------
    def _start_new_since(self) -> None:
        last = str(load_prefs(getattr(self.app, "prefs_file", None)).get("last_visit") or "")
        if last:

            def job() -> None:
                found = ids_added_since(self.library, last)
                if found:
                    self.app.call_from_thread(self._found_new, found)

            self._job("new-papers", job)

    def _found_new(self, ids: set[str]) -> None:
        self._new_ids.update(ids)
        self.paper_list.invalidate()

    def _remember_visit(self) -> None:
        with contextlib.suppress(OSError):
            update_prefs(getattr(self.app, "prefs_file", None), last_visit=now_stamp())
