"""The sections a consultation groups its questions under ("Empowering local leaders",
"Chapter 2: Workforce"), as the importer reads them from the headings between its questions.

A heading is a Word or Markdown heading, or in plain text a short line of its own that reads as
one (a word of five letters or more that is not a form's field, or up to twelve; no closing
punctuation, no figures but a chapter's number), or a short label ending in a colon ("Health
and harms:") that does not lead into a list ("Key issues include:"), see `labelled`. A heading
that starts a part of the document around the questions ("Questions", "About you", "How to
respond") is not a section: the questions after it belong to none. A question keeps the section
of the last heading above it; a document with fewer than two sections has none (`sectioned`).

The procedural parts around the questions ("How to respond", "Submitting evidence", "Deadline",
"What happens next?", "Privacy notice", "Contact us") hold no questions at all: what they ask
("Please send your response by ...", "Have a question? ...") is about responding (`aside`).
"""

from __future__ import annotations

import re
from typing import Any

from lga_draft.questions.asking import asks as _asks
from lga_draft.questions.asking import on_responding
from lga_draft.questions.docx_reader import Block
from lga_draft.questions.forms import is_box
from lga_draft.questions.numbering import EXPLICIT, leading_number

SECTION_CHARS = 200  # a heading is a line or two, not a paragraph
PLAIN_WORDS = 12  # ... and in plain text, a short one
# "(questions 1 to 14)", "(Q1-Q5)" after a heading: which questions it holds, not its name (a
# number must follow, so "(quality and safety)" stays; one run of spaces, so no backtracking)
_RANGE = re.compile(r"[(\[](?:q|questions?) ?\d[\d\s,&a-z–-]*[)\]]$", re.IGNORECASE)
# a notice on personal data, which never asks anything of the respondent
_NOTICE_WORDS = (
    r"^(?:your )?(?:privacy|data protection|confidentiality|personal (?:data|information))\b"
)
# the procedural parts of a document around its questions: how, when and where to respond, what
# happens to the responses, whom to ask; or, on a line of its own, a way of responding ("Online",
# "By email") under "How to respond". Not a subject worded alike: "Responding to winter pressures",
# "Sharing data and protecting privacy" hold questions on the consultation's subject
_PROCEDURE = re.compile(
    r"\brespond(?:ing)?\b(?! to (?!(?:this|the|our) (?:consultation|call|inquiry|survey)\b))|"
    r"\bsubmi(?:t|ts|tting|ssions?)\b|\breply\b|"
    r"\byour (?:responses?|evidence|comments)\b|\b(?:giv|writt|send)(?:en|ing)? evidence\b|"
    r"\b(?:oral|give) evidence\b|\bwitnesses\b|\bdeadlines?\b|\bclosing dates?\b|\bkey dates\b|"
    r"\bwhat happens next\b|\bnext steps\b|\bafter the (?:consultation|call for evidence) closes\b|"
    r"\bpublication of (?:responses|evidence|submissions)\b|\benquiries\b|\bget in touch\b|"
    r"\bcontact (?:us|details|information|the (?:team|committee))\b|"
    r"\b(?:further|more) information\b|\bfreedom of information\b|"
    rf"{_NOTICE_WORDS}|"
    r"\b(?:privacy|data protection) (?:notice|statement|policy)\b|"
    r"\b(?:alternative|accessible|other) formats?\b|\beasy read\b|"
    r"\bcomplaints? about (?:this|the) consultation\b|"
    r"^(?:by |via |in )?(?:e-?mail|post|online|letter|writing|(?:tele)?phone)$",
    re.IGNORECASE,
)
_NOTICE = re.compile(_NOTICE_WORDS, re.IGNORECASE)
_ASKING_WORDS = 8  # ... a question of at least this many words, not a notice's own heading
# the other parts of a document around its questions, which may hold them ("Questions", "About
# you", "Have your say"), not a subject they are grouped by
_AROUND = re.compile(
    r"\b(?:questions?|about you|your details|respondents?|introduction|background|overview|"
    r"contents|annex|appendix|foreword|glossary|terms of reference|summary|survey|form|"
    r"call for (?:evidence|views)|inquiry|consultation|have your say|take part|get involved|"
    r"share your views|tell us what you think)\b",
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
    if not block.heading and labelled(name):
        name = name[:-1].strip()  # "Health and harms:" over its bulleted questions
    elif not block.heading and not plain_heading(name):
        return None
    return "" if not name or _AROUND.search(name) or procedural(name) else name


# words of a line leading into a list ("Key issues include:", "We welcome views on:", "In
# particular:") or going on with one ("Additionally:", "Finally:"), which a heading's own name
# ("Health and harms:", "Best practice:") never holds
_LEADS_IN = frozenset(
    """
    following include includes including below above on about address addressing regarding
    covering particular example examples welcome views evidence submissions comments seeks
    seeking invites inviting sought asked asks note please we you your our these this those such
    are is will should would may can must it they
    additionally addition also finally firstly secondly thirdly lastly furthermore moreover namely
    specifically notably especially particularly
    """.split()  # noqa: SIM905
)
LABEL_WORDS = 6  # a label over a list is a few words


def labelled(name: str) -> bool:
    """Is a line of plain text ending in a colon a heading over what follows ("Health and
    harms:", "Prevention and early intervention:"), as a committee's page heads each group of its
    terms of reference, rather than a sentence leading into a list ("Key issues include:")?"""
    if not name.endswith(":") or name.endswith("::"):
        return False
    words = name[:-1].split()
    return (
        len(words) <= LABEL_WORDS
        and plain_heading(name[:-1].strip())
        and not _LEADS_IN.intersection(w.lower() for w in words)
        and not _asks(name[:-1])
    )


def procedural(name: str) -> bool:
    """Does the heading start a procedural part ("How to respond", "Submitting evidence")?"""
    return len(name) <= SECTION_CHARS and _PROCEDURE.search(name.strip().rstrip("?:")) is not None


def aside(blocks: list[Block]) -> set[int]:
    """The blocks of the procedural parts of a document: from a heading that starts one ("How to
    respond", "What happens next?") to the next heading that does not (the questions resume
    under "Questions" or a section's own heading). A part holding a numbered question ("1. Do
    you agree ...?") holds the questions, whatever its heading: a council page may put them
    straight under "How to respond". So does one holding two or more bulleted questions of a
    sentence's length: a committee's page lists its questions under "Call for written
    submissions" ("- What are the main barriers to employment for carers ...?"), where a list
    on responding asks briefly if at all ("- Can I send evidence by post?")."""
    out: set[int] = set()
    part: list[int] = []
    holds = False  # the current part holds a numbered question, or a notice's part asks
    bulleted = 0  # the bulleted questions of a sentence's length in the current part
    inside = False
    part_name = ""
    for i, block in enumerate([*blocks, None]):
        text = " ".join(block.text.split()) if block is not None else ""
        if block is not None and not text:
            continue
        asked = text.endswith("?")  # "What happens next?" is a heading as much as a question
        name = text.rstrip("?").strip() if asked else text
        starts = block is None or heading(text, block) is not None
        if block is not None and asked and not (block.row or block.bullet):
            starts = starts or block.heading > 0 or plain_heading(name)
        if starts:
            if inside and not holds:
                out.update(part)
            inside, part, holds, bulleted = block is not None and procedural(name), [], False, 0
            part_name = name
        if inside and block is not None:
            part.append(i)
            numbered = block.number or EXPLICIT.match(text) or leading_number(text)
            holds = holds or bool(numbered and asked and not block.bullet)
            long = len(text.split()) >= _ASKING_WORDS
            # ... and not the page's own questions on responding ("- Can I send my submission
            # by post rather than through the online portal?")
            own = on_responding(text) or _PROCEDURE.search(text) is not None
            bulleted += bool(block.bullet and asked and long and not own)
            holds = holds or bulleted >= 2
            # a privacy notice asks the respondent nothing (its "Who will see your response?" is
            # a heading): a part so headed that asks is a subject ("Data protection and
            # confidentiality" in a consultation on sharing care records)
            asks = asked and not starts and len(text.split()) >= _ASKING_WORDS
            holds = holds or (asks and _NOTICE.search(part_name) is not None)
    return out


# one word on a line of its own is a heading ("Workforce", "Funding"), unless a form's field
_FIELDS = frozenset(
    """
    name email e-mail organisation organization address postcode telephone phone other comments
    signature date role position title
    """.split()  # noqa: SIM905
)


def plain_heading(text: str) -> bool:
    """Does a line of plain text read as a heading ("Workforce", "Chapter 2: Funding")?"""
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
