"""Opening .docx files a user hands us, safely, and reading positions back out of a draft.

A reference document or a reviewed draft comes from someone's inbox: it may be missing, not a
.docx at all, truncated, or a zip bomb. Each of those is a one-line `InputFileError` naming the
file, never a traceback; lga_draft.word.ziplimits checks the archive before python-docx inflates it.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from lga_draft.errors import InputFileError, display_path
from lga_draft.word.parts import parse_position_tag
from lga_draft.word.ziplimits import check_docx_zip, one_line, read_docx_bytes


def load_docx(source: Path | bytes, what: str) -> Document:
    """A python-docx Document from a path or bytes; `what` names it in messages."""
    label = what if isinstance(source, bytes) else f"{what} {display_path(source)}"
    if isinstance(source, Path):
        data = read_docx_bytes(source, label)
    else:
        data = source
        check_docx_zip(data, label)
    try:
        return docx.Document(io.BytesIO(data))
    except ValueError as exc:  # python-docx: "file is not a Word file, content type is ..."
        kind = "a template or macro document" if "content type" in str(exc) else "corrupt"
        raise InputFileError(f"{label}: not a Word .docx document ({kind})") from None
    except (
        KeyError,
        PackageNotFoundError,
        zipfile.BadZipFile,
        etree.XMLSyntaxError,
        EOFError,
        OSError,
        AttributeError,  # python-docx meeting parts it does not expect where it expects them
        IndexError,
        TypeError,
    ) as exc:
        raise InputFileError(f"{label}: the .docx is corrupt ({one_line(exc)})") from None


def clear_body(doc: Document) -> None:
    """Empty a reference document's body; keep its final section (page setup, headers, footers)."""
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    # Comments anchored in the removed body would be orphans in the draft's margin.
    comments = internal_part(doc.part, RT.COMMENTS)
    if comments is None:
        return
    for comment in comments.element.findall(qn("w:comment")):  # type: ignore[attr-defined]
        comments.element.remove(comment)  # type: ignore[attr-defined]


def internal_part(part: Any, reltype: str) -> Any | None:
    """The part related to `part` by `reltype` inside the package, or None.

    python-docx's `part_related_by` raises ValueError for a relationship with
    TargetMode="External" (a comments part "elsewhere", on a web server): never followed here.
    """
    for rel in part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            return rel.target_part
    return None


def read_positions(source: bytes | Path | str) -> list[tuple[str, str, str]]:
    """(id, version, text) of every position content control in a draft, in document order.

    The text is as the document now reads with tracked changes accepted: deleted text sits in
    w:delText, which is skipped, and inserted text in ordinary w:t, which is kept. Paragraphs are
    joined by newlines, empty ones left out; list numbers and footnote marks are not text and do
    not appear.
    """
    what = "document" if isinstance(source, bytes) else "draft"
    doc = load_docx(Path(source) if isinstance(source, str) else source, what)
    found = []
    for sdt in doc.element.body.iter(qn("w:sdt")):
        tag = sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}")
        parsed = parse_position_tag(tag.get(qn("w:val"), "")) if tag is not None else None
        content = sdt.find(qn("w:sdtContent"))
        if parsed is None or content is None:
            continue
        paragraphs = (_paragraph_text(p) for p in content.iter(qn("w:p")))
        found.append((parsed[0], parsed[1], "\n".join(t for t in paragraphs if t)))
    return found


_RUN_TEXT = {qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n"}


def _paragraph_text(p) -> str:
    # Only run content counts: a w:tab inside w:pPr is a tab stop, not a tab character.
    parts = []
    for r in p.iter(qn("w:r")):
        for el in r:
            parts.append(el.text or "" if el.tag == qn("w:t") else _RUN_TEXT.get(el.tag, ""))
    return "".join(parts)
