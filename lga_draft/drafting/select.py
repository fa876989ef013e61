"""Choosing positions: by tag expression, status and explicit ids."""

from __future__ import annotations

from typing import Any

from lga_draft.drafting.consultation import KeyMessages, Question
from lga_draft.errors import ConsultationError, LgaDraftError, TagExpressionError, UsageError
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


def filter_listing(
    library: Library, *, tag: str | None = None, status: str | None = None
) -> list[Any]:
    """The positions matching `list`'s --tag expression and --status (all of them when neither is
    given), as rows of the library index (catalog.Listed): a large library's positions are not
    made to show their ids, titles and tags."""
    wanted = parse_status(status)
    expr = _option(tag, library) if tag is not None else None
    chosen = [
        row
        for row in library.catalog.listing()
        if (wanted is None or row.status == wanted.value)
        and (expr is None or expr.matches(row.tags))
    ]
    if expr is not None and not chosen:
        raise TagExpressionError(f"--tag: tag expression '{expr.text}' selects no positions")
    return chosen


def _option(tag: str, library: Library) -> TagExpr:
    """--tag's expression, the option named as --tags' and --status' are."""
    try:
        return parse_expression(tag, library.vocabulary)
    except TagExpressionError as exc:
        raise TagExpressionError(f"--tag: {exc.message}") from None


def matching(library: Library, expr: TagExpr, statuses: frozenset[Status]) -> list[Position]:
    """Positions whose tags satisfy `expr` and whose status is allowed, in library order."""
    if expr.alternatives:
        # Only a position carrying one of the tags asked for can match, and the index finds those
        # at once: a draft makes only the positions it may use, not all 10,000.
        found = library.catalog.candidates(expr.positive_tags, [s.value for s in statuses])
        return [library.by_id[pid] for pid, tags in found.items() if expr.matches(tags)]
    return [p for p in library.positions if p.status in statuses and expr.matches(p.tags)]


def selection_errors(
    library: Library,
    questions: list[tuple[int, Question]],
    key_messages: KeyMessages | None,
    *,
    include_draft: bool,
    topic: str | None = None,
    any_status: bool = False,
) -> list[SelectionError]:
    """Everything the questions (each with its place in the file), the key messages and the
    consultation's own `tags` (its topic) name that cannot be used: every one, not only the first.
    With `any_status` (learning from a settled consultation) only what cannot be found at all."""
    statuses = frozenset({Status.APPROVED, Status.DRAFT} if include_draft else {Status.APPROVED})
    if any_status:
        statuses, include_draft = frozenset(Status), True
    errors: list[SelectionError] = []
    if topic is not None and questions:  # with questions the topic only groups and suggests
        try:
            parse_expression(topic, library.vocabulary)
        except LgaDraftError as exc:
            errors.append(SelectionError(f"tags: {exc.message}", ("tags",)))
    elif topic is not None:  # without, it chooses what the draft says
        question_positions(
            library, [], topic, [], statuses, "tags", include_draft, (), errors
        )  # fmt: skip
    for i, q in questions:
        where = f"question {q.number}"
        loc = ("questions", i)
        question_positions(
            library, q.positions, q.tags, q.exclude, statuses, where, include_draft, loc, errors
        )
    if key_messages is not None and (key_messages.positions or key_messages.tags):
        question_positions(
            library, key_messages.positions, key_messages.tags, [], statuses, "key_messages",
            include_draft, ("key_messages",), errors,
        )  # fmt: skip
    return errors


class SelectionError(ConsultationError):
    """A consultation names a position or tag that cannot be used. `loc` is the key path in the
    consultation file (None for --tags), so the caller holding the file can name the line."""

    def __init__(self, message: str, loc: tuple[str | int, ...] | None) -> None:
        super().__init__(message)
        self.loc = loc


def question_positions(
    library: Library,
    ids: list[str],
    tags: str | None,
    exclude: list[str],
    statuses: frozenset[Status],
    where: str,
    include_draft: bool,
    loc: tuple[str | int, ...] | None = None,
    errors: list[SelectionError] | None = None,
) -> list[Position]:
    """The positions a question's fields select. The first thing named that cannot be used is
    raised, unless `errors` is given: then every one is added to it."""

    def fail(message: str, *at: str | int) -> None:
        error = SelectionError(f"{where}: {message}", None if loc is None else (*loc, *at))
        if errors is None:
            raise error
        errors.append(error)

    chosen: list[Position] = []
    for j, pid in enumerate(ids):
        try:
            p = library.get(pid)
        except LgaDraftError as exc:
            fail(exc.message, "positions", j)
            continue
        if p.status in statuses:
            chosen.append(p)
        elif p.status is Status.RETIRED:
            newer = _successors(library, statuses).get(pid)
            instead = f"; '{newer}' supersedes it" if newer else ""
            fail(f"position '{pid}' is retired and cannot be used{instead}", "positions", j)
        else:
            fail(
                f"position '{pid}' is a draft; use --include-draft to draft with it", "positions", j
            )
    for j, pid in enumerate(exclude):
        try:
            library.get(pid)  # an unknown id in `exclude` is a typo worth reporting
        except LgaDraftError as exc:
            fail(exc.message, "exclude", j)
    named = len(chosen)
    if tags:
        try:
            expr = parse_expression(tags, library.vocabulary)
        except LgaDraftError as exc:
            fail(exc.message, "tags")
            return chosen
        found = matching(library, expr, statuses)
        if not found:
            fail(
                f"tag expression '{expr.text}' selects no {'' if include_draft else 'approved '}positions",
                "tags",
            )
        wanted = expr.positive_tags
        # positions carrying a named tag itself before those that only carry a narrower one
        found.sort(
            key=lambda p: (-len(set(p.tags) & _direct(library, tags)), -len(set(p.tags) & wanted))
        )
        chosen += [p for p in found if p not in chosen]
    # Named positions are used as named. Those a tag expression found are used in their newest
    # form: with --include-draft a draft revision that supersedes one (harvest --write makes
    # them) stands in its place, and is not used beside what it revises.
    successors = _successors(library, statuses)
    out: list[Position] = []
    for n, p in enumerate(chosen):
        if p.id in exclude:
            continue
        if n >= named:
            p = _current(library, p, successors)
            if any(old in {q.id for q in out} for old in p.supersedes):
                continue
        if p not in out:
            out.append(p)
    return out


def _successors(library: Library, statuses: frozenset[Status]) -> dict[str, str]:
    """Position id -> the usable position that supersedes it.

    With --include-draft that is a draft revision `harvest --write` proposed (it supersedes the
    position it revises): the draft then carries the revision in the position's place, not the
    two side by side. Of several, the most recently reviewed.
    """
    key = f"successors-{'-'.join(sorted(statuses))}"
    found: dict[str, str] | None = library.memo.get(key)
    if found is None:
        newest: dict[str, tuple[str, str]] = {}
        # found in the index: no position is made for this
        for pid, reviewed, old in library.catalog.superseding([s.value for s in statuses]):
            if old not in newest or (reviewed, pid) > newest[old]:
                newest[old] = (reviewed, pid)
        found = library.memo[key] = {old: pid for old, (_, pid) in newest.items()}
    return found


def _current(library: Library, p: Position, successors: dict[str, str]) -> Position:
    seen = {p.id}
    while p.id in successors and successors[p.id] not in seen:  # a cycle is `check`'s to report
        p = library.get(successors[p.id])
        seen.add(p.id)
    return p


def _direct(library: Library, tags: str) -> set[str]:
    out = set()
    for part in tags.replace("+", ",").split(","):
        name = library.vocabulary.resolve(part.strip().lstrip("-"))
        if name and not part.strip().startswith("-"):
            out.add(name)
    return out
