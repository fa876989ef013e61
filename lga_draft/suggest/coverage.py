"""How well a consultation file's answers are covered by the library.

For each question: the positions the draft would use (the drafting rules themselves, through
`build_context`, so coverage can never disagree with `draft`) and how strongly each matches the
question (its suggestion score), and whether each is on the question's point: on its topic (see
`Suggestion.on_topic`) and scoring at least RELATIVE_FLOOR of the library's best answer to it. A
question is weak when nothing answers it, or when none of the positions it uses is on its point
where the answer can be read: set out in it, or set out in another answer it points to (an answer
that is not thin sets out only its own positions, and says nothing of those set out elsewhere).
Then the draft would answer a different question.
Then the positions on the consultation's topic that no answer uses: those its `tags` select, and
those suggested for a question (within the cut-off) but not used.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lga_draft.drafting.consultation import Consultation
from lga_draft.drafting.context import build_context
from lga_draft.drafting.select import matching
from lga_draft.library.model import Library, Position, Status
from lga_draft.library.tags import parse_expression
from lga_draft.suggest.meaning import Meaning
from lga_draft.suggest.suggest import RELATIVE_FLOOR, Suggester


@dataclass(frozen=True)
class Used:
    id: str
    title: str
    score: float
    first: bool  # False: set out in another answer, `set_out_in`, and pointed to from here
    on_point: bool = False  # on the question's topic and near the library's best answer to it
    set_out_in: str | None = None  # the question whose answer sets it out, where not this one
    pointed_to: bool = False  # set out elsewhere, and this answer points the reader there


@dataclass(frozen=True)
class QuestionCoverage:
    number: str
    text: str
    used: tuple[Used, ...]
    best: float

    @property
    def strength(self) -> str:
        if not self.used:
            return "none"
        read = [u for u in self.used if u.first or u.pointed_to]  # what the reader gets here
        return "ok" if any(u.on_point for u in read) else "weak"

    @property
    def weak(self) -> bool:
        return self.strength != "ok"


@dataclass(frozen=True)
class Unused:
    position: Position
    why: str  # "tags public-health" or "suggested for question 2 (8.1)"


@dataclass(frozen=True)
class Coverage:
    questions: tuple[QuestionCoverage, ...]
    unused: tuple[Unused, ...]

    @property
    def weak(self) -> tuple[QuestionCoverage, ...]:
        return tuple(q for q in self.questions if q.weak)

    def to_dict(self) -> dict[str, object]:
        return {
            "questions": [
                {
                    "number": q.number,
                    "text": q.text,
                    "strength": q.strength,
                    "best": q.best,
                    "positions": [u.__dict__ for u in q.used],
                }
                for q in self.questions
            ],
            "weak": [q.number for q in self.weak],
            "unused": [
                {"id": u.position.id, "title": u.position.title, "why": u.why} for u in self.unused
            ],
            "relative_floor": RELATIVE_FLOOR,
        }


def coverage(
    library: Library, consultation: Consultation, *, today: dt.date, include_draft: bool = False
) -> Coverage:
    ctx, _ = build_context(
        library, consultation, template="coverage", today=today, include_draft=include_draft
    )
    suggester = Suggester(
        library,
        include_draft=include_draft,
        context=consultation.title,
        meaning=Meaning.load(library),
    )
    questions = []
    used_ids: set[str] = set()
    unused: dict[str, Unused] = {}
    for answer in ctx.answers:
        ids = [u.position.id for u in answer.uses]
        used_ids.update(ids)
        scores = suggester.scores(answer.text, ids)
        judged = suggester.judge(answer.text, ids)
        points_to = answer.composed.points_to if answer.composed else None
        used = tuple(
            Used(
                u.position.id,
                u.position.title,
                scores[u.position.id],
                u.first,
                judged[u.position.id] is not None,
                None if u.first else u.first_in,
                not u.first and u.first_in is not None and u.first_in == points_to,
            )
            for u in answer.uses
        )
        questions.append(
            QuestionCoverage(
                answer.number, answer.text, used, max((u.score for u in used), default=0.0)
            )
        )
        for s in suggester.suggest(answer.text):
            unused.setdefault(
                s.position.id,
                Unused(s.position, f"suggested for question {answer.number} ({s.score:.1f})"),
            )
    if consultation.tags:
        statuses = frozenset(
            {Status.APPROVED, Status.DRAFT} if include_draft else {Status.APPROVED}
        )
        expr = parse_expression(consultation.tags, library.vocabulary)
        for p in matching(library, expr, statuses):
            unused.setdefault(p.id, Unused(p, f"on the consultation's topic ({consultation.tags})"))
    left = tuple(u for pid, u in unused.items() if pid not in used_ids)
    return Coverage(tuple(questions), left)
