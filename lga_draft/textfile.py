"""Text files as editors save them: UTF-8 with or without a byte-order mark, or UTF-16/32 with one.

Notepad and Word's "Unicode text" save UTF-16 with a byte-order mark; every other editor saves
UTF-8, some with a mark. A file is read by its mark when it has one, else as UTF-8; the mark itself
never reaches the text (a template's front matter must start its first line).
"""

from __future__ import annotations

import codecs

# longest first: the UTF-32 little-endian mark begins with the UTF-16 one
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def bom_encoding(raw: bytes) -> str | None:
    """The encoding a byte-order mark at the start of `raw` names, if there is one."""
    for mark, encoding in _BOMS:
        if raw.startswith(mark):
            return encoding
    return None


def decode(raw: bytes) -> str:
    """The text of `raw`, by its byte-order mark or else as UTF-8, with line ends made '\\n'.

    Raises `UnicodeDecodeError`; `decode_problem` words it for a message.
    """
    text = raw.decode(bom_encoding(raw) or "utf-8")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_problem(raw: bytes, exc: UnicodeDecodeError) -> tuple[int, str]:
    """(line, message) for a file that did not decode: where, and what to do about it."""
    encoding = bom_encoding(raw)
    line = raw[: exc.start].count(b"\n") + 1 if encoding in (None, "utf-8-sig") else 1
    if encoding in ("utf-16", "utf-32"):
        return line, f"is not valid {encoding.upper()} text, though it starts as if it were"
    return line, f"is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8"


def looks_binary(raw: bytes) -> bool:
    """NUL bytes near the start, in a file without a UTF-16/32 byte-order mark."""
    return b"\x00" in raw[:8192] and bom_encoding(raw) in (None, "utf-8-sig")
