"""Whether a browsed list is still in its sort order after papers changed in place (a
title, a date, upvotes) with none coming or going: checked from the changed papers and
their neighbours alone, so the common case (nothing that sorts moved) costs a few small
reads instead of listing the whole library again."""

from __future__ import annotations

from collections.abc import Sequence

from papertui.store import Library

CHECKED = 250  # papers changed: beyond this, listing again is as cheap as checking
FEW = 4  # changed papers looked up one by one (a C loop each) rather than in one scan


def order_holds(library: Library, keys: Sequence[int], sort: str, since: int) -> bool:
    """`keys` were in `sort` order at change sequence `since`: are they still?"""
    changed = library.nums_changed_since(since, CHECKED)
    if changed is None:
        return False
    if not changed:
        return True
    wanted = set(changed)
    try:
        places = (
            [keys.index(num) for num in wanted]
            if len(wanted) <= FEW
            else [i for i, key in enumerate(keys) if key in wanted]
        )
    except ValueError:
        places = []
    if len(places) != len(wanted):
        return False  # a changed paper is not listed: the list is not what it was
    pairs = {(j, j + 1) for i in places for j in (i - 1, i) if j >= 0 and j + 1 < len(keys)}
    involved = {keys[j] for pair in pairs for j in pair}
    rank = {num: r for r, num in enumerate(library.in_order(involved, sort))}
    return all(rank[keys[a]] < rank[keys[b]] for a, b in pairs)
