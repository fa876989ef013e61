"""Loading a library folder into a frozen `Library`, gathering every problem on the way."""

from __future__ import annotations

from pathlib import Path

from lga_draft.errors import LibraryError, Problem, display_path
from lga_draft.library.model import Library, LoadResult


def load_library(root: Path) -> LoadResult:
    """Read and validate every file of the library at `root`; never raises for bad content.

    Read through the library index (index.py): only files changed since the last command are
    read again.
    """
    from lga_draft.library import index
    from lga_draft.library import version as library_version

    # drafts record the library's git commit where it has one, else the content hash
    result: LoadResult = index.load(root)
    if result.errors:  # each position's unknown tag or source has a cause to name first
        result = LoadResult(result.library, [*_missing(root), *result.problems])
    return library_version.stamp(result)


def _missing(root: Path) -> list[Problem]:
    """tags.yaml or sources.yaml missing (or saved as .yml): every position's tags and sources
    are looked up in them, so without one each position is wrong, and this is why."""
    from lga_draft.library import locate

    out = []
    for name, what in ((locate.TAGS_FILE, "tags"), (locate.SOURCES_FILE, "sources")):
        path = root / name
        if path.exists():
            continue
        misnamed = path.with_suffix(".yml")
        if misnamed.exists():
            out.append(Problem(display_path(misnamed), None, f"is not read: name it {name}"))
        else:
            out.append(
                Problem(
                    display_path(path),
                    None,
                    f"no such file: every position's {what} are looked up in it; restore it",
                )
            )
    return out


def require_library(root: Path) -> tuple[Library, list[Problem]]:
    """A library fit to draft from, with its warnings; raises `LibraryError` listing every error."""
    result = load_library(root)
    if result.errors or result.library is None:
        errors = result.errors
        raise LibraryError(
            f"the library at {display_path(root)} has {len(errors)} error(s); run 'lga-draft check'",
            problems=tuple(errors),
        )
    return result.library, [p for p in result.problems if p.severity != "error"]


def load_positions_only(root: Path) -> Library:
    """Convenience for tests and tools: load, raising on any error."""
    return require_library(root)[0]


__all__ = ["LoadResult", "load_library", "load_positions_only", "require_library"]
