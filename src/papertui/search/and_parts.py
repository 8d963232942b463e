"""What both of our scorers (`array_scoring` with numpy, `plain_scoring` without) share:
the exception that hands a query to another evaluator, and how an And's parts are
ordered for evaluation."""

from __future__ import annotations

from collections.abc import Callable, Sized
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from whoosh import query as wq

H = TypeVar("H", bound=Sized)  # a scorer's hits: arrays or a {docnum: score} dict


class Unsupported(Exception):
    """The query has a part this scorer leaves to another evaluator."""


def is_or(q: wq.Query) -> bool:
    return type(q) is wq.Or


@dataclass
class AndParts(Generic[H]):
    positive: list[H] = field(default_factory=list)  # shortest first
    negative: list[H] = field(default_factory=list)
    ranges: list[wq.NumericRange] = field(default_factory=list)  # on a column: filtered
    unions: list[wq.Query] = field(default_factory=list)  # evaluated last, only over the rest


def and_parts(
    subqueries: list[wq.Query],
    evaluate: Callable[[wq.Query], H],
    has_column: Callable[[str], bool],
) -> AndParts[H]:
    """An And's subqueries, the plain ones evaluated; raises `Unsupported` for
    negations alone."""
    parts: AndParts[H] = AndParts()
    for sub in subqueries:
        if isinstance(sub, wq.Not):
            parts.negative.append(evaluate(sub.query))
        elif isinstance(sub, wq.NumericRange) and has_column(sub.fieldname):
            parts.ranges.append(sub)
        elif is_or(sub):
            parts.unions.append(sub)
        else:
            parts.positive.append(evaluate(sub))
    if not parts.positive:
        if not parts.unions:
            raise Unsupported("only negations")
        parts.positive.append(evaluate(parts.unions.pop(0)))
    parts.positive.sort(key=len)
    return parts
