"""Reading a draft back out of Word: its paragraphs as they now read, and where each position is.

python-docx's `Document.paragraphs` skips everything inside content controls, so the body is read
through its XML API. Text is read with tracked changes accepted (w:del and w:moveFrom left out,
w:ins and w:moveTo kept), and the tracked changes are counted, so a caller can report them rather
than silently fold them in.

A position is found one of two ways:

- Word (and python-docx) keep the block content control lga-draft wrote, tagged
  `lga-position:<id>@<library version>`: its paragraphs are the position.
- LibreOffice (7.4) re-saves a block content control as an empty inline one holding only the
  alias (the position's title) at the start of the position, and drops the tag. That marker is kept
  here as `Paragraph.marker`; the caller decides where such a position ends.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from lga_draft.roundtrip.worddiff import normalise
from lga_draft.word.package import internal_part

W_P, W_R, W_T, W_SDT = qn("w:p"), qn("w:r"), qn("w:t"), qn("w:sdt")
_REJECTED = {qn("w:del"), qn("w:moveFrom")}
_RUN_TEXT = {qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}
REVISION_KINDS = {
    qn("w:ins"): "insertion",
    qn("w:del"): "deletion",
    qn("w:moveFrom"): "move",
    qn("w:moveTo"): "move",
    qn("w:rPrChange"): "formatting",
    qn("w:pPrChange"): "formatting",
}
CLEARANCE_HEADING = "Clearance sheet"
_TEMPLATE = re.compile(r"\(with lga-draft, template ([\w-]+)\)")
_PROVENANCE = re.compile(
    r"^Position (?P<id>\S+) \(.*last reviewed (?P<reviewed>[\d-]+|unknown)\); "
    r"library (?P<version>\S+)$"
)


@dataclass
class Paragraph:
    """One non-empty paragraph of the body, in document order."""

    text: str
    element: Any
    style: str  # the style's name, lower case ("" for Normal); LibreOffice may rename ids
    in_table: bool
    tagged: tuple[int, str, str] | None = None  # (content control number, id, version)
    marker: str | None = (
        None  # LibreOffice: the alias of an unwrapped content control starting here
    )
    revisions: dict[str, int] = field(default_factory=dict)
    comments: list[int] = field(default_factory=list)  # ids of comments whose range starts here


@dataclass(frozen=True)
class Comment:
    author: str
    text: str


@dataclass(frozen=True)
class Provenance:
    """What lga-draft's margin note on a position says: its id, review date and library version."""

    id: str
    reviewed: str
    version: str


@dataclass(frozen=True)
class Core:
    """The document properties that say who saved it and when."""

    author: str = ""
    last_modified_by: str = ""
    created: dt.datetime | None = None
    modified: dt.datetime | None = None


@dataclass
class DraftDocument:
    path: Path | None
    paragraphs: list[Paragraph]  # the body before any clearance sheet
    clearance_ids: list[str]  # positions listed on the clearance sheet, if it has one
    cleared_by: str
    cleared_on: str
    template: str  # the template the clearance sheet says drafted it, if it has one
    comments: dict[int, Comment]
    has_comments_part: bool
    core: Core

    def provenance(self, paragraph: Paragraph) -> Provenance | None:
        for cid in paragraph.comments:
            comment = self.comments.get(cid)
            match = (
                _PROVENANCE.match(comment.text)
                if comment and comment.author == "lga-draft"
                else None
            )
            if match:
                return Provenance(match["id"], match["reviewed"], match["version"])
        return None


def read_draft(doc: Any, path: Path | None = None) -> DraftDocument:
    """The paragraphs, positions, comments and sign-off details of a loaded python-docx Document."""
    from lga_draft.word.parts import parse_position_tag

    styles = _style_names(doc)
    tagged: dict[Any, tuple[int, str, str]] = {}
    for number, sdt in enumerate(doc.element.body.iter(W_SDT)):
        tag = sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}")
        parsed = parse_position_tag(tag.get(qn("w:val"), "")) if tag is not None else None
        content = sdt.find(qn("w:sdtContent"))
        if parsed is not None and content is not None:
            for p in content.iter(W_P):
                tagged[p] = (number, parsed[0], parsed[1])

    paragraphs: list[Paragraph] = []
    clearance_at = None
    for p in doc.element.body.iter(W_P):
        text = normalise(accepted_text(p))
        marker = _marker(p) if p not in tagged else None
        revisions = count_revisions(p)
        if not text and marker is None and not revisions:
            continue
        style = styles.get(_style_id(p), "")
        in_table = any(a.tag == qn("w:tc") for a in p.iterancestors())
        if (
            text == CLEARANCE_HEADING
            and p not in tagged
            and not in_table
            and style.startswith("heading")
        ):
            clearance_at = p
            break
        starts = [
            n
            for c in p.iter(qn("w:commentRangeStart"))
            if (n := _short_int(c.get(qn("w:id")))) is not None
        ]
        paragraphs.append(
            Paragraph(text, p, style, in_table, tagged.get(p), marker, revisions, starts)
        )

    cleared_by, cleared_on, template, ids = (
        _clearance(doc, clearance_at) if clearance_at is not None else ("", "", "", [])
    )
    comments, has_part = _comments(doc)
    return DraftDocument(
        path, paragraphs, ids, cleared_by, cleared_on, template, comments, has_part, read_core(doc)
    )


def accepted_text(p: Any) -> str:
    """A paragraph's text as it reads with every tracked change accepted."""
    parts = []
    for el in p.iter(W_T, *_RUN_TEXT):
        run = el.getparent()
        if run is None or run.tag != W_R or _rejected(el, p):
            continue  # a w:tab in w:pPr is a tab stop, not text
        parts.append(el.text or "" if el.tag == W_T else _RUN_TEXT[el.tag])
    return "".join(parts)


def _rejected(el: Any, stop: Any) -> bool:
    for ancestor in el.iterancestors():
        if ancestor is stop:
            return False
        if ancestor.tag in _REJECTED:
            return True
    return False


def count_revisions(element: Any) -> dict[str, int]:
    """Tracked changes in `element`, by kind: insertion, deletion, move, formatting."""
    counts: dict[str, int] = {}
    for el in element.iter(*REVISION_KINDS):
        kind = REVISION_KINDS[el.tag]
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def _marker(p: Any) -> str | None:
    """The alias of an untagged, empty content control in `p`: what LibreOffice leaves."""
    for sdt in p.iter(W_SDT):
        alias = sdt.find(f"{qn('w:sdtPr')}/{qn('w:alias')}")
        tag = sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}")
        if alias is not None and tag is None and next(sdt.iter(W_P), None) is None:
            return alias.get(qn("w:val"), "")
    return None


def _style_id(p: Any) -> str:
    ppr = p.find(qn("w:pPr"))
    style = ppr.find(qn("w:pStyle")) if ppr is not None else None
    return style.get(qn("w:val"), "") if style is not None else ""


def _style_names(doc: Any) -> dict[str, str]:
    names = {}
    for style in doc.styles.element.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None:
            names[style.get(qn("w:styleId"), "")] = name.get(qn("w:val"), "").lower()
    names.pop("Normal", None)
    return names


def _clearance(doc: Any, heading: Any) -> tuple[str, str, str, list[str]]:
    """Who cleared the draft and when (as filled in), its template, and the positions it lists."""
    cleared_by = cleared_on = template = ""
    ids: list[str] = []
    after = sign_off = False
    for child in doc.element.body:
        if child is heading:
            after = True
        elif after and child.tag == W_P:
            text = normalise(accepted_text(child)).strip(" _")
            sign_off = sign_off or text == "Sign-off"  # the draft's own date comes before it
            found = _TEMPLATE.search(text)
            template = found.group(1) if found else template
            for label in ("Cleared by:", "Date:") if sign_off else ():
                value = text[len(label) :].strip(" _\t") if text.startswith(label) else ""
                if value and label == "Cleared by:":
                    cleared_by = value
                elif value:
                    cleared_on = value
        elif after and child.tag == qn("w:tbl"):
            for tr in child.iter(qn("w:tr")):
                first = tr.find(qn("w:tc"))
                text = (
                    normalise("".join(accepted_text(p) for p in first.iter(W_P)))
                    if first is not None
                    else ""
                )
                if text and text != "Position":
                    ids.append(text)
    return cleared_by, cleared_on, template, ids


def _comments(doc: Any) -> tuple[dict[int, Comment], bool]:
    part = internal_part(doc.part, RT.COMMENTS)  # a comments part elsewhere is never fetched
    if part is None:
        return {}, False
    found = {}
    for c in part.element.findall(qn("w:comment")):
        text = normalise(" ".join(accepted_text(p) for p in c.iter(W_P)))
        number = _short_int(c.get(qn("w:id")))
        if number is not None:
            found[number] = Comment(c.get(qn("w:author"), ""), text)
    return found, True


def _short_int(value: str | None) -> int | None:
    """A w:id as a number; None for one that is not a number of sensible length."""
    text = (value or "").strip()
    return int(text) if text.lstrip("-").isdigit() and len(text) <= 12 else None


_CORE_NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
}


def read_core(doc: Any) -> Core:
    """Core properties, read from the package itself.

    LibreOffice relates docProps/core.xml with a relationship type python-docx does not know
    (".../officedocument/2006/relationships/metadata/core-properties"), and python-docx then makes
    up fresh properties ("python-docx", saved now). So the part is found by either type here, and
    `doc.core_properties` is never asked (asking would add the made-up part to the document).
    """
    from lxml import etree

    for rel in doc.part.package.rels.values():
        if rel.is_external or not rel.reltype.lower().endswith("/metadata/core-properties"):
            continue
        try:
            root = etree.fromstring(
                rel.target_part.blob, etree.XMLParser(resolve_entities=False, no_network=True)
            )
        except etree.XMLSyntaxError:
            return Core()

        values = {
            k: _core_text(root, k)
            for k in ("dc:creator", "cp:lastModifiedBy", "dcterms:created", "dcterms:modified")
        }
        return Core(
            values["dc:creator"],
            values["cp:lastModifiedBy"],
            _when(values["dcterms:created"]),
            _when(values["dcterms:modified"]),
        )
    return Core()


def _core_text(root: Any, path: str) -> str:
    found = root.find(path, _CORE_NS)
    return (found.text or "").strip() if found is not None else ""


def _when(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None
    except ValueError:
        return None
