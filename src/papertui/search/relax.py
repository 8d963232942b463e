"""When no paper has all the words: the papers with most of them.

`gaussian splatting avatars` with no paper holding all three becomes "any two of
the three" (an OR of the pairs), then "any one", and the results say so. Filters,
phrases and exclusions stay required; `strict` searches never relax.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

from whoosh import query as wq

MAX_WORDS = 8  # beyond this, the combinations grow too many: straight to "any of them"


def loosened(words: list[wq.Query], required: list[wq.Query]) -> Iterator[tuple[int, wq.Query]]:
    """(k, a query matching papers with k of `words` and all of `required`), k from
    len(words) - 1 down to 1."""
    n = len(words)
    for k in range(n - 1, 0, -1):
        if k == 1 or n > MAX_WORDS:
            some: wq.Query = wq.Or(words)
            k = 1
        else:
            some = wq.Or([wq.And(list(group)) for group in combinations(words, k)])
        yield k, wq.And([some, *required]) if required else some
        if k == 1:
            return


def loosened_notice(k: int, n: int) -> str:
    most = "any one" if k == 1 else f"{k}"
    return f"No paper has all {n} words; showing papers with {most} of them"
