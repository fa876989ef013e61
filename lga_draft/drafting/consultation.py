"""The consultation file: what is being consulted on, and what answers each question."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from lga_draft.errors import ConsultationError, Problem
from lga_draft.library.model import Frozen, Organisation, Person, Slug, Text
from lga_draft.library.validate import validate
from lga_draft.library.yamlio import YamlDoc, YamlError, load_yaml


def _as_text(value: Any) -> Any:
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


def _ids(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


# What the files may hold, for the JSON Schema: a number written as a YAML number, one id for a list.
_NumberInput = str | int | float
_Ids = Annotated[list[Slug], BeforeValidator(_ids, json_schema_input_type=list[Slug] | Slug)]


class Question(Frozen):
    number: Annotated[str, BeforeValidator(_as_text, json_schema_input_type=_NumberInput)] = Field(
        description="the consultation's own number, e.g. '1', 'Q3', '2a'"
    )
    text: Text = Field(description="the question, as the consultation asks it")
    tags: str | None = Field(
        default=None, description="tag expression selecting the positions that answer it"
    )
    positions: _Ids = Field(
        default_factory=list, description="position ids, in the order to use them"
    )
    exclude: _Ids = Field(default_factory=list, description="position ids never to use here")
    opening: str | None = Field(
        default=None, description="the officer's own words before the positions (Markdown)"
    )
    closing: str | None = Field(
        default=None, description="the officer's own words after the positions (Markdown)"
    )


class KeyMessages(Frozen):
    tags: str | None = Field(default=None, description="tag expression for key-message positions")
    positions: _Ids = Field(default_factory=list)
    limit: int = Field(default=6, ge=1, le=20)


class Consultation(Frozen):
    title: Text
    issued_by: Text = Field(description="the department or body consulting")
    reference: str | None = None
    link: str | None = None
    closes: dt.date | None = Field(default=None, description="closing date")
    template: str | None = Field(
        default=None, description="template name, or a .j2/.md.j2 file beside this one"
    )
    version: Annotated[str, BeforeValidator(_as_text, json_schema_input_type=_NumberInput)] = Field(
        default="0.1", description="draft version shown in the document"
    )
    organisation: Organisation | None = Field(
        default=None, description="defaults to the library settings"
    )
    contact: Person | None = None
    signatory: Person | None = None
    introduction: str | None = Field(
        default=None, description="the officer's opening words (Markdown)"
    )
    offer: str | None = Field(
        default=None, description="what the organisation offers (offer-and-ask template)"
    )
    quote: str | None = Field(
        default=None, description="the spokesperson's words (press-release template)"
    )
    key_messages: KeyMessages | None = None
    tags: str | None = Field(
        default=None, description="the consultation's topic, for coverage and ad-hoc drafts"
    )
    questions: list[Question] = Field(default_factory=list)


def load_consultation(path: Path) -> tuple[Consultation, YamlDoc]:
    """Read and validate a consultation file. Raises `ConsultationError` listing every problem."""
    try:
        doc = load_yaml(path)
    except YamlError as exc:
        raise ConsultationError(str(exc.problem), problems=(exc.problem,)) from None
    if not isinstance(doc.data, dict):
        kind = "empty" if doc.data is None else f"a {type(doc.data).__name__}"
        problem = Problem(
            doc.name, 1, f"a consultation file must be a mapping of fields, not {kind}"
        )
        raise ConsultationError(str(problem), problems=(problem,))
    consultation, problems = validate(Consultation, doc.data, doc)
    if consultation is None:
        raise ConsultationError(
            f"{doc.name}: {len(problems)} problem(s) in the consultation file",
            problems=tuple(problems),
        )
    numbers: dict[str, int] = {}
    dupes = []
    for i, q in enumerate(consultation.questions):
        if q.number in numbers:
            dupes.append(
                Problem(
                    doc.name,
                    doc.line_of(("questions", i, "number")),
                    f"question number '{q.number}' is used twice (first at question {numbers[q.number] + 1})",
                )
            )
        numbers.setdefault(q.number, i)
    if dupes:
        raise ConsultationError(f"{doc.name}: duplicate question numbers", problems=tuple(dupes))
    return consultation, doc
