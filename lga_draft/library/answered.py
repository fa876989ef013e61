"""The answered/ records: what a library has learnt from each consultation it answered.

When an officer has settled a consultation (the positions kept for each question), `lga-draft
learn CONSULTATION.yaml` records each question's wording against the positions that answered it,
in `answered/<consultation>.yaml` inside the library: a plain file the team reviews in git like a
position. Suggestions then match a new question against the questions each position has answered
before, as well as against the position's own text: departments ask in their own words, and the
words of last year's question are often those of this year's.

`roundtrip/learn.py` writes them; `suggest` reads them here. A record names positions by id. One that no longer exists is reported by `check` (a warning: the
record is history, and learning from it simply skips that id).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import BeforeValidator, Field

from lga_draft.errors import Problem, display_path
from lga_draft.library.model import Frozen, Library, Slug, Text

ANSWERED_DIR = "answered"


def _as_text(value: object) -> object:
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


class AnsweredQuestion(Frozen):
    number: Annotated[str, BeforeValidator(_as_text)]
    text: Text = Field(description="the question as the consultation asked it")
    positions: list[Slug] = Field(min_length=1, description="the positions that answered it")


class Answered(Frozen):
    """One consultation the organisation answered, question by question."""

    consultation: Text = Field(description="the consultation's title")
    issued_by: str | None = None
    learned_from: str | None = Field(default=None, description="the consultation file's name")
    learned_on: dt.date
    questions: list[AnsweredQuestion] = Field(min_length=1)


@dataclass(frozen=True)
class Record:
    """An answered/ file as read: where it is, and what it says."""

    path: Path
    answered: Answered
    lines: dict[tuple[str | int, ...], int]

    def line(self, *loc: str | int) -> int | None:
        return self.lines.get(tuple(loc))


def answered_files(root: Path) -> list[Path]:
    folder = root / ANSWERED_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.y*ml") if p.suffix in (".yaml", ".yml"))


def read_answered(root: Path) -> tuple[list[Record], list[Problem]]:
    """Every record in the library's answered/ folder, and every problem with one (file:line)."""
    from lga_draft.library.validate import validate
    from lga_draft.library.yamlio import YamlError, load_yaml

    records: list[Record] = []
    problems: list[Problem] = []
    for path in answered_files(root):
        try:
            doc = load_yaml(path)
        except YamlError as exc:
            problems.append(exc.problem)
            continue
        if not isinstance(doc.data, dict):
            problems.append(Problem(doc.name, 1, "an answered record must be a mapping of fields"))
            continue
        answered, found = validate(Answered, doc.data, doc)
        problems.extend(found)
        if answered is not None:
            records.append(Record(path, answered, dict(doc.lines)))
    return records, problems


def answered_problems(library: Library) -> list[Problem]:
    """What `check` reports of the answered/ records: invalid files, and positions that are gone."""
    records, problems = read_answered(library.root)
    for record in records:
        for i, q in enumerate(record.answered.questions):
            for j, pid in enumerate(q.positions):
                if pid not in library.by_id:
                    problems.append(
                        Problem(
                            display_path(record.path),
                            record.line("questions", i, "positions", j),
                            f"position '{pid}' (question {q.number}) is not in the library; "
                            "suggestions skip it",
                            "warning",
                        )
                    )
    return problems


def past_questions(library: Library) -> dict[str, tuple[str, ...]]:
    """Position id -> the questions it has answered, in the order the records give them.

    A record that does not validate is skipped here (`check` reports it): a suggestion never
    fails for want of history. A position that supersedes another (a revision `harvest --write`
    proposed, or its successor) has answered what that one answered, after its own."""
    records, _ = read_answered(library.root)
    found: dict[str, list[str]] = {}
    for record in records:
        for q in record.answered.questions:
            for pid in q.positions:
                if pid in library.by_id:
                    found.setdefault(pid, []).append(q.text)
    own = {pid: list(texts) for pid, texts in found.items()}
    for p in library.positions:
        for old in p.supersedes:
            if old in own:
                found.setdefault(p.id, []).extend(own[old])
    return {pid: tuple(dict.fromkeys(texts)) for pid, texts in found.items()}
