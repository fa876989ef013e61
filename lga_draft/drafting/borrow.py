"""Borrowing: the parts of a position set out in another answer that answer this question better.

Placement sets each position out once, in the answer it fits best (place.py). But a position
suggested for two questions often holds a paragraph or a figure on the point of each: the
position on immediate care funding has the figure of the funding gap, which answers "what funding
is needed now", and a paragraph on council tax, which answers "how should it be raised". Once
every answer is composed, an answer with words to spare takes, from the positions suggested for it
but set out elsewhere, each paragraph and figure that no answer has used and that matches this
question better than the question of the answer where the position is set out. Nothing is said
twice (the draft's sentences and quoted figures are checked), and the position's lead stays where
it is set out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lga_draft.drafting.place import position_text
from lga_draft.drafting.prose import (
    LEANS_BACK,
    Figure,
    Said,
    Setting,
    figure_sentence,
    paragraphs_of,
    quoted,
)
from lga_draft.drafting.rank import rank_paragraphs
from lga_draft.library.model import Evidence, Position


@dataclass(frozen=True)
class _Unit:
    position: Position
    home: str  # the text of the question whose answer sets the position out
    paragraph: int | None  # its place among the position's paragraphs, or None for a figure
    text: str
    evidence: Evidence | None = None


def borrow(
    question: str,
    positions: Sequence[tuple[Position, str]],
    said: Said,
    fits: Callable[[list[Setting]], bool],
) -> list[Setting]:
    """The settings this answer borrows from `positions` (each with the text of the question whose
    answer sets it out), best first, each paragraph or figure only while `fits` accepts the whole
    of what is borrowed. `said` is updated with what is taken."""
    units: list[_Unit] = []
    for p, home in positions:
        for j, text in enumerate(paragraphs_of(p.body)):
            fresh = said.fresh(text)
            if fresh == text and (j == 0 or not LEANS_BACK.match(text)):
                units.append(_Unit(p, home, j, text))
        for e in p.current_evidence:
            if not quoted(e.figure, said.text):
                units.append(_Unit(p, home, None, figure_sentence(e), e))
    if not units:
        return []
    # each unit as a position's text, so the scores are on the scale placement uses
    docs = [u.text for u in units] + [position_text(p) for p, _ in positions]
    here = rank_paragraphs(question, docs)[: len(units)]
    there: dict[str, list[float]] = {}
    for home in dict.fromkeys(u.home for u in units):
        there[home] = rank_paragraphs(home, docs)[: len(units)]
    chosen: list[_Unit] = []
    for i in sorted(range(len(units)), key=lambda i: -here[i]):
        u = units[i]
        if here[i] <= 0 or here[i] <= there[u.home][i]:
            continue  # on nothing this question asks, or more on the point where it is set out
        if u.evidence is None and said.fresh(u.text) != u.text:
            continue
        if u.evidence is not None and quoted(u.evidence.figure, said.text):
            continue
        if fits(_settings([*chosen, u])):
            chosen.append(u)
            said.say(u.text)
    return _settings(chosen)


def _settings(units: Sequence[_Unit]) -> list[Setting]:
    """The units as one setting per position, in the order each position was first taken; its
    paragraphs and figures in the position's own order."""
    by_position: dict[str, list[_Unit]] = {}
    for u in units:
        by_position.setdefault(u.position.id, []).append(u)
    out = []
    for group in by_position.values():
        p = group[0].position
        paragraphs = sorted((u for u in group if u.paragraph is not None), key=_paragraph)
        figures = [u for u in group if u.evidence is not None]
        figures.sort(key=lambda u: p.current_evidence.index(u.evidence))  # type: ignore[arg-type]
        out.append(
            Setting(
                position=p,
                lead=None,
                paragraphs=tuple(u.text for u in paragraphs),
                figures=tuple(Figure(u.evidence, u.text) for u in figures if u.evidence),
                case=None,
                more="",
            )
        )
    return out


def _paragraph(u: _Unit) -> int:
    return u.paragraph or 0
