"""`papertui` entry point: global options, subcommands, and the TUI when none is given."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from papertui import __version__
from papertui.cli.context import CliContext, CliError
from papertui.paths import LibraryPaths

# Each module defines `register(subparsers)`; its parsers set `func(args, ctx) -> int`.
COMMAND_MODULES = (
    "papertui.cli.import_cmd",
    "papertui.cli.show_cmd",
    "papertui.cli.search_cmd",
    "papertui.cli.state_cmd",
    "papertui.cli.fetch_cmd",
    "papertui.cli.cite_cmd",
)


def build_parser() -> argparse.ArgumentParser:
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
        help="open a throw-away library filled with the bundled demo papers",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue  # command not built yet
        module.register(subparsers)
    return parser


_OPTIONS_WITH_VALUES = {"--data-dir"}


def _protect_tag_words(argv: list[str]) -> list[str]:
    """`papertui tag ID -old +new`: make `-old` a word, not an option, for argparse."""
    i = 0
    while i < len(argv) and argv[i].startswith("-"):
        i += 2 if argv[i] in _OPTIONS_WITH_VALUES else 1
    if i < len(argv) and argv[i] == "tag":
        rest = argv[i + 1 :]
        if "--" not in rest and not {"-h", "--help"} & set(rest):
            return [*argv[: i + 1], "--", *rest]
    return argv


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(_protect_tag_words(list(sys.argv[1:] if argv is None else argv)))
    if args.command is None:
        from papertui.launch import launch_tui

        return launch_tui(data_dir=args.data_dir, demo=args.demo)
    ctx = CliContext(LibraryPaths.resolve(args.data_dir))
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
        if os.environ.get("PAPERTUI_DEBUG"):
            raise
        ctx.warn(
            f"papertui: internal error: {type(exc).__name__}: {exc} "
            "(set PAPERTUI_DEBUG=1 for the traceback; please report it)"
        )
        return 70
    finally:
        ctx.close()


if __name__ == "__main__":
    sys.exit(main())
