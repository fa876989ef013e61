"""Reading a library's own files: which position files there are, in what order, and the settings,
tags and sources (library.yaml, tags.yaml, sources.yaml) every position is checked against."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lga_draft.errors import Problem
from lga_draft.library import locate as location
from lga_draft.library.model import Origin, Settings, Source, TagDef, Vocabulary

if TYPE_CHECKING:
    from lga_draft.library.yamlio import YamlDoc


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


def read_fixed(root: Path) -> tuple[Fixed, dict[str, str]]:
    """library.yaml, tags.yaml and sources.yaml, in that order; with the text of each read."""
    from lga_draft.library.yamlio import YamlError, load_yaml, read_text

    problems: list[Problem] = []
    texts: dict[str, str] = {}

    def read(path: Path) -> YamlDoc | None:
        try:
            text = read_text(path)
            texts[path.name] = text
            return load_yaml(path, text=text)
        except YamlError as exc:
            problems.append(exc.problem)
            return None

    settings, settings_origin = _load_settings(root / location.SETTINGS_FILE, read, problems)
    tags = _load_mapping(root / location.TAGS_FILE, TagDef, read, problems)
    sources = _load_mapping(root / location.SOURCES_FILE, Source, read, problems)
    return Fixed(settings, settings_origin, Vocabulary(tags), sources, problems), texts


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
