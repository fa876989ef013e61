"""From a consultation and a library to the template context of a draft, and its drafting report.

Selection rules: a question's explicit `positions` come first, in the order given; then the
positions its `tags` expression selects; `exclude` removes any. Only approved positions are used
unless drafts are asked for; retired positions never. Where each position is set out, and what of
it each answer carries, is composition's to decide (compose.py).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from itertools import zip_longest
from pathlib import Path
from typing import Any

from lga_draft.drafting.citations import SourceItem, footnote, sources
from lga_draft.drafting.compose import PLACEHOLDER, Composed, Setting, compose_consultation
from lga_draft.drafting.consultation import Consultation, KeyMessages
from lga_draft.drafting.loader import lineage, mentions
from lga_draft.drafting.prose import (
    ASK_ALSO,
    COMMITTEE_ASK_ALSO,
    COMMITTEE_ASK_INTRO,
    Said,
    ask_intro,
    by_timeframe,
    quoted,
    set_out_in,
    view_line,
)
from lga_draft.drafting.scope import nation_warning
from lga_draft.drafting.select import question_positions
from lga_draft.drafting.staleness import Staleness, late_warning, staleness
from lga_draft.drafting.subject import default_key_messages
from lga_draft.drafting.themes import Theme, printed, themes
from lga_draft.library.checks import superseded_quotes, wording_problems
from lga_draft.library.model import Ask, CaseStudy, Library, Organisation, Person, Position, Status


@dataclass(frozen=True)
class Use:
    """One appearance of a position in a draft."""

    position: Position
    first: bool  # False: set out in another answer, `first_in`
    first_in: str | None  # the question number where it is set out (None outside questions)
    setting: Setting | None = None  # what this answer carries of it, where it is set out here


@dataclass(frozen=True)
class Answer:
    number: str
    text: str
    opening: str | None
    closing: str | None
    uses: tuple[Use, ...]  # every position selection found for it, in its order
    composed: Composed | None = None
    options: tuple[str, ...] = ()  # the answers the form offers to choose from
    view: str | None = None  # the one chosen
    section: str | None = None  # the consultation's heading it comes under

    @property
    def settings(self) -> tuple[Setting, ...]:
        return self.composed.settings if self.composed else ()

    @property
    def choice(self) -> str | None:
        """The form's choice as the draft states it, or a placeholder asking for it."""
        return view_line(self.view, self.options)


@dataclass(frozen=True)
class AskItem:
    text: str
    timeframe: str | None
    position_id: str


@dataclass
class Report:
    """What the officer needs to know about a draft; printed on standard error."""

    positions_used: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    stale: list[Staleness] = field(default_factory=list)  # the warnings above about positions
    notes: list[str] = field(default_factory=list)  # what the answers left out, for length
    asides: list[str] = field(default_factory=list)  # other notes: positions not key messages
    # each warning's kind, in the order of `warnings`: what the one-line summary counts
    kinds: list[str] = field(default_factory=list)

    def warn(self, kind: str, message: str) -> None:
        self.warnings.append(message)
        self.kinds.append(kind)

    def keep_printed_figures(self, printed: str) -> None:
        """Old figures only where the draft prints them: a position's other evidence is not the
        signing director's to check (an officer found three figures to check, one printed)."""
        text = " ".join(printed.lower().split())
        gone: set[str] = set()
        stale = []
        for item in self.stale:
            kept = tuple(f for f in item.old_figures if _printed(f.figure, text))
            trimmed = replace(item, old_figures=kept)
            gone |= set(item.lines()) - set(trimmed.lines())
            if trimmed.overdue or trimmed.draft or trimmed.old_figures:
                stale.append(trimmed)
        self.stale = stale
        pairs = [(k, w) for k, w in zip(self.kinds, self.warnings, strict=True) if w not in gone]
        self.kinds, self.warnings = [k for k, _ in pairs], [w for _, w in pairs]

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
    set_out: dict[str, str]  # position id -> where the body sets it out
    # where every key message is set out, when that is one place: said once, not line after line
    key_messages_in: str | None
    asks_to: str  # the line before a list of asks ("We ask the Government to:")
    asks_also: str  # ... after an answer's positions set out their own ("We also ask ...")
    committee: bool  # a select committee's inquiry, not a department's consultation
    sections: bool  # set out by a document's sections ("section 5"), not its questions
    answers: tuple[Answer, ...]
    positions: tuple[Position, ...]  # every position used, in order of first use
    themes: tuple[Theme, ...]
    asks: tuple[AskItem, ...]
    summary_repeats: bool  # the closing summary would only repeat the one answer that asks
    # position id -> its asks but those its bold lead or printed body makes in other words (a
    # position printed whole, lead, body then asks, says each point once)
    own_asks: dict[str, tuple[Ask, ...]]
    bodies: dict[str, str]  # position id -> its body as printed whole under its theme
    case_studies: tuple[tuple[Position, CaseStudy], ...]
    sources: tuple[SourceItem, ...]
    footnotes: dict[str, str]  # position id -> its sources, as one sentence
    documents: dict[str, str]  # ... its sources' documents alone, for a short piece's footnotes

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
    words: int | None = None,
    extra_dir: Path | None = None,
) -> tuple[DraftContext, Report]:
    """`extra_dir`: the consultation's own folder, where draft looks for its template first."""
    statuses = frozenset({Status.APPROVED, Status.DRAFT} if include_draft else {Status.APPROVED})
    report = Report()
    order: list[Position] = []

    selected: list[list[Position]] = []
    for i, q in enumerate(consultation.questions):
        chosen = question_positions(
            library,
            q.positions,
            q.tags,
            q.exclude,
            statuses,
            f"question {q.number}",
            include_draft,
            loc=("questions", i),
        )
        selected.append(chosen)
    folders = ((extra_dir,) if extra_dir is not None else ()) + library.template_dirs
    templates = lineage(folders, template)
    by_sections = in_sections(consultation, templates)
    composed = compose_consultation(consultation, selected, words, by_sections)
    where: dict[str, str] = {}
    led: dict[str, str] = {}  # ... and the answer that opens with its lead (not one it lends to)
    for q, c in zip(consultation.questions, composed, strict=True):
        for s in c.settings:
            if s.position.id not in where:
                where[s.position.id] = q.number
                order.append(s.position)
            if s.lead:
                led.setdefault(s.position.id, q.number)
    answers: list[Answer] = []
    for q, chosen, c in zip(consultation.questions, selected, composed, strict=True):
        here = {s.position.id: s for s in c.settings}
        uses = tuple(
            Use(
                p,
                p.id in here,
                # where its lead is: the answer the draft's pointers and key messages name
                None if p.id in here else led.get(p.id, where.get(p.id)),
                here.get(p.id),
            )
            for p in chosen
        )
        answers.append(
            Answer(
                q.number,
                q.shown,
                q.opening,
                q.closing,
                uses,
                c,
                tuple(q.options),
                q.view,
                q.section,
            )
        )
        if not chosen:
            report.warn(
                "question(s) nothing answers", f"question {q.number}: no position answers it"
            )
        elif c.placeholder:
            report.warn(
                "answer(s) to write",
                f"question {q.number}: no position is set out in its answer: {PLACEHOLDER}",
            )
        if q.options and not q.view:  # a department counts an answer stating no view as none
            report.warn(
                "view(s) to choose",
                f"question {q.number}: no view chosen of {' / '.join(q.options)}",
            )
        if c.max_chars is not None and c.chars > c.max_chars:
            report.warn(
                "answer(s) over their limit",
                f"question {q.number}: {c.chars} characters, over its limit of {c.max_chars}",
            )
        named_out = [pid for pid in c.dropped if pid in q.positions]
        if named_out:
            report.warn(
                "answer(s) too short for a position they name",
                f"question {q.number}: nothing of {_quoted_list(named_out)}, which it names, fits "
                + (
                    f"its {c.budget} words: give the question more words or name fewer positions"
                    if c.max_chars is None
                    else f"its {c.budget} words and {c.max_chars} characters: name fewer positions"
                ),
            )
        if c.left_out:
            report.notes.append(
                f"question {q.number} ({c.words} of {c.budget} words): left out for length: "
                + "; ".join(c.left_out)
            )

    topic = adhoc_tags or consultation.tags
    if not consultation.questions and topic:
        for p in question_positions(library, [], topic, [], statuses, "--tags", include_draft):
            if p not in order:
                order.append(p)

    key_messages = _key_messages(
        library,
        consultation.key_messages,
        answers,
        order,
        statuses,
        include_draft,
        consultation.title,
        today,
        # a template that prints no key messages (a press release) is not told it has none
        report if mentions(folders, templates, "key_messages") else None,
    )
    for p in key_messages:
        if p not in order:  # a key message's position is cited even if no answer sets it out
            order.append(p)

    grouped = themes(library, order, consultation.tags)
    whole = printed(grouped)
    if consultation.questions:
        set_out = {pid: set_out_in(led.get(pid, n), by_sections) for pid, n in where.items()}
    else:
        set_out = {p.id: t.name for t in grouped for p in t.positions}
    asks = _asks(answers, order, consultation.timeframes)
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
        set_out=set_out,
        key_messages_in=_one_place(key_messages, set_out),
        asks_to=ask_intro(consultation.issued_by),
        asks_also=COMMITTEE_ASK_ALSO
        if ask_intro(consultation.issued_by) == COMMITTEE_ASK_INTRO
        else ASK_ALSO,
        committee=ask_intro(consultation.issued_by) == COMMITTEE_ASK_INTRO,
        sections=by_sections,
        answers=tuple(answers),
        positions=tuple(order),
        themes=grouped,
        asks=asks,
        summary_repeats=_summary_repeats(answers, asks),
        own_asks=whole.asks,
        bodies=whole.bodies,
        case_studies=tuple((p, c) for p in order for c in p.case_studies),
        sources=sources(library, order),
        footnotes={p.id: footnote(library, p) for p in order},
        documents={p.id: footnote(library, p, sections=False) for p in order},
    )
    report.positions_used = [p.id for p in order]
    report.stale = staleness(library, order, today)
    _warnings(report, library, order, today, consultation)
    return ctx, report


def in_sections(consultation: Consultation, templates: tuple[str, ...]) -> bool:
    """Is the draft set out by the sections of a document rather than by questions? A piece that
    is not a consultation response (a briefing, a position statement), on items none of which asks
    ("improved access to care and support", a white paper's chapters): its parts are "section 5",
    not "our answer to question 5". `templates`: the draft's template and those it extends."""
    items = consultation.questions
    asks = any(q.text.rstrip().endswith("?") for q in items)
    return bool(items) and not asks and "consultation-response" not in templates


def _printed(figure: str, text: str) -> bool:
    """Whether the draft prints a figure: as the evidence gives it, or from its number on (a
    position's text words ">70 per cent" as "rises above 70 per cent", "at least £4.5 billion" as
    "more than £4.5 billion")."""
    number = re.search(r"[£$€]?\d.*", figure)
    return quoted(figure, text) or (number is not None and quoted(number.group(0), text))


def _quoted_list(ids: list[str]) -> str:
    quoted = [f"'{i}'" for i in ids]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _key_messages(
    library: Library,
    spec: KeyMessages | None,
    answers: list[Answer],
    order: list[Position],
    statuses: frozenset[Status],
    include_draft: bool,
    title: str,
    today: dt.date,
    report: Report | None,
) -> list[Position]:
    if spec is not None and (spec.positions or spec.tags):
        chosen = question_positions(
            library,
            spec.positions,
            spec.tags,
            [],
            statuses,
            "key_messages",
            include_draft,
            loc=("key_messages",),
        )
        if not spec.positions and any(a.settings for a in answers):
            # chosen by tags: those the answers develop (a key message never set out reads as a
            # claim the response forgot to make), the first of each answer, then the second...:
            # in the draft's order they were all question 1's, and said nothing of the rest
            wanted = {p.id for p in chosen}
            per_answer = [
                [s.position for s in a.settings if s.position.id in wanted] for a in answers
            ]
            spread = [p for rank in zip_longest(*per_answer) for p in rank if p is not None]
            developed = list({p.id: p for p in spread}.values())
            if developed:
                return developed[: spec.limit]
        return chosen[: spec.limit]
    limit = spec.limit if spec else 6
    # by default: the first position each answer sets out, then any other used position, of those
    # on the subject of the consultation (its title and questions) as a whole (subject.py)
    firsts = [a.settings[0].position for a in answers if a.settings]
    ranked = list({p.id: p for p in [*firsts, *order]}.values())
    chosen, off = default_key_messages(
        library, ranked, title, [a.text for a in answers], today, limit
    )
    if report is None:
        return chosen
    if off and not chosen:
        report.warn(
            "draft(s) without key messages",
            "no key messages: none of the positions the answers use is on the consultation's "
            "subject (its title and questions taken together): write your own, or name "
            "positions in key_messages:",
        )
    elif off:
        more = f" and {len(off) - limit} more" if len(off) > limit else ""
        report.asides.append(
            "key messages: left out as off the consultation's subject (its title and questions "
            "taken together): " + ", ".join(f"'{p.id}'" for p in off[:limit]) + more
        )
    return chosen


def _asks(
    answers: list[Answer], order: list[Position], timeframes: bool | None
) -> tuple[AskItem, ...]:
    """Each ask once: those the answers carry, in their order (what the draft asks, not what the
    library holds); without composed answers (by themes), those of every position used. A timeframe
    shows where the answer carrying the ask showed it, or the consultation wants them throughout."""
    out: list[AskItem] = []
    # each ask once, nor one asking for the same thing in other words (see prose.Said)
    said = Said.weighing([a.text for p in order for a in p.asks])

    def add(text: str, timeframe: str | None, pid: str) -> None:
        if not said.repeats(text):
            said.say(text)
            out.append(AskItem(text, timeframe, pid))

    # an ask its lead makes, left out of the answer, just after its position's asks the answer
    # prints (two asks on working-age adults were items 5 and 7 of Change NHS's summary, another
    # position's between them, and read as one ask made twice)
    for answer in answers:
        carried = list(answer.composed.asks) if answer.composed else []
        for a in answer.composed.restated if answer.composed else ():
            mine = [i for i, x in enumerate(carried) if x.position_id == a.position_id]
            carried.insert(mine[-1] + 1 if mine else len(carried), a)
        for _, group in by_timeframe(carried):
            for a in group:
                add(a.text, a.timeframe, a.position_id)
    if any(answer.composed for answer in answers):
        return tuple(out)
    for p in order:
        for ask in p.asks:
            add(ask.text, ask.timeframe if timeframes else None, p.id)
    return tuple(out)


def _one_place(key_messages: list[Position], set_out: dict[str, str]) -> str | None:
    """The one answer (or section) setting out every key message, where there are several."""
    places = {set_out.get(p.id) for p in key_messages}
    return places.pop() if len(key_messages) > 1 and len(places) == 1 else None


def _summary_repeats(answers: list[Answer], asks: tuple[AskItem, ...]) -> bool:
    """Would the closing summary of asks only say again what the one answer that asks anything
    printed just above it? A summary gathers asks from several answers; of one, it is a repeat."""
    asking = [
        a.composed for a in answers if a.composed and (a.composed.asks or a.composed.restated)
    ]
    if len(asking) != 1 or asking[0].restated:  # an ask a lead made is in the summary alone
        return False
    return sorted(k.text for k in asks) == sorted(k.text for k in asking[0].asks)


def _warnings(
    report: Report,
    library: Library,
    order: list[Position],
    today: dt.date,
    consultation: Consultation,
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
    late = late_warning(consultation.closes, today)
    if late:
        report.warn("late draft", late)
    for name in ("title", "issued_by"):  # `new`'s "[who is consulting]", still to fill in
        value = " ".join(str(getattr(consultation, name)).split())
        if re.fullmatch(r"\[[^\[\]]+\]", value):  # one bracketed phrase, not "[DRAFT] ... [x]"
            report.warn("field(s) to fill in", f"{name} is still '{value}': fill it in")
    c = consultation
    elsewhere = nation_warning(
        library.settings.organisation.nation, c.title, c.issued_by, c.reference
    )
    if elsewhere:
        report.warn("consultation from another nation", elsewhere)
