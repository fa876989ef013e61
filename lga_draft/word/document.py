"""The Word writer: a drafted Markdown response as a .docx ready for sign-off.

The Markdown is the one intermediate form: this module parses it (see docx_body), lays it out
in the house style or an organisation's reference document, and adds the furniture a reviewer
expects: a DRAFT header, page numbers, document properties, a provenance comment on every
position and, when asked, a clearance sheet. It is imported only by the commands that write
Word, so python-docx and markdown-it load only then.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, TypeVar

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Emu
from lxml.etree import SubElement

from lga_draft.errors import LgaDraftError
from lga_draft.output import write_atomic
from lga_draft.word.body import BodyWriter, RenderedPosition, add_text
from lga_draft.word.clearance import APPROVED, Clearance, ClearanceRow, clearance_sheet
from lga_draft.word.package import clear_body, load_docx, read_positions
from lga_draft.word.pagination import close_split_lists
from lga_draft.word.paranumbers import number_paragraphs
from lga_draft.word.parts import (
    Footnotes,
    ListNumbering,
    W,
    clean_text,
    field_runs,
    typographic,
)
from lga_draft.word.style import STYLE_NAMES as _STYLE_NAMES
from lga_draft.word.style import apply_house_style, header_footer_tabs

__all__ = ["APPROVED", "Clearance", "ClearanceRow", "DocMeta", "read_positions", "render_docx"]

COMMENT_AUTHOR = "lga-draft"
_T = TypeVar("_T", bound=Any)


@dataclass(frozen=True)
class DocMeta:
    """What the document says about itself: properties, header and provenance."""

    title: str
    subject: str
    author: str
    keywords: tuple[str, ...]
    library_version: str
    version: str
    date: str  # as printed, "22 November 2026"
    status_label: str = "DRAFT"
    numbered_paragraphs: bool = False  # as select committees ask of written evidence


def render_docx(
    markdown: str,
    meta: DocMeta,
    *,
    reference_doc: Path | None = None,
    clearance: Clearance | None = None,
    checks: Mapping[str, str] | None = None,
) -> bytes:
    """The .docx bytes of `markdown`; the caller writes them (atomically).

    `checks` holds, by position id, a margin note saying what its owner must confirm."""
    meta = _cleaned(meta)
    if reference_doc is None:
        doc, styles = _house_document()
    else:
        doc = load_docx(Path(reference_doc), "reference document")
        clear_body(doc)
        styles = apply_house_style(doc, restyle=False)
    footnotes = Footnotes(doc.part, styles["footnote reference"], styles["footnote text"])
    writer = BodyWriter(
        doc,
        styles,
        footnotes,
        ListNumbering(doc.part.numbering_part.element),
        numbered_lists=not meta.numbered_paragraphs,
    )

    # typeset as the text they are about and the clearance sheet are ("£31–33 billion")
    notes = {k: typographic(clean_text(v)) for k, v in (checks or {}).items()}
    positions = writer.write(clean_text(markdown))
    close_split_lists(doc.element.body, styles)
    _provenance_comments(doc, positions, meta, notes, writer.cited)
    if meta.numbered_paragraphs:  # before the clearance sheet, which is not the submission's
        number_paragraphs(
            doc.element.body, doc.part.numbering_part.element, styles, doc.styles.element
        )
    _renumber_comments(doc, footnotes.next_id)
    if clearance is not None:
        clearance_sheet(writer, _cleaned(clearance))
    writer.finish()
    for section in doc.sections:
        _header(section, meta, styles["header"])
        _footer(section, styles["footer"])
    _properties(doc, meta)
    return _package_bytes(doc, _parse_date(meta.date))


def _package_bytes(doc: Document, when: dt.datetime | None) -> bytes:
    """The .docx as python-docx's `save` writes it, but with every zip entry dated `when` (the
    draft's date) rather than the clock: the same draft gives the same bytes on every run."""
    from docx.opc.pkgwriter import _ContentTypesItem

    stamp = (when or dt.datetime(1980, 1, 1)).timetuple()[:6]
    package = doc.part.package
    parts = list(package.iter_parts())
    for part in parts:
        part.before_marshal()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:

        def write(name: str, blob: bytes) -> None:
            info = zipfile.ZipInfo(name, date_time=max(stamp, (1980, 1, 1, 0, 0, 0)))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, blob)

        # the order python-docx's PackageWriter uses: content types, package relationships, parts
        write("[Content_Types].xml", _ContentTypesItem.from_parts(parts).blob)
        write("_rels/.rels", package.rels.xml)
        for part in parts:
            write(part.partname.membername, part.blob)
            if len(part.rels):
                write(part.partname.rels_uri.membername, part.rels.xml)
    return out.getvalue()


def _cleaned(obj: _T) -> _T:
    """A copy of a DocMeta, Clearance or ClearanceRow with every string made XML-safe."""
    changes: dict[str, Any] = {}
    for f in fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, str):
            changes[f.name] = clean_text(value)
        elif isinstance(value, tuple):
            changes[f.name] = tuple(
                clean_text(v) if isinstance(v, str) else _cleaned(v) for v in value
            )
    return replace(obj, **changes)


# ----------------------------------------------------------------------------- the house base

_HOUSE: tuple[bytes, dict[str, str]] | None = None
_PRIMED: tuple[Document, dict[str, str]] | None = None


def prime_house_document() -> None:
    """Open the house document now, for the next draft this process (or a fork of it) makes.

    The warm server calls this last thing before it forks workers: each worker then starts from
    an opened copy, 7 ms sooner. A process uses a primed document once, as any draft would.
    """
    global _PRIMED
    _PRIMED = _house_document()


def _house_document() -> tuple[Document, dict[str, str]]:
    """A new empty document in the house style, and its style ids by lower-case name.

    Making it (python-docx's template, tidied, restyled) is a quarter of a draft's Word time, so
    it is made once: kept for the process and in the user's cache, next to compiled templates,
    under a name that changes with the writer's code and python-docx's version. What is read
    back is a .docx, not code; one that does not open is made again.
    """
    global _HOUSE, _PRIMED
    if _PRIMED is not None:  # made before this process was forked from the warm server
        primed, _PRIMED = _PRIMED, None
        return primed
    if _HOUSE is None:
        _HOUSE = _read_house()
    if _HOUSE is not None:
        try:
            return docx.Document(io.BytesIO(_HOUSE[0])), dict(_HOUSE[1])
        except Exception:  # a damaged copy in the cache: made again below
            pass
    _HOUSE = _make_house()
    return docx.Document(io.BytesIO(_HOUSE[0])), dict(_HOUSE[1])


def _house_file() -> Path | None:
    from lga_draft.library.cachedir import private_folder

    folder = private_folder("word")
    if folder is None:
        return None
    here = Path(__file__).parent
    stats = sorted((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in here.glob("*.py"))
    key = hashlib.sha256(repr((docx.__version__, stats)).encode()).hexdigest()[:16]
    return folder / f"house-{key}.docx"


def _read_house() -> tuple[bytes, dict[str, str]] | None:
    try:
        path = _house_file()
        if path is None:
            return None
        data = path.read_bytes()
        styles = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    except (OSError, ValueError):  # missing or partly written: made again
        return None
    if not isinstance(styles, dict) or set(styles) != set(_STYLE_NAMES):
        return None
    if not all(isinstance(v, str) for v in styles.values()):
        return None
    return data, styles


def _make_house() -> tuple[bytes, dict[str, str]]:
    doc = docx.Document()
    _tidy_template(doc)
    styles = apply_house_style(doc, restyle=True)
    section = doc.sections[0]
    width = section.page_width - section.left_margin - section.right_margin  # type: ignore[operator]
    header_footer_tabs(doc, Emu(width).twips)
    out = io.BytesIO()
    doc.save(out)
    data = out.getvalue()
    with contextlib.suppress(OSError, LgaDraftError):  # no cache is slower, not an error
        path = _house_file()
        if path is not None:  # the styles first: a .docx without its styles file is not read
            write_atomic(path.with_suffix(".json"), json.dumps(styles).encode(), force=True)
            write_atomic(path, data, force=True)
    return data, styles


def _tidy_template(doc: Document) -> None:
    """python-docx's template is a 2010 US Letter document; make it a current A4 one."""
    _a4_page(doc.sections[0])
    # Its stale Word 2010 copy of the styles would win over the house style in Word 2010.
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype == _STYLES_WITH_EFFECTS:
            del doc.part.rels[rid]
    # Word 2010 compatibility mode puts "[Compatibility Mode]" in the title bar of today's Word.
    for setting in doc.settings.element.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")


_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def _a4_page(section: Section) -> None:
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.header_distance = section.footer_distance = Cm(1.25)


# ----------------------------------------------------------------------------- furniture


def _provenance_comments(
    doc: Document,
    positions: list[RenderedPosition],
    meta: DocMeta,
    checks: Mapping[str, str],
    cited: Mapping[str, Any],
) -> None:
    """A margin note on each position's first run saying where the text came from, and a second
    on those in `checks` saying what its owner must confirm before sign-off.

    A position in `checks` that the draft gives only as a key message (its title and lead,
    citing its sources in a note labelled with its id, `cited`) has no content control: its check
    goes on the first run of that key message, the clearance sheet saying it is in the margin.

    Written as python-docx's `add_comment` writes one (the same XML), but straight into the
    comments part: through its API each comment was parsed from text and numbered by a search of
    the ones before it, a tenth of a draft's Word time.
    """
    anchors = []
    for position in positions:
        first = _first_text_run(position.sdt)
        if first is not None:
            anchors.append((position, first))
    set_out = {position.attrs["id"] for position, _ in anchors}
    only_cited = []  # (check, first run of the paragraph citing the position), in the draft's order
    for position_id, reference in cited.items():
        paragraph = next(reference.iterancestors(_W + "p"), None)
        first = _first_text_run(paragraph) if paragraph is not None else None
        if position_id in checks and position_id not in set_out and first is not None:
            only_cited.append((checks[position_id], first))
    if not anchors and not only_cited:
        return
    comments = doc.part._comments_part.element  # made from python-docx's template if absent
    used = [int(c.get(_ID)) for c in comments.findall(_COMMENT)]
    when = _parse_date(meta.date) or dt.datetime.now(dt.UTC)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    notes = []
    for position, first in anchors:
        a = position.attrs
        text = (
            f"Position {a['id']} (owner {a.get('owner', 'unknown')}, last reviewed "
            f"{a.get('reviewed', 'unknown')}); library {meta.library_version}"
        )
        if a.get("more"):  # what composition left out of this answer (see drafting/compose.py)
            text += f". The library holds more of it than fits here: {a['more']} (lga-draft show {a['id']})"
        notes.append((text, first))
        if a["id"] in checks:
            notes.append((checks[a["id"]], first))
    notes.extend(only_cited)
    for number, (text, first) in enumerate(notes, start=max(used, default=-1) + 1):
        comment_id = str(number)
        comment = SubElement(comments, _COMMENT)
        for name, value in (
            (_ID, comment_id),
            (_W + "author", COMMENT_AUTHOR),
            (_W + "initials", "LD"),
            (_W + "date", stamp),
        ):
            comment.set(name, value)
        p = SubElement(comment, _W + "p")
        SubElement(SubElement(p, _W + "pPr"), _W + "pStyle").set(_VAL, "CommentText")
        p.append(_reference_run(_W + "annotationRef"))
        add_text(SubElement(p, _WR), text)
        # the range: the first run of the position, then the reference mark after it
        start = first.makeelement(_W + "commentRangeStart", {_ID: comment_id})
        first.addprevious(start)
        first.addnext(_reference_run(_W + "commentReference", comment_id))
        first.addnext(first.makeelement(_W + "commentRangeEnd", {_ID: comment_id}))


def _first_text_run(el: Any) -> Any:
    return next((r for r in el.iter(_WR) if r.find(_WT) is not None), None)


def _reference_run(tag: str, comment_id: str | None = None) -> Any:
    r = parse_xml(_REFERENCE_RUN)
    mark = SubElement(r, tag)
    if comment_id is not None:
        mark.set(_ID, comment_id)
    return r


_W = W
_WR, _WT, _ID, _VAL, _COMMENT = _W + "r", _W + "t", _W + "id", _W + "val", _W + "comment"
_REFERENCE_RUN = (
    '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:rPr><w:rStyle w:val="CommentReference"/></w:rPr></w:r>'
)


def _renumber_comments(doc: Document, first: int) -> None:
    """Give comments ids above every footnote's.

    The ids live in separate parts and may overlap, but LibreOffice (7.4 at least) then shows
    the wrong text in the footnotes that follow a comment.
    """
    comments = _comment_elements(doc)
    if not comments:
        return
    new_id = {c.get(qn("w:id")): str(first + n) for n, c in enumerate(comments)}
    marks = (qn("w:commentRangeStart"), qn("w:commentRangeEnd"), qn("w:commentReference"))
    for el in [*comments, *doc.element.body.iter(*marks)]:
        el.set(qn("w:id"), new_id.get(el.get(qn("w:id")), el.get(qn("w:id"))))


def _header(section: Section, meta: DocMeta, style_id: str) -> None:
    """DRAFT v1 - 22 November 2026, added to whatever header the reference document has."""
    headers = [section.header]
    if section.different_first_page_header_footer:
        headers.append(section.first_page_header)
    for header in headers:
        para = _furniture_paragraph(header, style_id)
        para.add_run(meta.status_label).bold = True
        para.add_run(f" v{meta.version} \u2013 {meta.date}")


def _footer(section: Section, style_id: str) -> None:
    """'Page N of M' with live fields, unless the reference footer already numbers pages."""
    footer = section.footer
    if not footer.is_linked_to_previous and any(
        "PAGE" in (el.text or el.get(qn("w:instr"), ""))
        for el in footer.part.element.iter(qn("w:instrText"), qn("w:fldSimple"))
    ):
        return
    para = _furniture_paragraph(footer, style_id)
    para.add_run("Page ")
    for r in field_runs("PAGE", "1"):
        para._p.append(r)
    para.add_run(" of ")
    for r in field_runs("NUMPAGES", "1"):
        para._p.append(r)


def _furniture_paragraph(story, style_id: str):  # story: _Header | _Footer
    """The story's empty first paragraph, or a new one after the reference document's own."""
    paragraphs = story.paragraphs
    if len(paragraphs) == 1 and not paragraphs[0].text and not len(paragraphs[0]._p.xpath("./w:r")):
        para = paragraphs[0]
    else:
        para = story.add_paragraph()
    para._p.style = style_id
    return para


def _properties(doc: Document, meta: DocMeta) -> None:
    props = doc.core_properties
    props.title = meta.title
    props.subject = meta.subject
    props.author = props.last_modified_by = meta.author
    props.keywords = ", ".join(meta.keywords)
    props.comments = f"lga-draft library {meta.library_version}"
    props.category = f"{meta.status_label} v{meta.version}"
    props.version = meta.version
    props.revision = 1
    props.language = "en-GB"
    when = _parse_date(meta.date)
    if when is not None:  # the draft's date, not the clock: the same input gives the same file
        props.created = props.modified = when
        props.last_printed = when
        for comment in _comment_elements(doc):
            comment.set(qn("w:date"), when.strftime("%Y-%m-%dT%H:%M:%SZ"))
    _app_properties(doc, meta)
    # python-docx's template carries a thumbnail of an empty page; a stale preview misleads.
    rels = doc.part.package.rels  # type: ignore[union-attr]
    for rid, rel in list(rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del rels[rid]


def _app_properties(doc: Document, meta: DocMeta) -> None:
    """docProps/app.xml says which application made the draft, and for whom; no page, word or
    line counts, which would be the template's (1 page, 0 words) or a guess: Word and LibreOffice
    count them again when they save."""
    from html import escape  # not xml.sax.saxutils, which imports urllib.request (10 ms)

    app = next(
        (p for p in doc.part.package.iter_parts() if p.partname == "/docProps/app.xml"), None
    )
    if app is None:
        return
    app._blob = (  # type: ignore[attr-defined]
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
        ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"<Application>lga-draft</Application><DocSecurity>0</DocSecurity>"
        f"<Company>{escape(meta.author, quote=False)}</Company></Properties>"
    ).encode()


def _comment_elements(doc: Document) -> list:
    try:
        return doc.part.part_related_by(RT.COMMENTS).element.findall(qn("w:comment"))  # type: ignore[attr-defined]
    except KeyError:
        return []


_MONTHS = "january february march april may june july august september october november december"
_MONTH_NUMBER = {name: n for n, name in enumerate(_MONTHS.split(), start=1)}


def _parse_date(text: str) -> dt.datetime | None:
    """'22 November 2026' or '2026-11-22', without depending on the locale."""
    m = re.fullmatch(r"\s*(\d{1,2}) ([A-Za-z]+) (\d{4})\s*", text)
    try:
        if m and m.group(2).lower() in _MONTH_NUMBER:
            day, month, year = int(m.group(1)), _MONTH_NUMBER[m.group(2).lower()], int(m.group(3))
            return dt.datetime(year, month, day)
        return dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None
