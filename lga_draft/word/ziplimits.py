"""The one check every .docx we are handed passes before anything inflates it.

A reference document, a signed-off draft or a consultation's questions come from someone's inbox:
missing, not a .docx at all, truncated, or a zip bomb. A .docx is a zip, and Python's zipfile never
inflates a member past the size the archive declares for it, so the declared sizes are a real
bound: an archive whose members would unpack to too much, or compress far better than real Word
XML does (member by member), or whose XML, parsed in memory, would be larger than any Word
document's, is refused unread. Each failure is one `InputFileError` line naming the file.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lga_draft.errors import InputFileError

MAX_FILE_BYTES = 50 * 1024 * 1024  # Word files carry images; 50 MB is a very large one
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200  # real Word XML compresses about 10:1; bombs manage 1000:1
RATIO_FROM = 1024 * 1024  # a member this small may compress as it likes
MAX_XML_BYTES = 48 * 1024 * 1024  # a thousand-page document's XML is a few tens of megabytes
MAX_MEMBERS = 5000


def read_docx_bytes(path: Path, label: str) -> bytes:
    """The file's bytes, after the checks on its size and on the archive it holds."""
    if not path.exists():
        raise InputFileError(f"{label}: file not found")
    if not path.is_file():
        raise InputFileError(f"{label}: is a folder, not a .docx file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InputFileError(
            f"{label}: larger than {MAX_FILE_BYTES // 2**20} MB; not a usable .docx"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputFileError(f"{label}: cannot be read ({exc.strerror})") from None
    check_docx_zip(data, label)
    return data


_OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")  # a Compound File: Word 97-2003, or encrypted OOXML


def check_docx_zip(data: bytes, label: str) -> None:
    """Refuse what is not a zip, a damaged one, or one that would unpack to too much."""
    if not data:
        raise InputFileError(f"{label}: is empty (0 bytes); save it again from Word as .docx")
    if data.startswith(_OLE2):  # what Word saves as .doc, and a .docx it has protected
        raise InputFileError(
            f"{label}: is an older Word .doc file or a password-protected document; "
            "open it in Word and save it as .docx (Word Document) without a password"
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputFileError(f"{label}: not a Word .docx document (not a zip archive)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise InputFileError(f"{label}: the .docx is corrupt ({one_line(exc)})") from None
    total = sum(m.file_size for m in members)
    xml = sum(m.file_size for m in members if m.filename.lower().endswith((".xml", ".rels")))
    # each member on its own: one large stored member must not cover another inflating 100:1
    bomb = next(
        (
            m
            for m in members
            if m.file_size > RATIO_FROM and m.file_size > MAX_RATIO * max(m.compress_size, 1)
        ),
        None,
    )
    if len(members) > MAX_MEMBERS or total > MAX_UNPACKED_BYTES or bomb is not None:
        raise InputFileError(
            f"{label}: refused, it would unpack to {total // 2**20} MB in {len(members)} files "
            "(a zip bomb, not a Word document)"
        )
    if xml > MAX_XML_BYTES:  # parsed in memory, at many times its size
        raise InputFileError(
            f"{label}: refused, its text and layout (XML) would unpack to {xml // 2**20} MB; "
            f"a Word document's is well under {MAX_XML_BYTES // 2**20} MB"
        )


def one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
