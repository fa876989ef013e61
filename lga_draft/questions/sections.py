"""The sections a consultation groups its questions under ("Empowering local leaders",
"Chapter 2: Workforce"), as the importer reads them from the headings between its questions.

A heading is a Word or Markdown heading, or in plain text a short line of its own that reads as
one (a word of five letters or more that is not a form's field, or up to twelve; no closing
punctuation, no figures but a chapter's number). A heading that starts a part of the document
around the questions ("Questions", "About you", "How to respond") is not a section: the questions
after it belong to none. A question keeps the section of the last heading above it; a document
with fewer than two sections has none (`sectioned`).
"""

from __future__ import annotations

import re
from typing import Any

from lga_draft.questions.docx_reader import Block
from lga_draft.questions.forms import is_box

SECTION_CHARS = 200  # a heading is a line or two, not a paragraph
PLAIN_WORDS = 12  # ... and in plain text, a short one
# "(questions 1 to 14)", "(Q1-Q5)" after a heading: which questions it holds, not its name (a
# number must follow, so "(quality and safety)" stays; one run of spaces, so no backtracking)
_RANGE = re.compile(r"[(\[](?:q|questions?) ?\d[\d\s,&a-z–-]*[)\]]$", re.IGNORECASE)
# the parts of a document around its questions, not a subject they are grouped by
_AROUND = re.compile(
    r"\b(?:questions?|about you|your details|respondent|personal (?:details|information)|"
    r"contact details|privacy|data protection|confidential(?:ity)?|how to respond|responding|"
    r"introduction|background|overview|contents|next steps|annex|appendix|foreword|glossary|"
    r"terms of reference|summary|survey|form|call for evidence|inquiry|consultation)\b",
    re.IGNORECASE,
)
# figures allowed in a plain line: a chapter's or part's number ("Chapter 2: Workforce", "3. Data")
_NUMBERED = re.compile(r"^(?:(?:chapter|part|section|theme)\s+)?\d{1,2}[.:]?\s", re.IGNORECASE)


def heading(text: str, block: Block) -> str | None:
    """The heading's words if the block is a heading at all ("" for one that starts a part of the
    document around the questions), else None."""
    name = _RANGE.sub("", text.strip()).strip()
    if block.row or block.bullet or len(name) > SECTION_CHARS or text.endswith("?"):
        return None
    if not block.heading and not _plain_heading(name):
        return None
    return "" if not name or _AROUND.search(name) else name


# one word on a line of its own is a heading ("Workforce", "Funding"), unless a form's field
_FIELDS = frozenset(
    """
    name email e-mail organisation organization address postcode telephone phone other comments
    signature date role position title
    """.split()  # noqa: SIM905
)


def _plain_heading(text: str) -> bool:
    words = text.split()
    figures = re.sub(_NUMBERED, "", text) if _NUMBERED.match(text) else text
    if len(words) == 1 and (len(text) < 5 or not text.isalpha() or text.lower() in _FIELDS):
        return False
    return (
        1 <= len(words) <= PLAIN_WORDS
        and (text[0].isupper() or text[0].isdigit())
        and not text.endswith((".", ":", ";", ",", "!", ")"))
        and ". " not in text
        and not any(c.isdigit() for c in figures)
        and "@" not in text
        and "://" not in text
        and not is_box(text)
    )


def sectioned(questions: list[dict[str, Any]]) -> None:
    """Take the sections off the questions unless they fall in two or more."""
    if len({q["section"] for q in questions if q.get("section")}) < 2:
        for q in questions:
            q["section"] = None
