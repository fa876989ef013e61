"""The user's cache folder: where the library index and compiled templates are kept.

`$LGA_DRAFT_CACHE_DIR`, else `$XDG_CACHE_HOME/lga-draft`, else `~/.cache/lga-draft`;
`LGA_DRAFT_NO_CACHE=1` turns it off. The folder must be the user's own and private (0700): one
that is not (someone else's, a symlink, open to others) is not used, and commands run without a
cache. A file in it that is not a regular file of the user's (a symlink, a FIFO, someone else's)
is set aside, never followed or opened.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from pathlib import Path


def cache_dir() -> Path | None:
    """Where caches live, or None when caching is turned off."""
    if os.environ.get("LGA_DRAFT_NO_CACHE", "") not in ("", "0"):
        return None
    override = os.environ.get("LGA_DRAFT_CACHE_DIR")
    if override:
        return Path(override).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):  # the XDG spec says to ignore a relative path
        return Path(xdg) / "lga-draft"
    try:
        return Path.home() / ".cache" / "lga-draft"
    except RuntimeError:  # no home folder: run without a cache
        return None


def private_dir(path: Path) -> bool:
    """Make `path` (mode 0700) if missing; True when it is a folder of the user's that no one
    else can read or write (a folder of ours that is too open is closed to others)."""
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        st = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode):  # a symlink to a folder is not followed
        return False
    if not hasattr(os, "getuid"):  # Windows: a user's cache folder is private by default
        return True
    if st.st_uid != os.getuid():
        return False
    if st.st_mode & 0o077:
        try:
            os.chmod(path, 0o700)
        except OSError:
            return False
    return True


def ours(path: Path) -> bool | None:
    """None when `path` does not exist; else whether it is a regular file of the user's. Uses
    lstat: a symlink is never followed, a FIFO never opened."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError:
        return False
    if not stat.S_ISREG(st.st_mode):
        return False
    return not hasattr(os, "getuid") or st.st_uid == os.getuid()


def set_aside(path: Path) -> None:
    """Move a cache file that is not ours out of the way (renamed, not followed or opened); the
    caller then makes a new one."""
    aside = path.with_name(path.name + ".set-aside")
    try:
        os.replace(path, aside)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(path)


def private_folder(kind: str) -> Path | None:
    """A folder of the cache for `kind` (e.g. compiled templates) that only the user can write,
    made afresh when lga-draft's code changes; None when caching is off or it cannot be had."""
    folder = cache_dir()
    if folder is None or not private_dir(folder):
        return None
    path = folder / f"{kind}-{code_fingerprint()}"
    try:
        if not os.path.lexists(path):
            import shutil

            for old in folder.glob(f"{kind}-*"):  # left by earlier code: never read again
                if old.is_dir() and not old.is_symlink():
                    shutil.rmtree(old, ignore_errors=True)
                else:
                    with contextlib.suppress(OSError):
                        old.unlink()
            path.mkdir(mode=0o700)
    except OSError:
        return None
    if not private_dir(path):
        return None  # what is read from here is run: no one else may have written it
    return path


_CODE: str | None = None


def code_fingerprint() -> str:
    """A fingerprint of lga-draft's modules: a change to how a library is read, in development
    as much as in a release, must not meet a cache written by the old code."""
    global _CODE
    if _CODE is None:
        package = Path(__file__).resolve().parent.parent
        stats = []
        for folder in (package, *sorted(p for p in package.iterdir() if p.is_dir())):
            with os.scandir(folder) as entries:
                stats += [
                    (folder.name, e.name, e.stat().st_mtime_ns, e.stat().st_size)
                    for e in entries
                    if e.name.endswith(".py")
                ]
        _CODE = hashlib.sha256(repr(sorted(stats)).encode()).hexdigest()[:16]
    return _CODE
