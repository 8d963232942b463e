"""The papertui reader app and `make_app`, the one factory used by launch and tests."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import platformdirs
from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.theme import Theme

from papertui import atomic
from papertui.clipboard import CopyResult, copy_text, textual_writer
from papertui.config import Config, load_config, load_prefs, update_prefs
from papertui.fetch import Fetcher
from papertui.paths import LibraryPaths, cache_dir, config_path
from papertui.store import Library
from papertui.store.backup import merged_on_upgrade_message
from papertui.ui.delays import Delays
from papertui.ui.idle_gc import IdleCollector
from papertui.ui.keys import binding_sections
from papertui.ui.providers.actions import ActionCommands
from papertui.ui.providers.cite import CiteCommands
from papertui.ui.providers.lists import ListCommands
from papertui.ui.providers.tags import TagCommands
from papertui.ui.screens.choice_dialogs import ChoiceScreen, NamePromptScreen
from papertui.ui.screens.cite_picker import CitePickerScreen
from papertui.ui.screens.detail import DetailScreen
from papertui.ui.screens.first_run import FirstRunScreen
from papertui.ui.screens.help import HelpScreen
from papertui.ui.screens.main import MainScreen
from papertui.ui.screens.note_editor import NoteEditorScreen
from papertui.ui.screens.reader_keys import PAPER_KEYS, READER_KEYS
from papertui.ui.screens.tag_editor import TagEditorScreen, TagInput
from papertui.ui.search_session import SearchSession
from papertui.ui.themes import DEFAULT_THEME, THEMES
from papertui.ui.widgets.paper_detail import PaperDetail
from papertui.ui.widgets.paper_list import PaperList
from papertui.ui.widgets.search_bar import QueryInput

if TYPE_CHECKING:
    from papertui.reading.sources import Downloader


class PaperTUI(App[int]):
    TITLE = "papertui"
    CSS_PATH = "papertui.tcss"
    COMMANDS: ClassVar = App.COMMANDS | {ActionCommands, TagCommands, ListCommands, CiteCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Quit papertui"),
        Binding("question_mark,f1", "help", "Help", id="app.help", tooltip="Every key"),
        Binding(
            "ctrl+p",
            "command_palette",
            "Commands",
            show=False,
            id="app.palette",
            tooltip="Command palette: search every action",
        ),
        Binding(
            "ctrl+t",
            "change_theme",
            "Theme",
            show=False,
            id="app.theme",
            tooltip="Pick a theme (remembered)",
        ),
    ]

    def __init__(
        self,
        paths: LibraryPaths,
        library: Library,
        *,
        config: Config | None = None,
        prefs_file: Path | None = None,
        config_file: Path | None = None,
        delays: Delays | None = None,
    ) -> None:
        self.paths = paths
        self.config_file = config_file or config_path()  # where watches are saved
        self.library = library
        self.session = SearchSession(paths, library)
        self.config = config or Config()
        self.prefs_file = prefs_file
        self.delays = delays or Delays()
        super().__init__()
        self._gc = IdleCollector(
            self, self.delays.gc_idle, self.delays.gc_pause, self.delays.gc_max_pause
        )
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = self._initial_theme()
        if self.config.keymap:
            self.set_keymap(self.config.keymap)

    # The outside world, replaceable in tests (they fake only these edges).
    def copier(self, text: str) -> CopyResult:
        """Copy `text` (blocks up to seconds: call from a worker thread)."""
        return copy_text(text, osc52_writer=textual_writer(self))

    def make_fetcher(self) -> Fetcher:
        return Fetcher.create()

    def make_downloader(self) -> Downloader:
        """Full texts' downloader (called in a worker: it reads the config file)."""
        from papertui.reading.sources import Downloader  # (lxml and PDFium: when reading)

        return Downloader.create()

    def _initial_theme(self) -> str:
        for name in (load_prefs(self.prefs_file).get("theme"), self.config.theme):
            if isinstance(name, str) and name in self.available_themes:
                return name
        return DEFAULT_THEME

    def get_default_screen(self) -> Screen[None]:
        if self.library.count() == 0:
            return FirstRunScreen(str(self.paths.data_dir))
        return self.reader_screen()

    def reader_screen(self) -> MainScreen:
        return MainScreen(
            self.session,
            config=self.config,
            copier=self.copier,
            make_fetcher=self.make_fetcher,
            make_downloader=self.make_downloader,
            prefs_file=self.prefs_file,
            config_file=self.config_file,
            delays=self.delays,
        )

    def on_mount(self) -> None:
        self._exit_on_hangup()
        self._gc.start()
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        problems = list(self.config.problems)
        if self.config.theme and self.config.theme not in self.available_themes:
            problems.append(f"theme {self.config.theme!r}: no such theme (ctrl+p lists them)")
        for problem in problems:
            self.notify(problem, title="Config", severity="warning", timeout=8, markup=False)
        for notice in self.library.notices:  # what opening repaired (a killed restore)
            self.notify(notice, title="Library", severity="warning", timeout=15, markup=False)
        merged = self.library.take_upgrade_report()
        if merged:
            message = merged_on_upgrade_message(merged, self.paths.backups_dir)
            self.notify(message, title="Library upgraded", timeout=15, markup=False)

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """Save an SVG of the screen where it can be saved, and say where it went: the
        Downloads directory (made if missing), else papertui's cache directory."""
        name = filename or f"papertui-{datetime.now():%Y-%m-%dT%H-%M-%S}.svg"
        svg = self.export_screenshot()
        problems = []
        for folder in screenshot_folders(path):
            try:
                folder.mkdir(parents=True, exist_ok=True)
                atomic.write_text(folder / name, svg)
            except OSError as exc:
                problems.append(f"{folder}: {exc.strerror or exc}")
                continue
            self.notify(f"Screenshot saved to {folder / name}", timeout=6, markup=False)
            return
        self.notify("Screenshot not saved: " + "; ".join(problems), severity="error", markup=False)

    def _exit_on_hangup(self) -> None:
        """SIGTERM or a closed terminal (SIGHUP) ends the reader the way `q` does, so the
        store is closed and a demo's temporary library removed."""
        loop = asyncio.get_running_loop()
        for name in ("SIGTERM", "SIGHUP"):
            sig = getattr(signal, name, None)
            if sig is not None:
                with contextlib.suppress(NotImplementedError, RuntimeError):
                    loop.add_signal_handler(sig, self.exit)

    def _remember_theme(self, theme: Theme) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.restyle()
        if load_prefs(self.prefs_file).get("theme") == theme.name:
            return
        try:
            update_prefs(self.prefs_file, theme=theme.name)
        except OSError as exc:
            self.notify(f"Could not save the theme: {exc}", severity="warning", markup=False)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        from papertui.ui.screens.reading import ReadingScreen  # (loads the reading package)
        from papertui.ui.widgets.reading_pane import ReadingPane

        scopes = [
            ("Everywhere", type(self).BINDINGS),
            ("Reader", READER_KEYS),
            ("Papers (marked, else current)", PAPER_KEYS),
            ("Paper list", PaperList.BINDINGS),
            ("Details", PaperDetail.BINDINGS),
            ("Full-screen details", DetailScreen.BINDINGS),
            ("Search box", QueryInput.BINDINGS),
            ("Reading view (r)", ReadingScreen.BINDINGS),
            ("Reading view text", ReadingPane.BINDINGS),
            ("Tag editor", TagEditorScreen.BINDINGS),
            ("Tag input", TagInput.BINDINGS),
            ("Note editor", NoteEditorScreen.BINDINGS),
            ("Citation picker", CitePickerScreen.BINDINGS),
            ("Name a watch or a list", NamePromptScreen.BINDINGS),
            ("Pick an author or a list", ChoiceScreen.BINDINGS),
            ("Help", HelpScreen.BINDINGS),
        ]
        self.push_screen(HelpScreen(binding_sections(self, scopes)))

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self._gc.input()  # full garbage collections wait until the user rests
            for screen in self.screen_stack:
                if isinstance(screen, MainScreen):
                    screen.answers.input()  # and so do the first letters' answers
        await super().on_event(event)

    def on_unmount(self) -> None:
        self._gc.stop()
        self.workers.cancel_all()
        self.session.close()


def screenshot_folders(path: str | None) -> list[Path]:
    """Where a screenshot may go, best first."""
    if path:
        return [Path(path).expanduser()]
    return [platformdirs.user_downloads_path(), cache_dir() / "screenshots"]


def make_app(
    data_dir: str | Path | None = None,
    *,
    config: Config | None = None,
    prefs_file: Path | None = None,
    config_file: Path | None = None,
    delays: Delays | None = None,
) -> PaperTUI:
    """Build the reader for the library at `data_dir` (default: the platform data dir)."""
    paths = LibraryPaths.resolve(data_dir)
    paths.ensure()
    library = Library.open(paths.store)
    return PaperTUI(
        paths,
        library,
        config=config if config is not None else load_config(config_file),
        prefs_file=prefs_file,
        config_file=config_file,
        delays=delays,
    )
