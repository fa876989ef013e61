"""Numbered paragraphs, as select committees ask of written evidence ("paragraphs should be
numbered for ease of reference"): every body paragraph from the first heading after the title
gets the next number, 1., 2., 3. ..., through the whole submission. Headings, lists (figures,
asks, sources), the question as asked (a quote), tables, empty paragraphs and the signature (its
lines broken by hand) are not numbered; a list that would count 1, 2, 3 beside them (the summary of
asks) has bullets instead (body.BodyWriter's `numbered_lists`), so "paragraph 3" is one paragraph.
The numbers hang in the margin, the text 1 cm in; the submission's lists move in by as much, so
that their bullets stand in the text's column rather than below the numbers (the asks under "13. We
ask the Committee to recommend that the Government:" read as part of paragraph 13).
The numbers are Word's own list numbering, so an officer who adds or deletes a paragraph sees
them follow, and the text `harvest` reads back is unchanged."""

from __future__ import annotations

from docx.oxml.ns import nsdecls, qn

from lga_draft.word.parts import add_abstract_num

_INDENT = 567  # twips: 1 cm, the number hanging in the margin of the paragraph's first line
_NSID = "4C475041"  # a fixed list id, so the same draft gives the same bytes


def number_paragraphs(body, numbering, styles: dict[str, str], style_defs=None) -> int:
    """Number the body paragraphs of `body` (w:body) after its first heading, and move its lists
    into the text's column; returns how many were numbered. `style_defs` (w:styles) gives the
    indent of a list's continuation paragraphs, which their style sets."""
    normal = styles.get("normal", "Normal")
    headings = {styles[k] for k in styles if k.startswith("heading")}
    lists = {styles[k] for k in styles if k.startswith("list ")}
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
        if started and style in lists:
            _indent(p, _list_indent(p, style, numbering, style_defs))
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


def _list_indent(p, style: str, numbering, style_defs) -> tuple[int, int]:
    """(left, hanging) in twips of list paragraph `p` as it stands: its list level's indent, or
    for a continuation paragraph (no number) its style's."""
    num = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    if num is not None:
        num_id, ilvl = (num.find(qn(tag)) for tag in ("w:numId", "w:ilvl"))
        if num_id is not None:
            found = _level_ind(numbering, num_id.get(qn("w:val")), ilvl)
            if found is not None:
                return found
    for el in style_defs.findall(qn("w:style")) if style_defs is not None else ():
        if el.get(qn("w:styleId")) == style:
            return _ind_of(el.find(f"{qn('w:pPr')}/{qn('w:ind')}")) or (0, 0)
    return 0, 0


def _level_ind(numbering, num_id: str | None, ilvl) -> tuple[int, int] | None:
    level = ilvl.get(qn("w:val")) if ilvl is not None else "0"
    num = next((n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id), None)
    abstract = num.find(qn("w:abstractNumId")) if num is not None else None
    if abstract is None:
        return None
    for definition in numbering.findall(qn("w:abstractNum")):
        if definition.get(qn("w:abstractNumId")) == abstract.get(qn("w:val")):
            for lvl in definition.findall(qn("w:lvl")):
                if lvl.get(qn("w:ilvl")) == level:
                    return _ind_of(lvl.find(f"{qn('w:pPr')}/{qn('w:ind')}"))
    return None


def _ind_of(ind) -> tuple[int, int] | None:
    if ind is None:
        return None
    left = ind.get(qn("w:left")) or ind.get(qn("w:start")) or "0"
    return int(left), int(ind.get(qn("w:hanging")) or 0)


def _indent(p, found: tuple[int, int]) -> None:
    """Set `p`'s own indent to `found` moved in by the numbers' column (a paragraph's own indent
    wins over its list level's and its style's, in Word and in LibreOffice)."""
    left, hanging = found
    ind = p.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:left"), str(left + _INDENT))
    if hanging:
        ind.set(qn("w:hanging"), str(hanging))
