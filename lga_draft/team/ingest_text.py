"""What `lga-draft ingest` reads in a sent document's text: its paragraphs, sentences, figures,
periods, dates and named councils.

Sent documents come in every layout. Plain text exported from a web page has one paragraph a
line; a press release copied from an email is hard-wrapped at 60 characters with no blank lines;
a briefing marks its key messages `**bold**`. `text_blocks` turns any of these into the same
paragraphs (the importer's `Block`s), so the rest of ingest sees one shape:

- a line continues the paragraph above unless that ended a sentence (`.`, `!`, `?`, `:`, `;`,
  with any closing quote), or was a short line with no end mark (a heading), or a blank line,
  a bullet, a number or a Markdown heading comes between;
- a paragraph opening with `**words**` (or `__words__`) is bold-led; the marks are dropped from
  the text, which is otherwise kept exactly. Plain text exported from a page whose points were
  bold-led has lost the bold but kept the shape "Footprint - We strongly support ...": in a .txt
  file with no `**` marks, a paragraph opening with a short label (at most LABEL_WORDS words, no
  punctuation) and a spaced dash is bold-led by that label;
- a short paragraph with no end mark is a heading: a section (level 1), or a subsection when it
  ends in a colon (level 2), like "LGA views:". Markdown `#` headings keep their own level.

Figures follow the issue's definition: money (`£858 million`), a percentage (`27 per cent`,
`100%`) or a count with a unit (`38,000 care workers`, `2.5 million people`; a number under 100
without a scale word is not counted, nor is a year), each exactly as written, with the words
that bound it ("over £700 million", "up to 30 per cent", "more than 1,700").
"""

from __future__ import annotations

import re

from lga_draft.questions.docx_reader import Block
from lga_draft.questions.numbering import BULLET as _BULLET
from lga_draft.questions.numbering import EXPLICIT as _EXPLICIT
from lga_draft.questions.numbering import leading_number as _number

HEADING_CHARS = 100  # a heading is a short line: "Power of Secretary of State to make direct ..."
COLON_HEADING_CHARS = 60  # "Primary and community care:", not "We set out three asks:"

LABEL_WORDS = 12  # "Parity between the ICS Board and ICS Health and Care Partnership - ..."
_LABEL = re.compile(r"^(?P<label>[A-Z][^.,:;!?–—“”\"]*?[^\s.,:;!?–—])\s+[-–—]\s+\S")
_END = re.compile(r"[.!?:;][”\"’')\]]*$")
_BOLD = re.compile(r"^(?:\*\*|__)(?P<bold>.+?)(?:\*\*|__)[ \t]*(?P<rest>.*)$")
_MARKS = re.compile(r"\*\*|__")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")

_NUM = r"\d+(?:[.,]\d+)*"
_RANGE = rf"{_NUM}(?:\s?[-–]\s?{_NUM})?"
_SCALE = r"\s?(?:million|billion|trillion|bn)\b"
# "over £700 million" is not "£700 million": the words that bound a figure are part of it
_BOUND = (
    r"(?:(?<![\w-])(?:[Oo]ver|[Mm]ore than|[Ll]ess than|[Ff]ewer than|[Uu]p to|[Aa]round|[Aa]bout|"
    r"[Aa]lmost|[Nn]early|[Aa]t least|[Aa]t most|[Aa]pproximately|[Ww]ell over|[Ii]n excess of|"
    r"[Ww]ell in excess of|[Jj]ust over|[Jj]ust under|[Uu]nder) )?"
)
_FIGURE = re.compile(
    rf"{_BOUND}(?:"
    rf"(?P<money>[£$€]{_RANGE}(?:{_SCALE}|m\b|k\b)?)"
    rf"|(?P<percent>(?<![\w.]){_RANGE}\s?(?:per cent|percent|%))"
    rf"|(?P<scaled>(?<![\w.£$€]){_RANGE}{_SCALE})"
    r"|(?P<thousands>(?<![\w.£$€])\d{1,3}(?:[-–]\d{1,3})?(?:,\d{3})+(?![\d%]))"
    r"|(?P<count>(?<![\w.,£$€/-])\d{3,}(?![\d,.%/-])(?=\s+[a-z]))"
    r")"
)
_YEAR = re.compile(r"^(?:19|20)\d\d$")

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTH = "(?:" + "|".join(_MONTHS) + ")"
_WHEN = rf"(?:(?:\d{{1,2}} )?{_MONTH} )?(?:19|20)\d\d(?:/\d\d(?:\d\d)?)?"
_PERIODS = [
    re.compile(rf"\b(?:between|from) {_WHEN} (?:and|to) {_WHEN}", re.I),
    re.compile(rf"\b{_WHEN} (?:to|and) {_WHEN}"),
    re.compile(rf"\b(?:since|by|until|before|after|during) (?:the end of )?{_WHEN}", re.I),
    re.compile(
        r"\b(?:in|over|for|within) the (?:next|last|past|coming) (?:\w+ )?"
        r"(?:years?|months?|decades?)\b",
        re.I,
    ),
    re.compile(rf"\bin {_WHEN}\b(?! prices)", re.I),
]
_DATE = re.compile(rf"\b(\d{{1,2}}) ({_MONTH}) ((?:19|20)\d\d)\b")

# "Essex County Council": the capitalised words just before "Council", found by walking back from
# each "Council" (a pattern trying every capitalised word as a start took 18 s on a 60 kB line)
_COUNCIL_WORD = re.compile(r"\bCouncil\b")
_CAPITALISED = re.compile(r"[A-Z][\w’'&-]+")
_PLACE = re.compile(r"\bin ((?:[A-Z][\w’'-]+)(?: [A-Z][\w’'-]+)*)")
_ABBREVIATIONS = frozenset("eg e.g ie i.e etc cf vs dr mr mrs ms sir cllr st prof approx".split())  # noqa: SIM905
_SENTENCE_END = re.compile(r"[.!?][”\"’')\]]*\s+(?=[“\"‘(\[]?[A-Z0-9£$€])")


def text_blocks(text: str, markdown: bool) -> list[Block]:
    """The paragraphs of plain text or Markdown, as described in the module docstring."""
    lines = text.split("\n")
    width = _line_width(lines)
    blocks: list[Block] = []
    current: Block | None = None
    previous = ""  # the previous line as written, to see whether it ended its paragraph
    for i, raw in enumerate(lines, start=1):
        line = " ".join(raw.split())
        if not line:
            current, previous = None, ""
            continue
        heading = 0
        if markdown and (m := _MD_HEADING.match(line)):
            heading, line = len(m.group(1)), m.group(2)
        line = re.sub(r"^>\s*", "", line) if markdown else line
        bullet = bool(_BULLET.match(line)) and not _number(line)
        starts = bool(heading or bullet or _EXPLICIT.match(line) or _number(line))
        ended = bool(_END.search(previous)) or _short(previous, width)
        if current is None or starts or ended or current.heading:
            body = _BULLET.sub("", line, count=1) if bullet else line
            bold = None
            if m := _BOLD.match(body):
                bold = _MARKS.sub("", m["bold"]).strip()
                body = f"{m['bold']} {m['rest']}".strip()
            current = Block(
                _MARKS.sub("", body), f"line {i}", heading=heading, bullet=bullet, bold=bold
            )
            blocks.append(current)
        else:
            current.text += " " + _MARKS.sub("", line)
        previous = line
    if not markdown and not any(b.bold for b in blocks):
        for block in blocks:  # plain text lost the bold: "Footprint - We strongly support ..."
            if (m := _LABEL.match(block.text)) and len(m["label"].split()) <= LABEL_WORDS:
                block.bold = m["label"]
    return blocks


def _line_width(lines: list[str]) -> int:
    """How long a full line of this document is: its 90th-percentile line length."""
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    return lengths[int(len(lengths) * 0.9)] if lengths else 80


def _short(line: str, width: int) -> bool:
    """A line well short of the document's width with no end mark: a heading, not wrapped text."""
    return bool(line) and len(line) < 0.6 * width and not line.endswith((",", "-", "–"))


def heading_level(block: Block) -> int:
    """The block's heading level: its own (Markdown, Word), else 1 for a short line with no end
    mark, 2 for a short one ending in a colon, 0 for text."""
    text = " ".join(block.text.split())
    if block.heading:
        return block.heading
    if block.bullet or not text or len(text) > HEADING_CHARS or text[0].islower():
        return 0
    if block.bold and block.bold == text.rstrip(":"):  # a paragraph in bold alone
        return 9  # below any real heading; `units` promotes it when there is none
    if text.endswith(":") and len(text) <= COLON_HEADING_CHARS and ". " not in text:
        return 2
    if not _END.search(text) and not text.endswith((",", "-", "–")) and ". " not in text:
        return 1
    return 0


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph, each exactly as written."""
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        before = text[start : m.start() + 1].split()
        last = before[-1].rstrip(".").lower() if before else ""
        numbered = last == "no" and text[m.end() : m.end() + 1].isdigit()  # "No. 10"
        if last in _ABBREVIATIONS or numbered or (len(last) == 1 and last.isalpha()):
            continue  # "eg. Sure Start", "J. Smith": not the end of a sentence
        out.append(text[start : m.end()].strip())
        start = m.end()
    rest = text[start:].strip()
    if rest:
        out.append(rest)
    return out


def figures(sentence: str) -> list[str]:
    """Each figure the sentence states, exactly as written, in order."""
    out = []
    for m in _FIGURE.finditer(sentence):
        figure = m.group(0).strip()
        if m.group("count") and _YEAR.match(m.group("count")):
            continue
        out.append(figure)
    return out


def period(sentence: str, figure: str | None = None) -> str | None:
    """The period the sentence gives for what it states ("between July 2015 and 2024"), if any.

    With `figure`, a period that directly follows it comes first: "from 37 per cent in 2021/22 to
    72 per cent in 2022/23" gives 72 per cent the period 2022/23, not the sentence's first."""
    if figure and (at := sentence.find(figure)) >= 0:
        after = sentence[at + len(figure) : at + len(figure) + 40]
        for pattern in _PERIODS:
            if (m := pattern.search(after)) and not after[: m.start()].strip(" ,"):
                return m.group(0)
    for pattern in _PERIODS:
        if m := pattern.search(sentence):
            return m.group(0)
    return None


def document_date(text: str) -> str | None:
    """The first full date ("2 December 2024") in the text, as YYYY-MM-DD."""
    m = _DATE.search(text)
    if not m:
        return None
    month = _MONTHS.index(m.group(2)) + 1
    day = int(m.group(1))
    if not 1 <= day <= 31:
        return None
    return f"{m.group(3)}-{month:02d}-{day:02d}"


def council(text: str) -> str | None:
    """The council the text names ("Bradford Council", "Essex County Council"), if any."""
    for m in _COUNCIL_WORD.finditer(text):
        start = m.start()
        while start > 1 and text[start - 1] == " ":
            word_start = text.rfind(" ", 0, start - 1) + 1
            if not _CAPITALISED.fullmatch(text, word_start, start - 1):
                break
            start = word_start
        if start < m.start():  # the first "Council" with a name before it; each is walked once
            return text[start : m.end()]
    return None


def place(text: str) -> str | None:
    """The place a case-study title names: "... in Tower Hamlets" gives "Tower Hamlets"."""
    m = _PLACE.search(text)
    return m.group(1) if m else None


def slug(text: str, words: int = 8, max_chars: int = 60) -> str:
    """A short id made of the text's first words: "Our asks" -> "our-asks"."""
    parts = re.findall(r"[a-z0-9]+", text.lower().replace("’", "").replace("'", ""))
    out = ""
    for part in parts[:words]:
        candidate = f"{out}-{part}" if out else part
        if len(candidate) > max_chars:
            break
        out = candidate
    return out or "section"
