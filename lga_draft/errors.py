"""The one family of errors a user can cause, and the problems `check` reports.

Every failure a user can cause is an `LgaDraftError`; the CLI catches that class alone, prints its
message on one line and exits with its `exit_code`. Exit codes (also in the README):

    0  success
    1  the input is wrong: invalid library, consultation, template, or a problem found by `check`
    2  the command line is wrong (unknown option, missing argument) - typer's own code
    3  output refused: the file exists (use --force), its folder is missing, or it cannot be written
   70  internal error: a bug in lga-draft (set LGA_DRAFT_DEBUG=1 for the traceback)
  130  interrupted (Ctrl-C); nothing was written
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_OUTPUT = 3
EXIT_INTERNAL = 70


class LgaDraftError(Exception):
    """A failure the user can fix; its message is the one line they see."""

    exit_code = EXIT_INPUT

    def __init__(self, message: str, *, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems


class LibraryError(LgaDraftError):
    """The library (positions, tags, sources, settings) is invalid."""


class TagExpressionError(LgaDraftError):
    """A tag expression is malformed, names an unknown tag, or selects nothing."""


class ConsultationError(LgaDraftError):
    """A consultation file is invalid."""


class TemplateError(LgaDraftError):
    """A template is missing, invalid, or failed while rendering."""


class OutputError(LgaDraftError):
    """Output cannot be written where asked."""

    exit_code = EXIT_OUTPUT


class InputFileError(LgaDraftError):
    """An input document (questions, .docx) cannot be read."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a file, at a line where known."""

    file: str
    line: int | None
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}: {prefix}{self.message}"

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "severity": self.severity,
            "message": self.message,
        }


def display_path(path: Path | str) -> str:
    """A path as the user will recognise it: relative to the working folder when inside it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(p)
