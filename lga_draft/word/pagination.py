"""Where the pages break: headings, and the paragraphs a reader takes for headings, stay with what
follows them.

A position's guard paragraph keeps with next by its own properties; this module gives the same
to headings (whatever their style says) and to paragraphs that carry no heading style but read
as one. It also closes up a bulleted list that position boundaries split into one-item lists,
and spaces out the text after a table.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Pt

from lga_draft.word.parts import W

_P, _PPR, _PSTYLE, _KEEPNEXT = (W + t for t in ("p", "pPr", "pStyle", "keepNext"))
_R, _RPR, _B, _T, _SDT, _VAL = (W + t for t in ("r", "rPr", "b", "t", "sdt", "val"))
_TBL = W + "tbl"
_SPACING, _AFTER, _BEFORE, _VANISH = W + "spacing", W + "after", W + "before", W + "vanish"
_BODY_SPACE = Pt(8)  # Normal's space after


def keep_with_next(p: Any) -> None:
    """Keep paragraph `p` on the page of the first lines of the paragraph after it."""
    ppr = p.find(_PPR)
    if ppr is None:
        ppr = p.makeelement(_PPR)
        p.insert(0, ppr)
    if ppr.find(_KEEPNEXT) is None:  # schema order: after w:pStyle, before everything else
        ppr.insert(1 if len(ppr) and ppr[0].tag == _PSTYLE else 0, ppr.makeelement(_KEEPNEXT))


def keep_leads_with_next(body: Any, styles: Mapping[str, str]) -> None:
    """Keep with what follows the headings and the paragraphs that read as headings.

    A heading keeps with next on the paragraph itself, not only through its style: an
    organisation's reference document may define its headings without it (the house style has
    it), and a question's heading then stood alone at a page's foot. Then a bold lead alone in
    its paragraph (a sub-heading to the reader), a paragraph ending in a colon (it introduces a
    list or a quotation), and a quoted question under its heading. A position's guard paragraph
    keeps by its own properties. None of these but a heading keeps with a heading after it: a
    bold placeholder ending an answer would chain each unanswered question to the next one's
    heading, and stranded a heading at a page's foot.
    """
    blocks = list(_flow(body))  # a table is what follows the paragraph before it
    quote, heading = styles["quote"], {styles[f"heading {n}"] for n in range(1, 5)}
    for n, p in enumerate(blocks[:-1]):
        if p.tag != _P:
            continue
        text = _text(p)
        follows = blocks[n + 1]
        if text and _style_of(p) in heading:
            keep_with_next(p)
            continue
        if not text or (follows.tag == _P and _style_of(follows) in heading):
            continue
        introduces = text.endswith(":")  # a list, a quotation: what it introduces follows it
        question = _style_of(p) == quote and n > 0 and _style_of(blocks[n - 1]) in heading
        if introduces or question or _all_bold(p):
            keep_with_next(p)


def close_split_lists(body: Any, styles: Mapping[str, str]) -> None:
    """Bullets that follow one another read as one list, with no space between them.

    A list ends with a body paragraph's space; a press release's "It also says:" is one bullet
    from each position, each in its own content control, so each was a list ending there and
    the points stood a paragraph apart, where the asks below them were close together.
    """
    bullet = styles["list bullet"]
    shown = [b for b in _flow(body) if not _hidden(b)]
    for p, follows in itertools.pairwise(shown):
        if p.tag == _P and follows.tag == _P and _style_of(p) == _style_of(follows) == bullet:
            # none at all, as the list style's contextual spacing gives items of one list: the
            # guard paragraph between them is of another style, and turns that off
            spacing = p.find(f"{_PPR}/{_SPACING}")
            if spacing is not None:
                spacing.set(_AFTER, "0")


def space_after_tables(body: Any, definitions: Any) -> None:
    """Word puts no space after a table: the paragraph after one gets a body paragraph's space
    before it, unless its style gives it more (a heading's: "About us" under the cover table
    had less space above it than every other heading). `definitions`: the styles part's w:styles."""
    for tbl in body.iter(_TBL):
        after = tbl.getnext()
        while after is not None and after.tag == _SDT:  # its first block, then
            content = after.find(W + "sdtContent")
            after = content[0] if content is not None and len(content) else None
        if (
            after is not None
            and after.tag == _P
            and _space_before(after, definitions) < _BODY_SPACE.twips
        ):
            ppr = after.get_or_add_pPr()
            ppr.spacing_before = _BODY_SPACE


def _space_before(p: Any, definitions: Any) -> int:
    """The space before paragraph `p`, in twips: its own, else its style's (or one it is based
    on), else the document default's, else none."""
    spacing = p.find(f"{_PPR}/{_SPACING}")
    style_id = _style_of(p)
    style = (
        definitions.get_by_id(style_id)
        if style_id
        else definitions.default_for(WD_STYLE_TYPE.PARAGRAPH)
    )
    while (spacing is None or spacing.get(_BEFORE) is None) and style is not None:
        spacing = style.find(f"{_PPR}/{_SPACING}")
        based = style.basedOn_val
        style = definitions.get_by_id(based) if based else None
    if spacing is None or spacing.get(_BEFORE) is None:
        spacing = definitions.find(f"{W}docDefaults/{W}pPrDefault/{_PPR}/{_SPACING}")
    before = None if spacing is None else spacing.get(_BEFORE)
    return int(before) if before is not None else 0


def _hidden(block: Any) -> bool:
    """A position's guard paragraph: no text, its mark hidden."""
    return (
        block.tag == _P and block.find(f"{_PPR}/{_RPR}/{_VANISH}") is not None and not _text(block)
    )


def _flow(parent: Any):
    """The paragraphs and tables of the body's flow, in order, inside content controls too (not
    what is inside a table)."""
    for child in parent:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag == _SDT:
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from _flow(content)


def _text(el: Any) -> str:
    """The visible text of a paragraph or run, stripped."""
    return "".join(t.text or "" for t in el.iter(_T)).strip()


def _style_of(p: Any) -> str | None:
    style = p.find(f"{_PPR}/{_PSTYLE}")
    return None if style is None else style.get(_VAL)


def _all_bold(p: Any) -> bool:
    """Every run with visible text is bold (a run-in lead followed by plain text is not)."""
    runs = [r for r in p.iter(_R) if _text(r)]
    return bool(runs) and all(r.find(f"{_RPR}/{_B}") is not None for r in runs)
