"""Loading a library folder into a frozen `Library`, gathering every problem on the way."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lga_draft.errors import LibraryError, Problem, display_path
from lga_draft.library import locate as location
from lga_draft.library.model import (
    Library,
    Origin,
    Position,
    Settings,
    Source,
    TagDef,
)
from lga_draft.library.tags import Vocabulary

if TYPE_CHECKING:
    from lga_draft.library.checks import Own
    from lga_draft.library.yamlio import YamlDoc, YamlError


@dataclass
class LoadResult:
    library: Library | None
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def load_library(root: Path) -> LoadResult:
    """Read and validate every file of the library at `root`; never raises for bad content.

    The result comes from the library cache when no file has changed since it was stored.
    """
    from lga_draft.library import cache
    from lga_draft.library import version as library_version

    # drafts record the library's git commit where it has one, else the content hash
    return library_version.stamp(cache.load(root, read_library))


def position_files(root: Path) -> list[Path]:
    """Every position file, in the order they are read."""
    folder = root / location.POSITIONS_DIR
    return sorted([*folder.rglob("*.yaml"), *folder.rglob("*.yml")], key=file_order)


def file_order(path: Path) -> tuple[bool, Path]:
    """The order position files are read in: the .yaml files by path, then the .yml ones."""
    return path.name.endswith(".yml"), path


@dataclass
class Fixed:
    """What the library's own files give: settings (library.yaml), tags and sources."""

    settings: Settings
    settings_origin: Origin | None
    vocabulary: Vocabulary
    sources: dict[str, Source]
    problems: list[Problem]
    # checks.vocabulary_problems of the tags, when the library cache has them already
    vocabulary_problems: list[Problem] | None = None


@dataclass
class FileResult:
    """What one position file gives on its own, before anything is checked across files: its
    position (None when it has none that validates), its line map and its own problems."""

    path: Path
    problems: list[Problem]
    position: Position | None = None
    lines: Mapping[tuple[str | int, ...], int] | None = None


@dataclass
class Parts:
    """What `read_library` got from each file on its own, kept for the library cache."""

    fixed: Fixed | None = None
    files: list[FileResult] = field(default_factory=list)
    # stands in for checks.own_problems, as in `assemble`
    own: Callable[[Library, Position, Origin], Own] | None = None


class Reader:
    """Reads each of a library's files once, hashing them, in the order read, into its version."""

    def __init__(self, root: Path, texts: dict[Path, str] | None = None) -> None:
        self.root = root
        self.texts = texts  # collects the text of every file read, for the cache
        self.hasher = hashlib.sha256()
        self.done: dict[Path, str | bytes | memoryview | YamlError] = {}

    def text(self, path: Path, rel: str | None = None) -> str:
        """The file's text; raises `YamlError` when it cannot be read. `rel`: `path` relative
        to the library, when the caller knows it."""
        from lga_draft.library.yamlio import YamlError, read_text

        got = self.done.get(path)
        if got is None:
            try:
                got = read_text(path)
            except YamlError as exc:
                got = exc
            else:
                self.add(path, rel, got.encode())
                if self.texts is not None:
                    self.texts[path] = got
            self.done[path] = got
        elif isinstance(got, bytes | memoryview):
            got = self.done[path] = str(got, "utf-8")
        if isinstance(got, YamlError):
            raise got
        return got

    def add(self, path: Path, rel: str | None, data: bytes | memoryview) -> None:
        """A file's text as UTF-8, hashed in its turn: the library cache has it already."""
        name = rel if rel is not None else str(path.relative_to(self.root))
        self.hasher.update(name.encode() + b"\0")
        self.hasher.update(data)
        self.hasher.update(b"\0")
        self.done.setdefault(path, data)

    def read(self, path: Path, problems: list[Problem]) -> YamlDoc | None:
        """The file parsed, or None with the reason added to `problems`."""
        from lga_draft.library.yamlio import YamlError, load_yaml

        try:
            return load_yaml(path, text=self.text(path))
        except YamlError as exc:
            problems.append(exc.problem)
            return None

    @property
    def version(self) -> str:
        return self.hasher.hexdigest()[:12]


def read_library(
    root: Path, texts: dict[Path, str] | None = None, parts: Parts | None = None
) -> LoadResult:
    """`load_library` without the cache; `texts` collects the text of every file read, `parts`
    what each file gave on its own."""
    reader = Reader(root, texts)
    fixed = read_fixed(root, reader)
    files = [read_position(path, reader) for path in position_files(root)]
    if parts is not None:
        parts.fixed, parts.files = fixed, files
    return assemble(root, fixed, files, reader.version, parts.own if parts else None)


def read_fixed(root: Path, reader: Reader) -> Fixed:
    """library.yaml, tags.yaml and sources.yaml, in that order."""
    problems: list[Problem] = []

    def read(path: Path) -> YamlDoc | None:
        return reader.read(path, problems)

    settings, settings_origin = _load_settings(root / location.SETTINGS_FILE, read, problems)
    tags = _load_mapping(root / location.TAGS_FILE, TagDef, read, problems)
    sources = _load_mapping(root / location.SOURCES_FILE, Source, read, problems)
    return Fixed(settings, settings_origin, Vocabulary(tags), sources, problems)


def read_position(path: Path, reader: Reader) -> FileResult:
    """One position file, read and validated on its own."""
    # YAML and validation are needed only here, not when the library comes from the cache
    from lga_draft.library.validate import validate

    problems: list[Problem] = []
    doc = reader.read(path, problems)
    if doc is None:
        return FileResult(path, problems)
    if not isinstance(doc.data, dict):
        kind = "empty" if doc.data is None else f"a {type(doc.data).__name__}"
        problems.append(
            Problem(
                doc.name,
                doc.line_of(()) or 1,
                f"a position file must be a mapping of fields, not {kind}",
            )
        )
        return FileResult(path, problems)
    position, found = validate(Position, doc.data, doc)
    problems.extend(found)
    if position is None:
        return FileResult(path, problems)
    return FileResult(path, problems, position, doc.lines)


def assemble(
    root: Path,
    fixed: Fixed,
    files: list[FileResult],
    version: str,
    own: Callable[[Library, Position, Origin], Own] | None = None,
) -> LoadResult:
    """The library from what each file gave on its own, with the problems found across files.

    Everything here is worked out afresh from `files` whenever the library is (re)built: one
    file's edit can change another's problems (a duplicate id, a reference to a removed position).
    `own`: see `checks.structural_problems`.
    """
    problems = list(fixed.problems)
    positions: list[Position] = []
    origins: dict[str, Origin] = {}
    for file in files:
        problems.extend(file.problems)
        position = file.position
        if position is None:
            continue
        assert file.lines is not None
        origin = Origin(file.path, file.lines)
        first = origins.get(position.id)
        if first is not None:
            problems.append(
                origin.problem(
                    f"duplicate id '{position.id}' (also in {first.name}:{first.line('id')})", "id"
                )
            )
            continue
        positions.append(position)
        origins[position.id] = origin

    library = Library(
        root=root,
        settings=fixed.settings,
        vocabulary=fixed.vocabulary,
        sources=fixed.sources,
        positions=tuple(sorted(positions, key=lambda p: p.id)),
        origins=origins,
        version=version,
        template_dirs=location.template_dirs(root),
        settings_origin=fixed.settings_origin,
    )
    from lga_draft.library.checks import structural_problems

    if fixed.vocabulary_problems is None:  # kept with the rest of `fixed` by the cache
        from lga_draft.library.checks import vocabulary_problems

        fixed.vocabulary_problems = vocabulary_problems(root, fixed.vocabulary)
    problems.extend(structural_problems(library, fixed.vocabulary_problems, own))
    return LoadResult(library, problems)


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


def _load_settings(
    path: Path, read: Any, problems: list[Problem]
) -> tuple[Settings, Origin | None]:
    from lga_draft.library.validate import validate

    if not path.is_file():
        return Settings(), None
    doc = read(path)
    if doc is None or doc.data is None:
        return Settings(), None
    if not isinstance(doc.data, dict):
        problems.append(Problem(doc.name, 1, "settings must be a mapping"))
        return Settings(), None
    settings, found = validate(Settings, doc.data, doc)
    problems.extend(found)
    return settings or Settings(), Origin(path, doc.lines)


def _load_mapping(path: Path, model: Any, read: Any, problems: list[Problem]) -> dict[str, Any]:
    """A file mapping keys to one model each (tags.yaml, sources.yaml)."""
    from lga_draft.library.validate import validate

    if not path.is_file():
        return {}
    doc = read(path)
    if doc is None or doc.data is None:
        return {}
    if not isinstance(doc.data, dict):
        problems.append(Problem(doc.name, 1, "must be a mapping of keys to entries"))
        return {}
    out: dict[str, Any] = {}
    for key, value in doc.data.items():
        item, found = validate(model, value, doc, (key,))
        problems.extend(found)
        if item is not None:
            out[str(key)] = item
    return out


def load_positions_only(root: Path) -> Library:
    """Convenience for tests and tools: load, raising on any error."""
    return require_library(root)[0]


__all__ = ["Library", "LoadResult", "Origin", "load_library", "require_library", "LibraryError"]
