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

from lga_draft.drafting.consultation import Consultation, KeyMessages, Question
from lga_draft.drafting.select import matching
from lga_draft.drafting.staleness import Staleness, late_warning, staleness
from lga_draft.errors import ConsultationError, LgaDraftError
from lga_draft.library.checks import superseded_quotes, wording_problems
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
    stale: list[Staleness] = field(default_factory=list)  # the warnings above about positions
    # each warning's kind, in the order of `warnings`: what the one-line summary counts
    kinds: list[str] = field(default_factory=list)

    def warn(self, kind: str, message: str) -> None:
        self.warnings.append(message)
        self.kinds.append(kind)

    def summary(self) -> str:
        """The warnings counted by kind, most first: '36 position(s) past their review date, ...'."""
        counts: dict[str, int] = {}
        for kind in self.kinds:
            counts[kind] = counts.get(kind, 0) + 1
        ranked = sorted(counts.items(), key=lambda item: -item[1])
        return ", ".join(f"{n} {kind}" for kind, n in ranked)


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
            report.warn(
                "question(s) nothing answers", f"question {q.number}: no position answers it"
            )
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
        themes=_themes(library, order, consultation.tags),
        asks=_asks(order),
        case_studies=tuple((p, c) for p in order for c in p.case_studies),
        sources=_sources(library, order),
        footnotes={p.id: _footnote(library, p) for p in order},
    )
    report.positions_used = [p.id for p in order]
    report.stale = staleness(library, order, today)
    _warnings(report, library, order, today, consultation.closes)
    return ctx, report


def selection_errors(
    library: Library,
    questions: list[tuple[int, Question]],
    key_messages: KeyMessages | None,
    *,
    include_draft: bool,
) -> list[SelectionError]:
    """Everything the questions (each with its place in the file) and the key messages name that
    cannot be used: every one, not only the first."""
    statuses = frozenset({Status.APPROVED, Status.DRAFT} if include_draft else {Status.APPROVED})
    errors: list[SelectionError] = []
    for i, q in questions:
        where = f"question {q.number}"
        loc = ("questions", i)
        _question_positions(
            library, q.positions, q.tags, q.exclude, statuses, where, include_draft, loc, errors
        )
    if key_messages is not None and (key_messages.positions or key_messages.tags):
        _question_positions(
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


def _question_positions(
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
        if p.status is Status.RETIRED:
            fail(f"position '{pid}' is retired and cannot be used", "positions", j)
        elif p.status not in statuses:
            fail(
                f"position '{pid}' is a draft; use --include-draft to draft with it", "positions", j
            )
        else:
            chosen.append(p)
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
            p = _current(p, successors)
            if any(old in {q.id for q in out} for old in p.supersedes):
                continue
        if p not in out:
            out.append(p)
    return out


def _successors(library: Library, statuses: frozenset[Status]) -> dict[str, Position]:
    """Position id -> the usable position that supersedes it.

    With --include-draft that is a draft revision `harvest --write` proposed (it supersedes the
    position it revises): the draft then carries the revision in the position's place, not the
    two side by side. Of several, the most recently reviewed.
    """
    key = f"successors-{'-'.join(sorted(statuses))}"
    found: dict[str, Position] | None = library.memo.get(key)
    if found is None:
        found = {}
        for p in library.positions:  # supersedes and status are read without unpickling
            if p.supersedes and p.status in statuses:
                for old in p.supersedes:
                    other = found.get(old)
                    if other is None or (p.last_reviewed, p.id) > (other.last_reviewed, other.id):
                        found[old] = p
        library.memo[key] = found
    return found


def _current(p: Position, successors: dict[str, Position]) -> Position:
    seen = {p.id}
    while p.id in successors and successors[p.id].id not in seen:  # a cycle is `check`'s to report
        p = successors[p.id]
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


def _themes(library: Library, order: list[Position], topic: str | None) -> tuple[Theme, ...]:
    """Positions grouped under themes a reader recognises: the first of the draft's own topic tags
    (its `tags`) that a position falls under, else the broadest tag above the position's first.
    Never the owning team's name: readers know topics, not who keeps the positions."""
    vocab = library.vocabulary
    own = []
    if topic:
        expr = parse_expression(topic, vocab)
        for alt in expr.alternatives:
            own += [(vocab.resolve(t.word) or t.word, t.tags) for t in alt if not t.negated]
    groups: dict[str, list[Position]] = {}
    for p in order:
        tag = next((name for name, tags in own if tags.intersection(p.tags)), None)
        groups.setdefault(tag or _broadest(library, p.tags[0]), []).append(p)
    # the draft's own tags in the order it gives them, then the others as they first appear
    rank = {name: i for i, (name, _) in reversed(list(enumerate(own)))}
    ordered = sorted(groups, key=lambda tag: rank.get(tag, len(rank)))
    return tuple(Theme(_tag_title(library, tag), tuple(groups[tag])) for tag in ordered)


def _broadest(library: Library, tag: str) -> str:
    """The tag at the top of `tag`'s first line of broader tags."""
    seen = {tag}
    while (parent := next(iter(_broader(library, tag)), None)) and parent not in seen:
        seen.add(parent)
        tag = parent
    return tag


def _broader(library: Library, tag: str) -> list[str]:
    found = library.vocabulary.tags.get(tag)
    return list(found.broader) if found else []


def _tag_title(library: Library, tag: str) -> str:
    """A tag as a heading: its words, with the capitals its aliases and description give them
    ('nhs-finance' with the alias 'NHS England' is 'NHS finance')."""
    found = library.vocabulary.tags.get(tag)
    texts = [found.description, *found.aliases] if found else []
    capitals = {w.lower(): w for text in texts for w in text.split() if w.isupper() and len(w) > 1}
    words = [capitals.get(w, w) for w in tag.split("-")]
    title = " ".join(words)
    return title[:1].upper() + title[1:]


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
    """A short citation: 'Change NHS submission, December 2024: Question 1; Question 5. ...'

    Each source by its short title and date, and the sections cited by their short names (up to
    a colon: "Question 5" of "Question 5: our offer"); the full reference is in the Sources list.
    """
    by_source: dict[str, list[str]] = {}
    for cite in p.sources:
        sections = by_source.setdefault(cite.source, [])
        source = library.sources.get(cite.source)
        name = (
            source.sections.get(cite.section, cite.section)
            if source and cite.section
            else cite.section
        )
        short = name.split(": ", 1)[0] if name else None
        if short and short not in sections:
            sections.append(short)
    parts = []
    for key, sections in by_source.items():
        s = library.sources.get(key)
        label = f"{s.short_title or s.title}, {_month_year(s.date)}" if s else key
        parts.append(label + (": " + "; ".join(sections) if sections else ""))
    return ". ".join(parts) + "."


def _warnings(
    report: Report, library: Library, order: list[Position], today: dt.date, closes: dt.date | None
) -> None:
    """The report's warnings on what the draft prints, each with its kind for the summary line."""
    for item in report.stale:
        kinds = ["position(s) past their review date"] if item.overdue else []
        kinds += ["draft position(s)"] if item.draft else []
        kinds += [f"figure(s) older than {item.figure_age_months} months"] * len(item.old_figures)
        for kind, line in zip(kinds, item.lines(), strict=True):
            report.warn(kind, line)
    # what `check` finds in the text a draft prints (an error there for an approved position)
    quotes = superseded_quotes(library)
    for p in order:
        for problem in quotes.get(p.id, ()):
            report.warn("superseded figure(s) quoted", f"position '{p.id}' {problem.message}")
    for problem in wording_problems(library, today, order):
        report.warn("word(s) that date", str(problem))
    late = late_warning(closes, today)
    if late:
        report.warn("late draft", late)


def _month_year(partial: str) -> str:
    """'2024-12-02' -> 'December 2024'; '2021' stays '2021'."""
    from lga_draft.drafting.render import long_date

    return long_date(partial[:7])
