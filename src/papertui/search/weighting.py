"""How a term's score is weighed: Whoosh's BM25F, with one change for full texts."""

from __future__ import annotations

from typing import Any

from whoosh.scoring import BM25F

from papertui.search.schema import IDF_FIELD


class PaperWeighting(BM25F):
    """Whoosh's BM25F, but a full-text term weighs by how rare it is in titles and
    abstracts (`schema.IDF_FIELD`): with few bodies indexed, a word's rarity among
    them (most papers have none) would make body matches outrank abstract ones."""

    def idf(self, searcher: Any, fieldname: str, text: str) -> float:
        return float(super().idf(searcher, IDF_FIELD.get(fieldname, fieldname), text))
