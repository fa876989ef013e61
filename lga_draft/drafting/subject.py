"""The default key messages: of the positions a draft uses, those on its consultation's subject.

A key message is a position's title and lead, printed at the top of the response: it is on the
subject when what it says (its title and lead) or what it is about (its tags) is, not when its
body mentions the subject once in passing (an officer found a pregnancy position the only key
message of a general practice inquiry, for one "general practice" in its body).

On the subject is measured against the whole library, not against the other positions the draft
uses: for the title and for each question, a position's match as a share of the library's best
match for it. Compared only with each other, the best of a draft's positions was always on the
subject, however far off it (a drugs inquiry's one current position, on digital innovation, was
its only key message; a lifetime care cap consultation's six were all off the subject).

The subject is the title and the questions taken together: the mean of those shares over the
title and each question. A position that matches one question of seven well, and the subject
they share (drugs) not at all, is not on it. When none of the positions is, the draft has no key
messages, and the drafting report says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from lga_draft.drafting.place import COMMON_ONLY
from lga_draft.drafting.rank import query_terms, rank_paragraphs
from lga_draft.library.model import Library, Position
from lga_draft.suggest.search import WEIGHTS, Index

# More than this past its review date, a position is not chosen as a default key message.
LONG_OVERDUE = dt.timedelta(days=365)
# The index's columns (library/store.py), in the order of WEIGHTS: a key message is matched on
# its title, lead and tags, with the weights search gives them, and nothing else.
_COLUMNS = ("title", "lead", "body", "asks", "evidence", "cases", "tags")
SAID = tuple(
    w if column in ("title", "lead", "tags") else 0.0
    for column, w in zip(_COLUMNS, WEIGHTS, strict=True)
)
# On the title's subject: at least this share of the library's best match for the title. Those
# come first among the key messages (an officer found a food inquiry's six all on NHS
# partnership, and the answers on junk food and labelling left out at the limit).
TITLE_FLOOR = 0.4
# On the subject of the title and questions together: a mean share of at least this. Chosen on
# the officers' readings and benchmarks/tune_real: the positions an officer would use in its
# answers mostly reach it; a position on the words of one question of several alone does not.
SUBJECT_FLOOR = 0.3


@dataclass(frozen=True)
class Subject:
    title: float  # its match for the title, as a share of the library's best
    # its mean share over the title and each question with words to match, or over the questions
    # alone where that is more
    together: float


def subject(
    title: str, questions: Sequence[str], positions: Sequence[Position], library: Library
) -> dict[str, Subject]:
    """Each position's match for the consultation's subject (id -> Subject)."""
    index = Index.build(library) if library.catalog is not None else None
    shares: list[dict[str, float] | None] = []
    for text in (title, *questions):
        terms = " ".join(query_terms(text))
        if not terms:  # "Is it enough?": no words of a subject
            shares.append(None)
            continue
        if index is not None:
            found = index.scores(terms, weights=SAID)
            if max(found.values(), default=0.0) < COMMON_ONLY:
                # only words most positions hold (in a library of a few positions, every word):
                # their weights are SQLite's floor, and a short text, a title and a tag, matched
                # on them outranks one that is on the subject; the whole text of each decides
                found = index.scores(terms)
        else:  # without an index: among the positions themselves, on their title and lead
            said = [f"{p.title}\n{p.lead}" for p in positions]
            found = dict(zip((p.id for p in positions), rank_paragraphs(text, said), strict=True))
        best = max(found.values(), default=0.0)
        shares.append({pid: s / best for pid, s in found.items()} if best > 0 else {})
    # the title counts where it helps: often it names the document ("Change NHS", a "Fixture
    # consultation"), not its subject, and a position should not be off the subject for that
    # with no questions (an ad-hoc draft, `--tags`), the officer's tags chose the positions for
    # the subject, and the title ("Member briefing") is no measure of it: all are on it
    every = [s for s in shares if s is not None] if questions else []
    asked = [s for s in shares[1:] if s is not None]
    out = {}
    for p in positions:
        on_title = shares[0].get(p.id, 0.0) if shares[0] is not None else 0.0
        means = [
            sum(s.get(p.id, 0.0) for s in texts) / len(texts) for texts in (every, asked) if texts
        ]
        out[p.id] = Subject(on_title, max(means, default=1.0))
    return out


def default_key_messages(
    library: Library,
    ranked: Sequence[Position],
    title: str,
    questions: Sequence[str],
    today: dt.date,
    limit: int,
) -> tuple[list[Position], list[Position]]:
    """The key messages of a draft that names none: of `ranked` (the first position each answer
    sets out, then the others used), those on the consultation's subject, those on its title's
    first, then the most on the subject; and the positions left out as off the subject.

    A position long past its review date does not head the response (an officer found the 2021
    duty to collaborate, since passed into law, as a key message) unless no other on the subject
    is: the draft still uses it, with its warning."""
    scores = subject(title, questions, ranked, library)
    on = [p for p in ranked if scores[p.id].together >= SUBJECT_FLOOR]
    current = [p for p in on if p.review_by >= today - LONG_OVERDUE]
    pool = current or on
    chosen = sorted(pool, key=lambda p: (scores[p.id].title < TITLE_FLOOR, -scores[p.id].together))[
        :limit
    ]
    return chosen, [p for p in ranked if p not in on]
