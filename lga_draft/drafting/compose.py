"""Composition: from the positions selection found for each question to the answer itself.

Selection says which positions answer a question; composition decides

- where each position is set out: in the answer it fits best, by its score for each question
  relative to that question's best (not where it first appears). A position an officer names in
  a question's `positions:` is only ever set out in an answer that names it. An answer that would
  otherwise be thin gets one short clause pointing to the answer where a position of its is set out;
- what of each position this answer carries, within the answer's word budget: the position's lead,
  then its paragraphs ranked by relevance to this question, then figures not already quoted in the
  draft, then one case study (first, where the question asks for examples); always whole sentences.
  `max_chars` is a hard limit on the answer as pasted into an online form (see `plain_answer`);
- the asks each answer carries: those of the positions it sets out, most relevant first.

Nothing is invented: a question nothing answers gets PLACEHOLDER, and no sentence is used twice.
What was left out is recorded on each answer for the drafting report and Word's margin comments.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace

from lga_draft.drafting.consultation import Consultation
from lga_draft.drafting.pieces import (
    Piece,
    add_case,
    fits_para,
    fits_with,
    give_leads,
    lead_makes,
    left_out,
    prefix,
    settings_of,
    settle_asks,
    told,
    written,
)
from lga_draft.drafting.place import Unit, allot, ask_homes, place, position_text
from lga_draft.drafting.prose import (
    ASK_INTRO,
    LEANS_BACK,
    AnswerAsk,
    Figure,
    Said,
    Setting,
    ask_intro,
    figure_sentence,
    form_chars,
    leans_on_context,
    paragraphs_of,
    plain_answer,
    pointer_to,
    quoted,
    related_hint,
    sentence_key,
    wants_examples,
    wants_proposals,
    wants_timeframes,
    words_in,
)
from lga_draft.drafting.rank import rank_paragraphs
from lga_draft.library.model import Evidence, Position

# Real LGA answers to consultation questions run 450 to 1,100 words. A first draft should sit at
# the short end (an officer adds what this consultation needs more easily than they cut what it
# does not): 500 words is a ceiling an answer fills only where the library has that much on the
# point, so most answers come out shorter. Measured on tests/eval/questions.yaml as five
# consultations (benchmarks/tune_answers.py), 500 set out more of the expected positions than 450
# (0.60 against 0.57) at a median of 467 words.
DEFAULT_WORDS = 500
THIN_WORDS = 150  # below this an answer may point to a position set out in another answer
ASK_SHARE = 0.25  # of an answer's budget, at most, for its asks (all are in the closing summary)
PROPOSAL_ASK_SHARE = 0.6  # ... where the question asks for proposals: there the asks answer it
MIN_PART_WORDS = 30  # the opening sentences of a paragraph are used only if they say this much
PLACEHOLDER = "[No standing position: draft this answer]"


@dataclass(frozen=True)
class Composed:
    """One answer as composed: settings in order, then a pointer, a placeholder, its asks."""

    settings: tuple[Setting, ...]
    asks: tuple[AnswerAsk, ...]
    pointer: str | None
    placeholder: str | None
    words: int
    chars: int
    budget: int
    max_chars: int | None
    left_out: tuple[str, ...]  # for the drafting report: what the library holds that is not here
    points_to: str | None = None  # the question its pointer (or placeholder's hint) names
    restated: tuple[AnswerAsk, ...] = ()  # asks its leads say already: in the summary, not here
    dropped: tuple[str, ...] = ()  # positions it was given of which nothing fitted the length


@dataclass(frozen=True)
class QuestionIn:
    """What composition needs of a question."""

    number: str
    text: str
    candidates: tuple[Position, ...]  # selection's, in its order
    named: frozenset[str]  # ids the officer named in `positions:`
    words: int
    max_chars: int | None
    opening: str | None = None
    closing: str | None = None
    timeframes: bool = False
    ask_intro: str = ASK_INTRO
    sections: bool = False  # the draft is set out by a document's sections, not its questions


# ----------------------------------------------------------------------------- composing


def compose_consultation(
    consultation: Consultation,
    selected: Sequence[Sequence[Position]],
    words: int | None,
    sections: bool = False,
) -> list[Composed]:
    """Every answer of a consultation from the positions selected for each question. `words`
    (--words) is every answer's budget; else a question's own, the consultation's, DEFAULT_WORDS."""
    default = words or consultation.words or DEFAULT_WORDS
    wanted = consultation.timeframes
    return compose(
        [
            QuestionIn(
                number=q.number,
                text=q.text,
                candidates=tuple(chosen),
                named=frozenset(q.positions),
                words=words or q.words or default,
                max_chars=q.max_chars,
                opening=q.opening,
                closing=q.closing,
                timeframes=wanted if wanted is not None else wants_timeframes(q.text),
                ask_intro=ask_intro(consultation.issued_by),
                sections=sections,
            )
            for q, chosen in zip(consultation.questions, selected, strict=True)
        ]
    )


def compose(questions: Sequence[QuestionIn]) -> list[Composed]:
    """Every answer of a consultation, in order."""
    texts, candidates = [q.text for q in questions], [q.candidates for q in questions]
    home = place(texts, candidates, [q.named for q in questions])
    allotted = allot(texts, candidates, [q.named for q in questions], home)
    asks_to = ask_homes(texts, candidates, [q.named for q in questions], home)
    pool = {p.id: p for q in questions for p in q.candidates}
    draft = Said.weighing([f"{p.lead}\n{p.body}" for p in pool.values()])
    out: list[Composed] = []
    pointable: list[list[tuple[Position, int]]] = []  # each answer's positions set out elsewhere
    for n, q in enumerate(questions):
        homed = [p for p in q.candidates if home.get(p.id) == n]
        named = [p for p in homed if p.id in q.named]
        others = [p for p in homed if p.id not in q.named]
        if others:
            scores = rank_paragraphs(q.text, [position_text(p) for p in others])
            order = sorted(range(len(others)), key=lambda i: -scores[i])
            others = [others[i] for i in order]
        elsewhere = [(p, home[p.id]) for p in q.candidates if p.id in home and home[p.id] != n]
        # never two answers pointing to each other
        elsewhere = [(p, m) for p, m in elsewhere if m > n or out[m].points_to != q.number]
        if len(elsewhere) > 1:  # the one most on this question's point first
            fit = rank_paragraphs(q.text, [position_text(p) for p, _ in elsewhere])
            elsewhere = [elsewhere[i] for i in sorted(range(len(elsewhere)), key=lambda i: -fit[i])]
        # positions set out elsewhere whose paragraphs or figures fit this question best
        lent = {u[1] for u, m in allotted.items() if m == n}
        guests = [p for p in q.candidates if p.id in lent and home.get(p.id) != n]

        def mine(unit: Unit, n: int = n) -> bool:
            return allotted.get(unit, home.get(unit[1], n)) == n

        pointable.append(elsewhere)
        visiting = [p for p in q.candidates if asks_to.get(p.id) == n]  # their asks answer it
        out.append(
            _compose_answer(
                q, [*named, *others], elsewhere, questions, draft, guests, mine, visiting, asks_to
            )
        )
    # an answer composed before the one it points to could not know whether that one would set the
    # position out: one that did not (nothing of it fitted there) is pointed to no more
    for n, c in enumerate(out):
        if c.points_to is not None:
            out[n] = _repointed(c, questions[n], pointable[n], out, questions)
    return out


def _repointed(
    c: Composed,
    q: QuestionIn,
    elsewhere: list[tuple[Position, int]],
    out: Sequence[Composed],
    questions: Sequence[QuestionIn],
) -> Composed:
    """`c`, whose pointer (or placeholder's hint) names `elsewhere[0]`, pointing instead to the
    first position of `elsewhere` its answer does set out (if that still fits), else to none."""

    def sets_out(p: Position, m: int) -> bool:
        return any(s.position.id == p.id for s in out[m].settings)

    if sets_out(*elsewhere[0]):
        return c
    others = [(p, m) for p, m in elsewhere if sets_out(p, m) and out[m].points_to != q.number]
    for p, m in [*others[:1], (None, None)]:
        number = questions[m].number if m is not None else None
        pointer = (
            pointer_to(number, p.title, q.sections) if p and number and not c.placeholder else None
        )
        placeholder = c.placeholder and PLACEHOLDER
        if c.placeholder and p and number:
            placeholder = f"{PLACEHOLDER} [{related_hint(number, p.title, q.sections)}]"
        text = plain_answer(
            q.opening, c.settings, pointer, placeholder, c.asks, q.closing, q.ask_intro
        )
        chars = form_chars(text)
        if p is None or (words_in(text) <= q.words and chars <= (q.max_chars or chars)):
            words = words_in(text)
            return replace(
                c,
                pointer=pointer,
                placeholder=placeholder,
                words=words,
                chars=chars,
                points_to=number,
            )
    return c


def _compose_answer(
    q: QuestionIn,
    positions: list[Position],
    elsewhere: list[tuple[Position, int]],
    questions: Sequence[QuestionIn],
    draft: Said,
    guests: Sequence[Position] = (),
    mine: Callable[[Unit], bool] = lambda unit: True,
    visiting: Sequence[Position] = (),
    asks_away: Collection[str] = (),
) -> Composed:
    pieces = [Piece(p, mine=mine) for p in positions]
    pieces += [Piece(p, guest=True, mine=mine) for p in guests]
    asks: list[AnswerAsk] = []
    restated: list[AnswerAsk] = []
    pointer: str | None = None
    said = draft.copy()  # this answer's view of the draft, while composing

    def state() -> tuple[int, int]:
        text = plain_answer(
            q.opening, settings_of(pieces), pointer, None, asks, q.closing, q.ask_intro
        )
        return words_in(text), form_chars(text)

    limit = [q.words]  # the words allowed while composing; the asks' share is kept back at first
    proposals = wants_proposals(q.text)
    share = PROPOSAL_ASK_SHARE if proposals else ASK_SHARE

    def fits() -> bool:
        w, c = state()
        return w <= limit[0] and (q.max_chars is None or c <= q.max_chars)

    asking = [p for p in positions if p.id not in asks_away]
    if any(p.asks for p in [*asking, *visiting]):
        limit[0] = int(q.words * (1 - share))
    paras = [
        (k, j, text)
        for k, pc in enumerate(pieces)
        for j, text in enumerate(paragraphs_of(pc.position.body))
        if mine(("p", pc.position.id, j))
    ]
    pscores = rank_paragraphs(q.text, [t for _, _, t in paras]) if paras else []
    pranked = sorted(range(len(paras)), key=lambda i: (-pscores[i], paras[i][0], paras[i][1]))

    # 1. each position's lead with its evidence: its figure most relevant here (a claim backed by
    # a number persuades, and figures are what an officer cites), or where it has none its
    # paragraph most relevant here (one that does not lean on the paragraph before it). A position
    # named for this question keeps its lead if only that fits; the most relevant is always there,
    # cut to whole sentences if it must be. Where the question asks for proposals, leads alone,
    # so that more positions bring their asks.
    best: dict[int, int] = {}
    for i in pranked:
        k, j, text = paras[i]
        if j == 0 or not leans_on_context(text):
            best.setdefault(k, i)
    # The budget goes first to the positions most on this question's point (those named keep
    # their place on the page, in the officer's order).
    relevance = rank_paragraphs(q.text, [position_text(pc.position) for pc in pieces])
    by_relevance = sorted(range(len(pieces)), key=lambda k: (-relevance[k], k))
    figs = [
        (k, e)
        for k, pc in enumerate(pieces)
        for j, e in enumerate(pc.position.current_evidence)
        if mine(("f", pc.position.id, j))
    ]
    fscores = rank_paragraphs(q.text, [e.statement for _, e in figs]) if figs else []
    franked = sorted(range(len(figs)), key=lambda i: (-fscores[i], figs[i][0]))

    def add_figure(k: int, e: Evidence) -> bool:
        if quoted(e.figure, said.text):
            return False
        fig = Figure(e, figure_sentence(e))
        if said.fresh(fig.text, near=False) != " ".join(fig.text.split()):
            return False
        pieces[k].figures.append(fig)
        if fits():
            said.say(fig.text, near=False)
            return True
        pieces[k].figures.pop()
        return False

    for k in by_relevance:
        piece = pieces[k]
        first = k == by_relevance[0]
        lead = "" if piece.guest else said.fresh(piece.position.lead)
        if not lead:  # its point is made already, in these or other words: the rest may answer
            piece.lead = ""
            continue
        piece.lead = lead
        more = False  # whether it has a paragraph not said already
        own = [
            e for i in franked for kk, e in [figs[i]] if kk == k and not quoted(e.figure, said.text)
        ]
        if own and not proposals and fits():
            said.say(lead)
            add_figure(k, own[0])
            continue
        if k in best and not proposals:  # where proposals are asked for, more of them instead
            _, j, text = paras[best[k]]
            fresh = said.fresh(text)  # one said already is marked in step 3, which tries them all
            more = bool(fresh) and sentence_key(fresh) != sentence_key(lead)
            if more:
                piece.paragraphs[j] = fresh
                if fits():
                    said.say(lead)
                    said.say(fresh)
                    continue
                del piece.paragraphs[j]
        if (first or piece.position.id in q.named or not more) and fits():
            said.say(lead)
            continue
        piece.lead = None
        if first:
            piece.lead = prefix(lead, lambda t, pc=piece: fits_with(pc, "lead", t, fits))
            if piece.lead:
                said.say(piece.lead)
    included = [pc for pc in pieces if pc.lead is not None]
    limit[0] = q.words

    # 2. the asks of what is set out, most relevant first, within a share of the budget
    candidates_asks = [
        (pc.position, a)
        for pc in included
        if not pc.guest and pc.position.id not in asks_away
        for a in pc.position.asks
    ] + [(p, a) for p in visiting for a in p.asks]
    if candidates_asks:
        scores = rank_paragraphs(q.text, [a.text for _, a in candidates_asks])
        ranked = sorted(range(len(candidates_asks)), key=lambda i: -scores[i])
        seen: set[str] = set()
        leads = {pc.position.id: pc.lead for pc in included}
        for i in ranked:
            p, a = candidates_asks[i]
            key = sentence_key(a.text)
            if key in seen:
                continue
            item = AnswerAsk(a.text, a.timeframe if q.timeframes else None, p.id)
            # its lead makes this ask: not said twice, unless its timeframe answers "when?"
            if not item.timeframe and leads.get(p.id) == p.lead and lead_makes(p, a.text, draft):
                restated.append(item)
                seen.add(key)
                continue
            asks.append(item)
            ask_words = sum(words_in(x.text) for x in asks)
            # a share of the words and, under a form's cap, of the characters: 1,200 are few
            over = ask_words > share * q.words or (
                q.max_chars is not None and sum(len(x.text) for x in asks) > share * q.max_chars
            )
            if (asks[1:] and over) or not fits():
                asks.pop()
            else:
                seen.add(key)

    # a position whose lead did not fit beside the asks' share has it now, before any position
    # has a second paragraph: a position's point before more of another's argument
    give_leads([pieces[k] for k in by_relevance], said, fits)

    # 3. each position's paragraphs by relevance to this question (its best first), then the
    # other figures not already quoted in the draft
    first_para: dict[int, int] = {}
    for i in pranked:
        if paras[i][1] == 0 or not leans_on_context(paras[i][2]):
            first_para.setdefault(paras[i][0], i)
    units = [
        *(("p", first_para[k]) for k in by_relevance if k in first_para and pieces[k].lead),
        *(("p", i) for i in pranked if pieces[paras[i][0]].lead is not None),
        *(("f", i) for i in franked if pieces[figs[i][0]].lead is not None),
    ]
    index = {(k, j): i for i, (k, j, _) in enumerate(paras)}
    tried: set[tuple[str, int]] = set()
    partial_used = False

    def add_paragraph(i: int, *, allow_partial: bool) -> bool:
        nonlocal partial_used
        k, j, text = paras[i]
        pc = pieces[k]
        if j in pc.paragraphs:
            return True
        fresh = said.fresh(text)
        if not fresh:
            pc.said_already.add(j)
            return False
        # "This", "The same" ...: a paragraph leaning on the one before it needs that one too
        leans = j > 0 and leans_on_context(fresh) and j - 1 not in pc.paragraphs
        if leans and not add_paragraph(index[(k, j - 1)], allow_partial=False):
            return False
        pc.paragraphs[j] = fresh
        if fits():
            said.say(fresh)
            return True
        del pc.paragraphs[j]
        if allow_partial and not partial_used:
            part = prefix(fresh, lambda t: fits_para(pc, j, t, fits))
            if part and words_in(part) >= MIN_PART_WORDS and not LEANS_BACK.match(part):
                pc.paragraphs[j] = part
                said.say(part)
                partial_used = True
                return True
        return False

    examples = wants_examples(q.text)  # asked for examples: one before more of the argument
    if examples:
        add_case(pieces, q.text, said, fits)
    for kind, i in units:
        if (kind, i) in tried:
            continue
        tried.add((kind, i))
        if kind == "p":
            add_paragraph(i, allow_partial=True)
            continue
        add_figure(*figs[i])  # not one listed already: its figure is in said.text
    # words of asks left to the summary may fit what did not (step 3's order); then settle again
    kept, restated = settle_asks(pieces, asks, restated, draft, {p.id for p in visiting})
    freed, asks = len(kept) < len(asks), kept
    for kind, i in units if freed else []:
        _ = add_paragraph(i, allow_partial=False) if kind == "p" else add_figure(*figs[i])
    asks, restated = settle_asks(pieces, asks, restated, draft, {p.id for p in visiting})

    if not examples:  # 5. one case study, the most relevant
        add_case(pieces, q.text, said, fits)

    # 6. a thin answer points to where a position of its is set out
    words, _ = state()
    related: tuple[str, str] | None = None
    if words < THIN_WORDS and elsewhere:
        p, m = elsewhere[0]
        related = (questions[m].number, p.title)
        pointer = pointer_to(*related, q.sections)
        if not fits():
            pointer = None
    anything = any(written(pc) for pc in pieces) or bool(asks)  # a visitor's asks answer it
    placeholder = None if anything else PLACEHOLDER
    if placeholder and related:
        # nothing of its own to point from: the pointer is a hint to the officer who writes it,
        # inside the placeholder, not a line of the answer above it
        pointer = None
        number, title = related
        placeholder = f"{PLACEHOLDER} [{related_hint(number, title, q.sections)}]"
    room = q.max_chars - state()[1] - form_chars("\n\n") if q.max_chars is not None else None
    if placeholder and room is not None and form_chars(placeholder) > room:
        placeholder = PLACEHOLDER if form_chars(PLACEHOLDER) <= room else None  # still reported

    # a figure listed early and then quoted by a paragraph added later is not listed as well
    prose = told(pieces)
    for pc in pieces:
        pc.figures = [f for f in pc.figures if not quoted(f.evidence.figure, prose)]
    settings = settings_of(pieces, final=True)
    text = plain_answer(q.opening, settings, pointer, placeholder, asks, q.closing, q.ask_intro)
    draft.take(said)
    return Composed(
        settings=tuple(s for s in settings if s.lead or s.paragraphs or s.figures or s.case),
        asks=tuple(asks),
        pointer=pointer,
        placeholder=placeholder,
        words=words_in(text),
        chars=form_chars(text),
        budget=q.words,
        max_chars=q.max_chars,
        left_out=tuple(left_out(pieces, draft.text)),
        points_to=related[0]
        if related and (pointer or placeholder not in (None, PLACEHOLDER))
        else None,
        restated=tuple(restated),
        dropped=tuple(
            pc.position.id for pc in pieces if not pc.guest and pc.lead != "" and not written(pc)
        ),
    )
