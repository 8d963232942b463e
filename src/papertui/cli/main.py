"""`papertui` entry point: global options, subcommands, and the TUI when none is given."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from papertui import __version__
from papertui.cli.context import CliContext, CliError
from papertui.paths import LibraryPaths

if TYPE_CHECKING:
    import sqlite3

# Which module registers each command. Only the module of the command being run
# is imported, so `papertui show` does not pay for Whoosh, HTTP or citation code.
COMMANDS: dict[str, str] = {
    "import": "papertui.cli.import_cmd",
    "show": "papertui.cli.show_cmd",
    "stats": "papertui.cli.show_cmd",
    "search": "papertui.cli.search_cmd",
    "related": "papertui.cli.search_cmd",
    "reindex": "papertui.cli.search_cmd",
    "fetch": "papertui.cli.fetch_cmd",
    "cite": "papertui.cli.cite_cmd",
    "export": "papertui.cli.cite_cmd",
    "bookmark": "papertui.cli.state_cmd",
    "tag": "papertui.cli.state_cmd",
    "tags": "papertui.cli.state_cmd",
    "note": "papertui.cli.state_cmd",
    "read": "papertui.cli.read_cmd",
    "download": "papertui.cli.read_cmd",
    "refs": "papertui.cli.read_cmd",
    "list": "papertui.cli.state_cmd",
    "state": "papertui.cli.state_cmd",
    "backup": "papertui.cli.state_cmd",
    "dedupe": "papertui.cli.dedupe_cmd",
    "watch": "papertui.cli.watch_cmd",
    "digest": "papertui.cli.digest_cmd",
    "bib": "papertui.cli.bib_cmd",
    "update": "papertui.cli.update_cmd",
    "pick": "papertui.cli.pick_cmd",
}
_OPTIONS_WITH_VALUES = {"--data-dir"}
# Commands that change the library: with --demo they change the throw-away copy.
WRITING_COMMANDS = {"import", "fetch", "bookmark", "tag", "note", "read", "state", "backup",
                    "dedupe", "reindex", "download", "watch", "digest", "bib",
                    "update"}  # fmt: skip


def build_parser(command: str | None = None, *, load: bool = True) -> argparse.ArgumentParser:
    """The parser; with `command`, only that command's module is loaded; with
    `load=False` none is (enough for `--version` and opening the reader)."""
    parser = argparse.ArgumentParser(
        prog="papertui",
        description="A keyboard-driven terminal reader for research papers. "
        "Run without a command to open the reader.",
    )
    parser.add_argument("--version", action="version", version=f"papertui {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="library location (default: $PAPERTUI_DATA_DIR or the platform data directory)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="use a throw-away library filled with the bundled demo papers (with a "
        "command too: `papertui --demo search gaussian`); your own library is not touched",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    if command in COMMANDS:
        modules = [COMMANDS[command]]
    else:
        modules = list(dict.fromkeys(COMMANDS.values())) if load else []
    for module_name in modules:
        importlib.import_module(module_name).register(subparsers)
    return parser


def _command_position(argv: list[str]) -> int:
    """Index of the subcommand word in argv (len(argv) when there is none)."""
    i = 0
    while i < len(argv) and argv[i].startswith("-"):
        i += 2 if argv[i] in _OPTIONS_WITH_VALUES else 1
    return i


def _protect_dash_words(argv: list[str]) -> list[str]:
    """`papertui tag ID -old +new`: make `-old` a word, not an option, for argparse;
    `papertui search -survey`: the same for query words (`search_cmd.query_last`)."""
    i = _command_position(argv)
    if i < len(argv) and argv[i] == "search":
        from papertui.cli.search_cmd import query_last

        return [*argv[: i + 1], *query_last(argv[i + 1 :])]
    if i < len(argv) and argv[i] == "tag":
        rest = argv[i + 1 :]
        if "--" not in rest and not {"-h", "--help"} & set(rest):
            return [*argv[: i + 1], "--", *rest]
    return argv


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    position = _command_position(words)
    if position < len(words):
        parser = build_parser(words[position])
    else:  # no command: --version, or open the reader; --help lists every command
        parser = build_parser(load=bool({"-h", "--help"} & set(words)))
    args = parser.parse_args(_protect_dash_words(words))
    if args.command is None:
        from papertui.launch import launch_tui

        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            print(
                "papertui: the reader needs a terminal (stdin or stdout is redirected); "
                "the commands work anywhere: papertui --help lists them",
                file=sys.stderr,
            )
            return 2

        return launch_tui(data_dir=args.data_dir, demo=args.demo)
    if args.demo:
        if args.data_dir:
            parser.error("--demo and --data-dir: choose one (--demo is a throw-away library)")
        from papertui.demo import demo_config, demo_data_dir, exit_on_hangup

        with exit_on_hangup(), demo_data_dir() as temp_dir:
            ctx = CliContext(LibraryPaths.resolve(temp_dir), config_file=demo_config(temp_dir))
            return _run_command(args, ctx, demo=True)
    return _run_command(args, CliContext(LibraryPaths.resolve(args.data_dir)))


def _run_command(args: argparse.Namespace, ctx: CliContext, *, demo: bool = False) -> int:
    if demo and args.command in WRITING_COMMANDS:
        ctx.warn(
            "papertui: --demo: this changes a throw-away copy of the demo library "
            "(and of your config file), removed when the command ends; your own library "
            "and config are not touched"
        )
    try:
        return int(args.func(args, ctx) or 0)
    except CliError as exc:
        ctx.warn(f"papertui: {exc}")
        return exc.code
    except KeyboardInterrupt:
        ctx.warn("papertui: interrupted; nothing was changed by the unfinished step")
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: say so in one line; the traceback on request
        import sqlite3

        from papertui.store import ReadOnlyLibrary, StoreError

        if isinstance(exc, ReadOnlyLibrary):
            ctx.warn(f"papertui: {exc}")
            return 1
        if isinstance(exc, sqlite3.OperationalError) and _cannot_write(exc):
            ctx.warn(f"papertui: {ctx.paths.store}: cannot write ({exc}); nothing was changed")
            return 1
        if isinstance(exc, StoreError | sqlite3.DatabaseError):  # damaged on disk: not a bug
            from papertui.store.backup import store_problem_message

            problem = exc if isinstance(exc, StoreError) else damaged(ctx.paths.store, exc)
            ctx.warn(f"papertui: {store_problem_message(problem, ctx.paths.backups_dir)}")
            return 1
        if isinstance(exc, OSError) and not os.environ.get("PAPERTUI_DEBUG"):
            ctx.warn(f"papertui: {os_problem(exc)}")  # a path, a permission, a full disk
            return 1
        if os.environ.get("PAPERTUI_DEBUG"):
            raise
        ctx.warn(
            f"papertui: internal error: {type(exc).__name__}: {exc} "
            "(set PAPERTUI_DEBUG=1 for the traceback; please report it)"
        )
        return 70
    finally:
        ctx.close()


def os_problem(exc: OSError) -> str:
    """One line naming the file and what the system said about it."""
    names = [str(n) for n in (exc.filename, exc.filename2) if n]
    what = exc.strerror or str(exc)
    return f"{' -> '.join(names)}: {what}" if names else what


def _cannot_write(exc: sqlite3.OperationalError) -> bool:
    """A full disk, a read-only file: the write was rolled back, the library is sound."""
    text = str(exc)
    return any(
        words in text
        for words in ("disk is full", "disk I/O error", "readonly database", "unable to open")
    )


def damaged(store: object, exc: sqlite3.DatabaseError) -> Exception:
    from papertui.store import StoreError

    return StoreError(f"{store}: the library file is damaged or unreadable ({exc})")


if __name__ == "__main__":
    sys.exit(main())
