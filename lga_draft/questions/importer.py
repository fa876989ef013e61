"""Reading a consultation's questions from a .txt, .md or .docx document.

The document is first cut into blocks (paragraphs, headings, list items, each with the number the
document gives it, if any); one set of rules then decides which blocks are questions, for every
format alike:

- a block numbered "Question 1:", "Q1", "1.", "1)", "(1)" or "2.1", or an item of a Word numbered
  list, is a question if it asks something (a question mark, or an opening such as "What",
  "Should", "Please"); "Question N" and "QN" always are. In a run of numbered paragraphs one of
  which asks and the others read as points of a list (lower case, or ending in ";" or ","), each
  is a question, as an inquiry's terms of reference are ("1. the scale of delayed transfers of
  care", ... "6. what has worked ..."). Otherwise it is a section heading or a numbered
  paragraph of the consultation's own text;
- a heading "Question 3" takes its text from the paragraph after it; a heading that asks is a
  question by itself;
- an unnumbered paragraph straight after a question that asks again ("Please explain your answer",
  "If not, why not?") belongs to it; answer boxes such as "Yes / No / Don't know" are dropped;
- a sentence framing the questions ("The Committee is seeking views on the following:") asks
  nothing (`asking.framing`), and in a procedural part ("How to respond", "Submitting evidence")
  only a numbered question ending in a question mark does (`sections.aside`);
- anything else is the consultation's own text: kept as context for the question it precedes,
  never turned into a question. A document with no numbered questions at all falls back to its
  paragraphs that end in a question mark, numbered in order; then to its short numbered
  paragraphs (an inquiry's terms of reference written as noun phrases under headings of their
  own: "3. Recent public spending on services covering the First 1000 Days."), or its bulleted
  items (those that ask, if any do), see `_points`.

Numbers are kept as the consultation gives them, less the "Q"/"Question" prefix and punctuation
("Q3" and "3." are both "3"), since templates print "Question 3".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lga_draft.errors import InputFileError, display_path
from lga_draft.questions.asking import asks, follows_up, framing, item_asks, point, reported
from lga_draft.questions.docx_reader import Block
from lga_draft.questions.forms import (
    ABOUT_YOU,
    RESPONDENT_CHARS,
    agree,
    closing_date,
    furniture,
    is_box,
    limit,
    options,
    unmark,
    unnote,
)
from lga_draft.questions.masthead import (
    announcing,
    headline_only,
    inquiry_name,
    issuer_like,
    issuer_name,
    lists_questions,
    responsible_body,
    title_like,
    unlabelled,
)
from lga_draft.questions.numbering import (
    BULLET,
    EXPLICIT,
    LETTER,
    leading_number,
    nested_under,
    numbered_in_order,
)
from lga_draft.questions.sections import aside, heading, sectioned
from lga_draft.questions.text_reader import read_text, text_blocks

MAX_QUESTIONS = 500
POINT_CHARS = 600  # a point of an inquiry's terms of reference is a line or two, not a page
CONTEXT_CHARS = 800  # guidance kept per question, as comments in the consultation file

SUFFIXES = (".txt", ".md", ".markdown", ".docx")

# a question whose lettered items are the choices it offers, not its parts
_CHOOSE = re.compile(
    r"\bwhich (?:of the following|one)\b|\b(?:select|choose|tick) (?:one|all|the)\b", re.I
)
# quotation marks and brackets that may close a question after its question mark
_CLOSING = "\"'”’)]"
# a numbered paragraph that asks for evidence on the lettered points under it ("submitters may
# wish to address:"), not one of the consultation's own that lists things ("The options are:")
_INVITES = re.compile(
    r"\b(?:submissions?|evidence|views?|address|comments?|respond|responses?|consider)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ImportedQuestion:
    number: str
    text: str
    where: str
    context: str | None = None  # the consultation's own text just before the question
    options: tuple[str, ...] = ()  # the answers its form offers ("Agree", "Disagree"), if any
    words: int | None = None  # the length its form allows ("Maximum 250 words")
    max_chars: int | None = None  # ... in characters ("Character limit: 1500")
    section: str | None = None  # the heading it comes under ("Chapter 2: Workforce"), see sections
    note: str | None = None  # the consultation's own text after it, before the next heading


@dataclass(frozen=True)
class ImportedDocument:
    source: Path
    title: str | None
    preamble: str | None
    questions: tuple[ImportedQuestion, ...] = field(default_factory=tuple)
    issued_by: str | None = None  # a first line such as "Department of Health and Social Care"
    not_asked: tuple[str, ...] = ()  # numbers of numbered paragraphs kept as text: they ask nothing
    points: str = ""  # what was taken as the questions, none being numbered and asking
    # the form's questions about the respondent (name, postcode ...), left out of the draft
    respondent: tuple[ImportedQuestion, ...] = ()

    @property
    def about_you(self) -> tuple[str, ...]:
        """The numbers of the form's questions about the respondent (name, postcode), left out."""
        return tuple(q.number for q in self.respondent)

    closes: tuple[dt.date, str] | None = None  # the closing date its text gives, and those words


def read_questions(path: Path) -> ImportedDocument:
    """The questions of a document. Raises `InputFileError` with a one-line message."""
    name = display_path(path)
    blocks = document_blocks(path)
    doc = parse_blocks(blocks, path)
    if not doc.questions:
        raise InputFileError(
            f"{name}: no questions found (looked for 'Question 1', 'Q1', '1.', "
            "'1)' and numbered lists); nothing was written"
        )
    if len(doc.questions) > MAX_QUESTIONS:
        raise InputFileError(
            f"{name}: more than {MAX_QUESTIONS} questions found; is this the questions document?"
        )
    return doc


def check_document(path: Path, what: str = "the questions") -> None:
    """That `path` is a .txt, .md or .docx file to read, else a one-line `InputFileError` saying
    what to do (copy a PDF's text into a .txt ...); it reads nothing, so `new` asks it first."""
    name, suffix = display_path(path), path.suffix.lower()
    kinds = f"{', '.join(SUFFIXES[:-2])} or .docx"
    if path.is_dir():
        raise InputFileError(f"{name}: is a folder, not a file; give a {kinds} file")
    if suffix in (".doc", ".odt", ".rtf"):
        kind = "a Word 97-2003 (.doc) file" if suffix == ".doc" else f"cannot read '{suffix}' files"
        raise InputFileError(f"{name}: {kind}; save it as .docx and try again")
    if suffix == ".pdf":
        raise InputFileError(f"{name}: PDF cannot be read; copy {what} into a .txt file")
    if suffix in (".html", ".htm"):
        raise InputFileError(f"{name}: cannot read web pages; copy {what} into a .txt file")
    if not suffix and path.exists():
        raise InputFileError(f"{name}: has no extension; rename it to end in .txt, .md or .docx")
    if suffix and suffix not in SUFFIXES:
        raise InputFileError(f"{name}: cannot read '{suffix}' files; give a {kinds} file")
    if not path.exists():
        raise InputFileError(f"{name}: no such file")
    if not path.is_file():
        raise InputFileError(f"{name}: is not a file")


def document_blocks(
    path: Path,
    text_reader: Callable[[str, bool], list[Block]] | None = None,
    *,
    what: str = "the questions",
) -> list[Block]:
    """The blocks of a .txt, .md or .docx document, after `check_document` and the checks on its
    size and content. `text_reader(text, markdown)` (default `text_blocks`): ingest's own."""
    check_document(path, what)
    name, suffix = display_path(path), path.suffix.lower()
    if suffix == ".docx":
        from lga_draft.questions.docx_reader import docx_blocks

        blocks = docx_blocks(path)  # size and zip limits: lga_draft.word.ziplimits
    else:
        reader = text_reader or (lambda text, markdown: text_blocks(text, markdown=markdown))
        blocks = reader(read_text(path), suffix != ".txt")
    if not any(b.text.strip() for b in blocks):
        raise InputFileError(f"{name}: is empty; nothing was written")
    return blocks


def _listed(blocks: list[Block]) -> set[int]:
    """The blocks in a run of numbered paragraphs (nothing else between them) one of which asks and
    the others read as points of a list: the points a consultation asks about (an inquiry's terms
    of reference), each a question though not worded as one."""
    out: set[int] = set()
    run: list[int] = []
    asked, points = False, True
    for i, block in enumerate([*blocks, None]):
        text = " ".join(block.text.split()) if block is not None else ""
        if block is not None and not text:
            continue
        numbered = None
        if block is not None and not (block.heading or block.bullet or EXPLICIT.match(text)):
            numbered = leading_number(text)
        if block is not None and (numbered or block.number):
            run.append(i)
            rest = numbered["rest"] if numbered else text
            asking = asks(rest)
            asked, points = asked or asking, points and (asking or point(rest))
            continue
        if asked and points and len(run) > 1:
            out.update(run)
        run, asked, points = [], False, True
    return out


def parse_blocks(
    blocks: list[Block],
    source: Path,
    *,
    points: set[int] | None = None,
    procedure: set[int] | None = None,
) -> ImportedDocument:
    """Apply the rules of the module docstring to the blocks of a document (`points`: the
    numbered blocks to take as questions although none asks, see `_points`; `procedure`: the
    blocks of its procedural parts, "How to respond" and the like, see `sections.aside`, where
    only a question numbered as one, or numbered and ending in a question mark, is one)."""
    procedure = aside(blocks) if procedure is None else procedure
    listed = ((_listed(blocks) | _stems(blocks)) if points is None else points) - procedure
    under = nested_under(blocks)  # bulleted questions nested under a bulleted one are its parts
    questions: list[dict[str, Any]] = []
    context: list[str] = []
    preamble: list[str] = []
    title: str | None = None
    headline = ""  # the line the title was taken from
    issued_by: str | None = None
    open_question = False  # the last block was (part of) a question: follow-ups may join it
    question_row: str | None = None  # the form's table row the last question is in, if any
    pending: dict[str, Any] | None = None  # "Question 3" heading awaiting its text
    not_asked: list[str] = []  # numbered paragraphs that ask nothing: the consultation's own text
    parent: str | None = None  # the number of the last numbered paragraph: "2" for "(a)" under it
    section: str | None = None  # the last heading above, if a section (see sections.py)

    def add(number: str, text: str, where: str) -> dict[str, Any]:
        text, words, chars = limit(unnote(unmark(text)))  # "NEW What ...? Character limit: 1500"
        asked, _, box = text.rpartition("?")  # "Should councils decide? ☐ Yes ☐ No"
        inline = bool(asked and box.strip() and is_box(box.strip()))
        q = {
            "number": number,
            "text": f"{asked}?" if inline else text,
            "where": where,
            "context": _clip(" ".join(context)) if context else None,
            "options": options(box.strip()) if inline else [],
            "words": words,
            "max_chars": chars,
            "section": section,
        }
        questions.append(q)
        context.clear()
        nonlocal question_row, parent
        question_row = block.row
        if number and not LETTER.fullmatch(number) and not number.endswith(tuple("abcdefgh")):
            parent = number  # its lettered parts are "2a", "2b"
        return q

    for i, block in enumerate(blocks):
        text = " ".join(block.text.split())
        if not text or furniture(text):
            continue
        # under "How to respond", "Please send ..." asks nothing of the consultation's subject
        asking = asks if i not in procedure else lambda t: t.rstrip(_CLOSING).endswith("?")
        if is_box(text):  # the form's answer box: the choice it offers is kept
            if open_question and questions:
                offered = questions[-1]["options"]
                offered += [o for o in options(text) if o not in offered]
            continue
        rest, words, chars = limit(text)
        if questions and open_question and not rest:  # "Maximum 250 words"
            questions[-1]["words"] = questions[-1]["words"] or words
            questions[-1]["max_chars"] = questions[-1]["max_chars"] or chars
            continue
        sub = block.number if block.number and LETTER.fullmatch(block.number) else None
        if pending is not None:  # a "Question 3" heading: this paragraph is its text
            waiting, pending = pending, None
            if not (block.heading or EXPLICIT.match(text) or leading_number(text)):
                waiting["text"] = text
                open_question = True
                continue
        explicit = EXPLICIT.match(text)
        numbered = None if explicit or block.bullet else leading_number(text)
        if (
            sub and parent and not asking(text) and _choosing(questions)
        ):  # "Which of the following?"
            questions[-1]["options"].append(text)  # "(a) housing (b) transport": its choices
        elif sub and parent:  # "(a) If yes, which method?" under question 2: question 2a
            add(f"{parent}{sub}", text, block.where)
            open_question = True
        elif explicit:
            q = add(explicit["num"], explicit["rest"].strip(), block.where)
            if not q["text"]:
                pending = q
            open_question = True
        elif block.number and not block.bullet and (asking(text) or (i in listed and not sub)):
            add(block.number, text, block.where)
            open_question = True
        elif numbered and (asking(numbered["rest"]) or i in listed):
            add(numbered["num"], numbered["rest"].strip(), block.where)
            open_question = True
        elif block.bullet and points is not None and i in points:
            add("", BULLET.sub("", text, count=1).strip(), block.where)["under"] = under.get(i)
            open_question = True
        elif block.heading and text.endswith("?") and i not in procedure:
            add("", text, block.where)
            open_question = True
        elif (
            open_question
            and not block.heading
            and block.row == question_row
            and i not in procedure
            and follows_up(text)
        ):
            text, words, chars = limit(text)
            questions[-1]["text"] = f"{questions[-1]['text']} {text}".strip()
            questions[-1]["words"] = questions[-1]["words"] or words
            questions[-1]["max_chars"] = questions[-1]["max_chars"] or chars
        else:
            number = numbered["num"] if numbered else block.number
            own = number if number and not (block.heading or block.bullet) else None
            # "1. The Committee is seeking views on the following:": its lettered items are
            # questions 1a, 1b; any other numbered paragraph's are the consultation's own text
            leads = bool(own) and framing(numbered["rest"] if numbered else text)
            if own and not leads and i not in procedure:  # a "How to submit" list is no loss
                not_asked.append(own)
            parent = own if leads else None
            name = heading(text, block) if text not in (headline, issued_by) else None
            if name is not None and questions and context and not questions[-1].get("headed"):
                # text between a question and the next heading is a note on that question
                # ("Please give examples"), not guidance for the next one, under another heading
                questions[-1]["note"] = _clip(" ".join(context))
                context.clear()
            if name is not None and questions:
                questions[-1]["headed"] = True  # what follows is under another heading
            first = not (questions or preamble or context)
            # the body's name, above or below the title, or below a first line not taken for one
            early = not (questions or context) and len(preamble) <= 1
            if issued_by is None and early and issuer_like(text):
                issued_by = issuer_name(text)
            elif title is None and first and headline_only(text):
                pass  # a news headline naming no inquiry: its name is the next line
            elif title is None and first and title_like(text, block) and not lists_questions(text):
                title = unlabelled(text)
                headline = text
            elif not (questions or context or block.heading or name):  # before any section
                preamble.append(text)
            else:
                context.append(text)
            if name is not None and text not in (headline, issued_by):
                section = name or None
            open_question = False
    questions = [q for q in questions if q["text"]]
    if not questions:
        questions = _fallback(blocks, procedure)
    if not questions and points is None and (found := _points(blocks, procedure)):
        return parse_blocks(blocks, source, points=found, procedure=procedure)
    if not questions and procedure:  # all that asks is under "How to respond": read it all
        return parse_blocks(blocks, source, points=points, procedure=set())
    questions = numbered_in_order(questions)
    sectioned(questions)
    about = [q for q in questions if _about_you(str(q["text"]))]
    asked = [q for q in questions if not _about_you(str(q["text"]))]
    texts = [b.text for b in blocks if b.text.strip()]
    return ImportedDocument(
        source=source,
        title=inquiry_name(headline, texts) or title,
        issued_by=issued_by or responsible_body(texts) or announcing(texts),
        not_asked=tuple(not_asked) if questions else (),
        points=_taken(blocks, points) if points is not None and questions else "",
        respondent=tuple(_imported(q) for q in about) if asked else (),
        closes=closing_date([b.text for b in blocks]),
        preamble=_clip(" ".join(preamble)) if preamble else None,
        questions=tuple(_imported(q) for q in (asked or questions)),
    )


def _choosing(questions: list[dict[str, Any]]) -> bool:
    """Does the last question offer its lettered items as choices ("Which of the following ...")?"""
    return bool(questions) and _CHOOSE.search(str(questions[-1]["text"])[:POINT_CHARS]) is not None


def _imported(q: dict[str, Any]) -> ImportedQuestion:
    return ImportedQuestion(
        str(q["number"]),
        str(q["text"]),
        str(q["where"]),
        q["context"],
        tuple(q.get("options") or ()) or agree(str(q["text"])),
        q.get("words"),
        q.get("max_chars"),
        q.get("section"),
        q.get("note"),
    )


def _about_you(question: str) -> bool:
    """A form's question about the respondent ("Please tell us your name?"), not the policy."""
    return len(question) <= RESPONDENT_CHARS and bool(ABOUT_YOU.search(question))


def _stems(blocks: list[Block]) -> set[int]:
    """The numbered paragraphs with lettered items under them: the stem of a question in parts
    ("1. The Committee is inviting submissions on ... may wish to address:" and its a. to d.) is
    a question though it asks nothing itself."""
    out: set[int] = set()
    for i, (block, after) in enumerate(zip(blocks, blocks[1:], strict=False)):
        lettered = after.number and LETTER.fullmatch(after.number) and not is_box(after.text)
        own = block.number and LETTER.fullmatch(block.number)
        invites = block.text.rstrip().endswith(":") and _INVITES.search(block.text)
        if lettered and not own and invites and not framing(block.text):
            out.add(i)
    return out


def _points(blocks: list[Block], procedure: set[int]) -> set[int]:
    """No numbered question anywhere: the points a consultation asks about, as a select
    committee's terms of reference are. Its short numbered paragraphs, if it has two or more,
    under headings of their own ("National strategy", "1. The top priorities for a national
    strategy", ...); else its bulleted items that ask ("- What works in prevention?", and "- How
    effective is treatment? This refers to ...", see `item_asks`); else its
    short bulleted items ("The Committee invites evidence on: - the autonomy of integrated care
    systems; ..."). `new` says it took them so."""
    numbered: set[int] = set()
    bullets: set[int] = set()
    asking: set[int] = set()
    for i, block in enumerate(blocks):
        text = " ".join(block.text.split())
        if block.heading or not text or len(text) > POINT_CHARS or i in procedure:
            continue
        if block.bullet:
            bullets.add(i)
            if item_asks(BULLET.sub("", text, count=1)):
                asking.add(i)
        elif block.number or leading_number(text):
            numbered.add(i)
    return next((found for found in (numbered, asking, bullets) if len(found) > 1), set())


def _taken(blocks: list[Block], points: set[int]) -> str:
    """What `_points` took, as `new` names it."""
    return "bulleted item(s)" if any(blocks[i].bullet for i in points) else "numbered point(s)"


def _fallback(blocks: list[Block], procedure: set[int]) -> list[dict[str, Any]]:
    """No numbered question anywhere: each paragraph that ends in a question mark is one, a
    question quoted on a page too ('Another question is "what ... improvement?"'), and so is each
    request a page reports ("It also asks what ..."). Bulleted questions among them are too
    ("Questions include: - Do you think ...?" before a paragraph that asks); bulleted questions
    alone are the terms of reference `_points` takes. A question given again ("For example: Do
    you think ...?") is the one asked already."""
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    paragraphs = False  # any not bulleted
    under = nested_under(blocks)
    for i, block in enumerate(blocks):
        text = " ".join(block.text.split())
        if block.bullet:
            text = BULLET.sub("", text, count=1).strip()
        if i in procedure or text.casefold() in seen:  # "Have a question? Email us"
            continue
        ends = text.rstrip(_CLOSING)
        quoted = re.search(r"[\"“‘]([^\"“”‘]+)\?$", ends) if ends != text else None
        asking = asks((quoted.group(1) if quoted else ends).rstrip("?"))
        told = reported(text, re.findall(r"[a-z']+", text.lower()))  # "It also asks what"
        if block.bullet and not (ends.endswith("?") and asking):
            continue
        if (ends.endswith("?") and asking or told) and len(text) <= 600:
            out.append({"number": "", "text": text, "where": block.where, "context": None})
            if block.bullet:
                out[-1]["under"] = under.get(i)
            seen.add(text.casefold())
            paragraphs = paragraphs or not block.bullet
    return out if paragraphs else []


def _clip(text: str) -> str:
    return text if len(text) <= CONTEXT_CHARS else text[: CONTEXT_CHARS - 1].rstrip() + "…"
