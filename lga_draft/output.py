"""Writing output safely: only after rendering succeeded, atomically, never over work without --force."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from lga_draft.errors import OutputError, display_link, display_path


def check_target(path: Path, *, force: bool, reads: Iterable[Path | None] = ()) -> None:
    """Refuse a target before any work is done: missing folder, existing file, file open
    elsewhere, or one of `reads`, the files the command reads. What --force cannot overcome is
    said first, so the message never suggests --force in vain."""
    name = display_path(path)
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.exists():
        raise OutputError(f"{name}: the folder '{display_path(parent)}' does not exist")
    if not parent.is_dir():
        raise OutputError(f"{name}: '{display_path(parent)}' is not a folder")
    if path.is_dir():
        raise OutputError(f"{name}: is a folder; give a file name")
    if path.is_symlink():  # replacing the link, or writing through it, would surprise either way
        raise OutputError(
            f"{display_link(path)}: is a link to '{os.readlink(path)}'; not written through or replaced: "
            "give the file itself, or remove the link"
        )
    if _open_elsewhere(path):
        raise OutputError(
            f"{name}: is open in another program (a lock file is beside it); close it first"
        )
    if read_only(parent):
        raise OutputError(f"{name}: the folder '{display_path(parent)}' is read-only")
    _check_not_input(path, reads)
    if path.exists() and read_only(path):
        # a rename would replace it regardless; someone marked it read-only to keep it, so keep it
        raise OutputError(f"{name}: is read-only; not overwritten, even with --force")
    if path.exists() and not force:
        raise OutputError(f"{name}: already exists; use --force to overwrite it")


def _check_not_input(target: Path, inputs: Iterable[Path | None]) -> None:
    """Refuse to write over a file the command reads, even with --force: a slip of the finger
    (`-o` naming the consultation, the questions or a draft being compared) would lose it."""
    for source in inputs:
        try:
            same = source is not None and target.exists() and os.path.samefile(target, source)
        except OSError:
            same = False
        if same:
            raise OutputError(
                f"{display_path(target)}: is a file this command reads; write to another file "
                "(--force never writes over an input)"
            )


def check_creatable(path: Path) -> None:
    """Refuse a file or folder to be made with its folders, before any is: the nearest folder
    that exists must not be read-only (root could write there; anyone else fails part-way)."""
    existing = next((p for p in path.parents if p.exists()), Path("."))
    if read_only(existing):
        raise OutputError(
            f"{display_path(path)}: the folder '{display_path(existing)}' is read-only"
        )


def read_only(path: Path) -> bool:
    """Not writable by us, or marked read-only for everyone (which root would otherwise ignore)."""
    try:
        return not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222
    except OSError:
        return False  # cannot tell; the write itself will say what is wrong


def file_state(path: Path) -> tuple[int, int, int] | None:
    """What tells a file's edits apart (inode, size, modification time), taken before reading it."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns


def write_atomic(
    path: Path, data: bytes, *, force: bool, unchanged_since: tuple[int, int, int] | None = None
) -> None:
    """Write `data` to `path` through a temporary file in the same folder.

    An interrupted write leaves the old file (or nothing) in place, never a truncated one. A new
    file (no `force`) is linked into place, which fails if the name exists by then: of two writers
    racing for one new file, the second is refused (exit 3), never silently replaces the first.
    With `force` the temporary file is renamed over the old one; given `unchanged_since` (the
    `file_state` taken before the file was read), only if no one has saved it since.
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
        # a temporary file is private (0600); give the output the mode a plain write would have
        os.chmod(tmp_name, path.stat().st_mode & 0o7777 if path.exists() else _default_mode())
        if force:
            if path.is_symlink():  # made a link while we rendered
                raise OutputError(f"{name}: became a link while drafting; not replaced")
            if unchanged_since is not None and file_state(path) != unchanged_since:
                raise FileChangedError(
                    f"{name}: was changed by someone else while lga-draft worked; "
                    "left as they saved it (run the command again)"
                )
            os.replace(tmp_name, path)
        else:
            _link_new(tmp_name, path, data)
    except FileExistsError:  # created by someone else while we rendered
        raise OutputError(f"{name}: already exists; use --force to overwrite it") from None
    except PermissionError:
        raise OutputError(f"{name}: cannot be written (permission denied)") from None
    except OSError as exc:
        raise OutputError(f"{name}: cannot be written ({exc.strerror or exc})") from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


class FileChangedError(OutputError):
    """The file was saved by someone else between reading and replacing it."""


def _link_new(tmp_name: str, path: Path, data: bytes) -> None:
    """Put the finished file at `path` only if nothing is there: FileExistsError if something is."""
    try:
        os.link(tmp_name, path)  # atomic, and exclusive: fails if the name exists
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        # a file system without hard links (FAT, some network shares): exclusive creation instead
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _default_mode())
        try:
            os.write(fd, data)
            os.fsync(fd)
        except BaseException:
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(path)
            raise
        os.close(fd)


def write_stdout(text: str) -> None:
    """Print a draft on standard output, or fail in one line: closed, full, or gone."""
    import sys

    stream = sys.stdout
    if stream is None:
        raise OutputError("standard output is closed; give an output file with -o FILE")
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:  # `| head`: the reader has what it wanted
        _discard_stdout()
    except (OSError, ValueError) as exc:
        _discard_stdout()
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "it is closed"
        raise OutputError(
            f"standard output cannot be written ({reason}); nothing complete was written"
        ) from None


def stdout_failure(exc: BaseException) -> str | None:
    """The one line for a command that failed because standard output is closed or full, or None
    when `exc` has another cause. Called by the CLI's error boundary for any unexpected error."""
    import sys

    if sys.stdout is None:
        return "standard output is closed; nothing could be printed"
    if not isinstance(exc, OSError) or isinstance(exc, BrokenPipeError):
        return None
    import errno

    # Files we write say so themselves (OutputError); a full disk with no file named is the output
    # stream, even where the printer (rich) had already emptied its buffer when it failed
    if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT) and exc.filename is None:
        _discard_stdout()
        return f"standard output cannot be written ({exc.strerror or exc})"
    try:
        sys.stdout.flush()  # still failing: standard output is the cause
    except (OSError, ValueError):
        _discard_stdout()
        return f"standard output cannot be written ({exc.strerror or exc})"
    return None


def _discard_stdout() -> None:
    """Point standard output at /dev/null, so Python's flush at exit does not fail again."""
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)


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
