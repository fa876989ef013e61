"""`lga-draft learn`: record a settled consultation's questions against the positions that answered them.

The record goes into the library's answered/ folder (see `library/answered.py`), for the team to
review and commit; suggestions for later consultations learn from it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING

from lga_draft.drafting.consultation import Consultation
from lga_draft.drafting.select import matching
from lga_draft.errors import LgaDraftError
from lga_draft.library.answered import ANSWERED_DIR, Answered, AnsweredQuestion
from lga_draft.library.model import Library, Status
from lga_draft.library.tags import parse_expression
from lga_draft.roundtrip.worddiff import folded

if TYPE_CHECKING:
    from lga_draft.word.read import DraftDocument


def settled_positions(
    library: Library, consultation: Consultation, *, include_draft: bool = False
) -> list[list[str]]:
    """For each question, the ids of the positions the consultation file settles on, as `draft`
    selects them: the named positions, then what the tag expression selects, less `exclude`."""
    statuses = frozenset({Status.APPROVED, Status.DRAFT} if include_draft else {Status.APPROVED})
    out = []
    for q in consultation.questions:
        ids = [pid for pid in q.positions if pid in library.by_id]
        if q.tags:
            expr = parse_expression(q.tags, library.vocabulary)
            ids += [p.id for p in matching(library, expr, statuses) if p.id not in ids]
        out.append([pid for pid in ids if pid not in q.exclude])
    return out


def record(
    library: Library,
    consultation: Consultation,
    *,
    learned_from: str | None,
    today: dt.date,
    include_draft: bool = False,
    settled: list[list[str]] | None = None,
) -> Answered:
    """The record `learn` writes: each question that some position answers, with those positions."""
    unknown = [
        pid for q in consultation.questions for pid in q.positions if pid not in library.by_id
    ]
    if unknown:
        raise LgaDraftError(
            f"the consultation names position(s) not in the library: {', '.join(unknown)}"
        )
    if settled is None:
        settled = settled_positions(library, consultation, include_draft=include_draft)
    questions = [
        AnsweredQuestion(number=q.number, text=q.text, positions=ids)
        for q, ids in zip(consultation.questions, settled, strict=True)
        if ids
    ]
    if not questions:
        raise LgaDraftError("no question of the consultation has a position to learn from")
    return Answered(
        consultation=consultation.title,
        issued_by=consultation.issued_by,
        learned_from=learned_from,
        learned_on=today,
        questions=questions,
    )


def record_path(root: Path, consultation_file: Path, title: str | None = None) -> Path:
    """answered/<the consultation file's name>.yaml inside the library; where that holds the
    record of another consultation (every file `new` writes is `questions.yaml` unless told
    otherwise), answered/<name>-<this consultation's title>.yaml, so neither is lost."""
    stem = consultation_file.name.split(".")[0] or "consultation"
    folder = root / ANSWERED_DIR
    path = folder / f"{stem}.yaml"
    if title is None:
        return path
    named = "-".join(re.findall(r"[a-z0-9]+", title.lower().replace("’", "").replace("'", "")))
    named = named[:60].rstrip("-") or "consultation"
    n = 1
    while path.exists() and _recorded_title(path) != title:
        path = folder / f"{stem}-{named}{f'-{n}' if n > 1 else ''}.yaml"
        n += 1
    return path


def _recorded_title(path: Path) -> str | None:
    """The consultation a record is of, or None where it cannot be read."""
    from lga_draft.library.yamlio import load_yaml

    try:
        data = load_yaml(path).data
    except (LgaDraftError, OSError):
        return None
    return data.get("consultation") if isinstance(data, dict) else None


def dump(answered: Answered) -> str:
    """The record as YAML a person reads in a pull request: header comment, then the data."""
    from lga_draft.library.yamlio import dump_yaml

    data = answered.model_dump(exclude_none=True)
    header = (
        "# Recorded by 'lga-draft learn': the positions that answered each question of a\n"
        "# consultation. Suggestions for new questions learn from these wordings.\n"
    )
    return header + dump_yaml(data)


_QUESTION_HEADING = re.compile(r"question\s+(\S{1,20})", re.IGNORECASE)


def settled_in_document(
    draft: DraftDocument, library: Library, consultation: Consultation
) -> list[list[str]]:
    """For each question, the positions a signed-off Word draft sets out under its heading
    ("Question 2a"): what survived sign-off, not what was first drafted. Positions are found by
    their content controls, or by the title marker LibreOffice leaves when it drops them."""
    numbers = {q.number.lower(): i for i, q in enumerate(consultation.questions)}
    by_title = {folded(p.title): p.id for p in library.positions}
    out: list[list[str]] = [[] for _ in consultation.questions]
    current: int | None = None
    for para in draft.paragraphs:
        if para.style.startswith("heading"):
            found = _QUESTION_HEADING.fullmatch(para.text.strip())
            current = numbers.get(found.group(1).lower()) if found else None
            continue
        if current is None:
            continue
        pid = None
        if para.tagged is not None:
            pid = para.tagged[1]
        elif para.marker is not None:
            pid = by_title.get(folded(para.marker))
        if pid is not None and pid in library.by_id and pid not in out[current]:
            out[current].append(pid)
    return out
