"""The paragraphs of a .docx as importer blocks, with Word's list numbers worked out.

python-docx gives paragraph text and styles but not the number Word shows beside a numbered list
item ("3." or "2a)"): that lives in numbering.xml as a format per list level, and Word counts the
items as it lays the document out. `_Numbering` does that counting, so an imported question keeps
the number the consultation shows.

The file is checked as a zip before python-docx opens it (lga_draft.word.ziplimits, the same check as
for reference documents and signed-off drafts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lga_draft.errors import display_path
from lga_draft.questions.docx_bounds import bounded_int, check_tables
from lga_draft.word.ziplimits import read_docx_bytes


@dataclass
class Block:
    """A paragraph of the document, as the rules above see it."""

    text: str
    where: str  # "line 12" or "paragraph 12", for messages
    heading: int = 0  # heading level; 0 for body text
    number: str | None = None  # from a Word numbered list, or a form's number column
    bullet: bool = False  # a bulleted list item
    depth: int = 0  # how far a bulleted item is nested: its indent, or Word's list level
    bold: str | None = None  # the paragraph's bold lead-in, where it opens with one
    row: str | None = None  # the table row it is in: a form's row is one question, no more


# a form's number column: "4", "4a.", "Q4", "Question 4" alone in the row's first cell
_CELL_NUMBER = re.compile(r"^(?:q|question)?\s?(\d{1,3}[a-z]?)[.):]?$", re.IGNORECASE)


def docx_blocks(path: Path) -> list[Block]:
    name = display_path(path)
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from lga_draft.word.package import load_docx

    # the archive is checked before anything is inflated, as for every .docx we are handed
    doc = load_docx(read_docx_bytes(path, name), name)
    check_tables(doc.element.body, name)  # numbers that would size python-docx's cell lists
    numbering = _Numbering(doc)
    blocks: list[Block] = []
    count = 0

    def paragraph(p: Any, row: str | None = None, given: str | None = None) -> str | None:
        """Add the paragraph's block; `given` is a form's number for it. Returns what is left of
        `given` (it goes to the first paragraph with text)."""
        nonlocal count
        count += 1
        para = Paragraph(p, doc)
        style = _style_name(para)
        level = 0
        if style == "title":
            level = 1
        elif style.startswith("heading ") and style[8:].isdigit():
            level = int(style[8:]) if len(style) <= 10 else 9  # not "Heading 10**5000"
        number, bullet = numbering.label(p, para)
        depth = numbering.depth(p, para) if bullet else 0
        if given and para.text.strip():
            number, given = number or given, None
        blocks.append(
            Block(
                para.text,
                f"paragraph {count}",
                heading=level,
                number=number,
                bullet=bullet,
                depth=depth,
                bold=_bold_lead(para),
                row=row,
            )
        )
        return given

    body = doc.element.body
    tables = 0
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph(child)
        elif tag == "tbl":  # response forms often put each question in a table row
            tables += 1
            # the cells themselves, not their id(): python-docx makes a new proxy per access,
            # and a freed proxy's id is reused, which once skipped whole rows of a form
            seen: set[Any] = set()
            for r, row in enumerate(Table(child, doc).rows, start=1):
                cells = []
                for cell in row.cells:
                    if cell._tc not in seen:  # a merged cell appears once per grid column
                        seen.add(cell._tc)
                        cells.append(cell)
                where = f"table {tables} row {r}"
                number = _CELL_NUMBER.match(cells[0].text.strip()) if len(cells) > 1 else None
                given = number.group(1) if number else None
                for cell in cells[1:] if number else cells:
                    for p in cell._tc.iterchildren():
                        if p.tag.rsplit("}", 1)[-1] == "p":
                            given = paragraph(p, where, given)
    return blocks


def _bold_lead(para: Any) -> str | None:
    """The text of the bold runs that open the paragraph (a briefing's bold lead-in), if any."""
    lead: list[str] = []
    for run in para.runs:
        text = run.text
        if not text:
            continue
        if run.bold or not text.strip() and lead:
            lead.append(text)
        else:
            break
    return "".join(lead).strip() or None


def _style_name(para: Any) -> str:
    try:
        return (para.style.name or "").lower() if para.style is not None else ""
    except (KeyError, ValueError, AttributeError):
        return ""


class _Numbering:
    """Word's list numbers: counts items per list and level, as Word does when it lays out."""

    def __init__(self, doc: Any) -> None:
        try:
            self.root = doc.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            self.root = None
        self.counters: dict[str, list[int]] = {}

    def label(self, p: Any, para: Any) -> tuple[str | None, bool]:
        """(number as shown, less trailing punctuation; is it a bullet) for a list paragraph."""
        num_id, ilvl = self._num_pr(p, para)
        if num_id is None or num_id == "0" or self.root is None:
            return None, False
        level = self._level(num_id, ilvl)
        if level is None:
            return None, False
        fmt, text, start = level
        if fmt in ("bullet", "none"):
            return None, True
        counts = self.counters.setdefault(num_id, [])
        while len(counts) <= ilvl:
            counts.append(0)
        counts[ilvl] = counts[ilvl] + 1 if counts[ilvl] else start
        del counts[ilvl + 1 :]  # a deeper level starts again under each new item
        shown = text
        for k, value in enumerate(counts):
            k_fmt = (self._level(num_id, k) or ("decimal", "", 1))[0]
            shown = shown.replace(f"%{k + 1}", _format(value or 1, k_fmt))
        return shown.strip().rstrip(".):").lstrip("(") or None, False

    def depth(self, p: Any, para: Any) -> int:
        """The list level of a list paragraph (0 for the outermost)."""
        return self._num_pr(p, para)[1]

    def _num_pr(self, p: Any, para: Any) -> tuple[str | None, int]:
        candidates = [p.pPr]
        style = para.style if para.style is not None else None
        while style is not None:  # a "List Number" style carries its numbering in the style
            candidates.append(style.element.pPr)
            style = style.base_style
        for ppr in candidates:
            num_pr = ppr.find(_W + "numPr") if ppr is not None else None
            num_id = num_pr.find(_W + "numId") if num_pr is not None else None
            if num_id is not None:
                ilvl = num_pr.find(_W + "ilvl") if num_pr is not None else None
                # read as text, bounded: python-docx raises on a value that is not a number
                number = bounded_int(num_id.get(_W + "val"), low=0, high=MAX_NUM_ID)
                level = bounded_int(
                    ilvl.get(_W + "val", "0") if ilvl is not None else "0", low=0, high=MAX_ILVL
                )
                if number is None or level is None:
                    return None, 0  # not a list we can number
                return str(number), level
        return None, 0

    def _level(self, num_id: str, ilvl: int) -> tuple[str, str, int] | None:
        # the document's values as XPath variables, never spliced into the expression
        nums = _xpath(self.root, "./w:num[@w:numId=$n]", n=num_id)
        if not nums:
            return None
        abstract = _xpath(nums[0], "./w:abstractNumId/@w:val")
        if not abstract:
            return None
        lvls = _xpath(
            self.root,
            "./w:abstractNum[@w:abstractNumId=$a]/w:lvl[@w:ilvl=$l]",
            a=str(abstract[0]),
            l=str(ilvl),
        )
        if not lvls:
            return None
        lvl = lvls[0]
        fmt = (_xpath(lvl, "./w:numFmt/@w:val") or ["decimal"])[0]
        text = (_xpath(lvl, "./w:lvlText/@w:val") or [f"%{ilvl + 1}."])[0]
        override = _xpath(
            nums[0], "./w:lvlOverride[@w:ilvl=$l]/w:startOverride/@w:val", l=str(ilvl)
        )
        start = (override or _xpath(lvl, "./w:start/@w:val") or ["1"])[0]
        # Word numbers from 0 to 32767; a larger start (10**15) would size the numeral loops
        return fmt, text, bounded_int(start, low=0, high=MAX_START) or 1


def _xpath(element: Any, path: str, **variables: str) -> list[Any]:
    """XPath with the `w:` prefix bound: python-docx binds it only on the elements it models."""
    from lxml import etree

    return etree._Element.xpath(element, path, namespaces=_NS, **variables)


_NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
_W = "{" + _NS["w"] + "}"
MAX_NUM_ID = 2**31 - 1
MAX_ILVL = 8  # Word's nine list levels
MAX_START = 32767  # Word's largest list start


def _format(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        while value > 0:
            value, rem = divmod(value - 1, 26)
            letters = chr(ord("a") + rem) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        numerals = [
            (1000, "m"),
            (900, "cm"),
            (500, "d"),
            (400, "cd"),
            (100, "c"),
            (90, "xc"),
            (50, "l"),
            (40, "xl"),
            (10, "x"),
            (9, "ix"),
            (5, "v"),
            (4, "iv"),
            (1, "i"),
        ]
        out = ""
        for size, numeral in numerals:
            while value >= size:
                out += numeral
                value -= size
        return out.upper() if fmt == "upperRoman" else out
    return str(value)
