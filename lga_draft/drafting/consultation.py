"""The consultation file: what is being consulted on, and what answers each question."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from lga_draft.errors import ConsultationError, Problem, display_path
from lga_draft.library.model import Frozen, Organisation, Person, Slug, Text
from lga_draft.library.validate import validate
from lga_draft.library.yamlio import YamlDoc, YamlError, load_yaml

_JOINED = re.compile(r"\s*[;,]\s*(?:(?:and|or)\s*)?$", re.IGNORECASE)


def _as_text(value: Any) -> Any:
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


def _written_date(value: Any) -> Any:
    """A date as people write it ("11 December 2024", as consultations give it) or as YAML does."""
    if isinstance(value, str):
        found = re.fullmatch(r"\s*(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\s+(\d{4})\s*", value)
        if found:
            try:
                return dt.datetime.strptime(" ".join(found.groups()), "%d %B %Y").date()
            except ValueError:
                return value  # "31 February 2025", "11 Dec 2024": reported as not a date
    return value


def _ids(value: Any) -> Any:
    # `positions:` left empty, as `new` writes it where nothing matched: none (the weaker matches
    # commented out under it can be brought in by uncommenting them)
    return [value] if isinstance(value, str) else [] if value is None else value


# What the files may hold, for the JSON Schema: a number written as a YAML number, one id for a list.
_NumberInput = str | int | float
_Ids = Annotated[list[Slug], BeforeValidator(_ids, json_schema_input_type=list[Slug] | Slug | None)]


# An officer's own words in one field: a long chapter, far short of what the template sandbox
# refuses to make (sandbox.MAX_SIZE), which named the bundled template, not this file, as at fault
OWN_WORDS = 100_000


class Question(Frozen):
    number: Annotated[str, BeforeValidator(_as_text, json_schema_input_type=_NumberInput)] = Field(
        description="the consultation's own number, e.g. '1', 'Q3', '2a'"
    )
    text: Text = Field(
        description="the question, as the consultation asks it", max_length=OWN_WORDS
    )
    section: Text | None = Field(
        default=None,
        description="the consultation's heading the question comes under, printed once above "
        "the first question under it ('Chapter 2: Workforce')",
        max_length=500,
    )
    tags: str | None = Field(
        default=None, description="tag expression selecting the positions that answer it"
    )
    positions: _Ids = Field(
        default_factory=list, description="position ids, in the order to use them"
    )
    exclude: _Ids = Field(default_factory=list, description="position ids never to use here")
    opening: str | None = Field(
        default=None,
        description="the officer's own words before the positions (Markdown)",
        max_length=OWN_WORDS,
    )
    closing: str | None = Field(
        default=None,
        description="the officer's own words after the positions (Markdown)",
        max_length=OWN_WORDS,
    )
    words: int | None = Field(
        default=None, ge=20, le=20000, description="this answer's length budget in words"
    )
    max_chars: int | None = Field(
        default=None,
        ge=1,
        le=1000000,
        description="a hard limit on the answer's characters, as an online form sets",
    )
    options: list[Text] = Field(
        default_factory=list,
        description="the answers the form offers to choose from ('Agree', 'Disagree')",
    )
    view: Text | None = Field(
        default=None,
        description="the one we choose, of `options` if it has any; until then the draft asks",
    )

    @property
    def shown(self) -> str:
        """The question as the draft quotes it: a point of a committee's list without what joined
        it to the next ("... previous programmes; and", "... of care;"), which under a heading of
        its own reads as a sentence cut off. The file keeps it as the consultation wrote it."""
        return _JOINED.sub("", self.text)


class KeyMessages(Frozen):
    tags: str | None = Field(default=None, description="tag expression for key-message positions")
    positions: _Ids = Field(default_factory=list)
    limit: int = Field(default=6, ge=1, le=20)


class Consultation(Frozen):
    title: Text
    issued_by: Text = Field(description="the department or body consulting")
    reference: str | None = None
    link: str | None = None
    closes: Annotated[
        dt.date | None, BeforeValidator(_written_date, json_schema_input_type=dt.date | str | None)
    ] = Field(default=None, description="closing date: 2025-02-05 or 5 February 2025")
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
        default=None, description="the officer's opening words (Markdown)", max_length=OWN_WORDS
    )
    offer: str | None = Field(
        default=None,
        description="what the organisation offers (offer-and-ask template)",
        max_length=OWN_WORDS,
    )
    quote: str | None = Field(
        default=None,
        description="the spokesperson's words (press-release template)",
        max_length=OWN_WORDS,
    )
    key_messages: KeyMessages | None = None
    words: int | None = Field(
        default=None, ge=20, le=20000, description="every answer's length budget in words"
    )
    timeframes: bool | None = Field(
        default=None,
        description="show each ask's timeframe (default: only in answers to questions about timing)",
    )
    numbered_paragraphs: bool | None = Field(
        default=None,
        description="number the paragraphs in Word (default: a consultation response to a committee)",
    )
    tags: str | None = Field(
        default=None, description="the consultation's topic, for coverage and ad-hoc drafts"
    )
    questions: list[Question] = Field(default_factory=list)


def load_consultation(path: Path) -> tuple[Consultation, YamlDoc]:
    """Read and validate a consultation file. Raises `ConsultationError` listing every problem."""
    consultation, doc, problems = read_consultation(path)
    if consultation is None or doc is None or problems:
        raise consultation_error(path, problems)
    return consultation, doc


def consultation_error(
    path: Path, problems: list[Problem], *, against: str | None = None
) -> ConsultationError:
    """One problem is its own message; several are counted after they are listed, saying which
    library they were `against` where that is not the bundled one (a folder holding a
    `positions/` folder of something else is taken for the library, and every id is unknown)."""
    if len(problems) == 1:
        return ConsultationError(str(problems[0]), problems=tuple(problems))
    checked = f", checked against {against}" if against else ""
    return ConsultationError(
        f"{display_path(path)}: {len(problems)} problem(s) in the consultation file{checked}",
        problems=tuple(problems),
    )


def read_consultation(path: Path) -> tuple[Consultation | None, YamlDoc | None, list[Problem]]:
    """Read and validate a consultation file: the consultation (None if invalid), its YAML, and
    every problem found in it; never raises for bad content."""
    if path.suffix.lower() in (".txt", ".md", ".markdown", ".docx") and path.is_file():
        message = (
            f"is not a consultation file (YAML); to make one from a consultation's questions, "
            f"run: lga-draft new --questions {display_path(path)}"
        )
        return None, None, [Problem(display_path(path), None, message)]
    try:
        doc = load_yaml(path, bad_dates_as_text=True)
    except YamlError as exc:
        return None, None, [exc.problem]
    if not isinstance(doc.data, dict):
        kind = "empty" if doc.data is None else f"a {type(doc.data).__name__}"
        problem = Problem(
            doc.name, 1, f"a consultation file must be a mapping of fields, not {kind}"
        )
        return None, doc, [problem]
    problems = list(doc.bad_dates.values())
    consultation, found = validate(Consultation, doc.data, doc)
    # an impossible date is reported once, as itself, not again as a field that is not a date
    bad_lines = {p.line for p in problems}
    problems += [p for p in found if p.line not in bad_lines]
    numbers: dict[str, int | None] = {}  # each number, and the line it is first given on
    for i, q in enumerate(consultation.questions if consultation else ()):
        line = doc.line_of(("questions", i, "number"))
        if q.number in numbers:
            first = numbers[q.number]
            problems.append(
                Problem(
                    doc.name,
                    line,
                    f"question number '{q.number}' is used twice"
                    + (f" (first on line {first})" if first else "")
                    + "; give each question its own number",
                )
            )
        numbers.setdefault(q.number, line)
        if q.view and q.options and q.view.casefold() not in {o.casefold() for o in q.options}:
            problems.append(
                Problem(
                    doc.name,
                    doc.line_of(("questions", i, "view")),
                    f"question {q.number}: view '{q.view}' is not one of its options "
                    f"({', '.join(q.options)})",
                )
            )
    return consultation, doc, problems


def valid_questions(consultation: Consultation | None, doc: YamlDoc) -> list[tuple[int, Question]]:
    """Each question that is valid on its own, with its place in the file: those of an invalid
    file too, so what they name can be checked in the same run."""
    if consultation is not None:
        return list(enumerate(consultation.questions))
    raw = doc.data.get("questions") if isinstance(doc.data, dict) else None
    out = []
    for i, item in enumerate(raw if isinstance(raw, list) else []):
        question, _ = validate(Question, item, doc, ("questions", i))
        if question is not None:
            out.append((i, question))
    return out
