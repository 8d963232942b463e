"""Binding tables for help and the palette, generated from the classes' BINDINGS.

Because everything is read from the bindings (with the user's keymap applied),
the help screen is always complete.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from textual.app import App
from textual.binding import Binding, BindingType
from textual.dom import DOMNode


@dataclass(frozen=True)
class BindingEntry:
    keys: str
    title: str  # the binding's short description
    detail: str  # its tooltip, or the title again
    binding_id: str
    action: str


@dataclass(frozen=True)
class BindingSection:
    title: str
    entries: tuple[BindingEntry, ...]


def _bindings(declared: Sequence[BindingType]) -> list[Binding]:
    found: list[Binding] = []
    for item in declared:
        found.extend(Binding.make_bindings([item]))
    return found


def binding_classes(node_type: type[DOMNode]) -> list[type[DOMNode]]:
    """`node_type` and its bases that declare their own BINDINGS (most derived first)."""
    return [
        cls
        for cls in node_type.__mro__
        if isinstance(cls, type)
        and issubclass(cls, DOMNode)
        and "BINDINGS" in cls.__dict__
        and cls.__module__.startswith("papertui")
    ] or [node_type]


def binding_entries(
    app: App[object], declared: Sequence[BindingType], keymap: Mapping[str, str]
) -> tuple[BindingEntry, ...]:
    entries = []
    for binding in _bindings(declared):
        if binding.system or not binding.id:
            continue
        keys = keymap.get(binding.id, binding.key)
        shown = [
            app.get_key_display(replace(binding, key=k.strip(), key_display=None))
            for k in keys.split(",")
        ]
        title = binding.description or binding.action
        entries.append(
            BindingEntry(
                " ".join(dict.fromkeys(shown)),
                title,
                binding.tooltip or title,
                binding.id,
                binding.action,
            )
        )
    # one line per binding id (make_bindings splits "j,down" into two)
    merged: dict[str, BindingEntry] = {}
    for entry in entries:
        if entry.binding_id in merged:
            first = merged[entry.binding_id]
            entry = replace(
                first, keys=" ".join(dict.fromkeys(f"{first.keys} {entry.keys}".split()))
            )
        merged[entry.binding_id] = entry
    return tuple(merged.values())


def binding_sections(
    app: App[object], scopes: list[tuple[str, Sequence[BindingType]]]
) -> list[BindingSection]:
    keymap: Mapping[str, str] = getattr(app, "_keymap", {})
    return [BindingSection(title, binding_entries(app, keys, keymap)) for title, keys in scopes]
