"""A position's part of an answer while it is composed (compose.py), and what of it is left out:
the settings an answer is rendered from, and the drafting report's "what more the library holds".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from lga_draft.drafting.prose import (
    AnswerAsk,
    Figure,
    Said,
    Setting,
    paragraphs_of,
    quoted,
    restates,
    sentences,
)
from lga_draft.drafting.rank import rank_paragraphs
from lga_draft.library.model import CaseStudy, Position


@dataclass
class Piece:
    """A position's part of an answer while it is being composed."""

    position: Position
    lead: str | None = None
    paragraphs: dict[int, str] = field(default_factory=dict)
    figures: list[Figure] = field(default_factory=list)
    case: CaseStudy | None = None
    guest: bool = False  # set out in another answer: here only the parts allotted to this one
    # paragraphs whose every sentence the draft has said already: not left out for length
    said_already: set[int] = field(default_factory=set)
    # whether a paragraph ("p", id, j), figure ("f", id, j) or case study ("c", id, j) is this
    # answer's (place.allot)
    mine: Callable[[tuple[str, str, int]], bool] = lambda unit: True


def fits_with(piece: Piece, attr: str, text: str, fits) -> bool:  # type: ignore[no-untyped-def]
    old = getattr(piece, attr)
    setattr(piece, attr, text)
    ok = bool(fits())
    setattr(piece, attr, old)
    return ok


def give_leads(pieces: list[Piece], said: Said, fits) -> None:  # type: ignore[no-untyped-def]
    """Each piece without its lead gets it, in order, where it fits and is not said already."""
    for pc in pieces:
        lead = said.fresh(pc.position.lead) if pc.lead is None else ""
        if lead and fits_with(pc, "lead", lead, fits):
            pc.lead = lead
            said.say(lead)


def fits_para(piece: Piece, j: int, text: str, fits) -> bool:  # type: ignore[no-untyped-def]
    piece.paragraphs[j] = text
    ok = bool(fits())
    del piece.paragraphs[j]
    return ok


def prefix(text: str, ok) -> str | None:  # type: ignore[no-untyped-def]
    """The longest run of whole sentences from the start of `text` that `ok` accepts.

    A longer run never fits where a shorter one does not, so the run is found by halving: trying
    each length from the longest down took minutes for a paragraph of 20,000 sentences."""
    parts = sentences(text)
    best, low, high = None, 1, len(parts) - 1
    while low <= high:
        end = (low + high) // 2
        candidate = " ".join(parts[:end])
        if ok(candidate):
            best, low = candidate, end + 1
        else:
            high = end - 1
    return best


def written(pc: Piece) -> bool:
    """Whether anything of the position is set out in this answer."""
    return bool(pc.lead or pc.paragraphs or pc.figures or pc.case)


# An ask whose point is measured from an earlier ask of its position ("Invest further in public
# health and prevention beyond the grant itself." after "Restore the public health grant ..."):
# printed alone it leaves the reader asking "further than what?"; or whose opening verb's object
# is a pronoun ("Fund it for five years." after "Establish a centre ..."). Not "further
# education", "the NHS itself pays", "keep it simple" or "extend this scheme": a second reader
# found those taken for asks that lean on another.
_LEANS_ON_ASK = re.compile(
    r"\b(?:also|in addition|additionally|likewise)\b"
    r"|\b(?:go|goes|invest|act|move|push)\s+further\b|\bfurther\s+(?:than|still)\b"
    r"|\bbeyond\b[^.;]*\b(?:itself|themselves)\b"
    r"|^\w+ (?:it|them)\b(?=\s+(?:for|to|by|in|at|with|from|until|over|through)\b|\s*[.;]?$)",
    re.I,
)


def leans_on_ask(ask: str) -> bool:
    """Whether an ask builds on an earlier ask of its position, and needs it printed before it."""
    return _LEANS_ON_ASK.search(ask) is not None


def settle_asks(
    pieces: list[Piece],
    asks: list[AnswerAsk],
    restated: list[AnswerAsk],
    weighed: Said,
    visiting: Collection[str] = (),
) -> tuple[list[AnswerAsk], list[AnswerAsk]]:
    """The asks an answer prints, and those it leaves to the summary of asks: none of a position
    that ended with nothing here (its point made in another answer), and not one whose point a
    sentence of its own position's paragraphs, printed above it, already makes ("They should go
    further, with commitments to co-produce care" over "Commit to co-producing care"), as one its
    lead makes is not (`restates`): the same point twice in a few lines. The asks of `visiting`
    positions, set out in another answer, answer this one's call for proposals (place.ask_homes)."""
    shown = {pc.position.id: pc for pc in pieces if written(pc)}

    def made(a: AnswerAsk) -> bool:
        if a.timeframe:  # the question asks when: the ask, in its timeframe's group, says so
            return False
        paragraphs = shown[a.position_id].paragraphs.values() if a.position_id in shown else ()
        return any(restates(a.text, s, weighed) for t in paragraphs for s in sentences(t))

    kept = [a for a in asks if a.position_id in shown or a.position_id in visiting]
    moved = [a for a in kept if made(a)]
    printed, away = after_antecedents(
        [a for a in kept if a not in moved], {k: pc.position for k, pc in shown.items()}
    )
    return printed, [a for a in [*restated, *moved, *away] if a.position_id in shown]


def lead_makes(p: Position, ask: str, weighed: Said) -> bool:
    """Whether the position's lead makes this ask of it (`restates`), so that it is left to the
    summary of asks, unless a later ask of the position builds on it ("Invest further ... beyond
    the grant itself" needs "Restore the grant" above it)."""
    return restates(ask, p.lead, weighed) and not any(
        leans_on_ask(later.text) for later in p.asks[_index(p, ask) + 1 :]
    )


def _index(p: Position, ask: str) -> int:
    return next((i for i, a in enumerate(p.asks) if a.text == ask), len(p.asks))


def after_antecedents(
    asks: list[AnswerAsk], positions: dict[str, Position]
) -> tuple[list[AnswerAsk], list[AnswerAsk]]:
    """The asks to print, each that builds on earlier asks of its position (`leans_on_ask`) after
    them; and those left to the summary: one whose earlier asks are not printed here, for printed
    alone it asks "further" than nothing the reader can see."""
    printed = {(a.position_id, a.text) for a in asks}
    out: list[AnswerAsk] = []
    away: list[AnswerAsk] = []
    for a in asks:
        p = positions.get(a.position_id)
        before = p.asks[: _index(p, a.text)] if p and leans_on_ask(a.text) else []
        if any((a.position_id, b.text) not in printed for b in before):
            away.append(a)
        else:
            out.append(a)
    for a in list(out):  # relevance may have put it first: it goes just after the last of them
        p = positions.get(a.position_id)
        earlier = {b.text for b in p.asks[: _index(p, a.text)]} if p else set()
        last = max(
            (i for i, x in enumerate(out) if x.position_id == a.position_id and x.text in earlier),
            default=-1,
        )
        if leans_on_ask(a.text) and last > out.index(a):
            out.insert(last, out.pop(out.index(a)))
    return out, away


def settings_of(pieces: list[Piece], final: bool = False) -> list[Setting]:
    out = []
    for pc in pieces:
        if not written(pc):
            continue
        out.append(
            Setting(
                position=pc.position,
                lead=pc.lead,
                paragraphs=tuple(pc.paragraphs[j] for j in sorted(pc.paragraphs)),
                figures=tuple(  # in the position's own order
                    sorted(pc.figures, key=lambda f: pc.position.current_evidence.index(f.evidence))
                ),
                case=pc.case,
                more=more_of(pc) if final else "",
            )
        )
    return out


def missing(pc: Piece, said: str = "") -> tuple[int, int, int]:
    """What of the position's parts for this answer it leaves out (parts lent to another answer,
    and a guest's case studies, are not this answer's to leave out)."""
    p = pc.position
    paras = sum(
        1
        for j in range(len(paragraphs_of(p.body)))
        if pc.mine(("p", p.id, j)) and j not in pc.paragraphs and j not in pc.said_already
    )
    shown = [f.evidence for f in pc.figures]
    figs = [
        e for j, e in enumerate(p.current_evidence) if pc.mine(("f", p.id, j)) and e not in shown
    ]
    figs = [e for e in figs if not quoted(e.figure, said)] if said else figs
    cases = sum(
        1 for j, c in enumerate(p.case_studies) if pc.mine(("c", p.id, j)) and c is not pc.case
    )
    return paras, len(figs), cases


def describe(paras: int, figs: int, cases: int) -> str:
    parts = []
    for count, one, many in (
        (paras, "paragraph", "paragraphs"),
        (figs, "figure", "figures"),
        (cases, "case study", "case studies"),
    ):
        if count:
            parts.append(f"{count} {one if count == 1 else many}")
    return ", ".join(parts)


def more_of(pc: Piece) -> str:
    """What of the position this answer leaves out, e.g. '2 paragraphs, 1 figure' ('' if none; a
    figure its text quotes is not left out)."""
    prose = " ".join(" ".join([pc.lead or "", *pc.paragraphs.values()]).lower().split())
    return describe(*missing(pc, prose))


def left_out(pieces: list[Piece], said: str) -> list[str]:
    out = []
    for pc in pieces:
        if not written(pc) and pc.guest:  # what it lends this answer did not fit
            what = describe(*missing(pc, said))
            if what:
                out.append(f"'{pc.position.id}': {what} (set out in another answer)")
            continue
        if not written(pc):
            why = "its point is made elsewhere in the draft" if pc.lead == "" else "did not fit"
            out.append(f"position '{pc.position.id}' ({why})")
            continue
        what = describe(*missing(pc, said))
        if what:
            out.append(f"'{pc.position.id}': {what}")
    return out


def told(pieces: list[Piece]) -> str:
    """What the answer's text says so far (leads and paragraphs), lower case, spaces collapsed:
    where a figure is looked for (`quoted`)."""
    text = " ".join(" ".join([pc.lead or "", *pc.paragraphs.values()]) for pc in pieces)
    return " ".join(text.lower().split())


def add_case(pieces: list[Piece], question: str, said: Said, fits: Callable[[], bool]) -> None:
    """One case study, the most relevant to the question, of what the answer sets out or was lent."""
    cases = [
        (pc, c)
        for pc in pieces
        if pc.guest or written(pc)
        for j, c in enumerate(pc.position.case_studies)
        if pc.mine(("c", pc.position.id, j))
    ]
    if not cases:
        return
    cscores = rank_paragraphs(question, [f"{c.title} {c.summary}" for _, c in cases])
    text_so_far = told(pieces)
    for i in sorted(range(len(cases)), key=lambda i: -cscores[i]):
        pc, c = cases[i]
        if not said.fresh(c.summary):
            continue
        if c.figure and quoted(c.figure, text_so_far):  # the answer tells this example already
            continue
        pc.case = c
        if fits():
            said.say(c.summary)
            return
        pc.case = None
