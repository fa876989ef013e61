"""Numbered paragraphs, as select committees ask of written evidence ("paragraphs should be
numbered for ease of reference"): every body paragraph from the first heading after the title
gets the next number, 1., 2., 3. ..., through the whole submission. Headings, lists (figures,
asks, sources), the question as asked (a quote), tables, empty paragraphs and the signature (its
lines broken by hand) are not numbered; a list that would count 1, 2, 3 beside them (the summary of
asks) has bullets instead (body.BodyWriter's `numbered_lists`), so "paragraph 3" is one paragraph.
The numbers are Word's own list numbering, so an officer who adds or deletes a paragraph sees
them follow, and the text `harvest` reads back is unchanged."""

from __future__ import annotations

from docx.oxml.ns import nsdecls, qn

from lga_draft.word.parts import add_abstract_num

_INDENT = 567  # twips: 1 cm, the number hanging in the margin of the paragraph's first line
_NSID = "4C475041"  # a fixed list id, so the same draft gives the same bytes


def number_paragraphs(body, numbering, styles: dict[str, str]) -> int:
    """Number the body paragraphs of `body` (w:body) after its first heading; returns how many."""
    normal = styles.get("normal", "Normal")
    headings = {styles[k] for k in styles if k.startswith("heading")}
    num_id = _add_definition(numbering)
    started = False
    count = 0
    for p in body.iter(qn("w:p")):
        if p.getparent().tag == qn("w:tc") or not "".join(p.itertext()).strip():
            continue  # a table's cell; a spacer
        if p.find(f"{qn('w:r')}/{qn('w:br')}") is not None:
            continue  # lines broken by hand: the signature, an address
        ppr = p.find(qn("w:pPr"))
        style_el = ppr.find(qn("w:pStyle")) if ppr is not None else None
        style = style_el.get(qn("w:val")) if style_el is not None else normal
        if style in headings:
            started = True
            continue
        if (
            not started
            or style != normal
            or (ppr is not None and ppr.find(qn("w:numPr")) is not None)
        ):
            continue
        num = p.get_or_add_pPr().get_or_add_numPr()
        num.get_or_add_ilvl().val = 0
        num.get_or_add_numId().val = num_id
        count += 1
    return count


def _add_definition(numbering) -> int:
    """A one-level decimal list definition ("1.") and an instance of it; the instance's id."""
    abstract_id = add_abstract_num(
        numbering,
        lambda abstract_id: (
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            f'<w:nsid w:val="{_NSID}"/><w:multiLevelType w:val="singleLevel"/>'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            '<w:lvlText w:val="%1."/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{_INDENT}" w:hanging="{_INDENT}"/></w:pPr></w:lvl>'
            "</w:abstractNum>"
        ),
    )
    return int(numbering.add_num(abstract_id).numId)
