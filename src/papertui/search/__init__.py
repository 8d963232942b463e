"""Full-text search: a Whoosh index derived from the store (see `query` for the language).

By concern: the query language (`query`, `terms`, `suggest`), scoring
(`weighting`, `scoring`, `array_scoring`, `plain_scoring`, `ranking`, `phrases`),
the index lifecycle (`index`, `sync`, `build`, `segment_writer`, `blocks`), and the one module
using Whoosh's private API, `whoosh_internals` (off with
`PAPERTUI_STOCK_WHOOSH=1`; `whoosh_imports` keeps Whoosh's import light).
docs/ARCHITECTURE.md has the map.
"""

from papertui.search.whoosh_imports import defer_morphology
from papertui.search.whoosh_internals import ENABLED

defer_morphology(enabled=ENABLED)
