"""The library cache: the parsed, validated library kept between runs, so later commands skip YAML.

Officers run the tool dozens of times a day on a library that rarely changes, and reading and
validating every position file is most of the time a command takes: several seconds at 10,000
positions. The cache keeps what `read_library` produced for one library folder in one file under
`$LGA_DRAFT_CACHE_DIR`, else `$XDG_CACHE_HOME/lga-draft`, else `~/.cache/lga-draft`
(`LGA_DRAFT_NO_CACHE=1` turns it off). The caches of library folders that no longer exist are
removed when a new one is built and there are more than a few (`_forget_gone`).

It is never trusted without checking. The file starts with a header (the format, lga-draft's
version, a fingerprint of its modules, Python's and pydantic's versions) and a manifest of every
file the library was read from. A file whose stat signature (mtime, ctime, size, inode) is
unchanged is taken as unchanged; a file whose signature changed is compared by content (so
`touch` or a checkout costs nothing, and an edit that keeps the size and restores the mtime is
still seen: it changes the ctime). Files changed within RACY_NS of the build are always compared
by content, since a coarse clock could give a second edit the same signature (git's "racily
clean" problem). When only stats moved, the fresher ones are written over the manifest in place.

When files were edited, added or removed, the cache is brought up to date rather than rebuilt
(`_update`). What `read_library` derives from one position file alone (its position or its
problems, its line map) is kept per file, with that file's content hash; only files whose
content changed, or new ones, are read and validated again, and removed ones are dropped.
Everything across files is then worked out afresh over the whole set, as in a cold build
(`loader.assemble`, `checks.structural_problems`): duplicate ids, references to positions that
do not exist, supersession chains and cycles, duplicate evidence ids, superseded figures still
quoted, since one file's edit can change another's problems. Two things are kept per file
besides, each with the key of what else it depends on: which superseded figures its text quotes
(with the set of superseded figures), and the checks of a position that read only its own file
and the library's settings, tags and sources (`checks.own_problems`, with the digests of those
three files). library.yaml, tags.yaml and sources.yaml are read again when any of them changed.
The library's version hashes the text of every file, as a cold build does: the cache keeps each
file's text for that. The result equals `read_library`'s, problems and their order included;
tests/test_cache_incremental.py holds it to that for each kind of change.

Positions are unpickled on first use. Every command reads the id, title, status, owner, dates,
tags and references of every position, but only a draft's few positions in full, so the cache
holds those fields for every position and each position's full data as its own small pickle.
What an update needs (each file's own results and text) follows them, and a warm run never
reads it.

Messages name files relative to the working folder, which can change between runs; while the
cache builds, paths under the library are written as markers and turned back into display paths
when read.

The cache is a private file of the user's, like Python's own __pycache__: it is written with
mode 0600 and read only when the user owns it. A cache that is damaged, truncated, someone
else's or written by other code is rebuilt from the files, never trusted, and never stops a
command.
"""

from __future__ import annotations

import array
import contextlib
import gc
import hashlib
import io
import mmap
import operator
import os
import pickle
import re
import stat
import sys
import time
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from lga_draft import __version__
from lga_draft.errors import _PATH_MARKER, Problem, display_path
from lga_draft.library import locate as location

if TYPE_CHECKING:
    from lga_draft.library.checks import Own
    from lga_draft.library.load import Fixed, Library, LoadResult, Origin
    from lga_draft.library.model import Position
    from lga_draft.library.tags import Vocabulary

FORMAT = 2
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
ProblemTuple = tuple[str, int | None, str, str]
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
    """The library at `root` from the cache when it is fresh, brought up to date from the files
    that changed when it is not, else read and cached."""
    folder = cache_dir()
    if folder is None:
        return read_library(root)
    path = folder / f"library-{_key(root)}.pickle"
    try:
        found = _read(path, root)
        if isinstance(found, _Old):  # files changed: read those, reuse the rest
            found = _quiet_gc(_update, (root, path, found))
            # it made some 300,000 objects at 10,000 positions that live as long as the command
            # (none in a cycle: dropped, they are freed as usual): the collector's passes over
            # them, and its last one at exit, took a third of a second
            gc.freeze()
    except Exception:  # a broken cache is rebuilt, never trusted, and never stops a command
        found = None
    if found is not None:
        return found
    built = _build(root, read_library, path)
    with contextlib.suppress(Exception):  # tidying is never worth failing a command for
        _forget_gone(folder, keep=path)
    return built


GONE_AFTER = 32  # library caches a folder may hold before those of vanished libraries are sought


def _forget_gone(folder: Path, keep: Path) -> None:
    """Remove the caches of libraries whose folder no longer exists.

    There is one cache (and perhaps a search index) per library folder, named by a hash of its
    path, so a folder that is deleted or renamed leaves its cache behind for good: a user who
    drafts from temporary copies would fill the cache folder. When a new cache is built and
    more than GONE_AFTER are found, each one's header says which folder it belongs to.
    """
    caches = [p for p in folder.glob("library-*.pickle") if p != keep]
    if len(caches) <= GONE_AFTER:
        return
    for path in caches:
        try:
            with open(path, "rb") as f:
                header = pickle.load(f) if _owned(f) else None
        except Exception:  # unreadable: it is rebuilt if its library is ever used again
            header = None
        if not (
            isinstance(header, tuple) and header[:1] == (MAGIC,) and isinstance(header[-1], str)
        ):
            continue
        if Path(header[-1]).is_dir():
            continue
        key = path.stem.removeprefix("library-")
        for old in [path, *folder.glob(f"*-{key}.pickle")]:
            with contextlib.suppress(OSError):
                old.unlink()


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


class _Old:
    """A cache of this library, written by this code, that is out of date: what it kept of each
    file is reused for the files that are unchanged."""

    def __init__(
        self,
        manifest: dict[str, Any],
        scan: dict[str, Signature],
        start: int,
        tail: memoryview,
        meta: tuple[int, ...],
    ) -> None:
        size, _, blobs, records, _, _ = meta
        self.manifest, self.scan, self.start = manifest, scan, start
        self.blobs = tail[size : size + blobs]
        self.texts = tail[size + blobs + records :]
        kept = tail[size + blobs : size + blobs + records]
        self.records: dict[str, Any] = _quiet_gc(pickle.loads, kept)


def _read(path: Path, root: Path) -> LoadResult | _Old | None:
    # the file: header, manifest, (sizes and checksums of the rest), the payload, each position's
    # pickle, then what each file gave and its text (these two read only to update the cache)
    try:
        f = open(path, "rb")  # noqa: SIM115 - closed below, once the file is mapped
    except OSError:
        return None
    with f:
        if not _owned(f) or pickle.load(f) != _header(root):
            return None
        start = time.time_ns()  # before the scan: a file changed after it is compared by content
        at = f.tell()
        manifest = pickle.load(f)
        manifest_size = f.tell() - at
        fresh, refreshed, current = _check(root, manifest)
        meta = pickle.load(f)
        size, crc, blobs, records, records_crc, texts = meta
        if os.fstat(f.fileno()).st_size != f.tell() + size + blobs + records + texts:
            return None  # truncated, or not written by this code
        if not fresh:
            if current is None:
                return None
            if os.name == "posix":  # mapped: only the positions kept are copied to the new file
                offset = f.tell()
                tail = memoryview(mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ))[offset:]
            else:  # read: Windows cannot replace a file that is mapped
                tail = memoryview(f.read())
            if zlib.crc32(tail[size + blobs :]) != records_crc:
                return None
            return _Old(manifest, current, start, tail, meta)
        if refreshed is not None and not _refresh(path, f, at, manifest_size, refreshed):
            # stats moved but content did not: store them, for the fast path
            rest = f.read()
            _write(path, [_header(root), refreshed, meta], tail=[rest])
            data = memoryview(rest)
        else:  # mapped, not read: a draft unpickles a few dozen of the positions, not all
            offset = f.tell()
            data = memoryview(mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ))[offset:]
    if zlib.crc32(data[:size]) != crc:
        return None
    return _quiet_gc(_restore, (root, data, size))


def _refresh(
    path: Path, f: io.BufferedReader, at: int, size: int, manifest: dict[str, Any]
) -> bool:
    """Write fresher stats over the manifest in the file itself, rather than the whole file
    again (60 MB at 10,000 positions); False when that cannot be done.

    Only stats change, so the manifest keeps its length. A reader meeting the write half done
    sees some stats old, some new, or a few garbled: each stands for the content the manifest
    already records (a file is refreshed only when its content matches), and a garbled one
    matches no file, which is then compared by content.
    """
    blob = pickle.dumps(manifest, protocol=pickle.HIGHEST_PROTOCOL)
    if len(blob) != size or os.name != "posix":
        return False
    try:
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        mine, now = os.fstat(f.fileno()), os.fstat(fd)
        if (now.st_ino, now.st_dev) != (mine.st_ino, mine.st_dev):
            return False  # replaced since it was read: leave the new one alone
        return os.pwrite(fd, blob, at) == size
    except OSError:
        return False
    finally:
        os.close(fd)


def _check(
    root: Path, manifest: dict[str, Any]
) -> tuple[bool, dict[str, Any] | None, dict[str, Signature] | None]:
    """Whether every file is as it was; a manifest with fresher stats, if worth writing; and
    the files as found now, with their stats.

    The manifest is three flat values (names, stats as one array, digests as one byte string):
    as a dict of tuples it took longer to unpickle at 10,000 files than to stat them.
    """
    rels: tuple[str, ...] = manifest["rels"]
    current = _scan(root)
    if current is None or len(current) != len(rels):
        return False, None, current
    now = array.array("q")
    try:
        for rel in rels:
            now.extend(current[rel])
    except KeyError:  # a file added and another removed
        return False, None, current
    if now.tobytes() == manifest["sigs"]:
        return True, None, current
    sigs = array.array("q", manifest["sigs"])
    digests: bytes = manifest["digests"]
    clock = time.time_ns()
    for i, rel in enumerate(rels):
        if now[5 * i : 5 * i + 5] == sigs[5 * i : 5 * i + 5]:
            continue
        digest = _digest(root / rel)
        if digest is None or digest != digests[32 * i : 32 * i + 32]:
            return False, None, current
        if _settled(cast(Signature, tuple(now[5 * i : 5 * i + 5])), clock):
            sigs[5 * i : 5 * i + 5] = now[5 * i : 5 * i + 5]
    refreshed = {**manifest, "sigs": sigs.tobytes()}
    return True, (refreshed if refreshed["sigs"] != manifest["sigs"] else None), current


def _restore(args: tuple[Path, memoryview, int]) -> LoadResult:
    from lga_draft.library.load import Library, LoadResult, Origin

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


class _Entry:
    """What one position file gave on its own, kept in the cache for the next update: its own
    problems (as tuples, paths marked); its position's pickle (`blob`, an index into the store);
    the fields of the position that the checks across files read (`fields`, and `view`, a
    position made of them); the line of its review_by; which superseded figures its text
    quotes, with the key of the set of figures that answer is for; and checks.own_problems,
    with the key of the settings, tags and sources they were found with."""

    __slots__ = ("path", "rel", "problems", "blob", "fields", "view", "review", "quoted", "own")

    def __init__(
        self,
        path: Path,
        rel: str,
        problems: list[ProblemTuple],
        quoted: tuple[str, tuple[str, ...]] | None = None,
        own: tuple[str, list[ProblemTuple], list[ProblemTuple]] | None = None,
    ) -> None:
        self.path, self.rel, self.problems, self.quoted, self.own = path, rel, problems, quoted, own
        self.blob: int | None = None
        self.fields: tuple[Any, ...] | None = None
        self.view: LazyPosition | None = None
        self.review: int | None = None


class _Build:
    """A cache file being made: each position's pickle, each file's entry and text."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.store = _Store(array.array("Q", [0]), array.array("L"))
        self.store.parts = []
        self.where: list[tuple[str, int | None]] = []  # each pickle's file, and its review_by line
        self.store.files = (self.root, self.where)
        self.entries: list[_Entry] = []
        self.texts: dict[str, bytes | memoryview] = {}  # in the order read, for the version
        self.digests: dict[str, bytes | None] = {}
        self.shared: dict[Any, Any] = {}  # equal values as one object, in the pickles and in memory
        # where each pickle and text kept from the old cache was in it (None: new), so that
        # runs of them are written as one piece: 10,000 pieces took three times as long
        self.old: tuple[memoryview, memoryview] | None = None  # its pickles, its texts
        self.blob_spans: list[tuple[int, int] | None] = []
        self.text_spans: list[tuple[int, int] | None] = []

    def read(self, entry: _Entry, position: Position, lines: Mapping[Any, int]) -> None:
        """Keep a position just read from its file."""
        from lga_draft.library.load import Origin

        blob = pickle.dumps((position, lines), protocol=pickle.HIGHEST_PROTOCOL)
        items = [tuple(map(_GETTERS[kind], getattr(position, kind))) for kind in NESTED]
        # the evidence is read across files at every update; the rest only when the settings,
        # tags or sources changed (checks.own_problems): pickled apart, unpickled if asked for
        rest = pickle.dumps(tuple(items[1:]), protocol=pickle.HIGHEST_PROTOCOL)
        fields = (_light(position, self.shared), items[0], rest)
        self.keep(entry, blob, zlib.crc32(blob), fields, Origin(Path(), lines).line("review_by"))

    def keep(
        self,
        entry: _Entry,
        blob: bytes | memoryview,
        crc: int,
        fields: tuple[Any, ...],
        review: int | None,
        span: tuple[int, int] | None = None,
    ) -> None:
        entry.blob = len(self.where)
        entry.fields, entry.review = fields, review
        entry.view = _view(fields, self.store, entry.blob)
        self.store.add(blob, crc)
        self.blob_spans.append(span)
        self.where.append((entry.rel, review))

    def text(self, rel: str, data: bytes | memoryview, span: tuple[int, int] | None) -> None:
        self.texts[rel] = data
        self.text_spans.append(span)

    def save(
        self,
        path: Path,
        manifest: dict[str, Any],
        result: LoadResult,
        quotes: dict[str, list[Problem]],
        fixed: dict[str, Any],
    ) -> None:
        store, entries = self.store, self.entries
        assert store.parts is not None
        payload = _payload(result, quotes, store, entries)
        text_offsets = array.array("Q", [0])
        for data in self.texts.values():
            text_offsets.append(text_offsets[-1] + len(data))
        records = pickle.dumps(
            {
                "fixed": fixed,
                "rels": [e.rel for e in entries],
                "problems": [e.problems for e in entries],
                "blobs": [e.blob for e in entries],
                "fields": [e.fields for e in entries],
                "reviews": [e.review for e in entries],
                "quoted": [e.quoted for e in entries],
                "own": [e.own for e in entries],
                "offsets": store.offsets,
                "crcs": store.crcs,
                "texts": list(self.texts),
                "text_offsets": text_offsets,
            },
            protocol=pickle.HIGHEST_PROTOCOL,
        )
        crc = zlib.crc32(records)
        for data in self.texts.values():
            crc = zlib.crc32(data, crc)
        meta = (
            len(payload),
            zlib.crc32(payload),
            store.offsets[-1],
            len(records),
            crc,
            text_offsets[-1],
        )
        blobs, texts = self.old or (None, None)
        tail = [
            payload,
            *_runs(store.parts, self.blob_spans, blobs),
            records,
            *_runs(list(self.texts.values()), self.text_spans, texts),
        ]
        _write(path, [_header(self.root), manifest, meta], tail=tail)


def _runs(
    parts: list[bytes | memoryview], spans: list[tuple[int, int] | None], old: memoryview | None
) -> list[bytes | memoryview]:
    """`parts`, with each run of those that lie one after another in `old` as one piece."""
    out: list[bytes | memoryview] = []
    run: tuple[int, int] | None = None
    for part, span in zip(parts, spans, strict=True):
        if span is not None and run is not None and span[0] == run[1]:
            run = (run[0], span[1])
            continue
        if run is not None:
            out.append(cast(memoryview, old)[run[0] : run[1]])
        run = span
        if span is None:
            out.append(part)
    if run is not None:
        out.append(cast(memoryview, old)[run[0] : run[1]])
    return out


# the items of a position the checks across files read, and the fields of each they read; the
# others come from the full position when asked for
NESTED = {
    "evidence": ("id", "figure", "source", "section", "superseded_by"),
    "sources": ("source", "section", "supports"),
    "case_studies": ("source", "section"),
    "asks": ("text",),
}


def _build(root: Path, read_library: Callable[..., LoadResult], path: Path) -> LoadResult:
    from lga_draft.library.checks import own_problems, superseded_quotes
    from lga_draft.library.load import Parts

    start = time.time_ns()
    before = _scan(root)
    texts: dict[Path, str] = {}
    found: dict[Path, Own] = {}

    def own(lib: Library, p: Position, origin: Origin) -> Own:
        found[origin.path] = own_problems(lib, p, origin)  # kept for the next update
        return found[origin.path]

    parts = Parts(own=own)
    build = _Build(root)
    token = _PATH_MARKER.set(_marker(root))
    try:
        result = read_library(root, texts, parts)
        assert result.library is not None
        if parts.fixed is None:  # not read the usual way: nothing to keep
            return _shown(result, superseded_quotes(result.library))
        rels = {file_path: _rel(root, file_path) for file_path in texts}
        for file_path, text in texts.items():
            data = text.encode()
            rel = rels[file_path]
            build.text(rel, data, None)
            build.digests[rel] = hashlib.sha256(data).digest()
        fixed = _fixed_record(root, parts.fixed, build.digests)
        key = _own_key(fixed)
        for file in parts.files:
            rel = rels.get(file.path) or _rel(root, file.path)
            entry = _Entry(file.path, rel, [_tuple(p) for p in file.problems])
            if file.position is not None:
                assert file.lines is not None
                build.read(entry, file.position, file.lines)
            if key is not None and file.path in found:
                first, last = found[file.path]
                entry.own = (key, [_tuple(p) for p in first], [_tuple(p) for p in last])
            build.entries.append(entry)
        quotes = _quotes(result.library, build.entries)
    finally:
        _PATH_MARKER.reset(token)
    shown = _shown(result, quotes)
    manifest = _manifest(root, before, _scan(root), build.digests, start)
    if manifest is not None:
        build.save(path, manifest, result, quotes, fixed)
    return shown


def _update(args: tuple[Path, Path, _Old]) -> LoadResult:
    """The library from the cache's entries for the files that are unchanged and from reading
    the rest; then, as in every build, all the work across files done afresh."""
    from lga_draft.library import load as loader
    from lga_draft.library.yamlio import YamlError

    root, path, old = args
    records, kept_manifest = old.records, old.manifest
    build = _Build(root)
    build.old = (old.blobs, old.texts)
    base = build.root
    reader = loader.Reader(root)
    files: list[loader.FileResult] = []
    token = _PATH_MARKER.set(_marker(root))
    try:
        # Every file's text, in the order a cold build reads them, to hash the library's version:
        # kept in the cache for a file whose stats are unchanged (as for a fresh cache), else read.
        sigs = array.array("q", kept_manifest["sigs"])
        digests: bytes = kept_manifest["digests"]
        was = {rel: i for i, rel in enumerate(kept_manifest["rels"])}
        kept = {rel: k for k, rel in enumerate(records["texts"])}
        text_offsets = records["text_offsets"]
        fixed_paths = [(name, base / name) for name in FIXED if name in old.scan]
        ordered = _in_order(base, [rel for rel in old.scan if rel not in FIXED])
        for rel, file_path in (*fixed_paths, *ordered):
            i, k = was.get(rel), kept.get(rel)
            if i is not None and k is not None and old.scan[rel] == tuple(sigs[5 * i : 5 * i + 5]):
                span = (text_offsets[k], text_offsets[k + 1])
                data: bytes | memoryview = old.texts[span[0] : span[1]]
                reader.add(file_path, rel, data)
                build.digests[rel] = digests[32 * i : 32 * i + 32]
                build.text(rel, data, span)
            else:
                try:
                    data = reader.text(file_path, rel).encode()
                except YamlError:
                    build.digests[rel] = None  # parsed below, which reports why
                    continue
                build.digests[rel] = hashlib.sha256(data).digest()
                build.text(rel, data, None)

        def unchanged(rel: str) -> bool:
            i = was.get(rel)
            digest = build.digests.get(rel)
            return i is not None and digest is not None and digest == digests[32 * i : 32 * i + 32]

        fixed_record = records["fixed"]
        if all(unchanged(name) for name, _ in fixed_paths) and fixed_record["digests"] == {
            name: build.digests[name] for name, _ in fixed_paths
        }:
            so = fixed_record["settings_lines"]
            fixed = loader.Fixed(
                fixed_record["settings"],
                loader.Origin(base / so[0], so[1]) if so else None,
                fixed_record["vocabulary"],
                fixed_record["sources"],
                [Problem(*t) for t in fixed_record["problems"]],
                [Problem(*t) for t in fixed_record["vocabulary_problems"]],
            )
        else:  # settings, tags or sources changed: the three are read again
            fixed = loader.read_fixed(root, reader)
            fixed_record = _fixed_record(root, fixed, build.digests)
            fixed.vocabulary = fixed_record["vocabulary"]
            fixed.vocabulary_problems = [Problem(*t) for t in fixed_record["vocabulary_problems"]]

        index = {rel: j for j, rel in enumerate(records["rels"])}
        offsets, crcs = records["offsets"], records["crcs"]
        for rel, file_path in ordered:
            j = index.get(rel)
            if j is None or not unchanged(rel):
                file = loader.read_position(file_path, reader)
                entry = _Entry(file_path, rel, [_tuple(p) for p in file.problems])
                if file.position is not None:
                    assert file.lines is not None
                    build.read(entry, file.position, file.lines)
                    file.position = cast("Position", entry.view)
            else:
                problems = records["problems"][j]
                entry = _Entry(file_path, rel, problems, records["quoted"][j], records["own"][j])
                file = loader.FileResult(file_path, [Problem(*t) for t in problems])
                b = records["blobs"][j]
                if b is not None:
                    span = (offsets[b], offsets[b + 1])
                    blob = old.blobs[span[0] : span[1]]
                    review = records["reviews"][j]
                    build.keep(entry, blob, crcs[b], records["fields"][j], review, span)
                    file.position = cast("Position", entry.view)
                    file.lines = _Lines(build.store, cast(int, entry.blob), review)
            build.entries.append(entry)
            files.append(file)
        own = _own(build.entries, _own_key(fixed_record))
        result = loader.assemble(root, fixed, files, reader.version, own)
        assert result.library is not None
        quotes = _quotes(result.library, build.entries)
    finally:
        _PATH_MARKER.reset(token)
    shown = _shown(result, quotes)
    manifest = _manifest(root, old.scan, old.scan, build.digests, old.start)
    if manifest is not None:
        build.save(path, manifest, result, quotes, fixed_record)
    return shown


def _in_order(base: Path, rels: list[str]) -> list[tuple[str, Path]]:
    """Position files in the order `loader.position_files` gives them."""
    from lga_draft.library.load import file_order

    if os.name == "posix":
        # Paths compare part by part, as strings do with each "/" made the lowest character: the
        # same order without making 10,000 Paths to sort
        ordered = sorted(rels, key=lambda rel: (rel.endswith(".yml"), rel.replace("/", "\0")))
        folders: dict[str, Path] = {}
        out = []
        for rel in ordered:
            folder, _, name = rel.rpartition("/")
            parent = folders.get(folder)
            if parent is None:
                parent = folders[folder] = base / folder
            out.append((rel, parent / name))
        return out
    return sorted(((rel, base / rel) for rel in rels), key=lambda item: file_order(item[1]))


def _light(position: Position, shared: dict[Any, Any]) -> tuple[Any, ...]:
    """The LIGHT fields; equal values as one object: pickle writes it once, and unpickling
    makes it once."""
    values = []
    for name in LIGHT:
        value = getattr(position, name)
        if isinstance(value, list):
            value = [shared.setdefault(v, v) for v in value]
        elif name != "title":
            value = shared.setdefault(value, value)
        values.append(value)
    return tuple(values)


def _fixed_record(root: Path, fixed: Fixed, digests: Mapping[str, bytes | None]) -> dict[str, Any]:
    """What library.yaml, tags.yaml and sources.yaml gave, reused while their digests match;
    with the problems of the tags on their own (checks.vocabulary_problems)."""
    from lga_draft.library.checks import vocabulary_problems

    so = fixed.settings_origin
    vocabulary = fixed.vocabulary_problems
    if vocabulary is None:
        vocabulary = vocabulary_problems(Path(root), fixed.vocabulary)
    return {
        "vocabulary_problems": [_tuple(p) for p in vocabulary],
        "digests": {name: digests[name] for name in FIXED if name in digests},
        "problems": [_tuple(p) for p in fixed.problems],
        "settings": fixed.settings,
        "settings_lines": (_rel(root, so.path), so.lines) if so else None,
        "vocabulary": _lazy_vocabulary(fixed.vocabulary),
        "sources": fixed.sources,
    }


def _quotes(library: Library, entries: list[_Entry]) -> dict[str, list[Problem]]:
    """checks.superseded_quotes, with the figures each file's text quotes remembered in its
    entry: they depend only on that text and on the set of superseded figures (`Figures.key`)."""
    from lga_draft.library.checks import Figures, superseded_quotes

    entry_of = _entries(entries)

    def quoted(p: Position, figures: Figures) -> tuple[str, ...]:
        entry = entry_of(p, library.origins[p.id])
        if entry.quoted is None or entry.quoted[0] != figures.key:
            entry.quoted = (figures.key, tuple(figures.quoted(p)))
        return entry.quoted[1]

    return superseded_quotes(library, quoted)


def _entries(entries: list[_Entry]) -> Callable[[Position, Origin], _Entry]:
    """The entry of a position, from where it came from."""
    by_blob = [entry for entry in entries if entry.blob is not None]
    by_path: dict[Path, _Entry] = {}

    def entry_of(p: Position, origin: Origin) -> _Entry:
        if isinstance(p, LazyPosition):  # a view: its place in the store is its entry's
            return by_blob[p._i]
        if not by_path:  # positions read from their files, as in a cold build
            by_path.update((entry.path, entry) for entry in by_blob)
        return by_path[origin.path]

    return entry_of


def _own_key(fixed: dict[str, Any]) -> str | None:
    """What checks.own_problems depend on besides the position's own file: the digests of the
    settings, tags and sources; None when one could not be read (then nothing is kept)."""
    digests = fixed["digests"]
    if None in digests.values():
        return None
    return hashlib.sha256(repr(sorted(digests.items())).encode()).hexdigest()


def _own(entries: list[_Entry], key: str | None) -> Callable[[Library, Position, Origin], Own]:
    """checks.own_problems, taken from each file's entry while `key` is the one they were
    found with, else worked out and kept there."""
    from lga_draft.library.checks import own_problems

    entry_of = _entries(entries)

    def own(lib: Library, p: Position, origin: Origin) -> Own:
        entry = entry_of(p, origin)
        kept = entry.own
        if key is not None and kept is not None and kept[0] == key:
            return [Problem(*t) for t in kept[1]], [Problem(*t) for t in kept[2]]
        before, after = own_problems(lib, p, origin)
        if key is not None:
            entry.own = (key, [_tuple(p) for p in before], [_tuple(p) for p in after])
        return before, after

    return own


def _shown(result: LoadResult, quotes: dict[str, list[Problem]]) -> LoadResult:
    """The result for this run: paths shown from its working folder."""
    from lga_draft.library.load import LoadResult

    library = result.library
    assert library is not None
    names = _Names(Path(library.root))
    library.memo["superseded_quotes"] = {
        pid: [names.problem(_tuple(p)) for p in found] for pid, found in quotes.items()
    }
    return LoadResult(library, [names.problem(_tuple(p)) for p in result.problems])


def _manifest(
    root: Path,
    before: dict[str, Signature] | None,
    after: dict[str, Signature] | None,
    digests: Mapping[str, bytes | None],
    start: int,
) -> dict[str, Any] | None:
    """What the library was read from; None when it cannot be told reliably (then no cache).

    `before`: the files found before they were read, `after` after (the same when the files
    read were those found, as in an update: a file added or removed meanwhile is then missing
    from the manifest or unreadable in it, and is seen next time).
    """
    from lga_draft.library.load import position_files

    if before is None or after is None or before.keys() != after.keys():
        return None  # changed while it was read, or unreadable: next time, read it again
    if after is not before:
        # our quick scan must see exactly the files the loader reads, or freshness means nothing
        listed = {_rel(root, p) for p in position_files(root)}
        listed |= {name for name in FIXED if (Path(root) / name).is_file()}
        if listed != after.keys():
            return None
    rels = tuple(sorted(after))
    sigs, digest_bytes = array.array("q"), bytearray()
    for rel in rels:
        st, digest = after[rel], digests.get(rel)
        steady = before[rel] == st and st[0] < start - RACY_NS and st[1] < start - RACY_NS
        sigs.extend(st if steady else _UNTRUSTED)  # an edit in the same clock tick keeps stats
        # a file the loader could not read matches no content: it is read again next time
        digest_bytes += digest if digest is not None else bytes(32)
    return {"rels": rels, "sigs": sigs.tobytes(), "digests": bytes(digest_bytes)}


def _payload(
    result: LoadResult, quotes: dict[str, list[Problem]], store: _Store, entries: list[_Entry]
) -> bytes:
    """The library without its positions' full data, which are in `store`, one pickle each."""
    library = result.library
    assert library is not None
    entry_of = _entries(entries)
    so = library.settings_origin
    return pickle.dumps(
        {
            "version": library.version,
            "settings": library.settings,
            "settings_lines": (_rel(library.root, so.path), so.lines) if so else None,
            "vocabulary": _lazy_vocabulary(library.vocabulary),
            "sources": library.sources,
            "store": store,
            "stubs": [_stub(entry_of(p, library.origins[p.id]), store) for p in library.positions],
            "origins": store.files[1] if store.files else [],
            "problems": [_tuple(p) for p in result.problems],
            "quotes": {pid: [_tuple(p) for p in found] for pid, found in quotes.items()},
        },
        protocol=pickle.HIGHEST_PROTOCOL,
    )


def _stub(entry: _Entry, store: _Store) -> LazyPosition:
    """A position as the cache keeps it for commands: its LIGHT fields, the rest in `store`."""
    assert entry.fields is not None and entry.blob is not None
    return LazyPosition(entry.fields[0], store, entry.blob)


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
        self.parts: list[bytes | memoryview] | None = None  # each pickle on its own, while built

    def add(self, blob: bytes | memoryview, crc: int) -> None:
        assert self.parts is not None
        self.parts.append(blob)
        self.offsets.append(self.offsets[-1] + len(blob))
        self.crcs.append(crc)

    def __getstate__(self) -> dict[str, Any]:
        return {"offsets": self.offsets, "crcs": self.crcs}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["offsets"], state["crcs"])  # type: ignore[misc]

    def item(self, i: int) -> tuple[Position, dict[Any, int]]:
        got = self.open.get(i)
        if got is None:
            if self.parts is not None:
                blob = self.parts[i]
            else:
                assert self.data is not None
                blob = self.data[self.offsets[i] : self.offsets[i + 1]]
            got = pickle.loads(blob) if zlib.crc32(blob) == self.crcs[i] else self._reread(i)
            self.open[i] = got
        return got

    def _reread(self, i: int) -> tuple[Position, dict[Any, int]]:
        from lga_draft.errors import LibraryError
        from lga_draft.library.model import Position
        from lga_draft.library.validate import validate
        from lga_draft.library.yamlio import load_yaml

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

    def __init__(self, light: tuple[Any, ...], store: _Store, i: int) -> None:
        self.__dict__.update(zip(LIGHT, light, strict=True))  # from _light
        self._store = store
        self._i = i

    def __setstate__(self, state: dict[str, Any]) -> None:
        # defined, so that unpickling does not ask __getattr__ for it: a third of the time
        self.__dict__.update(state)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # pickle and copy look for hooks; a position has none
            raise AttributeError(name)
        if name in _ITEMS and "_fields" in self.__dict__:  # a view's items, made when asked for
            items = self.__dict__[name] = _items(self, name)
            return items
        return getattr(self._store.item(self._i)[0], name)

    def __repr__(self) -> str:
        return repr(self._store.item(self._i)[0])


def _view(fields: tuple[Any, ...], store: _Store, i: int) -> LazyPosition:
    """A position as the checks across files read it, made from what the cache keeps of it
    (`_Build.read`): its LIGHT fields and the fields of its items in NESTED (made when first asked
    for). Anything else (its lead and body, say) comes from the full position when asked for."""
    view = LazyPosition(fields[0], store, i)
    view.__dict__["_fields"] = fields
    return view


def _items(view: LazyPosition, kind: str) -> list[_Item]:
    """A view's evidence, citations, case studies or asks, made when first asked for: most
    updates need only the evidence (see checks.own_problems)."""
    item, store, i = _ITEMS[kind], view._store, view._i
    _, evidence, rest = view.__dict__["_fields"]
    if kind == "evidence":
        values = evidence
    else:
        if "_rest" not in view.__dict__:
            view.__dict__["_rest"] = pickle.loads(rest)
        values = view.__dict__["_rest"][list(_ITEMS).index(kind) - 1]
    return [item((*v, store, i, k)) for k, v in enumerate(values)]  # not the view: no cycle


class _Item(tuple):  # type: ignore[type-arg]
    """An item of a view (an evidence item, a citation, a case study, an ask): the fields in
    NESTED, then where its position is kept and its place among the position's items. Any other
    field comes from the full position."""

    __slots__ = ()
    _kind = ""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        store, i, k = self[-3:]
        return getattr(getattr(store.item(i)[0], self._kind)[k], name)


def _item_class(kind: str, names: tuple[str, ...]) -> type[_Item]:
    fields = {name: property(operator.itemgetter(j)) for j, name in enumerate(names)}
    return type(f"_{kind}", (_Item,), {"__slots__": (), "_kind": kind, **fields})


_ITEMS = {kind: _item_class(kind, names) for kind, names in NESTED.items()}
# each kind of item's NESTED fields as a tuple, as `_item_class` reads them
_GETTERS: dict[str, Callable[[Any], tuple[Any, ...]]] = {
    kind: (
        operator.attrgetter(*names)
        if len(names) > 1
        else lambda item, name=names[0]: (getattr(item, name),)  # type: ignore[misc]
    )
    for kind, names in NESTED.items()
}


def _lazy_vocabulary(vocabulary: Vocabulary) -> Vocabulary:
    """The vocabulary with its tag definitions unpickled on first use: resolving and widening
    tags (all a draft does) needs only the names, aliases and hierarchy, and unpickling 5,000
    definitions cost 18 ms."""
    from lga_draft.library.tags import Vocabulary

    if isinstance(vocabulary.tags, _LazyTags):  # kept from an earlier build
        return vocabulary
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
            from lga_draft.library.load import Origin

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
    from lga_draft.library.yamlio import YamlError, read_text

    try:
        return hashlib.sha256(read_text(path).encode()).digest()
    except YamlError:
        return None


def _rel(root: Path, path: Path) -> str:
    """`path` relative to `root`, which it is under; by string where it can (relative_to took
    a second for the 30,000 calls of a cold build at 10,000 positions). Both are Paths, so their
    strings are normal: no "." or ".." parts, no doubled separators."""
    base, full = os.fspath(root), os.fspath(path)
    if base == ".":
        if not os.path.isabs(full) and full.split(os.sep, 1)[0] != "..":
            return full
    else:
        prefix = base if base.endswith(os.sep) else base + os.sep
        if full.startswith(prefix) and len(full) > len(prefix):
            return full[len(prefix) :]
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


def _write(path: Path, parts: list[Any], tail: Sequence[bytes | memoryview] | None = None) -> None:
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
