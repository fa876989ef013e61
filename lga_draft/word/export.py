"""From a rendered draft to Word: the document's properties and clearance sheet come from the draft
context and report; the body comes from the same Markdown the Markdown output is."""

from __future__ import annotations

from pathlib import Path

from lga_draft.drafting.context import DraftContext, Report
from lga_draft.drafting.prose import COMMITTEE_ASK_INTRO, ask_intro
from lga_draft.drafting.render import long_date


def to_docx(
    markdown: str,
    context: DraftContext,
    report: Report,
    *,
    reference_doc: Path | None,
    clearance_sheet: bool,
) -> bytes:
    from lga_draft.word.document import APPROVED, Clearance, ClearanceRow, DocMeta, render_docx
    from lga_draft.word.signoff import margin_note, points_to_check, status

    stale = {s.position_id: s for s in report.stale}
    tags = _keywords([t for p in context.positions for t in p.tags])
    meta = DocMeta(
        title=context.consultation.title,
        subject=_subject(context.template, context.consultation.issued_by),
        author=context.organisation.name,
        keywords=tuple(tags),
        library_version=context.library_version,
        version=context.consultation.version,
        date=long_date(context.today),
        numbered_paragraphs=numbered_paragraphs(context),
    )
    clearance = None
    if clearance_sheet:
        clearance = Clearance(
            drafted_by=f"{context.contact.name or context.organisation.name} (with lga-draft, template {context.template})",
            date=long_date(context.today),
            positions=tuple(
                ClearanceRow(
                    id=p.id,
                    title=p.title,
                    owner=p.owner,
                    last_reviewed=p.last_reviewed.isoformat(),
                    review_by=p.review_by.isoformat(),
                    status=status(stale.get(p.id), APPROVED),
                )
                for p in context.positions
            ),
            warnings=tuple(
                points_to_check(
                    report.stale,
                    report.warnings,
                    closes=context.consultation.closes,
                    today=context.today,
                )
            ),
        )
    checks = {key: margin_note(s) for key, s in stale.items()}
    return render_docx(
        markdown, meta, reference_doc=reference_doc, clearance=clearance, checks=checks
    )


def numbered_paragraphs(context: DraftContext) -> bool:
    """The consultation file's `numbered_paragraphs:`; by default, a response to a committee: its
    written evidence has numbered paragraphs."""
    chosen = context.consultation.numbered_paragraphs
    if chosen is not None:
        return chosen
    committee = ask_intro(context.consultation.issued_by) == COMMITTEE_ASK_INTRO
    return committee and context.template == "consultation-response"


def _subject(template: str, issued_by: str) -> str:
    """What the document is: a response to whoever consulted, or the kind its template makes."""
    if template == "consultation-response":
        return f"Response to {issued_by}"
    return template.replace("-", " ").replace("_", " ").strip().capitalize() or "Draft"


def _keywords(tags: list[str], limit: int = 255) -> list[str]:
    """The most used tags that fit Word's 255-character keywords property, most used first."""
    from collections import Counter

    chosen: list[str] = []
    length = 0
    for tag, _ in Counter(tags).most_common():
        extra = len(tag) + (2 if chosen else 0)
        if length + extra > limit:
            break
        chosen.append(tag)
        length += extra
    return chosen
