"""Placement: in which answer each position is set out.

Where it fits best: its score for each question (bm25 over its whole text, rank.py) relative to
that question's best, not where it first appears; between questions where it fits as well (to a
tenth), the one whose words it matches most. A position an officer names in a question's
`positions:` is only ever set out in an answer that names it. A question with positions of its own
but none set out in it then takes the one that fits it best from an answer that keeps another.

A position several answers use is one answer's, but not all of it need be: each of its
paragraphs, figures and case studies goes to the answer whose question it matches best (`allot`),
so that "Is provision sufficient to meet demand?" gets the paragraph on demand, "What causes
out-of-area placements?" the one on placements, and "What has worked?" the example.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from lga_draft.drafting.prose import leans_on_context, paragraphs_of, wants_proposals
from lga_draft.drafting.rank import rank_paragraphs
from lga_draft.library.model import Position

COMMON_ONLY = 1e-3  # a score below this matched only words most of the positions hold


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
    raw: list[dict[str, float]] = []
    for text, found in zip(texts, candidates, strict=True):
        scores = dict(zip(ids, rank_paragraphs(text, docs), strict=True))
        raw.append({p.id: scores[p.id] for p in found})
    bests = [max(mine.values(), default=0.0) for mine in raw]
    # SQLite's bm25 weighs a word that more than half the positions hold at 1e-6, not 0. Where
    # some question matches a rarer word, one that matched only such common words says nothing
    # of where a position fits: its tiny scores, divided by each other, would rank 0.9 against
    # the 0.8 a position earns on a question whose rare words it holds. (In a library of a few
    # positions every word is common, and those small scores are all there is to go on.)
    telling = max(bests, default=0.0) >= COMMON_ONLY
    rel = [
        {
            pid: s / best if best >= COMMON_ONLY or (best > 0 and not telling) else 0.0
            for pid, s in mine.items()
        }
        for mine, best in zip(raw, bests, strict=True)
    ]
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


def ask_homes(
    texts: Sequence[str],
    candidates: Sequence[Sequence[Position]],
    named: Sequence[frozenset[str]],
    home: dict[str, int],
) -> dict[str, int]:
    """Position id -> the answer its asks go to, where that is not its home: the first question
    using it that asks for proposals ("Views on the next steps the Government should take"), where
    the question it is set out under does not ("Assessments of the Government's progress"). There
    the asks answer the question; under an assessment they were left to the closing summary
    (its lead makes them), and an officer found the proposals answer without the ask it was for.
    A position an officer names takes its asks only to an answer that names it."""
    namers = {pid for ids in named for pid in ids}
    proposals = [wants_proposals(t) for t in texts]
    out: dict[str, int] = {}
    for n, found in enumerate(candidates):
        for p in found if proposals[n] else ():
            h = home.get(p.id)
            if h is None or h == n or proposals[h] or not p.asks:
                continue
            if p.id not in namers or p.id in named[n]:
                out.setdefault(p.id, n)
    return out


# ("p", position id, paragraph), ("f", position id, figure) or ("c", position id, case study)
Unit = tuple[str, str, int]


def allot(
    texts: Sequence[str],
    candidates: Sequence[Sequence[Position]],
    named: Sequence[frozenset[str]],
    home: dict[str, int],
) -> dict[Unit, int]:
    """The paragraphs and figures of positions used by several answers that go to an answer other
    than their position's home: each to the answer whose question it matches best, if it matches
    that question better than home's. Home keeps the paragraph that matches its own question best;
    a paragraph leaning on the one before it ("That requires ...", "The pressure has not eased.")
    goes with it (prose.leans_on_context); a position an officer names goes only to answers that
    name it."""
    namers = {pid for ids in named for pid in ids}
    asked: dict[str, list[int]] = {}
    for n, found in enumerate(candidates):
        for p in found:
            if p.id in namers and p.id not in named[n]:
                continue
            if n not in asked.setdefault(p.id, []):
                asked[p.id].append(n)
    shared = {
        p.id: p
        for found in candidates
        for p in found
        if len(asked.get(p.id, ())) > 1 and p.id in home and home[p.id] in asked[p.id]
    }
    units: list[tuple[Unit, str]] = []
    for pid, p in shared.items():
        units += [(("p", pid, j), t) for j, t in enumerate(paragraphs_of(p.body))]
        units += [(("f", pid, j), e.statement) for j, e in enumerate(p.current_evidence)]
        units += [(("c", pid, j), f"{c.title} {c.summary}") for j, c in enumerate(p.case_studies)]
    if not units:
        return {}
    questions = sorted({n for pid in shared for n in asked[pid]})
    scores = {n: rank_paragraphs(texts[n], [t for _, t in units]) for n in questions}
    out: dict[Unit, int] = {}
    kept: dict[str, int] = {}  # position -> the paragraph its home keeps: its best there
    order = sorted(range(len(units)), key=lambda i: -scores[home[units[i][0][1]]][i])
    for i in order:
        unit = units[i][0]
        kind, pid, j = unit
        h = home[pid]
        if kind == "p" and pid not in kept:
            kept[pid] = j
            continue
        best = max(asked[pid], key=lambda n: (scores[n][i], n == h))
        if best != h and scores[best][i] > scores[h][i]:
            out[unit] = best
    for pid, p in shared.items():
        paras = paragraphs_of(p.body)
        j = kept.get(pid, 0)
        while j > 0 and leans_on_context(paras[j]):  # home's paragraph brings the one it leans on
            j -= 1
            out.pop(("p", pid, j), None)
        for j, text in enumerate(paras):  # a paragraph leaning on the one before goes with it
            if leans_on_context(text):
                before = out.get(("p", pid, j - 1)) if j > 0 else None  # the lead stays home
                if before is None:
                    out.pop(("p", pid, j), None)
                else:
                    out[("p", pid, j)] = before
    # a figure is evidence for its position's point, not an answer on its own: it goes to another
    # answer only with a paragraph or case study of its own position there, else it stays home (an
    # officer read "Response time for reablement requests ...: two-day response." as the whole
    # answer to a question on discharge practice, and another a lone "Share of overspending
    # councils that used reserves ...: 72 per cent" under an answer setting out another position)
    words = {(pid, n) for (kind, pid, _), n in out.items() if kind != "f"}
    return {unit: n for unit, n in out.items() if unit[0] != "f" or (unit[1], n) in words}
