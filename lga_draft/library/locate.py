"""Finding the library: `--library`, then $LGA_DRAFT_LIBRARY, then the nearest folder upward from
the working folder that holds `positions/` or `library.yaml`, else the library bundled with the
package. (`library.yaml` counts too: a new library whose example position was deleted has no
`positions/` folder in git, which keeps no empty folders.)"""

from __future__ import annotations

import os
from pathlib import Path

from lga_draft.errors import LibraryError, display_path

ENV_VAR = "LGA_DRAFT_LIBRARY"
SETTINGS_FILE = "library.yaml"
TAGS_FILE = "tags.yaml"
SOURCES_FILE = "sources.yaml"
POSITIONS_DIR = "positions"
TEMPLATES_DIR = "templates"

_PACKAGE = Path(__file__).resolve().parent.parent  # lga_draft/


def installed_library(root: Path) -> bool:
    """Is `root` the library a wheel carries inside the installed package (not a checkout's)?"""
    return root.resolve() == (_PACKAGE / "_bundled").resolve()


def bundled_library() -> Path:
    """The library shipped with the package.

    A wheel carries it in `lga_draft/_bundled`; a source checkout or editable install uses the
    project root, which is the same library.
    """
    inside = _PACKAGE / "_bundled"
    if (inside / POSITIONS_DIR).is_dir():
        return inside
    root = _PACKAGE.parent
    if (root / POSITIONS_DIR).is_dir():
        return root
    raise LibraryError("the bundled library is missing from this installation; reinstall lga-draft")


def is_library(folder: Path) -> bool:
    """Does the folder hold a library: a `positions/` folder, or the `library.yaml` init writes?"""
    return (folder / POSITIONS_DIR).is_dir() or (folder / SETTINGS_FILE).is_file()


def find_library(explicit: Path | None = None, *, cwd: Path | None = None) -> Path:
    """The library folder to use, by the rules in the module docstring."""
    if explicit is not None:
        return _checked(explicit, "--library")
    env = os.environ.get(ENV_VAR)
    if env:
        return _checked(Path(env), ENV_VAR)
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if is_library(folder):
            return folder
    return bundled_library()


def _checked(path: Path, how: str) -> Path:
    path = path.expanduser()
    if not path.is_dir():
        raise LibraryError(f"{display_path(path)}: library folder given by {how} does not exist")
    if not is_library(path):
        raise LibraryError(
            f"{display_path(path)}: not a library (no '{POSITIONS_DIR}/' folder nor "
            f"'{SETTINGS_FILE}'); "
            "create one with 'lga-draft init'"
        )
    return path.resolve()


def template_dirs(library: Path) -> tuple[Path, ...]:
    """Template folders, most specific first: the library's own, then the bundled ones."""
    dirs: list[Path] = []
    own = library / TEMPLATES_DIR
    if own.is_dir():
        dirs.append(own)
    try:
        bundled = bundled_library() / TEMPLATES_DIR
    except LibraryError:
        bundled = None
    if (
        bundled is not None
        and bundled.is_dir()
        and bundled.resolve() not in {d.resolve() for d in dirs}
    ):
        dirs.append(bundled)
    return tuple(dirs)
