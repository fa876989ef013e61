"""Writing output safely: only after rendering succeeded, atomically, never over work without --force."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from lga_draft.errors import OutputError, display_path


def check_target(path: Path, *, force: bool) -> None:
    """Refuse a target before any work is done: missing folder, existing file, file open elsewhere."""
    name = display_path(path)
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.exists():
        raise OutputError(f"{name}: the folder '{display_path(parent)}' does not exist")
    if not parent.is_dir():
        raise OutputError(f"{name}: '{display_path(parent)}' is not a folder")
    if path.is_dir():
        raise OutputError(f"{name}: is a folder; give a file name")
    if _open_elsewhere(path):
        raise OutputError(
            f"{name}: is open in another program (a lock file is beside it); close it first"
        )
    if _read_only(parent):
        raise OutputError(f"{name}: the folder '{display_path(parent)}' is read-only")
    if path.exists() and not force:
        raise OutputError(f"{name}: already exists; use --force to overwrite it")
    if path.exists() and _read_only(path):
        # a rename would replace it regardless; someone marked it read-only to keep it, so keep it
        raise OutputError(f"{name}: is read-only; not overwritten, even with --force")


def _read_only(path: Path) -> bool:
    """Not writable by us, or marked read-only for everyone (which root would otherwise ignore)."""
    try:
        return not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222
    except OSError:
        return False  # cannot tell; the write itself will say what is wrong


def write_atomic(path: Path, data: bytes, *, force: bool) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename.

    An interrupted write leaves the old file (or nothing) in place, never a truncated one.
    """
    check_target(path, force=force)
    name = display_path(path)
    tmp_name = None
    try:
        with tempfile.NamedTemporaryFile(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
        ) as tmp:
            tmp_name = tmp.name
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        if path.exists() and not force:  # created by someone else while we rendered
            raise OutputError(f"{name}: already exists; use --force to overwrite it")
        # a temporary file is private (0600); give the output the mode a plain write would have
        os.chmod(tmp_name, path.stat().st_mode & 0o7777 if path.exists() else _default_mode())
        os.replace(tmp_name, path)
        tmp_name = None
    except PermissionError:
        raise OutputError(f"{name}: cannot be written (permission denied)") from None
    except OSError as exc:
        raise OutputError(f"{name}: cannot be written ({exc.strerror or exc})") from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _open_elsewhere(path: Path) -> bool:
    """LibreOffice leaves `.~lock.NAME#` beside an open file, Word leaves `~$NAME`."""
    lock_names = (
        f".~lock.{path.name}#",
        "~$" + path.name[2:] if len(path.name) > 2 else "~$" + path.name,
        "~$" + path.name,
    )
    return any((path.parent / lock).exists() for lock in lock_names)
