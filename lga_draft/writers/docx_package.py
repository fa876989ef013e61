"""Opening .docx files a user hands us, safely, and reading positions back out of a draft.

A reference document or a reviewed draft comes from someone's inbox: it may be missing, not a
.docx at all, truncated, or a zip bomb. Each of those is a one-line `InputFileError` naming the
file, never a traceback; the zip's declared sizes are checked before python-docx inflates anything
(zipfile never inflates a member past its declared size, so the declared sizes are a real bound).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from ..errors import InputFileError, display_path
from .docx_parts import parse_position_tag

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200  # real Word XML compresses about 10:1; bombs manage 1000:1
MAX_MEMBERS = 5000


def load_docx(source: Path | bytes, what: str) -> Document:
    """A python-docx Document from a path or bytes; `what` names it in messages."""
    label = what if isinstance(source, bytes) else f"{what} {display_path(source)}"
    data = _read(source, label) if isinstance(source, Path) else source
    _check_zip(data, label)
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
    ) as exc:
        raise InputFileError(f"{label}: the .docx is corrupt ({_one_line(exc)})") from None


def _read(path: Path, label: str) -> bytes:
    if not path.exists():
        raise InputFileError(f"{label}: file not found")
    if not path.is_file():
        raise InputFileError(f"{label}: is a folder, not a .docx file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InputFileError(
            f"{label}: larger than {MAX_FILE_BYTES // 2**20} MB; not a usable .docx"
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputFileError(f"{label}: cannot be read ({exc.strerror})") from None


def _check_zip(data: bytes, label: str) -> None:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputFileError(f"{label}: not a Word .docx document (not a zip archive)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputFileError(f"{label}: the .docx is corrupt ({_one_line(exc)})") from None
    total = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    if (
        len(members) > MAX_MEMBERS
        or total > MAX_UNPACKED_BYTES
        or (total > 10 * 2**20 and total > MAX_RATIO * max(packed, 1))
    ):
        raise InputFileError(
            f"{label}: refused, it would unpack to {total // 2**20} MB in {len(members)} files "
            "(a zip bomb, not a Word document)"
        )


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def clear_body(doc: Document) -> None:
    """Empty a reference document's body; keep its final section (page setup, headers, footers)."""
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    # Comments anchored in the removed body would be orphans in the draft's margin.
    try:
        comments = doc.part.part_related_by(RT.COMMENTS)
    except KeyError:
        return
    for comment in comments.element.findall(qn("w:comment")):  # type: ignore[attr-defined]
        comments.element.remove(comment)  # type: ignore[attr-defined]


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
