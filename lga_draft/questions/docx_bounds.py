"""Bounds on the numbers a Word question file gives, checked before they size a loop or a list.

python-docx lays out a table's cells by its `w:gridSpan` (a cell 300,000,000 columns wide took
2.8 GB) and follows `w:vMerge` continuations upward one row per call (3,000 merged rows overflowed
the stack). Word itself allows 63 columns; a form merges a few rows. A file beyond these bounds is
crafted, not a consultation, and is refused in one line before any table is read.
"""

from __future__ import annotations

from typing import Any

from lga_draft.errors import InputFileError

MAX_COLUMNS = 63  # Word's own limit on a table's columns
MAX_MERGED_ROWS = 100  # rows one vertically merged cell may span

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check_tables(body: Any, name: str) -> None:
    """Refuse tables wider than Word allows or with cells merged down too many rows."""
    for number, table in enumerate(body.iter(f"{_W}tbl"), start=1):
        running: dict[int, int] = {}  # grid column -> continued rows so far
        for row in table.iterchildren(f"{_W}tr"):
            column = 0
            for cell in row.iterchildren(f"{_W}tc"):
                span = _span(cell)
                if span is None or column + span > MAX_COLUMNS:
                    raise InputFileError(
                        f"{name}: table {number} is wider than Word allows "
                        f"({MAX_COLUMNS} columns); not a questions document"
                    )
                merge = cell.find(f"{_W}tcPr/{_W}vMerge")
                continues = merge is not None and merge.get(f"{_W}val", "continue") != "restart"
                running[column] = running.get(column, 0) + 1 if continues else 0
                if running[column] > MAX_MERGED_ROWS:
                    raise InputFileError(
                        f"{name}: table {number} merges a cell down more than "
                        f"{MAX_MERGED_ROWS} rows; not a questions document"
                    )
                column += span


def _span(cell: Any) -> int | None:
    """The cell's w:gridSpan, or None when it is not a sensible number of columns."""
    grid = cell.find(f"{_W}tcPr/{_W}gridSpan")
    value = grid.get(f"{_W}val", "1") if grid is not None else "1"
    if not value.isascii() or not value.isdigit() or len(value) > 3:
        return None
    return max(int(value), 1)


def bounded_int(value: Any, *, low: int, high: int) -> int | None:
    """`value` as a whole number within [low, high], or None."""
    text = str(value).strip()
    if not text.isascii() or not text.lstrip("-").isdigit() or len(text) > 12:
        return None
    number = int(text)
    return number if low <= number <= high else None
