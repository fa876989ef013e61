"""The clearance sheet at the end of a Word draft: who drafted it, what to check before sign-off,
the lines to sign on, and every position used with its status."""

from __future__ import annotations

from dataclasses import dataclass

from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm

from lga_draft.word.body import BodyWriter
from lga_draft.word.pagination import keep_with_next
from lga_draft.word.parts import typographic

APPROVED = "Approved"  # a row's status when nothing needs its owner's confirmation


@dataclass(frozen=True)
class ClearanceRow:
    id: str
    title: str
    owner: str
    last_reviewed: str
    review_by: str
    status: str


@dataclass(frozen=True)
class Clearance:
    """The sign-off sheet: who drafted it, the positions used, and what to look at twice."""

    drafted_by: str
    date: str
    positions: tuple[ClearanceRow, ...]
    warnings: tuple[str, ...]  # what to check before sign-off, a sentence each


def clearance_sheet(writer: BodyWriter, clearance: Clearance) -> None:
    heading = writer.paragraph("heading 1", "Clearance sheet")
    heading.paragraph_format.page_break_before = True
    for label, value in (("Drafted by", clearance.drafted_by), ("Date", clearance.date)):
        para = writer.paragraph("normal")
        para.add_run(f"{label}: ").bold = True
        para.add_run(typographic(value))

    writer.paragraph("heading 2", "To check before sign-off")
    if clearance.warnings:
        writer.bullets([typographic(w) for w in clearance.warnings])
    else:
        writer.paragraph(
            "normal", "Nothing: every position is approved and within its review date."
        )

    # Signed under what to check, before the table of positions: never alone on a last page.
    writer.paragraph("heading 2", "Sign-off")  # keeps with next by its style
    for label in ("Cleared by", "Date"):
        para = writer.paragraph("normal")
        if label != "Date":  # the block stays together on one page
            keep_with_next(para._p)
        para.paragraph_format.space_before = Cm(0.6)
        # A tab with an underline leader draws the blank line to write on, at any font size.
        para.paragraph_format.tab_stops.add_tab_stop(
            Cm(12), WD_TAB_ALIGNMENT.LEFT, WD_TAB_LEADER.LINES
        )
        para.add_run(f"{label}: ").bold = True
        para.add_run("\t")

    writer.paragraph("heading 2", "Positions used")
    rows = [("Position", "Title", "Owner", "Last reviewed", "Review by", "Status")]
    rows += [  # the id as the library has it: a harvest reads it back
        (p.id, typographic(p.title), p.owner, p.last_reviewed, p.review_by, p.status)
        for p in clearance.positions
    ]
    if clearance.positions:
        # Dates must not wrap; ids, titles and statuses break at hyphens and spaces.
        tbl = writer.table(rows, weights=(3.1, 3.6, 2.2, 2.35, 2.35, 2.4))
        for tr, row in zip(list(tbl.iter(qn("w:tr")))[1:], clearance.positions, strict=True):
            if row.status != APPROVED:  # what needs its owner's word stands out
                for r in tr[-1].iter(qn("w:r")):
                    r.insert(0, parse_xml(_BOLD_RPR))
    else:
        writer.paragraph("normal", "No positions from the library were used.")


_BOLD_RPR = (
    '<w:rPr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:b/></w:rPr>'
)
