"""`lga-draft fmt`: position files in one canonical layout, so diffs show content, not style.

Fields in the order of docs/position-format.md (unknown ones after, as they were), two-space
indentation with list items indented under their key, and a long one-line `lead` folded (`>-`) at
100 characters. Everything else is left as written: comments, quoting, flow lists (`[a, b]`), the
line breaks inside a body. ruamel.yaml's round-trip mode does the reading and writing because it
keeps comments, which PyYAML drops.

A file is only rewritten when the result reads back as exactly the same data (checked with the
tool's own safe loader every time), and then atomically; a file that cannot be read safely is
reported and left alone.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lga_draft.errors import Problem, display_path

WIDTH = 100
ORDER = {
    "position": (
        "id",
        "title",
        "status",
        "owner",
        "last_reviewed",
        "review_by",
        "tags",
        "lead",
        "body",
        "asks",
        "evidence",
        "case_studies",
        "sources",
        "supersedes",
        "related",
        "revision_of",
        "note",
    ),
    "ask": ("text", "timeframe"),
    "evidence": (
        "id",
        "statement",
        "figure",
        "period",
        "as_of",
        "source",
        "section",
        "superseded_by",
    ),
    "case_studies": ("council", "title", "summary", "figure", "source", "section"),
    "sources": ("source", "section", "supports"),
}
_LISTS = {
    "asks": "ask",
    "evidence": "evidence",
    "case_studies": "case_studies",
    "sources": "sources",
}


@dataclass
class FmtResult:
    changed: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def format_files(paths: list[Path], *, check: bool) -> FmtResult:
    """Format each file (or, with `check`, only find those that would change)."""
    from lga_draft.library.yamlio import YamlError, load_yaml, read_text
    from lga_draft.output import FileChangedError, file_state, write_atomic

    yaml = _yaml()
    result = FmtResult()
    for path in paths:
        state = file_state(path)  # before reading: an edit from here on is noticed
        try:
            text = read_text(path)
            before = load_yaml(
                path, text=text
            ).data  # our safe loader first: no tags, aliases, bombs
        except YamlError as exc:
            result.problems.append(exc.problem)
            continue
        if not isinstance(before, dict):
            result.unchanged.append(path)  # nothing to order; `check` reports what is wrong with it
            continue
        new = format_text(text, yaml)
        if new == text:
            result.unchanged.append(path)
            continue
        try:
            after = load_yaml(path, text=new).data
        except YamlError:
            after = object()
        if after != before:  # never change meaning: a bug here must not reach anyone's file
            result.problems.append(
                Problem(
                    display_path(path),
                    None,
                    "cannot be formatted without changing "
                    "its content; left as it is (please report this)",
                )
            )
            continue
        if not check:
            try:
                write_atomic(path, new.encode("utf-8"), force=True, unchanged_since=state)
            except FileChangedError:  # an officer saved it while we worked: theirs stands
                result.problems.append(
                    Problem(
                        display_path(path),
                        None,
                        "was saved by someone else while fmt ran; left as they saved it "
                        "(run fmt again)",
                    )
                )
                continue
        result.changed.append(path)
    return result


def format_text(text: str, yaml: Any = None) -> str:
    """The canonical form of one position file's text."""
    yaml = yaml or _yaml()
    data = yaml.load(text)
    if isinstance(data, dict):
        fa: Any = getattr(data, "fa", None)  # ruamel's format attributes, on its own mappings
        if fa is not None and fa.flow_style():
            # a position written as one {...}: laid out as the others are. A folded lead cannot
            # sit inside braces (ruamel would write its fold marker, "\a", into the text).
            fa.set_block_style()
        _order(data, ORDER["position"])
        for key, kind in _LISTS.items():
            for item in data.get(key) or []:
                if isinstance(item, dict):
                    _order(item, ORDER[kind])
        data_lead = data.get("lead")
        if isinstance(data_lead, str):
            data["lead"] = _folded(data_lead, WIDTH - 2)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap plain text on our behalf: only `lead` is wrapped, below
    yaml.indent(mapping=2, sequence=4, offset=2)
    # `null` as written in the format's examples, not ruamel's empty value
    yaml.representer.add_representer(
        type(None), lambda r, _: r.represent_scalar("tag:yaml.org,2002:null", "null")
    )
    return yaml


def _order(mapping: Any, order: tuple[str, ...]) -> None:
    """Reorder in place; ruamel keeps each key's comments with the key as it moves."""
    wanted = [k for k in order if k in mapping] + [k for k in mapping if k not in order]
    if list(mapping) != wanted:
        for key in wanted:
            mapping.move_to_end(key)


def _folded(text: str, width: int) -> Any:
    """`text` as a folded block scalar wrapped at `width`, when folding can hold it exactly.

    Folded text whose lines already fit is kept as it is, so formatting never churns a file.
    A folded scalar turns each line break back into one space, so breaks go only at single
    spaces between words; text with line breaks, tabs, runs of spaces or edge spaces stays as it
    is. Short text stays on one line, in whatever style it had.
    """
    from ruamel.yaml.scalarstring import FoldedScalarString

    if isinstance(text, FoldedScalarString):
        existing = getattr(text, "fold_pos", [])
        edges = [-1, *existing, len(text)]
        if all(b - a - 1 <= width for a, b in zip(edges, edges[1:], strict=False)):
            return text  # wrapped by hand within the width: keep the officer's line breaks
    elif len(text) <= width:
        return text
    if not text or text != text.strip() or any(c in text for c in "\n\t\r") or "  " in text:
        return text
    folds: list[int] = []
    start = 0
    while len(text) - start > width:
        cut = text.rfind(" ", start, start + width + 1)
        if cut <= start:  # one word longer than the line: break after it instead
            cut = text.find(" ", start + width)
            if cut == -1:
                break
        folds.append(cut)
        start = cut + 1
    folded = FoldedScalarString(text)
    folded.fold_pos = folds  # type: ignore[attr-defined]
    comment = getattr(text, "comment", None)
    if comment is not None:
        folded.comment = comment  # type: ignore[attr-defined]
    return folded
