"""The house style of a Word draft, as styles a reviewer can change from the styles pane.

Every visual decision lives here, as style definitions: the body text never carries manual
formatting beyond bold, italic and links. With the bundled style the definitions are applied to
python-docx's default template; with an organisation's reference document only the styles it lacks
are added, so its own look wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

# Arial is on every Windows and Mac machine; LibreOffice substitutes the metric-compatible
# Liberation Sans, so page breaks match between Word and the PDF a reviewer may be sent.
BODY_FONT = "Arial"
CODE_FONT = "Courier New"
DARK_BLUE = RGBColor(0x1F, 0x38, 0x64)
GREY = RGBColor(0x59, 0x59, 0x59)
LINK_BLUE = RGBColor(0x05, 0x63, 0xC1)
TABLE_STYLE = "Draft Table"

_P, _C, _T = WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE


@dataclass(frozen=True)
class Spec:
    """One style: its Word name (as styles.xml stores it), id, and the properties we set."""

    name: str
    style_id: str
    kind: WD_STYLE_TYPE = _P
    based_on: str | None = "Normal"
    next_style: str | None = None
    font: str | None = None
    size: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    color: RGBColor | None = None
    before: float | None = None
    after: float | None = None
    line: float | None = None
    left: float | None = None  # cm
    right: float | None = None  # cm
    keep_next: bool = False
    outline: int | None = None  # 0 = level 1 in the navigation pane and tables of contents
    superscript: bool = False
    underline: bool = False
    align: WD_ALIGN_PARAGRAPH | None = None


def _heading(level: int, size: float, before: float, after: float, **kw: object) -> Spec:
    return Spec(
        f"heading {level}",
        f"Heading{level}",
        next_style="Normal",
        size=size,
        bold=True,
        color=DARK_BLUE,
        before=before,
        after=after,
        keep_next=True,
        outline=level - 1,
        **kw,  # type: ignore[arg-type]
    )


def _list(kind: str, level: int) -> Spec:
    suffix = "" if level == 1 else f" {level}"
    # Bulleted and numbered items take their indent from the numbering definition; a
    # continuation paragraph has no number, so it indents itself to line up with the text.
    left = 0.75 * level if kind == "List Continue" else None
    return Spec(f"{kind}{suffix}", kind.replace(" ", "") + suffix.strip(), after=4, left=left)


HOUSE: tuple[Spec, ...] = (
    Spec("Normal", "Normal", based_on=None, after=8, line=1.15),
    Spec(
        "Title",
        "Title",
        next_style="Normal",
        size=24,
        color=DARK_BLUE,
        after=12,
        line=1.0,
        keep_next=True,
    ),
    Spec("Subtitle", "Subtitle", next_style="Normal", size=13, color=GREY, after=12),
    _heading(1, 16, 18, 6),
    _heading(2, 13, 14, 4),
    _heading(3, 11.5, 12, 2),
    _heading(4, 11, 10, 2, italic=True),
    *(
        _list(kind, n)
        for kind in ("List Bullet", "List Number", "List Continue")
        for n in (1, 2, 3)
    ),
    Spec(
        "Quote",
        "Quote",
        next_style="Normal",
        italic=True,
        color=GREY,
        left=1,
        right=1,
        before=4,
        after=10,
    ),
    Spec("footnote text", "FootnoteText", size=9, after=2, line=1.0),
    Spec("footnote reference", "FootnoteReference", _C, based_on=None, superscript=True),
    Spec("annotation text", "CommentText", size=10, line=1.0),
    Spec("annotation reference", "CommentReference", _C, based_on=None, size=8),
    Spec("Hyperlink", "Hyperlink", _C, based_on=None, color=LINK_BLUE, underline=True),
    Spec("Verbatim Char", "VerbatimChar", _C, based_on=None, font=CODE_FONT, size=10),
    Spec("Source Code", "SourceCode", font=CODE_FONT, size=9.5, after=0, line=1.0, left=0.5),
    Spec("Table Text", "TableText", size=10, before=2, after=2, line=1.0),
    Spec("header", "Header", size=9, color=GREY, after=0, align=WD_ALIGN_PARAGRAPH.RIGHT),
    Spec("footer", "Footer", size=9, color=GREY, after=0, align=WD_ALIGN_PARAGRAPH.CENTER),
)

# Header row dark blue with white bold text, light grey rules: readable in print and on screen.
# A table without a header row (a cover sheet: label | value) gets a pale, bold first column.
_TABLE_XML = f"""
<w:style {nsdecls("w")} w:type="table" w:styleId="DraftTable">
  <w:name w:val="{TABLE_STYLE}"/>
  <w:basedOn w:val="TableNormal"/>
  <w:uiPriority w:val="59"/>
  <w:qFormat/>
  <w:pPr><w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/></w:pPr>
  <w:tblPr>
    <w:tblBorders>
      <w:top w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>
      <w:left w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>
      <w:bottom w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>
      <w:right w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>
      <w:insideH w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>
      <w:insideV w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>
    </w:tblBorders>
    <w:tblCellMar>
      <w:top w:w="40" w:type="dxa"/><w:left w:w="100" w:type="dxa"/>
      <w:bottom w:w="40" w:type="dxa"/><w:right w:w="100" w:type="dxa"/>
    </w:tblCellMar>
  </w:tblPr>
  <w:tblStylePr w:type="firstRow">
    <w:rPr><w:b/><w:bCs/><w:color w:val="FFFFFF"/></w:rPr>
    <w:tblPr/>
    <w:trPr><w:tblHeader/></w:trPr>
    <w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="1F3864"/></w:tcPr>
  </w:tblStylePr>
  <w:tblStylePr w:type="firstCol">
    <w:rPr><w:b/><w:bCs/></w:rPr>
    <w:tblPr/>
    <w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="EDF1F7"/></w:tcPr>
  </w:tblStylePr>
</w:style>
"""

_ALL_NAMES = tuple(s.name for s in HOUSE) + (TABLE_STYLE,)
STYLE_NAMES = tuple(name.lower() for name in _ALL_NAMES)  # the keys apply_house_style returns


def apply_house_style(doc: Document, *, restyle: bool) -> dict[str, str]:
    """Make sure every style the writer uses exists; return Word name (lower case) -> style id.

    `restyle` True applies the house definitions to styles that already exist (the bundled
    template); False leaves an organisation's existing styles alone and only adds missing ones.
    """
    if restyle:
        _set_document_defaults(doc)
    # one pass over the styles, not one per name looked up: that was a tenth of a second a draft
    found = _by_name(doc)
    for spec in HOUSE:
        style = found.get(spec.name.lower())
        if style is None:
            style = doc.styles.add_style(spec.name, spec.kind, builtin=True)
            style.element.styleId = spec.style_id
            found[spec.name.lower()] = style
            _apply(style, spec, found)
        elif restyle:
            _apply(style, spec, found)
    found = _by_name(doc)
    if TABLE_STYLE.lower() not in found:
        doc.styles.element.append(_table_style(doc))
        found = _by_name(doc)
    return {name.lower(): found[name.lower()].style_id for name in _ALL_NAMES}


def _table_style(doc: Document) -> Any:
    """The house table style, based on the document's default table style: Word's "Normal Table"
    (TableNormal) in its own documents, another id or none at all in a reference document."""
    style = parse_xml(_TABLE_XML)
    based_on = style.find(qn("w:basedOn"))
    tables = [
        s for s in doc.styles.element.findall(qn("w:style")) if s.get(qn("w:type")) == "table"
    ]
    default = next((s for s in tables if s.get(qn("w:default")) in ("1", "true", "on")), None)
    if default is not None:
        based_on.set(qn("w:val"), default.get(qn("w:styleId")))
    elif not any(s.get(qn("w:styleId")) == "TableNormal" for s in tables):
        style.remove(based_on)
    return style


def header_footer_tabs(doc: Document, width_twips: int) -> None:
    """Centre and right tab stops of the header and footer styles at the text width's middle and
    end (python-docx's template has them at US Letter's)."""
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Twips

    for name in ("header", "footer"):
        style = _by_name(doc).get(name)
        if style is None:
            continue
        tabs = style.paragraph_format.tab_stops
        tabs.clear_all()
        tabs.add_tab_stop(Twips(width_twips // 2), WD_TAB_ALIGNMENT.CENTER)
        tabs.add_tab_stop(Twips(width_twips), WD_TAB_ALIGNMENT.RIGHT)


def _by_name(doc: Document) -> dict[str, Any]:
    """Style by lower-case name, the first of each name in the document's order.

    Word matches built-in style names without regard to case ("heading 1" / "Heading 1").
    """
    found: dict[str, Any] = {}
    for style in doc.styles:
        if style.name is not None:
            found.setdefault(style.name.lower(), style)
    return found


def _set_document_defaults(doc: Document) -> None:
    """Font, size and UK English set once for the document, replacing the template's theme fonts."""
    rpr = doc.styles.element.find(
        qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr")
    )
    if rpr is None:  # python-docx's template always has one; guard against surprises
        return
    _set_font(rpr, BODY_FONT)
    for tag, val in (("w:sz", "22"), ("w:szCs", "22")):
        el = rpr.find(qn(tag))
        if el is None:
            el = OxmlElement(tag)
            rpr.append(el)
        el.set(qn("w:val"), val)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-GB")
    # python-docx's template carries a "stylesWithEffects" twin and theme fonts on headings; the
    # theme attributes would override the font we set, so each style's own rFonts is cleared below.


def _set_font(rpr, name: str) -> None:  # rpr: CT_RPr
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.attrib.clear()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), name)


def _apply(style, spec: Spec, found: dict[str, Any]) -> None:  # style: BaseStyle
    if spec.based_on:
        base = found.get(spec.based_on.lower())
        if base is not None and base is not style:
            style.base_style = base
    if spec.next_style and spec.kind == _P:
        nxt = found.get(spec.next_style.lower())
        if nxt is not None:
            style.next_paragraph_style = nxt
    style.quick_style = True
    style.hidden = False
    style.unhide_when_used = False
    _apply_font(style, spec)
    if spec.kind == _P:
        _apply_paragraph(style, spec)
    if spec.style_id == "Title":
        _bottom_rule(style)


def _apply_font(style, spec: Spec) -> None:
    rpr = style.element.get_or_add_rPr()
    # Drop theme font references so the document default (or spec.font) governs.
    old = rpr.find(qn("w:rFonts"))
    if old is not None:
        rpr.remove(old)
    if spec.font:
        _set_font(rpr, spec.font)
    font = style.font
    if spec.size is not None:
        font.size = Pt(spec.size)
    if spec.bold is not None:
        font.bold = spec.bold
    if spec.italic is not None:
        font.italic = spec.italic
    if spec.color is not None:
        font.color.rgb = spec.color
    elif spec.kind == _P and spec.style_id != "Normal":
        font.color.rgb = None  # the template's blue-grey theme colours are not the house look
    if spec.superscript:
        font.superscript = True
    if spec.underline:
        font.underline = True


def _apply_paragraph(style, spec: Spec) -> None:
    pf = style.paragraph_format
    ppr = style.element.get_or_add_pPr()
    border = ppr.find(qn("w:pBdr"))  # the template's Title rule is in its accent colour
    if border is not None:
        ppr.remove(border)
    if spec.before is not None:
        pf.space_before = Pt(spec.before)
    if spec.after is not None:
        pf.space_after = Pt(spec.after)
    if spec.line is not None:
        pf.line_spacing = spec.line
    if spec.left is not None:
        pf.left_indent = Cm(spec.left)
    if spec.right is not None:
        pf.right_indent = Cm(spec.right)
    if spec.align is not None:
        pf.alignment = spec.align
    if spec.keep_next:
        pf.keep_with_next = True
        pf.keep_together = True
    if spec.outline is not None:
        lvl = ppr.find(qn("w:outlineLvl"))
        if lvl is None:
            lvl = OxmlElement("w:outlineLvl")
            _insert_in_order(ppr, lvl)
        lvl.set(qn("w:val"), str(spec.outline))


def _bottom_rule(style) -> None:
    rule = '<w:bottom w:val="single" w:sz="12" w:space="6" w:color="1F3864"/>'
    _insert_in_order(
        style.element.get_or_add_pPr(), parse_xml(f"<w:pBdr {nsdecls('w')}>{rule}</w:pBdr>")
    )


# The order the schema requires of w:pPr's children (ECMA-376 CT_PPrBase); Word rejects others.
_PPR_TAGS = """
    pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr
    shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE
    autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents
    suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr
    sectPr pPrChange
"""
_PPR_ORDER = tuple(f"w:{tag}" for tag in _PPR_TAGS.split())


def _insert_in_order(ppr, child) -> None:
    tag = child.tag.replace(qn("w:"), "w:")
    ppr.insert_element_before(child, *_PPR_ORDER[_PPR_ORDER.index(tag) + 1 :])
