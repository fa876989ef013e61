"""Choosing positions: by tag expression, status and explicit ids."""

from __future__ import annotations

from typing import Any

from lga_draft.errors import TagExpressionError, UsageError
from lga_draft.library.model import Library, Position, Status
from lga_draft.library.tags import TagExpr, parse_expression


def parse_status(value: str | None) -> Status | None:
    if value is None:
        return None
    try:
        return Status(value.strip().lower())
    except ValueError:
        choices = ", ".join(s.value for s in Status)
        raise UsageError(f"--status: '{value}' is not one of {choices}") from None


def filter_positions(
    library: Library, *, tag: str | None = None, status: str | None = None
) -> list[Position]:
    """Positions matching a tag expression and status (all of them when neither is given)."""
    wanted = parse_status(status)
    expr = parse_expression(tag, library.vocabulary) if tag is not None else None
    chosen = [
        p
        for p in library.positions
        if (wanted is None or p.status is wanted) and (expr is None or expr.matches(p.tags))
    ]
    if expr is not None and not chosen:
        raise TagExpressionError(f"tag expression '{expr.text}' selects no positions")
    return chosen


def filter_listing(
    library: Library, *, tag: str | None = None, status: str | None = None
) -> list[Any]:
    """`filter_positions` as rows of the library index (catalog.Listed), for `list`: a large
    library's positions are not made to show their ids, titles and tags."""
    wanted = parse_status(status)
    expr = parse_expression(tag, library.vocabulary) if tag is not None else None
    chosen = [
        row
        for row in library.catalog.listing()
        if (wanted is None or row.status == wanted.value)
        and (expr is None or expr.matches(row.tags))
    ]
    if expr is not None and not chosen:
        raise TagExpressionError(f"tag expression '{expr.text}' selects no positions")
    return chosen


def matching(library: Library, expr: TagExpr, statuses: frozenset[Status]) -> list[Position]:
    """Positions whose tags satisfy `expr` and whose status is allowed, in library order."""
    if expr.alternatives:
        # Only a position carrying one of the tags asked for can match, and the index finds those
        # at once: a draft makes only the positions it may use, not all 10,000.
        found = library.catalog.candidates(expr.positive_tags, [s.value for s in statuses])
        return [library.by_id[pid] for pid, tags in found.items() if expr.matches(tags)]
    return [p for p in library.positions if p.status in statuses and expr.matches(p.tags)]
