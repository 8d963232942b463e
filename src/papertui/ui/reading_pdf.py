"""`O` in the reading view: the paper's downloaded PDF in the system's viewer, or where
the file is when there is no viewer, or why there is no PDF (and where it can be had).

The look-up and the viewer's start run in a thread worker (the viewer may take seconds
to answer), which answers with `PdfOpened`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from papertui.pdf_viewer import open_pdf
from papertui.ui.messages import PdfOpened
from papertui.ui.screens.copy_fallback import CopyFallbackScreen

if TYPE_CHECKING:
    from papertui.reading.fulltext_store import FullTextStore


class PdfOpener:
    def __init__(self, screen: Screen[Any], store: FullTextStore) -> None:
        self._screen = screen
        self._store = store

    def open(self, arxiv_id: str) -> None:
        store = self._store

        def job() -> None:
            from papertui.reading.sources import load_reading_settings

            settings = load_reading_settings()
            url = f"{settings.pdf_url}/{arxiv_id}"
            stored = store.stored(arxiv_id)
            if stored is None or stored.source.kind != "pdf":
                source = stored.source.name if stored else ""
                self._screen.post_message(PdfOpened(arxiv_id, url, source))
                return
            viewer, problem = open_pdf(stored.body_path, settings.pdf_viewer)
            opened = PdfOpened(arxiv_id, url, stored.source.name, stored.body_path, viewer, problem)
            self._screen.post_message(opened)

        self._screen.run_worker(job, thread=True, group="pdf", exit_on_error=False)

    def opened(self, message: PdfOpened) -> None:
        paper = message.arxiv_id
        if message.path is None and not message.source:
            self._screen.notify(
                f"No PDF of {paper} is downloaded: `papertui download {paper}` keeps its text "
                f"(the PDF when arXiv has no HTML version). The PDF: {message.url}",
                severity="warning",
                timeout=10,
                markup=False,
            )
        elif message.path is None:
            why = (
                f"No PDF of {paper} is downloaded: its text came from {message.source}, which "
                "papertui keeps instead. The PDF is at this address:"
            )
            self._show(message.url, "No PDF downloaded", why)
        elif message.problem:
            why = f"{message.problem[0].upper()}{message.problem[1:]}. The PDF is downloaded here:"
            self._show(str(message.path), "PDF not opened: where the file is", why)
        else:
            said = f"Opened {message.path} in {message.viewer}"
            self._screen.notify(said, timeout=5, markup=False)

    def _show(self, text: str, title: str, why: str) -> None:
        self._screen.app.push_screen(CopyFallbackScreen(text, None, why, title=title, saved=False))
