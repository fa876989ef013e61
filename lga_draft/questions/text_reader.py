"""Plain text and Markdown cut into blocks for the question importer: a blank line, a heading,
a new number, a lettered part, an answer box or a length limit starts a block; and, since text
copied from a web page has no blank lines, a line after a question that has ended, and a line
reading as a heading ("Capital funding") between a sentence that has ended and one that starts."""

from __future__ import annotations

import re
from pathlib import Path

from lga_draft.errors import InputFileError, display_path
from lga_draft.questions.docx_reader import Block
from lga_draft.questions.forms import furniture, is_box, limit, tidy
from lga_draft.questions.masthead import JOINS_NEXT, issuer_like, title_like
from lga_draft.questions.numbering import BULLET, EXPLICIT, LETTERED, leading_number
from lga_draft.questions.sections import plain_heading
from lga_draft.textfile import bom_encoding, decode, decode_problem, looks_binary

MAX_TEXT_BYTES = 5 * 1024 * 1024  # a questions document in plain text is a few kilobytes
SHORT = 400  # a block this long or shorter may be a title, an answer box or a length limit
# "## Heading ##": the heading's level and text, less the optional closing hashes
HEADING = re.compile(r"^(#{1,6})\s++(.*)$")
# GOV.UK's date under a title ("Updated 15 March 2023", "Published 30 November 2021"): a line of
# its own, copied with no blank line after the title, and not the title's last words
_DATELINE = re.compile(
    r"^(?:published|(?:last )?updated)\s+\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"[a-z]*\s+\d{4}$",
    re.IGNORECASE,
)
# a numbered chapter's heading ("Chapter 2: Compliance", "Part 3 Funding"): a heading wherever it
# comes, even after an item of a list, which has no closing stop to end it
_CHAPTER = re.compile(r"^(?:chapter|part|section)\s+\d{1,2}\b", re.IGNORECASE)


def read_text(path: Path) -> str:
    name = display_path(path)
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise InputFileError(
                f"{name}: file is too large ({size:,} bytes; limit "
                f"{MAX_TEXT_BYTES:,}); give the questions alone"
            )
        raw = path.read_bytes()
    except PermissionError:
        raise InputFileError(f"{name}: cannot be read (permission denied)") from None
    except OSError as exc:
        raise InputFileError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    if looks_binary(raw):
        raise InputFileError(f"{name}: is a binary file, not text")
    try:
        return decode(raw)  # UTF-8, or UTF-16 with its byte-order mark (Notepad's "Unicode")
    except UnicodeDecodeError as exc:
        if bom_encoding(raw) not in (None, "utf-8-sig"):
            raise InputFileError(f"{name}: {decode_problem(raw, exc)[1]}") from None
    text = raw.decode("cp1252", errors="replace")  # Windows text exported from Word
    return text.replace("\r\n", "\n").replace("\r", "\n")


def text_blocks(text: str, *, markdown: bool) -> list[Block]:
    """Blocks of plain text or Markdown: a blank line, a heading or a new number starts a block."""
    blocks: list[Block] = []
    current: Block | None = None
    lines: list[str] = []  # the current block's lines, joined once it ends (linear time)
    size = 0  # their length

    def close() -> None:
        if current is not None and len(lines) > 1:
            current.text = " ".join(lines)

    raws = text.split("\n")
    titled = False  # the block being read is the document's first after its body's name
    for i, raw in enumerate(raws, start=1):
        line = tidy(_plain(raw) if markdown else raw.strip())
        # GOV.UK's label ("Open consultation", "Applies to England") is a line of its own, copied
        # with no blank line before the title: not the title's first words
        if not line or furniture(line):
            close()
            current = None
            continue
        if _DATELINE.match(line):
            close()
            blocks.append(Block(line, f"line {i}"))
            current = None
            continue
        heading = 0
        if markdown and (m := HEADING.match(line)):
            heading, line = len(m.group(1)), m.group(2).rstrip("#").rstrip()
        # the body's name, above or below the title (not the second line of a wrapped title)
        # (the block's text is joined only when it ends: its last line is the one to look at)
        if len(blocks) <= 1 and issuer_like(line) and not (current and _joins(lines[-1])):
            close()
            blocks.append(Block(line, f"line {i}"))
            titled = len(blocks) == 1  # the title comes after the body's name
            current = None
            continue
        lettered = LETTERED.match(line)
        if lettered:  # a sub-question or a choice: numbered by its letter, as Word's lists are
            close()
            current = Block(lettered["rest"], f"line {i}", number=lettered["p"] or lettered["d"])
            lines, size = [current.text], len(current.text)
            blocks.append(current)
            continue
        starts = bool(
            heading
            or EXPLICIT.match(line)
            or leading_number(line)
            or BULLET.match(line)
            or is_box(line)
            or not limit(line)[0]  # "Maximum 250 words"
            or (_CHAPTER.match(line) and plain_heading(line) and not (lines and _joins(lines[-1])))
        )
        if current is not None and not starts and not current.heading:
            # a web page's text has no blank lines: after a question that has ended, a line that
            # opens a sentence is not more of it ("The closing date is ...", "2 Hour Response");
            # nor is a sentence after the first line, a title ("... the cost of inaction inquiry")
            size += len(line)
            short = " ".join(lines) if size <= SHORT else ""
            first = current is blocks[0] or (titled and current is blocks[1])
            ended = not line[0].islower() and (
                lines[-1].endswith("?")
                or bool(short and (is_box(short) or not limit(short)[0]))
                or (
                    first
                    and bool(short)
                    and title_like(short, current)
                    and not _joins(short)
                    and line.endswith(".")
                )
                or (not first and _heading_between(lines, line, raws[i] if i < len(raws) else ""))
                or _after_item(blocks, lines)
            )
            if not ended:
                lines.append(line)
                continue
        close()
        bullet = bool(BULLET.match(line))
        # a bulleted item's indent: one indented under another is a part of it ("- How can ...?
        # In particular:", then "    - Whether ...?")
        depth = len(raw.expandtabs(4)) - len(raw.expandtabs(4).lstrip()) if bullet else 0
        current = Block(line, f"line {i}", heading=heading, bullet=bullet, depth=depth)
        lines, size = [line], len(line)
        blocks.append(current)
        if heading:
            current = None
    close()
    return blocks


def _heading_between(lines: list[str], line: str, after: str) -> bool:
    """Is the line a heading of its own, in text with no blank lines (past the title): after a
    sentence that has ended ("... the following questions:") and before one that starts, or
    the line after such a heading ("Workforce", then "Care workers are paid less ...")?"""
    after = after.strip()
    first = lines[0]
    numbered = leading_number(first) or EXPLICIT.match(first) or BULLET.match(first)
    heading = (
        len(lines) == 1
        and plain_heading(first)
        and first[-1].isalnum()  # not "... ?" nor "Contents)"
        and not (numbered or _joins(first))
    )
    if heading and not plain_heading(line):
        return True  # the block so far is a heading: this line starts the text under it
    ended = len(lines[-1].split()) > 3 and lines[-1].endswith((".", ":", "!"))
    return ended and plain_heading(line) and not (after and after[0].islower())


def _after_item(blocks: list[Block], lines: list[str]) -> bool:
    """Has an item of a numbered list ended, its sentence closed: the next line is the page's
    own text ("3. Enforcement: ... vapes." then "If you're responding as an individual ..."),
    as the next number would have ended it?"""
    return (
        len(blocks) > 1
        and lines[-1].endswith(".")
        and bool(leading_number(lines[0]))
        and bool(leading_number(blocks[-2].text))
    )


def _joins(text: str) -> bool:
    """Does the text end on a word joining it to the next line ("Consultation on the")?"""
    return text.rsplit(None, 1)[-1].lower() in JOINS_NEXT


def _plain(line: str) -> str:
    """A Markdown line without the marks that would hide its number: emphasis, quotes."""
    line = line.strip()
    line = re.sub(r"^>\s*", "", line)
    return re.sub(r"(\*\*|__|(?<!\w)\*(?!\s)|(?<!\S)_(?!\s))", "", line).strip()
