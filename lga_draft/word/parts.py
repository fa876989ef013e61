"""The Word features python-docx does not model, built on its part and XML APIs.

Footnotes (a footnotes part), list numbering instances, block content controls (w:sdt), hyperlinks
and fields. Each is a small, separate piece so it can be read against the OOXML spec.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.parts.document import DocumentPart
from lxml import etree

# XML 1.0 cannot hold C0 controls other than tab, newline and carriage return, the
# non-characters U+FFFE/U+FFFF, or lone surrogates; lxml refuses them, so they are dropped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

POSITION_TAG_PREFIX = "lga-position:"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"  # WordprocessingML, Clark form
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def clean_text(text: str) -> str:
    """Text with every character Word's XML cannot hold removed."""
    return _NOT_XML.sub("", text)


# A hyphen between two numbers is a range ("£31-33 billion", "2024-25"), but not in a date
# ("2024-12-02", "2024-12": a year and a month).
_RANGE = re.compile(
    r"(?<![\d-])(?!\d{4}-(?:0[1-9]|1[0-2])(?![\d-]))(\d[\d,.]*)-(?=\d[\d,.]*(?![\d-]))"
)
_APOSTROPHE = re.compile(r"(?<=\w)'|'(?=\d\d?s\b)")  # children's, '90s
_OPENING = re.compile(r"(^|(?<=[\s(\[—–]))'")


def typographic(text: str) -> str:
    """Text as the body's typesetting has it: an en dash in a range of numbers, and curly
    apostrophes and single quotes (the Markdown parser does the same for the body's text)."""
    if "-" in text:
        text = _RANGE.sub("\\1\u2013", text)
    if "'" in text:
        text = _OPENING.sub("\u2018", _APOSTROPHE.sub("\u2019", text)).replace("'", "\u2019")
    return text


# ----------------------------------------------------------------------------- footnotes

_SEPARATORS = f"""
<w:footnotes {nsdecls("w")}>
  <w:footnote w:type="separator" w:id="-1">
    <w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
      <w:r><w:separator/></w:r></w:p>
  </w:footnote>
  <w:footnote w:type="continuationSeparator" w:id="0">
    <w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
      <w:r><w:continuationSeparator/></w:r></w:p>
  </w:footnote>
</w:footnotes>
"""


class Footnotes:
    """The document's footnotes part, created on first use.

    A reference document made in Word already has a footnotes part holding its separators (and
    perhaps old notes whose references went with the cleared body): its separators are kept and
    the part replaced, so no orphaned notes travel into the draft.
    """

    def __init__(self, document_part: DocumentPart, ref_style: str, text_style: str) -> None:
        self._document_part = document_part
        self._ref_style = ref_style
        self._text_style = text_style
        self._part: XmlPart | None = None
        self._next_id = 1

    @property
    def part(self) -> XmlPart:
        if self._part is None:
            self._part = self._create_part()
        return self._part

    @property
    def next_id(self) -> int:
        """The id the next note would get: every note so far has a smaller one."""
        return self._next_id

    def new_note(self):  # -> (int, w:footnote element)
        """A new, empty footnote and its id; the caller fills it with paragraphs."""
        note = OxmlElement("w:footnote")
        note.set(qn("w:id"), str(self._next_id))
        self.part.element.append(note)
        self._next_id += 1
        return self._next_id - 1, note

    def finish_note(self, note) -> None:
        """Start the note's first paragraph with its number mark, as Word does."""
        p = note.find(qn("w:p"))
        if p is None:
            p = OxmlElement("w:p")
            note.append(p)
        if p.pPr is None or p.pPr.style is None:
            p.style = self._text_style
        mark = self._run_with(OxmlElement("w:footnoteRef"))
        space = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.set(XML_SPACE, "preserve")
        text.text = " "
        space.append(text)
        after_ppr = 1 if p.pPr is not None else 0
        p.insert(after_ppr, space)
        p.insert(after_ppr, mark)

    def reference_run(self, note_id: int):
        """The run that places footnote `note_id`'s number in the text."""
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:id"), str(note_id))
        return self._run_with(ref)

    def _run_with(self, child):
        r = OxmlElement("w:r")
        r.get_or_add_rPr().style = self._ref_style
        r.append(child)
        return r

    def _create_part(self) -> XmlPart:
        element = parse_xml(_SEPARATORS)
        old = _related_part(self._document_part, RT.FOOTNOTES)
        if old is not None:
            kept = _old_separators(old)
            if kept:
                for child in list(element):
                    element.remove(child)
                for child in kept:
                    element.append(child)
            for rid, rel in list(self._document_part.rels.items()):
                if rel.reltype == RT.FOOTNOTES:
                    self._document_part.drop_rel(rid)
        package = self._document_part.package
        # The old part is unreachable once its relationship is dropped, so its name is free again.
        part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, element, package)
        self._document_part.relate_to(part, RT.FOOTNOTES)
        _declare_footnote_separators(self._document_part)
        return part


def _related_part(source: Part, reltype: str) -> Part | None:
    try:
        return source.part_related_by(reltype)
    except KeyError:
        return None


def _old_separators(part: Part) -> list:
    root = (
        part.element
        if isinstance(part, XmlPart)
        else etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False, no_network=True))
    )
    keep = ("separator", "continuationSeparator", "continuationNotice")
    return [
        parse_xml(etree.tostring(n))
        for n in root.findall(qn("w:footnote"))
        if n.get(qn("w:type")) in keep
    ]


def _declare_footnote_separators(document_part: DocumentPart) -> None:
    """Name the separator notes in settings, where Word itself lists them."""
    settings = document_part.settings.element
    if settings.find(qn("w:footnotePr")) is not None:
        return
    pr = parse_xml(
        f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
    )
    settings.insert_element_before(
        pr,
        "w:endnotePr",
        "w:compat",
        "w:docVars",
        "w:rsids",
        "m:mathPr",
        "w:attachedSchema",
        "w:themeFontLang",
        "w:clrSchemeMapping",
        "w:doNotIncludeSubdocsInStats",
        "w:doNotAutoCompressPictures",
        "w:forceUpgrade",
        "w:captions",
        "w:readModeInkLockDown",
        "w:smartTagType",
        "sl:schemaLibrary",
        "w:shapeDefaults",
        "w:doNotEmbedSmartTags",
        "w:decimalSymbol",
        "w:listSeparator",
    )


# ----------------------------------------------------------------------------- numbering

_BULLETS = ("•", "–", "•", "–", "•", "–", "•", "–", "•")
_NUMBER_FORMATS = ("decimal", "lowerLetter", "lowerRoman") * 3
_INDENT = 425  # twips per level (0.75 cm)


def _abstract_num_xml(abstract_id: int, ordered: bool) -> str:
    levels = []
    for ilvl in range(9):
        if ordered:
            fmt, text = _NUMBER_FORMATS[ilvl], f"%{ilvl + 1}."
        else:
            fmt, text = "bullet", _BULLETS[ilvl]
        levels.append(
            f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{_INDENT * (ilvl + 1)}" w:hanging="{_INDENT}"/></w:pPr></w:lvl>'
        )
    # Word identifies a list definition by its nsid; a fixed one per kind keeps output repeatable.
    nsid = f"4C47{0x4E00 + 2 * abstract_id + ordered:04X}"
    return (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}"><w:nsid w:val="{nsid}"/>'
        f'<w:multiLevelType w:val="multilevel"/>{"".join(levels)}</w:abstractNum>'
    )


class ListNumbering:
    """One bullet and one numbered list definition, and a numbering instance for every list.

    Every Markdown list gets its own w:num; numbered ones carry a startOverride, which is how
    Word itself restarts a list at 1 (or at the number the Markdown list starts with).
    """

    def __init__(self, numbering) -> None:  # numbering: CT_Numbering
        self._numbering = numbering
        self._abstract: dict[bool, int] = {}

    def new_list(self, *, ordered: bool, ilvl: int, start: int = 1) -> int:
        num = self._numbering.add_num(self._abstract_id(ordered))
        if ordered:
            num.add_lvlOverride(ilvl=ilvl).add_startOverride(start)
        return int(num.numId)

    def _abstract_id(self, ordered: bool) -> int:
        if ordered not in self._abstract:
            self._abstract[ordered] = add_abstract_num(
                self._numbering, lambda abstract_id: _abstract_num_xml(abstract_id, ordered)
            )
        return self._abstract[ordered]


def add_abstract_num(numbering, xml: Callable[[int], str]) -> int:
    """Add the list definition `xml(id)` under the next free abstractNumId; returns the id."""
    existing = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    abstract_id = max(existing, default=-1) + 1
    # Schema order: every abstractNum comes before the first num.
    numbering.insert_element_before(parse_xml(xml(abstract_id)), "w:num", "w:numIdMacAtCleanup")
    return abstract_id


# ----------------------------------------------------------------------------- content controls


def new_block_sdt(tag: str, alias: str, sdt_id: int):  # -> (w:sdt, w:sdtContent)
    """A block-level rich-text content control; its w:tag carries what a harvest reads back."""
    sdt = OxmlElement("w:sdt")
    pr = OxmlElement("w:sdtPr")
    for name, value in (("w:alias", alias), ("w:tag", tag), ("w:id", str(sdt_id))):
        el = OxmlElement(name)
        el.set(qn("w:val"), value)
        pr.append(el)
    content = OxmlElement("w:sdtContent")
    sdt.append(pr)
    sdt.append(content)
    return sdt, content


def guard_paragraph():  # -> w:p
    """An empty, hidden, zero-height paragraph to open a position's content control.

    LibreOffice (7.4 at least) loses the text before a footnote reference in the first paragraph
    of a block content control, and a position's lead always ends in its sources note. Word
    hides a paragraph whose mark is hidden; LibreOffice shows it, at 1 pt with no spacing. It
    keeps with next, so a heading before the position (which keeps with the guard) stays with
    the position's first lines rather than with an invisible paragraph at the foot of a page.
    """
    return parse_xml(
        f'<w:p {nsdecls("w")}><w:pPr><w:keepNext/><w:spacing w:before="0" w:after="0" w:line="20" '
        'w:lineRule="exact"/><w:rPr><w:vanish/><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr>'
        "</w:pPr></w:p>"
    )


def position_tag(position_id: str, version: str) -> str:
    return f"{POSITION_TAG_PREFIX}{position_id}@{version}"


def parse_position_tag(tag: str) -> tuple[str, str] | None:
    if not tag.startswith(POSITION_TAG_PREFIX):
        return None
    position_id, _, version = tag[len(POSITION_TAG_PREFIX) :].rpartition("@")
    return (position_id, version) if position_id else (version, "")


# ----------------------------------------------------------------------------- hyperlinks, fields


def new_hyperlink(part: Part, url: str):  # -> w:hyperlink
    """A w:hyperlink whose target is an external relationship of `part` (body, footnotes...)."""
    r_id = part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    link.set(qn("w:history"), "1")
    return link


def field_runs(instruction: str, placeholder: str) -> list:
    """The runs of a complex field (PAGE, NUMPAGES): Word and LibreOffice recompute the result."""
    runs = []
    for kind in ("begin", "instr", "separate", "result", "end"):
        r = OxmlElement("w:r")
        if kind == "instr":
            child = OxmlElement("w:instrText")
            child.set(XML_SPACE, "preserve")
            child.text = f" {instruction} "
        elif kind == "result":
            child = OxmlElement("w:t")
            child.text = placeholder
        else:
            child = OxmlElement("w:fldChar")
            child.set(qn("w:fldCharType"), kind)
        r.append(child)
        runs.append(r)
    return runs
