"""Harvest without a baseline: the differences a composed answer makes, not the officer.

An answer carries only what of a position fits its question and length (drafting/compose.py):
some paragraphs, the opening sentences of one, the figures its text does not quote. Compared with
the whole position as the library prints it, what the answer left out is not an officer's
deletion, and a figure it listed (that the whole position quotes in a paragraph instead) is not an
officer's insertion. Against the draft as sent (`--baseline`) every difference counts.
"""

from __future__ import annotations

from lga_draft.drafting.prose import figure_sentence, sentences
from lga_draft.library.model import Position
from lga_draft.roundtrip.worddiff import folded


def carried_part(op: str, old: str | None, new: str | None, position: Position | None) -> bool:
    """Whether a difference is composition's: a paragraph or the end of one left out, a figure,
    or the position's own sentences out of its order (a paragraph lent to another answer)."""
    if op == "deleted":
        return True
    if op == "changed":
        return bool(new) and folded(old or "").startswith(folded(new or ""))
    if position is None or not new:
        return False
    figures = [figure_sentence(e).replace("**", "") for e in position.current_evidence]
    if folded(new) in {folded(f) for f in figures}:
        return True
    own = folded(f"{position.lead} {position.body}")
    return all(folded(s) in own for s in sentences(new))
