"""Which version of the positions a draft used: the library's git commit, or its content hash.

A draft records `library.version` (Markdown front matter `library-version`, Word's properties, each
position's `data-version`), so anyone can tell which positions it was made from:

- in a git work tree, the commit that last changed the library's files (positions, tags, sources,
  settings), as 12 hex digits: `git show`, `git checkout` and `git log` take it as it is. The last
  commit *to the library*, not HEAD, so commits elsewhere in the repository do not change it;
- the same with `+<content hash>` when those files have uncommitted changes, so a draft from an
  edited library is never taken for one from the commit;
- outside git, or where git is missing, slow or refuses (a repository owned by someone else), the
  content hash alone, as before; also when LGA_DRAFT_NO_GIT is set, for output that must be the
  same in every checkout (the golden tests and the generated examples in docs/).

Git is asked twice per library load (about 5 ms each), and only when a `.git` sits at or above the
library; a bundled or unversioned library costs nothing.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from lga_draft.library import locate as location

if TYPE_CHECKING:
    from lga_draft.library.model import LoadResult

# the files the content hash covers; templates change how a draft reads, not which positions it used
PATHS = (location.SETTINGS_FILE, location.TAGS_FILE, location.SOURCES_FILE, location.POSITIONS_DIR)
TIMEOUT = 5.0
# set by output that must not depend on a work tree's state (golden tests, the generated docs)
NO_GIT = "LGA_DRAFT_NO_GIT"


def stamp(result: LoadResult) -> LoadResult:
    """`result` with its library's version taken from git where the library is in a work tree."""
    library = result.library
    if library is None:
        return result
    version = library_version(library.root, library.version)
    if version == library.version:
        return result
    return dataclasses.replace(result, library=dataclasses.replace(library, version=version))


def library_version(root: Path, content_hash: str) -> str:
    if os.environ.get(NO_GIT) or not _in_git(root):
        return content_hash
    try:
        commit = _git(root, "log", "-1", "--format=%H", "--", *PATHS).strip()
        if not commit:  # the library's files were never committed
            return content_hash
        changed = _git(root, "status", "--porcelain", "--untracked-files=normal", "--", *PATHS)
    except (OSError, subprocess.SubprocessError, UnicodeDecodeError):
        return content_hash
    return commit[:12] + (f"+{content_hash}" if changed.strip() else "")


def _in_git(root: Path) -> bool:
    """A `.git` (folder, or file for worktrees and submodules) at or above the library."""
    try:
        folder = root.resolve()
    except (OSError, RuntimeError):
        return False
    return any((d / ".git").exists() for d in (folder, *folder.parents))


def _git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    # --no-optional-locks: `status` must not take the index lock under an officer's own git client
    return subprocess.run(
        ["git", "--no-optional-locks", "-C", str(root), *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=True,
        env=env,
        stdin=subprocess.DEVNULL,
    ).stdout
