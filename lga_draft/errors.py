"""The one family of errors a user can cause, and the problems `check` reports.

Every failure a user can cause is an `LgaDraftError`; the CLI catches that class alone, prints its
message on one line and exits with its `exit_code`. Exit codes (also in the README):

    0  success
    1  the input is wrong: invalid library, consultation, template, or a problem found by `check`
    2  the command line is wrong (unknown option, missing argument, a bad option value)
    3  output refused: the file exists (use --force), its folder is missing, or it cannot be written
   70  internal error: a bug in lga-draft (set LGA_DRAFT_DEBUG=1 for the traceback)
  130  interrupted (Ctrl-C); nothing was written
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from contextvars import ContextVar
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


class UsageError(LgaDraftError):
    """The command line is wrong: a bad option value, or options that do not go together."""

    exit_code = EXIT_USAGE


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


# While the library index reads files, paths under the library are written as markers that it
# turns back into display paths when it reports them, so kept messages follow the working folder
# of each command (see library/ingest.py).
_PATH_MARKER: ContextVar[Callable[[Path | str], str | None] | None] = ContextVar(
    "lga_draft_path_marker", default=None
)


def display_link(path: Path) -> str:
    """A path named as given, not where its last part leads (`display_path` follows links)."""
    folder = display_path(path.parent)
    return path.name if folder == "." else f"{folder.rstrip('/')}/{path.name}"


def display_path(path: Path | str) -> str:
    """A path as the user will recognise it: relative to the working folder when inside it."""
    marker = _PATH_MARKER.get()
    if marker is not None and (marked := marker(path)) is not None:
        return marked
    try:
        if os.name == "posix":  # `check` names thousands of files: strings, not Path objects
            resolved, cwd = _resolve(os.fspath(path)), _resolve_dir(os.getcwd())
            if resolved == cwd:
                return "."
            prefix = cwd.rstrip("/") + "/"
            return resolved[len(prefix) :] if resolved.startswith(prefix) else str(Path(path))
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(Path(path))
    except (OSError, RuntimeError):  # a symlink loop (RuntimeError before Python 3.13)
        rel = os.path.relpath(os.path.abspath(path))
        return str(Path(path)) if rel.startswith("..") else rel


def _resolve(path: str) -> str:
    """`str(Path(path).resolve())`, resolving each folder once: `check` on a large library names
    thousands of files in a few folders, and resolving each from the root up cost a second."""
    folder, name = os.path.split(path)
    if name in ("", ".", ".."):
        return str(Path(path).resolve())
    # a file that is a link is named as it stands in its folder, not by what it points at: the
    # user knows the link, and a message naming the target would point somewhere else
    return os.path.join(_resolve_dir(folder or "."), name)


def _resolve_dir(folder: str) -> str:
    # keyed by the working folder too: a relative folder means another place after a chdir
    return _resolve_folder(folder, os.getcwd())


@functools.lru_cache(maxsize=4096)
def _resolve_folder(folder: str, cwd: str) -> str:
    return str(Path(folder).resolve())
