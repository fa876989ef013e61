"""Placement: in which answer each position is set out.

Where it fits best: its score for each question (bm25 over its whole text, rank.py) relative to
that question's best, not where it first appears; between questions where it fits as well (to a
tenth), the one whose words it matches most. A position an officer names in a question's
`positions:` is only ever set out in an answer that names it. A question with positions of its own
but none set out in it then takes the one that fits it best from an answer that keeps another.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from lga_draft.drafting.rank import rank_paragraphs
from lga_draft.library.model import Position


def position_text(p: Position) -> str:
    return " ".join([p.title, p.lead, p.body, *(e.statement for e in p.current_evidence)])


def place(
    texts: Sequence[str],
    candidates: Sequence[Sequence[Position]],
    named: Sequence[frozenset[str]],
) -> dict[str, int]:
    """Position id -> the index of the question whose answer sets it out."""
    pool: dict[str, Position] = {}
    for found in candidates:
        for p in found:
            pool.setdefault(p.id, p)
    ids = list(pool)
    docs = [position_text(pool[i]) for i in ids]
    rel: list[dict[str, float]] = []
    raw: list[dict[str, float]] = []
    for text, found in zip(texts, candidates, strict=True):
        scores = dict(zip(ids, rank_paragraphs(text, docs), strict=True))
        mine = {p.id: scores[p.id] for p in found}
        best = max(mine.values(), default=0.0)
        rel.append({pid: (s / best if best > 0 else 0.0) for pid, s in mine.items()})
        raw.append(mine)
    namers: dict[str, list[int]] = {}
    for n, ids_named in enumerate(named):
        for pid in ids_named:
            namers.setdefault(pid, []).append(n)

    def allowed(pid: str, n: int) -> bool:
        return pid in rel[n] and (pid not in namers or n in namers[pid])

    def fit(pid: str, n: int) -> tuple[float, bool, float, int, int]:
        # relative to the question's best, to a tenth; between questions it fits as well, the
        # one it matches most (a position that is the best of two for each of several questions
        # goes where it is most on the point, not to the first of them)
        rank = next(i for i, p in enumerate(candidates[n]) if p.id == pid)
        return (round(rel[n][pid], 1), pid in named[n], raw[n][pid], -rank, -n)

    home = {
        pid: max((n for n in range(len(texts)) if allowed(pid, n)), key=lambda n: fit(pid, n))
        for pid in ids
    }
    for n, found in enumerate(candidates):
        if not found or any(home[p.id] == n for p in found):
            continue
        count = Counter(home.values())
        movable = [p.id for p in found if allowed(p.id, n) and count[home[p.id]] > 1]
        if movable:
            home[max(movable, key=lambda pid: fit(pid, n))] = n
    return home


def on_subject(subject: str, positions: Sequence[Position], floor: float = 0.4) -> list[Position]:
    """The positions whose text matches `subject` at least `floor` of the best match, in their
    order (all of them when none matches at all)."""
    scores = rank_paragraphs(subject, [position_text(p) for p in positions])
    best = max(scores, default=0.0)
    return [p for p, s in zip(positions, scores, strict=True) if best <= 0 or s >= floor * best]
