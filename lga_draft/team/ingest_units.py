"""A sent document cut into units of argument: what becomes one draft position each.

- A document that answers numbered questions ("1. What does your organisation ...?") gives one
  unit per question: everything up to the next question is its answer, headings included, but
  for a heading of the questions' own rank that asks nothing: a themed section of its own. A
  bold-led paragraph above the first question is a key message, a unit of its own, as below.
- Otherwise each section heading starts a unit (a themed section), and each bold-led paragraph
  is a unit of its own (a key message), with the plain paragraphs that follow it.
- Text before the first unit is the introduction, a unit of its own; when short and before the
  first question of a response or giving the document's date, it is left out (and reported): it
  frames the document ("Read our submission, sent on 2 December 2024") rather than argues. Text above the document's title (a web page's
  banner) is left out and reported too.
- A paragraph that starts in lower case continues the one before it: a page break split it, and
  a lone heading between the two ("Briefing") is the page's running header, left out (and
  reported). A question is neither: its answer may start in lower case ("yes, if funded").

Within a unit, bullets are asks when they are calls on government: under a heading that names
asks or calls ("Our asks"), or after a paragraph that introduces them ("we recommend:"); a
subheading such as "Prevention - quick to do" gives the asks under it their timeframe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lga_draft.questions.docx_reader import Block
from lga_draft.questions.numbering import EXPLICIT as _EXPLICIT
from lga_draft.questions.numbering import NUMBERED as _NUMBERED
from lga_draft.questions.numbering import leading_number as _number
from lga_draft.team.ingest_text import document_date, heading_level, sentences, slug

DATE_BLOCKS = 5  # the date of a document is in its first paragraphs, or in its opening one
LEAD_IN_WORDS = 12  # "We ask the Government and NHS England to:" introduces; a longer line argues
INTRO_WORDS = 60  # "Read our submission, submitted on 2 December 2024 ..." is not an argument
_INTERROGATIVE = frozenset(
    [
        "what",
        "how",
        "why",
        "when",
        "where",
        "which",
        "who",
        "whom",
        "whose",
        "whether",
        "do",
        "does",
        "did",
        "should",
        "would",
        "could",
        "can",
        "is",
        "are",
        "was",
        "were",
        "will",
        "have",
        "has",
        "please",
        "to",
    ]
)
_ASK_HEADING = re.compile(r"\b(?:asks?|calls?|recommendations?)\b", re.I)
_ASK_INTRO = re.compile(
    r"\b(?:we recommend|recommend(?:ations)?|we (?:call|ask|urge)|call(?:s|ing)? on|asks?)\b", re.I
)
_TIMEFRAME = re.compile(
    r"\s[-–—]\s*((?:quick to do|in the middle|longer[- ]term|long[- ]term|medium[- ]term|"
    r"short[- ]term|immediate)[^:]*)$",
    re.I,
)
# words saying a paragraph is about the document being sent, not an argument with a date in it
_SENDING = re.compile(r"\b(?:submitted|sent|submission|published|issued|dated)\b", re.I)
_CASE_STUDY = re.compile(r"^case stud(?:y|ies)\s*[:.\-–]\s*", re.I)


@dataclass
class Para:
    """A paragraph of a unit, word for word, with where it came from."""

    text: str
    where: str
    section: str
    kind: str = "text"  # text | bullet | heading
    ask: bool = False
    timeframe: str | None = None
    council: str | None = None  # the council whose example this is, for a case study
    case_title: str | None = None
    leads_asks: bool = False  # "We ask the Government to:" before asks: the draft writes its own


@dataclass
class Unit:
    kind: str  # question | point (a key message, a bold-led point) | section | introduction
    title: str
    section: str  # the section of its title (question, heading or key messages)
    where: str
    lead: str | None = None  # a key message's bold lead-in
    paras: list[Para] = field(default_factory=list)


@dataclass
class Document:
    path: Path
    title: str | None
    date_text: str  # the text before the first unit, where the document's date may be
    sections: dict[str, str]  # key -> title, in document order
    units: list[Unit]
    left_out: list[tuple[str, str]]  # (where, text) of what no unit holds


def is_question(block: Block) -> str | None:
    """The question's number when the block is a numbered question (the importer's rules)."""
    text = " ".join(block.text.split())
    if m := _EXPLICIT.match(text):
        return m["num"]  # "Question 3" alone: its text is the next paragraph
    if block.bullet:
        return None
    if block.number and _asking(text):
        return block.number
    if (m := _number(text)) and _asking(m["rest"]):
        return m["num"]
    return None


def _asking(text: str) -> bool:
    """A question, not a numbered ask: "1. What ...?", "5. Please use this box ...", never
    "1. Provide funding for ..." (the importer counts that as asking; a sent response's numbered
    list of demands is not a list of questions)."""
    words = re.findall(r"[a-z']+", text.lower())
    return "?" in text or bool(words and words[0] in _INTERROGATIVE)


def list_item(block: Block) -> str | None:
    """The text of a numbered list item ("1. Fund care." gives "Fund care."), else None."""
    if block.heading:
        return None
    if block.number and not block.bullet:
        return " ".join(block.text.split())
    m = _NUMBERED.match(" ".join(block.text.split()))
    return m["rest"].strip() if m else None


def question_text(block: Block) -> str:
    text = " ".join(block.text.split())
    m = _EXPLICIT.match(text) or _number(text)
    return m["rest"].strip() if m and not block.number else text


def cut(path: Path, blocks: list[Block], own: str = "") -> Document:
    """The document's units, sections and what was left out. `own` is the organisation whose
    library it is: a council's own response speaks in its name, so a paragraph opening with it
    ("Northbridge Borough Council welcomes ...") is its voice, not a case study, unless marked
    as one ("Case study: ...") or under a case-studies heading."""
    blocks, headers = _mend(blocks)
    levels = [heading_level(b) for b in blocks]
    if any(b.heading for b in blocks):  # Markdown or Word headings: a short line is below them
        levels = [
            lv + 10 if lv and not b.heading else lv for b, lv in zip(blocks, levels, strict=True)
        ]
    left_out: list[tuple[str, str]] = list(headers)
    title, start = _title(blocks, levels)
    for b in blocks[: max(start - 1, 0)]:
        left_out.append((b.where, " ".join(b.text.split())))
    numbers = [is_question(b) for b in blocks]
    questions = any(n for n in numbers[start:])
    real = [lv for lv in levels[start:] if 0 < lv < 9]  # 9 and more: bold lines, short lines
    top = min(real) if real else min([lv for lv in levels[start:] if lv] or [1])
    # questions set as headings: a heading of their rank that asks nothing ("6. Temporary
    # accommodation") is a section of its own, not more of the answer above it
    asked_at = min(
        (b.heading for b, n in zip(blocks, numbers, strict=True) if n and b.heading), default=0
    )
    builder = _Builder()
    builder.own = own
    intro: list[Block] = []
    skip = -1
    for i in range(start, len(blocks)):
        block, level = blocks[i], levels[i]
        text = " ".join(block.text.split())
        if i == skip:
            continue
        if questions:
            if numbers[i]:
                asked = question_text(block)
                if not asked and i + 1 < len(blocks) and not numbers[i + 1]:
                    asked, skip = " ".join(blocks[i + 1].text.split()), i + 1
                builder.unit("question", asked or text, f"q{numbers[i]}", block)
                continue
            if asked_at and block.heading and block.heading <= asked_at and builder.current:
                builder.heading(text, block, top_level=True)
                continue
            if level and builder.current_kind == "point":  # after the key messages: a section
                builder.heading(text, block, top_level=True)
                continue
        elif level and level <= top:
            builder.heading(text, block, top_level=True)
            continue
        # a key message: a bold lead-in in a briefing, or above a response's first question (in
        # an answer, or a section between answers, a bold lead-in is part of it)
        if block.bold and not level and (not questions or builder.current_kind in (None, "point")):
            unit = builder.unit("point", block.bold, builder.section or "key-messages", block)
            unit.lead = block.bold
            rest = text[len(block.bold) :].lstrip(" -–—:") if text.startswith(block.bold) else text
            if rest:
                builder.add(rest, block, kind="text")
            continue
        if builder.current is None:
            if level:
                builder.heading(text, block, top_level=False)  # before any unit: sets a section
            intro.append(block)
            continue
        if level:
            builder.heading(text, block, top_level=False)
            builder.add(text, block, kind="heading")
        elif item := list_item(block):
            builder.add(item, block, kind="bullet")
        else:
            builder.add(text, block)
    builder.close()
    _introduction(builder, intro, title, left_out)
    # the date is at the top: in the first few paragraphs, or the opening one however far down
    first_text = next((i for i, b in enumerate(blocks) if len(b.text.split()) >= 20), 0)
    date_text = " ".join(b.text for b in blocks[: max(first_text + 1, DATE_BLOCKS)])
    units = [u for u in builder.units if u.paras or u.lead]
    left_out += [(p.where, p.text) for u in units for p in u.paras if p.leads_asks]
    left_out += [
        (u.where, f"{u.title} (no answer)")
        for u in builder.units
        if u.kind == "question" and not u.paras
    ]
    cited = {p.section for u in units for p in u.paras if not p.leads_asks}
    cited |= {u.section for u in units}
    sections = {k: v for k, v in builder.sections.items() if k in cited}
    return Document(path, title, date_text, sections, units, left_out)


def _mend(blocks: list[Block]) -> tuple[list[Block], list[tuple[str, str]]]:
    """Join a paragraph a page break split (it starts in lower case) to the one before it,
    leaving out a lone heading between them (the page's running header), which is returned to
    be reported. A question is neither a running header nor joined onto: an answer may start
    in lower case ("yes, if it is funded")."""
    out: list[Block] = []
    headers: list[tuple[str, str]] = []
    for block in blocks:
        text = block.text.strip()
        if text and text[0].islower() and not block.bullet and out:
            back = len(out) - 1
            if heading_level(out[back]) and back > 0 and not is_question(out[back]):
                back -= 1  # the running header
            if not heading_level(out[back]) and not is_question(out[back]):
                out[back].text = f"{out[back].text.rstrip()} {text}"
                headers += [
                    (b.where, f"{' '.join(b.text.split())} (a page's running header)")
                    for b in out[back + 1 :]
                ]
                del out[back + 1 :]
                continue
        out.append(block)
    return out, headers


def _title(blocks: list[Block], levels: list[int]) -> tuple[str | None, int]:
    """The document's title (a heading opening it, or after one line such as a web page's
    banner) and where its text starts."""
    for i, (block, level) in enumerate(zip(blocks[:2], levels[:2], strict=False)):
        if level and not is_question(block):
            return " ".join(block.text.split()).rstrip(":"), i + 1
    return None, 0


def _introduction(
    builder: _Builder, intro: list[Block], title: str | None, left_out: list[tuple[str, str]]
) -> None:
    text_blocks = [b for b in intro if not heading_level(b)]
    words = sum(len(b.text.split()) for b in text_blocks)
    # a short opening that dates the document or comes before the questions frames it
    framing = any(u.kind == "question" for u in builder.units) or bool(
        document_date(" ".join(b.text for b in text_blocks))
    )
    if not text_blocks or (framing and words < INTRO_WORDS):
        left_out.extend((b.where, " ".join(b.text.split())) for b in intro)
        return
    # a longer one opening with a short paragraph that dates the document ("Submitted to the
    # Ministry ... on 10 February 2025") argues after it: that paragraph alone is the framing
    first = text_blocks[0]
    if (
        len(first.text.split()) < INTRO_WORDS
        and document_date(first.text)
        and _SENDING.search(first.text)
    ):
        left_out.append((first.where, " ".join(first.text.split())))
        intro = [b for b in intro if b is not first]
    unit = Unit("introduction", title or "Introduction", "introduction", intro[0].where)
    builder.sections.setdefault("introduction", "Introduction")
    for block in intro:
        item = list_item(block)
        kind = "heading" if heading_level(block) else "bullet" if block.bullet or item else "text"
        text = item or " ".join(block.text.split())
        unit.paras.append(Para(text, block.where, "introduction", kind=kind))
    _mark_asks(unit, builder.own)
    builder.units.insert(0, unit)


class _Builder:
    """Collects units and sections as the document is read, top to bottom."""

    def __init__(self) -> None:
        self.units: list[Unit] = []
        self.sections: dict[str, str] = {}
        self.current: Unit | None = None
        self.section: str | None = None  # the section paragraphs now belong to
        self._keys: dict[str, str] = {}  # heading text -> key
        self.own = ""  # the library's organisation: its name opening a paragraph is its voice

    @property
    def current_kind(self) -> str | None:
        return self.current.kind if self.current else None

    def key(self, title: str, wanted: str | None = None) -> str:
        key = wanted or slug(title, words=6, max_chars=50)
        base, n = key, 1
        while key in self.sections:
            n += 1
            key = f"{base}-{n}"
        self.sections[key] = title
        return key

    def unit(self, kind: str, title: str, section: str, block: Block) -> Unit:
        if kind == "question":
            section = self.key(f"Question {section[1:]}: {title}", section)
        elif section not in self.sections:
            section = self.key("Key messages", section)
        self.close()
        self.current = Unit(kind, title, section, block.where)
        self.units.append(self.current)
        self.section = section
        return self.current

    def heading(self, text: str, block: Block, *, top_level: bool) -> None:
        self.section = self.key(text.rstrip(":"))
        if top_level:
            self.close()
            self.current = Unit("section", text.rstrip(":"), self.section, block.where)
            self.units.append(self.current)

    def add(self, text: str, block: Block, kind: str | None = None) -> None:
        assert self.current is not None
        kind = kind or ("bullet" if block.bullet else "text")
        self.current.paras.append(
            Para(text, block.where, self.section or self.current.section, kind=kind)
        )

    def close(self) -> None:
        if self.current is not None:
            _mark_asks(self.current, self.own)


def _mark_asks(unit: Unit, own: str = "") -> None:
    """Mark the bullets that are calls on government, with their timeframes, and the case
    studies: see the module docstring."""
    from lga_draft.team.ingest_text import council

    asking = bool(_ASK_HEADING.search(unit.title)) and unit.kind == "section"
    timeframe: str | None = None
    intro_asks = False
    heading: str | None = None
    case_section = "case stud" in unit.title.lower()
    opener: Para | None = None  # the paragraph or heading that introduced the asks below it
    last = unit.section  # the section of the paragraph before this one
    before = unit.section  # ... and of the one before the opener: a heading opens its own
    for para in unit.paras:
        previous, last = last, para.section
        if para.kind != "bullet":
            opener = None
        if para.kind == "heading":
            if _ASK_HEADING.search(para.text) or _ASK_INTRO.search(para.text):
                opener, before = para, previous
            if m := _CASE_STUDY.match(para.text):  # "Case study: 100% Digital Leeds"
                _case_study(para, para.text[m.end() :])
            heading = para.text.rstrip(":")
            if _ASK_HEADING.search(para.text):
                asking = True
            m = _TIMEFRAME.search(heading)
            timeframe = m.group(1).strip() if m else (timeframe if asking else None)
            if "case stud" in heading.lower():
                case_section = True
            named = council(heading)
            if named and named == heading.strip():
                heading = named
            continue
        if para.kind == "bullet":
            para.ask = asking or intro_asks
            para.timeframe = timeframe if para.ask else None
            if opener is not None and para.ask and _lead_in(opener.text):
                opener.leads_asks = True  # left out of the body with the asks it introduced
                if opener.kind == "heading" and para.section == opener.section:
                    para.section = last = before  # cite the answer, not a "We ask ..." section
            continue
        intro_asks = para.text.rstrip().endswith(":") and bool(_ASK_INTRO.search(para.text))
        opener = para if intro_asks else None
        # case studies: "Case study: ..." paragraphs, and paragraphs about a named council
        if m := _CASE_STUDY.match(para.text):
            _case_study(para, para.text[m.end() :])
        elif heading and council(heading) == heading:
            para.council, para.case_title = heading, unit.title
        elif (named := council(para.text)) and (
            case_section or (para.text.startswith(named) and named != own)
        ):
            para.council, para.case_title = named, heading or unit.title


def _lead_in(text: str) -> bool:
    """A line that only introduces a list of asks ("We ask the Government to:", "Our asks",
    "We recommend that:"), whose words the draft writes itself before the asks; a longer one
    argues something and stays in the body."""
    return len(text.split()) <= LEAD_IN_WORDS and len(sentences(text)) <= 1


def _case_study(para: Para, title: str) -> None:
    """A "Case study: ..." line: the council it names, else the place ("in Tower Hamlets"), else
    the words before its first colon."""
    from lga_draft.team.ingest_text import council, place

    title = title.strip().rstrip(".")
    para.council = council(title) or place(title) or title.split(":")[0].strip()
    para.case_title = title
