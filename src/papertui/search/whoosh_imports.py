"""Whoosh's import kept light for a process that searches once (`papertui search`):
modules Whoosh imports and papertui never uses are imported with stand-ins that
load the real module on first use. Only with papertui's fast paths enabled
(`whoosh_internals.ENABLED`); nothing here touches Whoosh's private API.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import sys
import types
from typing import Any

MORPHOLOGY = "whoosh.lang.morph_en"


def _import_without(stand_ins: dict[str, dict[str, Any]], module: str) -> None:
    """Import `module` while each of `stand_ins` (a module name: its stand-in's
    attributes) is in `sys.modules` in place of the real module, then take the
    stand-ins out again: `module` keeps references to them, nothing else does (the
    CLI imports in one thread; the reader has imported both real modules before it
    opens the index, and a module already imported is used as it is)."""
    placed = [name for name in stand_ins if name not in sys.modules]
    for name in placed:
        stand_in = types.ModuleType(name)
        vars(stand_in).update(stand_ins[name])
        sys.modules[name] = stand_in
    try:
        importlib.import_module(module)
    finally:
        for name in placed:
            del sys.modules[name]


def _attributes_of(module: str) -> Any:
    """A stand-in's `__getattr__`: the real `module`'s attributes, imported when first asked."""

    def attribute(name: str) -> Any:
        if name.startswith("__"):  # the import system's probes (`__path__`, ...)
            raise AttributeError(name)
        return getattr(importlib.import_module(module), name)

    return attribute


def _function_of(module: str, name: str) -> Any:
    """A stand-in's function: the real `module`'s `name`, imported when first called."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    return call


def defer_standard_modules(*, enabled: bool) -> None:
    """Two standard modules Whoosh imports and a search never uses cost a third of
    the Whoosh import (measured in docs/BENCHMARKS.md): `whoosh.compat` imports
    `urllib.request` (with `http.client`, `email`, `ssl`) for `urlretrieve` (and,
    smaller, `queue` and `html` for its multiprocess writer and HTML highlighter), and the
    `cached_property` package imports `asyncio` for coroutine properties. They are
    imported with stand-ins that load the real module on first use (and off with
    the stock switch)."""
    if not enabled:
        return
    _import_without(
        {
            "urllib.request": {"urlretrieve": _function_of("urllib.request", "urlretrieve")},
            "queue": {"__getattr__": _attributes_of("queue")},  # Whoosh's multiprocess writer
            "html": {"escape": _function_of("html", "escape")},  # its HTML highlighter
        },
        "whoosh.compat",
    )
    coroutines = {
        # what `cached_property.__get__` asks of every property: for Whoosh's (plain
        # functions) the answer `asyncio.iscoroutinefunction` gives, without asyncio
        "iscoroutinefunction": inspect.iscoroutinefunction,
        "__getattr__": _attributes_of("asyncio"),
    }
    _import_without({"asyncio": coroutines}, "cached_property")


def defer_morphology(*, enabled: bool) -> None:
    """`whoosh.query` imports `whoosh.lang.morph_en` (0.1 s of regex building, a
    sixth of a `papertui search` process) for its `Variations` query, which
    papertui never builds: a stand-in module loads the real one the first time
    `variations` is called. Must run before `whoosh.query` is imported (the
    package `papertui.search` does it)."""
    if not enabled or MORPHOLOGY in sys.modules:
        return
    spec = importlib.util.find_spec(MORPHOLOGY)
    if spec is None or spec.origin is None:
        return
    origin = spec.origin
    stand_in = types.ModuleType(MORPHOLOGY)
    loaded: list[Any] = []  # the real module, once needed

    def variations(word: str) -> Any:
        if not loaded:
            real_spec = importlib.util.spec_from_file_location(f"{MORPHOLOGY}.real", origin)
            assert real_spec is not None and real_spec.loader is not None
            loaded.append(importlib.util.module_from_spec(real_spec))
            real_spec.loader.exec_module(loaded[0])
        return loaded[0].variations(word)

    stand_in.variations = variations  # type: ignore[attr-defined]
    sys.modules[MORPHOLOGY] = stand_in
