"""Outside the positions of a signed-off draft: what lga-draft writes around them (headings, the
consultation's details, the organisation), and who signed the draft off and when."""

from __future__ import annotations

import datetime as dt

from lga_draft.drafting.prose import ASK_ALSO, ASK_INTRO, COMMITTEE_ASK_ALSO, COMMITTEE_ASK_INTRO
from lga_draft.library.model import Library
from lga_draft.roundtrip.worddiff import folded
from lga_draft.word.read import DraftDocument, Paragraph

_FURNITURE_STYLES = ("title", "subtitle", "heading", "quote", "list")
_FURNITURE_TEXT = (
    "We set this out in our answer",
    "We set this out above",
    "See also our answer to question",  # a composed answer's pointer (prose.pointer_to)
    "See also section",  # ... in a briefing on a document's sections
    "We address this in our answer to question",  # ... as drafts made before December 2026 say
    ASK_INTRO,  # a composed answer's asks
    COMMITTEE_ASK_INTRO,  # ... answering a select committee
    ASK_ALSO,  # ... after a briefing's positions set out their own
    COMMITTEE_ASK_ALSO,
    "[No standing position: draft this answer]",  # a composed answer's placeholder
    "Our view: ",  # the choice a form offers, made or still to make (prose.view_line)
    "It also says:",  # a press release's other points
    "Our asks:",  # a position's own asks (a briefing, a position statement)
    "Its key asks of the Government are to:",  # ... and its asks
    "Consultation document:",
)


def is_furniture(p: Paragraph, library: Library) -> bool:
    """Without a baseline: could lga-draft have written this from the library alone?"""
    if p.in_table or p.style.startswith(_FURNITURE_STYLES):
        return True
    text = folded(p.text)
    # the label of a group of asks by timeframe ("Quick to do:"; "Also:" for the rest)
    labels = {"Also", *(a.timeframe for pos in library.positions for a in pos.asks if a.timeframe)}
    if text.lower() in {folded(f"{label}:").lower() for label in labels}:
        return True
    known = [
        *_FURNITURE_TEXT,
        library.settings.organisation.name,
        library.settings.organisation.about or "",
        library.settings.signatory.name or "",
    ]
    known += [x for pos in library.positions for x in (pos.lead, pos.title)]
    return any(k and folded(k) in text for k in known)


def signed_off(draft: DraftDocument) -> tuple[str, dt.date | None]:
    """Who signed it off and when: the clearance sheet as filled in, else who last saved it."""
    core = draft.core
    resaved = (
        core.modified is not None and core.created is not None and core.modified != core.created
    )
    by = draft.cleared_by or (
        core.last_modified_by or "" if resaved or core.last_modified_by != core.author else ""
    )
    on = _parse_date(draft.cleared_on) or (
        core.modified.date() if resaved and core.modified else None
    )
    return by, on


def _parse_date(text: str) -> dt.date | None:
    text = text.strip()
    for fmt in ("%d %B %Y", "%d %b %Y", "%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None
