"""Harvest and composed answers: which rendering of a position a draft matches, where its text ends,
the order of its parts, and (without a baseline) the differences a composed answer makes, not the
officer.

An answer carries only what of a position fits its question and length (drafting/compose.py):
some paragraphs, the opening sentences of one, the figures its text does not quote. Compared with
the whole position as the library prints it, what the answer left out is not an officer's
deletion, and a figure it listed (that the whole position quotes in a paragraph instead) is not an
officer's insertion. Against the draft as sent (`--baseline`) every difference counts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from lga_draft.drafting.prose import figure_sentence, sentences
from lga_draft.library.model import Position
from lga_draft.roundtrip.regenerate import Rendering
from lga_draft.roundtrip.worddiff import align, folded, similarity
from lga_draft.word.read import Paragraph

T = TypeVar("T")
_UNDATED = re.compile(r" \(as of [^()]*\)(?=\.$)|, as of [^()]*(?=\))")


def carried_part(op: str, old: str | None, new: str | None, position: Position | None) -> bool:
    """Whether a difference is composition's: a paragraph or the end of one left out, a figure,
    or the position's own sentences out of its order (a paragraph lent to another answer), or more
    of them than the whole rendering has (which leaves out a sentence another position of the draft
    restates, where this answer did not carry that position)."""
    if op == "deleted":
        return True
    if op == "changed" and bool(new) and folded(old or "").startswith(folded(new or "")):
        return True
    if position is None or not new:
        return False
    figures = [figure_sentence(e).replace("**", "") for e in position.current_evidence]
    # a draft made before a figure said when it was measured listed it without "(as of ...)"
    figures += [_UNDATED.sub("", f) for f in figures]
    if folded(new) in {folded(f) for f in figures}:
        return True
    own = {folded(s) for s in sentences(f"{position.lead}\n\n{position.body}")}
    return all(folded(s) in own for s in sentences(new))  # whole sentences, word for word


def library_order(items: list[T], library: Sequence[str], text: Callable[[T], str]) -> list[T]:
    """`items` in the order of the library paragraphs each matches best (document order between
    equals)."""
    if not library:
        return items

    def place(item: T) -> int:
        t = text(item)
        return max(
            range(len(library)),
            key=lambda i: (folded(library[i]) == folded(t), similarity(library[i], t), -i),
        )

    return sorted(items, key=place)


def best_rendering(options: list[Rendering], paras: list[str]) -> Rendering:
    """The rendering the document's text matches exactly, else the one it fits best.

    Ties go to the earlier option (the draft's own template, or the library's default).
    """
    texts = [folded(t) for t in paras]
    for option in options:
        if [folded(t) for t in option.paragraphs] == texts:
            return option

    def fit(r: Rendering) -> float:
        score = 0.0
        for s in align(r.paragraphs, paras):
            if s.op == "equal":
                score += 1.0
            elif s.op == "changed" and s.old is not None and s.new is not None:
                score += similarity(r.paragraphs[s.old], paras[s.new])
            elif s.op == "deleted":  # a paragraph this rendering prints that the document lacks
                score -= 0.5
        return score

    return max(options, key=fit)  # max keeps the first of equals


def extent(expected: list[str], paras: list[Paragraph]) -> list[Paragraph]:
    """An open-ended position runs to its last paragraph that matches one the library wrote."""
    steps = align(expected, [p.text for p in paras])
    last = max(
        (s.new for s in steps if s.op in ("equal", "changed") and s.new is not None), default=None
    )
    if last is None:
        return []
    return paras[: last + 1]
