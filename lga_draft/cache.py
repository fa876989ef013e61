"""The library cache: the parsed, validated library kept between runs, so later commands skip YAML.

Officers run the tool dozens of times a day on a library that rarely changes, and reading and
validating every position file is most of the time a command takes: several seconds at 10,000
positions. The cache keeps what `read_library` produced for one library folder in one file under
`$LGA_DRAFT_CACHE_DIR`, else `$XDG_CACHE_HOME/lga-draft`, else `~/.cache/lga-draft`
(`LGA_DRAFT_NO_CACHE=1` turns it off).

It is never trusted without checking. The file starts with a header (the format, lga-draft's
version, a fingerprint of its modules, Python's and pydantic's versions) and a manifest of every
file the library was read from. A file whose stat signature (mtime, ctime, size, inode) is
unchanged is taken as unchanged; a file whose signature changed is compared by content (so
`touch` or a checkout does not cost a rebuild, and an edit that keeps the size and restores the
mtime is still seen: it changes the ctime); a file added or removed, or anything unreadable,
means a rebuild. Files changed within RACY_NS of the build are always compared by content, since
a coarse clock could give a second edit the same signature (git's "racily clean" problem).

Positions are unpickled on first use. Every command reads the id, title, status, owner, dates,
tags and references of every position, but only a draft's few positions in full, so the cache
holds those fields for every position and each position's full data as its own small pickle.

Messages name files relative to the working folder, which can change between runs; while the
cache builds, paths under the library are written as markers and turned back into display paths
when read.

The cache is a private file of the user's, like Python's own __pycache__: it is written with
mode 0600 and read only when the user owns it.
"""

from __future__ import annotations

import array
import contextlib
import gc
import hashlib
import io
import mmap
import os
import pickle
import re
import stat
import sys
import time
import zlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from lga_draft import __version__, location
from lga_draft.errors import _PATH_MARKER, Problem, display_path

if TYPE_CHECKING:
    from lga_draft.loader import Library, LoadResult
    from lga_draft.model import Position
    from lga_draft.tags import Vocabulary

FORMAT = 1
MAGIC = "lga-draft library cache"
RACY_NS = 2_000_000_000
FIXED = (location.SETTINGS_FILE, location.TAGS_FILE, location.SOURCES_FILE)
# the fields every command reads of every position; the rest are unpickled when first used
LIGHT = (
    "id",
    "title",
    "status",
    "owner",
    "last_reviewed",
    "review_by",
    "tags",
    "supersedes",
    "related",
)
_MARK = "\x00lga-draft-path:"
_MARKED = re.compile("\x00lga-draft-path:([^\x00]*)\x00")
T = TypeVar("T")

Signature = tuple[int, int, int, int, int]
_UNTRUSTED = (-1, -1, -1, -1, -1)  # matches no file's stat: compare the content instead


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


def load(root: Path, read_library: Callable[..., LoadResult]) -> LoadResult:
    """The library at `root` from the cache when it is fresh, else read and cached."""
    folder = cache_dir()
    if folder is None:
        return read_library(root)
    path = folder / f"library-{_key(root)}.pickle"
    try:
        cached = _read(path, root)
    except Exception:  # a broken cache is rebuilt, never trusted, and never stops a command
        cached = None
    return cached if cached is not None else _build(root, read_library, path)


def cached(library: Library, name: str, key: str, build: Callable[[], T]) -> T:
    """`build()`, kept beside the library's cache while the library's content and `key` match.

    For things derived from the whole library that cost more to make than to unpickle, such as
    the search index; `key` says what else it depends on.
    """
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{name}-{_key(library.root)}.pickle"
    header = (*_header(library.root), library.version, key)
    try:
        with open(path, "rb") as f:
            if _owned(f) and pickle.load(f) == header:
                return cast(T, _quiet_gc(pickle.load, f))
    except Exception:  # as for the library: rebuilt, never trusted
        pass
    value = build()
    _write(path, [header, value])
    _prune(folder.glob(f"{name.split('-')[0]}-*-{_key(library.root)}.pickle"), keep=3)
    return value


def _prune(paths: Iterator[Path], keep: int) -> None:
    """Remove all but the `keep` newest: an index of a set of positions that has since changed
    (a position added, say) is never asked for again."""
    try:
        dated = sorted(((p.stat().st_mtime_ns, p) for p in paths), reverse=True)
    except OSError:
        return
    for _, old in dated[keep:]:
        with contextlib.suppress(OSError):
            old.unlink()


def private_folder(kind: str) -> Path | None:
    """A folder of the cache for `kind` (e.g. compiled templates) that only the user can write,
    made afresh when lga-draft's code changes; None when caching is off or it cannot be had."""
    folder = cache_dir()
    if folder is None:
        return None
    path = folder / f"{kind}-{_code()}"
    try:
        if not path.is_dir():
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            import shutil

            for old in folder.glob(f"{kind}-*"):  # left by earlier code: never read again
                shutil.rmtree(old, ignore_errors=True)
            path.mkdir(mode=0o700)
        st = path.stat()
    except OSError:
        return None
    if not _private(st):
        return None  # what is read from here is run: no one else may have written it
    return path


# ---------------------------------------------------------------------------- reading


def _read(path: Path, root: Path) -> LoadResult | None:
    # the file: header, manifest, (payload size, its checksum), the payload, each position's pickle
    try:
        f = open(path, "rb")  # noqa: SIM115 - closed below, once the file is mapped
    except OSError:
        return None
    with f:
        if not _owned(f) or pickle.load(f) != _header(root):
            return None
        manifest = pickle.load(f)
        fresh, refreshed = _check(root, manifest)
        if not fresh:
            return None
        size, crc = pickle.load(f)
        if refreshed is not None:  # stats moved but content did not: store them, for the fast path
            rest = f.read()
            _write(path, [_header(root), refreshed, (size, crc)], tail=[rest])
            data = memoryview(rest)
        else:  # mapped, not read: a draft unpickles a few dozen of the positions, not all
            start = f.tell()
            data = memoryview(mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ))[start:]
    if zlib.crc32(data[:size]) != crc:
        return None
    return _quiet_gc(_restore, (root, data, size))


def _check(root: Path, manifest: dict[str, Any]) -> tuple[bool, dict[str, Any] | None]:
    """Whether every file is as it was; and a manifest with fresher stats, if worth writing.

    The manifest is three flat values (names, stats as one array, digests as one byte string):
    as a dict of tuples it took longer to unpickle at 10,000 files than to stat them.
    """
    rels: tuple[str, ...] = manifest["rels"]
    current = _scan(root)
    if current is None or len(current) != len(rels):
        return False, None
    now = array.array("q")
    try:
        for rel in rels:
            now.extend(current[rel])
    except KeyError:  # a file added and another removed
        return False, None
    if now.tobytes() == manifest["sigs"]:
        return True, None
    sigs = array.array("q", manifest["sigs"])
    digests: bytes = manifest["digests"]
    clock = time.time_ns()
    for i, rel in enumerate(rels):
        if now[5 * i : 5 * i + 5] == sigs[5 * i : 5 * i + 5]:
            continue
        digest = _digest(root / rel)
        if digest is None or digest != digests[32 * i : 32 * i + 32]:
            return False, None
        if _settled(cast(Signature, tuple(now[5 * i : 5 * i + 5])), clock):
            sigs[5 * i : 5 * i + 5] = now[5 * i : 5 * i + 5]
    refreshed = {**manifest, "sigs": sigs.tobytes()}
    return True, (refreshed if refreshed["sigs"] != manifest["sigs"] else None)


def _restore(args: tuple[Path, memoryview, int]) -> LoadResult:
    from lga_draft.loader import Library, LoadResult, Origin

    root, data, size = args
    payload = pickle.loads(data[:size])
    payload["store"].data = data[size:]
    payload["store"].files = (Path(root), payload["origins"])
    base = Path(root)
    stubs: list[LazyPosition] = payload["stubs"]
    by_id = {s.id: s for s in stubs}
    lines = payload["settings_lines"]
    names = _Names(base)
    library = Library(
        root=root,
        settings=payload["settings"],
        vocabulary=payload["vocabulary"],
        sources=payload["sources"],
        positions=cast("tuple[Position, ...]", tuple(stubs)),
        origins=cast("dict[str, Origin]", _Origins(base, by_id, payload["origins"])),
        by_id=cast("dict[str, Position]", by_id),
        version=payload["version"],
        template_dirs=location.template_dirs(root),
        settings_origin=Origin(base / lines[0], lines[1]) if lines else None,
        memo={
            "superseded_quotes": {
                pid: [names.problem(t) for t in found] for pid, found in payload["quotes"].items()
            }
        },
    )
    return LoadResult(library, [names.problem(t) for t in payload["problems"]])


class _Names:
    """Turns path markers back into display paths for the working folder of this run."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.shown: dict[str, str] = {}

    def text(self, text: str) -> str:
        return _MARKED.sub(self._show, text) if _MARK in text else text

    def _show(self, match: re.Match[str]) -> str:
        rel = match.group(1)
        if rel not in self.shown:
            self.shown[rel] = display_path(self.root / rel if rel != "." else self.root)
        return self.shown[rel]

    def problem(self, t: tuple[str, int | None, str, str]) -> Problem:
        return Problem(self.text(t[0]), t[1], self.text(t[2]), t[3])


# ---------------------------------------------------------------------------- building


def _build(root: Path, read_library: Callable[..., LoadResult], path: Path) -> LoadResult:
    from lga_draft.checks import superseded_quotes
    from lga_draft.loader import LoadResult

    start = time.time_ns()
    before = _scan(root)
    texts: dict[Path, str] = {}
    token = _PATH_MARKER.set(_marker(root))
    try:
        result = read_library(root, texts)
        assert result.library is not None
        quotes = superseded_quotes(result.library)
    finally:
        _PATH_MARKER.reset(token)
    names = _Names(Path(root))
    library = result.library
    library.memo["superseded_quotes"] = {
        pid: [names.problem(_tuple(p)) for p in found] for pid, found in quotes.items()
    }
    shown = LoadResult(library, [names.problem(_tuple(p)) for p in result.problems])
    manifest = _manifest(root, before, texts, start)
    if manifest is not None:
        payload, blobs = _payload(result, quotes)
        meta = (len(payload), zlib.crc32(payload))
        _write(path, [_header(root), manifest, meta], tail=[payload, *blobs])
    return shown


def _manifest(
    root: Path, before: dict[str, Signature] | None, texts: dict[Path, str], start: int
) -> dict[str, Any] | None:
    """What the library was read from; None when it cannot be told reliably (then no cache)."""
    from lga_draft.loader import position_files

    after = _scan(root)
    if before is None or after is None or before.keys() != after.keys():
        return None  # changed while it was read, or unreadable: next time, read it again
    # our quick scan must see exactly the files the loader reads, or freshness means nothing
    listed = {_rel(root, p) for p in position_files(root)}
    listed |= {name for name in FIXED if (Path(root) / name).is_file()}
    if listed != after.keys():
        return None
    by_rel = {_rel(root, p): text for p, text in texts.items()}
    rels = tuple(sorted(after))
    sigs, digests = array.array("q"), bytearray()
    for rel in rels:
        st, text = after[rel], by_rel.get(rel)
        steady = before[rel] == st and st[0] < start - RACY_NS and st[1] < start - RACY_NS
        sigs.extend(st if steady else _UNTRUSTED)  # an edit in the same clock tick keeps stats
        # a file the loader could not read matches no content: a change to it means a rebuild
        digests += hashlib.sha256(text.encode()).digest() if text is not None else bytes(32)
    return {"rels": rels, "sigs": sigs.tobytes(), "digests": bytes(digests)}


def _payload(result: LoadResult, quotes: dict[str, list[Problem]]) -> tuple[bytes, list[bytes]]:
    """The library without its positions' full data; and that data, one pickle per position."""
    library = result.library
    assert library is not None
    blobs = [
        pickle.dumps((p, library.origins[p.id].lines), protocol=pickle.HIGHEST_PROTOCOL)
        for p in library.positions
    ]
    offsets = array.array("Q", [0])
    for blob in blobs:
        offsets.append(offsets[-1] + len(blob))
    store = _Store(offsets, array.array("L", [zlib.crc32(blob) for blob in blobs]))
    shared: dict[Any, Any] = {}
    so = library.settings_origin
    payload = pickle.dumps(
        {
            "version": library.version,
            "settings": library.settings,
            "settings_lines": (_rel(library.root, so.path), so.lines) if so else None,
            "vocabulary": _lazy_vocabulary(library.vocabulary),
            "sources": library.sources,
            "store": store,
            "stubs": [LazyPosition(p, store, i, shared) for i, p in enumerate(library.positions)],
            "origins": [
                (_rel(library.root, origin.path), origin.line("review_by"))
                for origin in (library.origins[p.id] for p in library.positions)
            ],
            "problems": [_tuple(p) for p in result.problems],
            "quotes": {pid: [_tuple(p) for p in found] for pid, found in quotes.items()},
        },
        protocol=pickle.HIGHEST_PROTOCOL,
    )
    return payload, blobs


def _marker(root: Path) -> Callable[[Path | str], str | None]:
    def mark(path: Path | str) -> str | None:
        try:
            rel = Path(path).relative_to(root)
        except ValueError:
            return None
        return f"{_MARK}{rel}\x00"

    return mark


def _tuple(p: Problem) -> tuple[str, int | None, str, str]:
    return (p.file, p.line, p.message, p.severity)


# ---------------------------------------------------------------------------- lazy positions


class _Store:
    """Each position's full data and line map, pickled on its own and unpickled when first used.

    Each has its own checksum, tested when it is unpickled: testing the whole file at every load
    cost 12 ms and 30 MB at 10,000 positions. A damaged one is read from its YAML file instead,
    which the manifest has just shown to be unchanged.
    """

    def __init__(self, offsets: array.array[int], crcs: array.array[int]) -> None:
        self.offsets = offsets  # where each position's pickle starts in `data`, and the last ends
        self.crcs = crcs
        self.data: memoryview | None = None
        self.files: tuple[Path, list[tuple[str, int | None]]] | None = None  # root, where
        self.open: dict[int, tuple[Position, dict[Any, int]]] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {"offsets": self.offsets, "crcs": self.crcs}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["offsets"], state["crcs"])  # type: ignore[misc]

    def item(self, i: int) -> tuple[Position, dict[Any, int]]:
        got = self.open.get(i)
        if got is None:
            assert self.data is not None
            blob = self.data[self.offsets[i] : self.offsets[i + 1]]
            got = pickle.loads(blob) if zlib.crc32(blob) == self.crcs[i] else self._reread(i)
            self.open[i] = got
        return got

    def _reread(self, i: int) -> tuple[Position, dict[Any, int]]:
        from lga_draft.errors import LibraryError
        from lga_draft.model import Position
        from lga_draft.validation import validate
        from lga_draft.yamlio import load_yaml

        assert self.files is not None
        root, where = self.files
        doc = load_yaml(root / where[i][0])
        position, problems = validate(Position, doc.data, doc)
        if position is None:  # changed since this command started
            raise LibraryError(f"{doc.name} changed while it was read; run the command again")
        return position, doc.lines


class LazyPosition:
    """A cached position: the LIGHT fields are its own; anything else comes from the full
    `Position`, unpickled on first use. It answers every attribute a `Position` has."""

    def __init__(self, position: Position, store: _Store, i: int, shared: dict[Any, Any]) -> None:
        # equal values as one object: pickle writes it once, and unpickling makes it once
        for name in LIGHT:
            value = getattr(position, name)
            if isinstance(value, list):
                value = [shared.setdefault(v, v) for v in value]
            elif name != "title":
                value = shared.setdefault(value, value)
            self.__dict__[name] = value
        self._store = store
        self._i = i

    def __setstate__(self, state: dict[str, Any]) -> None:
        # defined, so that unpickling does not ask __getattr__ for it: a third of the time
        self.__dict__.update(state)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # pickle and copy look for hooks; a position has none
            raise AttributeError(name)
        return getattr(self._store.item(self._i)[0], name)

    def __repr__(self) -> str:
        return repr(self._store.item(self._i)[0])


def _lazy_vocabulary(vocabulary: Vocabulary) -> Vocabulary:
    """The vocabulary with its tag definitions unpickled on first use: resolving and widening
    tags (all a draft does) needs only the names, aliases and hierarchy, and unpickling 5,000
    definitions cost 18 ms."""
    from lga_draft.tags import Vocabulary

    vocabulary.closure("")  # work out the hierarchy now, so that it is stored with the rest
    lazy = Vocabulary.__new__(Vocabulary)
    lazy.__dict__.update(vocabulary.__dict__)
    lazy.__dict__["tags"] = _LazyTags(vocabulary.tags)
    return lazy


class _LazyTags(Mapping[str, Any]):
    """Tag name -> TagDef, the definitions unpickled together when one is first asked for."""

    def __init__(self, tags: Mapping[str, Any]) -> None:
        self.__setstate__({"names": tuple(tags), "blob": pickle.dumps(dict(tags), protocol=5)})

    def __getstate__(self) -> dict[str, Any]:
        return {"names": self.names, "blob": self.blob}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.names: tuple[str, ...] = state["names"]
        self.blob: bytes = state["blob"]
        self.known: frozenset[str] | None = None
        self.tags: dict[str, Any] | None = None

    def __getitem__(self, name: str) -> Any:
        if self.tags is None:
            self.tags = pickle.loads(self.blob)
        return self.tags[name]

    def __contains__(self, name: object) -> bool:
        if self.known is None:
            self.known = frozenset(self.names)
        return name in self.known

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)


class _Lines(Mapping[Any, int]):
    """A position's line map, unpickled on first use; the review_by line is kept to hand because
    `check` points at it for every position past review."""

    def __init__(self, store: _Store, i: int, review: int | None) -> None:
        self.store, self.i, self.review = store, i, review

    def __getitem__(self, key: Any) -> int:
        if key == ("review_by",) and self.review is not None:
            return self.review
        return self.store.item(self.i)[1][key]

    def __contains__(self, key: object) -> bool:
        if key == ("review_by",) and self.review is not None:
            return True
        return key in self.store.item(self.i)[1]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.store.item(self.i)[1])

    def __len__(self) -> int:
        return len(self.store.item(self.i)[1])


class _Origins(Mapping[str, Any]):
    """Position id -> Origin, made when first asked for."""

    def __init__(
        self, root: Path, by_id: dict[str, LazyPosition], where: list[tuple[str, int | None]]
    ) -> None:
        self.root, self.by_id, self.where = root, by_id, where
        self.made: dict[str, Any] = {}

    def __getitem__(self, pid: str) -> Any:
        origin = self.made.get(pid)
        if origin is None:
            from lga_draft.loader import Origin

            stub = self.by_id[pid]
            rel, line = self.where[stub._i]
            lines = cast("dict[Any, int]", _Lines(stub._store, stub._i, line))  # read as a dict
            origin = self.made[pid] = Origin(self.root / rel, lines)
        return origin

    def __iter__(self) -> Iterator[str]:
        return iter(self.by_id)

    def __len__(self) -> int:
        return len(self.by_id)


# ---------------------------------------------------------------------------- files


def _scan(root: Path) -> dict[str, Signature] | None:
    """Every file the loader reads, by path relative to `root`, with its stat signature.

    The same files as `loader.position_files` (checked when the cache is built), found with
    os.scandir: pathlib's rglob took five times as long on 10,000 files.
    """
    base = os.fspath(root)
    out: dict[str, Signature] = {}
    try:
        for name in FIXED:
            try:
                st = os.stat(os.path.join(base, name))
            except FileNotFoundError:
                continue
            if stat.S_ISREG(st.st_mode):
                out[name] = _sig(st)
        cut = len(base) + 1
        stack = [os.path.join(base, location.POSITIONS_DIR)]
        while stack:
            with os.scandir(stack.pop()) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
                    if entry.name.endswith((".yaml", ".yml")):
                        out[entry.path[cut:]] = _sig(entry.stat())
    except OSError:
        return None
    return out


def _sig(st: os.stat_result) -> Signature:
    return (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino, st.st_dev)


def _settled(sig: Signature, now: int) -> bool:
    return sig[0] < now - RACY_NS and sig[1] < now - RACY_NS


def _digest(path: Path) -> bytes | None:
    from lga_draft.yamlio import YamlError, read_text

    try:
        return hashlib.sha256(read_text(path).encode()).digest()
    except YamlError:
        return None


def _rel(root: Path, path: Path) -> str:
    return str(Path(path).relative_to(root))


def _key(root: Path) -> str:
    return hashlib.sha256(str(Path(root).resolve()).encode()).hexdigest()[:24]


def _header(root: Path) -> tuple[Any, ...]:
    from pydantic.version import VERSION

    return (
        MAGIC,
        FORMAT,
        __version__,
        _code(),
        sys.version_info[:2],
        VERSION,
        str(Path(root).resolve()),
    )


_CODE: str | None = None


def _code() -> str:
    """A fingerprint of lga-draft's modules: a change to how a library is read, in development
    as much as in a release, must not meet a cache written by the old code."""
    global _CODE
    if _CODE is None:
        package = os.path.dirname(os.path.abspath(__file__))
        with os.scandir(package) as entries:
            stats = sorted(
                (e.name, e.stat().st_mtime_ns, e.stat().st_size)
                for e in entries
                if e.name.endswith(".py")
            )
        _CODE = hashlib.sha256(repr(stats).encode()).hexdigest()[:16]
    return _CODE


def _owned(f: io.BufferedReader) -> bool:
    """Read only a cache the user owns and no one else can write: unpickling runs code."""
    return _private(os.fstat(f.fileno()))


def _private(st: os.stat_result) -> bool:
    if not hasattr(os, "getuid"):  # Windows: a user's cache folder is private by default
        return True
    return st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _quiet_gc(fn: Callable[[Any], T], arg: Any) -> T:
    # unpickling makes many objects and no garbage: the collector's passes over them are waste
    enabled = gc.isenabled()
    gc.disable()
    try:
        return fn(arg)
    finally:
        if enabled:
            gc.enable()


def _write(path: Path, parts: list[Any], tail: list[bytes] | None = None) -> None:
    """Write atomically (a temporary file renamed into place); a cache that cannot be written
    is not an error: the command goes on without it."""
    import tempfile

    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            for part in parts:
                pickle.dump(part, f, protocol=pickle.HIGHEST_PROTOCOL)
            f.writelines(tail or ())  # in pieces: joined, 10,000 positions took 60 MB more
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
        tmp = None
    except (OSError, pickle.PicklingError):
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
