"""From a consultation and a library to the template context of a draft, and its drafting report.

Selection rules: a question's explicit `positions` come first, in the order given; then the
positions its `tags` expression selects; `exclude` removes any. Only approved positions are used
unless drafts are asked for; retired positions never. A position used a second time is not
repeated: the later answer refers back to the first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from lga_draft.drafting.consultation import Consultation, KeyMessages
from lga_draft.drafting.select import matching
from lga_draft.errors import ConsultationError, LgaDraftError
from lga_draft.library.model import CaseStudy, Library, Organisation, Person, Position, Status
from lga_draft.library.tags import parse_expression


@dataclass(frozen=True)
class Use:
    """One appearance of a position in a draft."""

    position: Position
    first: bool  # False: already set out earlier, refer back to `first_in`
    first_in: str | None  # the question number where it was first set out (None outside questions)


@dataclass(frozen=True)
class Answer:
    number: str
    text: str
    opening: str | None
    closing: str | None
    uses: tuple[Use, ...]


@dataclass(frozen=True)
class Theme:
    name: str
    positions: tuple[Position, ...]


@dataclass(frozen=True)
class AskItem:
    text: str
    timeframe: str | None
    position_id: str


@dataclass(frozen=True)
class SourceItem:
    key: str
    title: str
    publisher: str
    date: str
    sections: tuple[str, ...]
    url: str | None


@dataclass
class Report:
    """What the officer needs to know about a draft; printed on standard error."""

    positions_used: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DraftContext:
    """Everything a template may use. Positions and consultation text are values, never code."""

    consultation: Consultation
    organisation: Organisation
    contact: Person
    signatory: Person
    spokesperson: Person
    today: dt.date
    library_version: str
    template: str
    key_messages: tuple[Position, ...]
    answers: tuple[Answer, ...]
    positions: tuple[Position, ...]  # every position used, in order of first use
    themes: tuple[Theme, ...]
    asks: tuple[AskItem, ...]
    case_studies: tuple[tuple[Position, CaseStudy], ...]
    sources: tuple[SourceItem, ...]
    footnotes: dict[str, str]  # position id -> its sources, as one sentence

    def as_mapping(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def build_context(
    library: Library,
    consultation: Consultation,
    *,
    template: str,
    today: dt.date,
    include_draft: bool = False,
    adhoc_tags: str | None = None,
) -> tuple[DraftContext, Report]:
    statuses = frozenset({Status.APPROVED, Status.DRAFT} if include_draft else {Status.APPROVED})
    report = Report()
    first_use: dict[str, str | None] = {}
    order: list[Position] = []

    def use(p: Position, where: str | None) -> Use:
        if p.id in first_use:
            return Use(p, False, first_use[p.id])
        first_use[p.id] = where
        order.append(p)
        return Use(p, True, None)

    answers: list[Answer] = []
    for i, q in enumerate(consultation.questions):
        chosen = _question_positions(
            library,
            q.positions,
            q.tags,
            q.exclude,
            statuses,
            f"question {q.number}",
            include_draft,
            loc=("questions", i),
        )
        if not chosen:
            report.warnings.append(f"question {q.number}: no position answers it")
        answers.append(
            Answer(q.number, q.text, q.opening, q.closing, tuple(use(p, q.number) for p in chosen))
        )

    topic = adhoc_tags or consultation.tags
    if not consultation.questions and topic:
        for p in _question_positions(library, [], topic, [], statuses, "--tags", include_draft):
            use(p, None)

    key_messages = _key_messages(
        library, consultation.key_messages, answers, order, statuses, include_draft
    )
    for p in key_messages:
        if p.id not in first_use:  # a key message's position is cited even if no answer uses it
            first_use[p.id] = None
            order.append(p)

    ctx = DraftContext(
        consultation=consultation,
        organisation=consultation.organisation or library.settings.organisation,
        contact=consultation.contact or library.settings.organisation.contact,
        signatory=consultation.signatory or library.settings.signatory,
        spokesperson=library.settings.spokesperson,
        today=today,
        library_version=library.version,
        template=template,
        key_messages=tuple(key_messages),
        answers=tuple(answers),
        positions=tuple(order),
        themes=_themes(library, order),
        asks=_asks(order),
        case_studies=tuple((p, c) for p in order for c in p.case_studies),
        sources=_sources(library, order),
        footnotes={p.id: _footnote(library, p) for p in order},
    )
    report.positions_used = [p.id for p in order]
    report.warnings += _staleness(library, order, today)
    return ctx, report


class SelectionError(ConsultationError):
    """A consultation names a position or tag that cannot be used. `loc` is the key path in the
    consultation file (None for --tags), so the caller holding the file can name the line."""

    def __init__(self, message: str, loc: tuple[str | int, ...] | None) -> None:
        super().__init__(message)
        self.loc = loc


def _question_positions(
    library: Library,
    ids: list[str],
    tags: str | None,
    exclude: list[str],
    statuses: frozenset[Status],
    where: str,
    include_draft: bool,
    loc: tuple[str | int, ...] | None = None,
) -> list[Position]:
    def fail(message: str, *at: str | int) -> SelectionError:
        return SelectionError(f"{where}: {message}", None if loc is None else (*loc, *at))

    chosen: list[Position] = []
    for j, pid in enumerate(ids):
        try:
            p = library.get(pid)
        except LgaDraftError as exc:
            raise fail(exc.message, "positions", j) from None
        if p.status is Status.RETIRED:
            raise fail(f"position '{pid}' is retired and cannot be used", "positions", j)
        if p.status not in statuses:
            raise fail(
                f"position '{pid}' is a draft; use --include-draft to draft with it", "positions", j
            )
        chosen.append(p)
    for j, pid in enumerate(exclude):
        try:
            library.get(pid)  # an unknown id in `exclude` is a typo worth reporting
        except LgaDraftError as exc:
            raise fail(exc.message, "exclude", j) from None
    named = len(chosen)
    if tags:
        try:
            expr = parse_expression(tags, library.vocabulary)
        except LgaDraftError as exc:
            raise fail(exc.message, "tags") from None
        found = matching(library, expr, statuses)
        if not found:
            raise fail(
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


def _key_messages(
    library: Library,
    spec: KeyMessages | None,
    answers: list[Answer],
    order: list[Position],
    statuses: frozenset[Status],
    include_draft: bool,
) -> list[Position]:
    if spec is not None and (spec.positions or spec.tags):
        chosen = _question_positions(
            library,
            spec.positions,
            spec.tags,
            [],
            statuses,
            "key_messages",
            include_draft,
            loc=("key_messages",),
        )
        return chosen[: spec.limit]
    limit = spec.limit if spec else 6
    # by default: the first position of each answer, then any other used position
    firsts = [a.uses[0].position for a in answers if a.uses]
    ranked = {p.id: p for p in [*firsts, *order]}
    return list(ranked.values())[:limit]


def _themes(library: Library, order: list[Position]) -> tuple[Theme, ...]:
    groups: dict[str, list[Position]] = {}
    for p in order:
        groups.setdefault(
            library.settings.teams.get(p.owner, p.owner.replace("-", " ").capitalize()), []
        ).append(p)
    return tuple(Theme(name, tuple(ps)) for name, ps in groups.items())


def _asks(order: list[Position]) -> tuple[AskItem, ...]:
    seen: set[str] = set()
    out: list[AskItem] = []
    for p in order:
        for a in p.asks:
            key = " ".join(a.text.lower().split())
            if key not in seen:
                seen.add(key)
                out.append(AskItem(a.text, a.timeframe, p.id))
    return tuple(out)


def _sources(library: Library, order: list[Position]) -> tuple[SourceItem, ...]:
    sections: dict[str, list[str]] = {}
    for p in order:
        refs = [(c.source, c.section) for c in p.sources]
        refs += [(e.source, e.section) for e in p.current_evidence]
        refs += [(c.source, c.section) for c in p.case_studies]
        for key, section in refs:
            bucket = sections.setdefault(key, [])
            name = (
                library.sources[key].sections.get(section, section)
                if section and key in library.sources
                else section
            )
            if name and name not in bucket:
                bucket.append(name)
    items = []
    for key, secs in sections.items():
        s = library.sources.get(key)
        if s is None:
            continue
        items.append(SourceItem(key, s.title, s.publisher, s.date, tuple(secs), s.url))
    items.sort(key=lambda i: i.date, reverse=True)
    return tuple(items)


def _footnote(library: Library, p: Position) -> str:
    """'Sources: Title (Publisher, 2 December 2024), section; section. Title2 (...), section.'"""
    from lga_draft.drafting.render import long_date

    by_source: dict[str, list[str]] = {}
    for cite in p.sources:
        sections = by_source.setdefault(cite.source, [])
        source = library.sources.get(cite.source)
        name = (
            source.sections.get(cite.section, cite.section)
            if source and cite.section
            else cite.section
        )
        if name and name not in sections:
            sections.append(name)
    parts = []
    for key, sections in by_source.items():
        s = library.sources.get(key)
        label = f"{s.title} ({s.publisher}, {long_date(s.date)})" if s else key
        parts.append(label + (": " + "; ".join(sections) if sections else ""))
    return ("Sources: " if len(parts) > 1 else "Source: ") + ". ".join(parts) + "."


def _staleness(library: Library, order: list[Position], today: dt.date) -> list[str]:
    warnings = []
    months = library.settings.defaults.figure_age_months
    limit = _months_before(today, months)
    for p in order:
        if p.review_by < today:
            warnings.append(
                f"position '{p.id}' was due for review by {p.review_by.isoformat()} (owner: {p.owner})"
            )
        if p.status is Status.DRAFT:
            warnings.append(f"position '{p.id}' is a draft, not yet approved")
        for e in p.current_evidence:
            if _as_date(e.as_of) < limit:
                warnings.append(
                    f"figure '{e.figure}' in '{p.id}' is as of {e.as_of}, older than {months} months"
                )
    return warnings


def _as_date(partial: str) -> dt.date:
    parts = [int(x) for x in partial.split("-")]
    while len(parts) < 3:
        parts.append(1)
    return dt.date(parts[0], parts[1], parts[2])


def _months_before(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(y, m + 1, min(day.day, 28))
