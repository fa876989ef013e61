"""Updating the library cache when files change: only the files that changed are read again, and
what every command sees is exactly what reading every file gives (`read_library`, no cache).

Each test proves which path was taken: `parsed` lists the position files read and validated,
`reads` each full read of the library. A test that passed whether or not the cache read only the
changed file would prove nothing.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import SOURCES, TAGS, make_library, position
from test_cache import cache_file, payload_start, snapshot, uncached

from lga_draft.library import cache
from lga_draft.library import load as loader
from lga_draft.library.load import load_library

pytestmark = pytest.mark.usefixtures("cache_dir")  # every test: a cache folder of its own


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each position file read and validated, by its path relative to the library."""
    seen: list[str] = []
    real = loader.read_position

    def counting(path: Path, reader: loader.Reader) -> loader.FileResult:
        seen.append(str(path.relative_to(reader.root)))
        return real(path, reader)

    monkeypatch.setattr(loader, "read_position", counting)
    return seen


def evidence(id: str, figure: str, superseded_by: str | None = None) -> dict[str, Any]:
    item = {"id": id, "statement": "s", "figure": figure, "as_of": "2020", "source": "doc"}
    if superseded_by:
        item["superseded_by"] = superseded_by
    return item


def library(tmp_path: Path) -> Path:
    """Positions in folders, one .yml, references between them, a superseded figure quoted, a
    misnamed file, a position past review: problems of each kind an update must get right."""
    return make_library(
        tmp_path / "lib",
        {
            "positions/care/a.yaml": position(
                id="a",
                related=["b"],
                evidence=[evidence("old", "£5 billion", "new"), evidence("new", "£6 billion")],
            ),
            "positions/care/b.yaml": position(
                id="b", tags=["care-funding"], body="Still £5 billion short."
            ),
            "positions/health/c.yaml": position(
                id="c",
                tags=["health"],
                status="draft",
                review_by="2025-01-01",
                supersedes=["d"],
                body="Costs £4 billion a year.",
            ),
            "positions/health/d.yaml": position(id="d", tags=["health"], status="retired"),
            "positions/e.yml": position(id="e", tags=["health"], body="Not £5 billions."),
            "positions/misnamed.yaml": position(id="f", asks=["Fund it."]),
        },
    )


def write(root: Path, rel: str, data: Any) -> None:
    text = (
        data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    )
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def updated(
    root: Path, monkeypatch: pytest.MonkeyPatch, parsed: list[str], reads: list[Path]
) -> dict[str, Any]:
    """Load after a change: what was parsed (nothing else may be), and that the result is
    what reading every file gives."""
    parsed.clear()
    before = len(reads)
    got = snapshot(root)
    assert len(reads) == before, "the library was read in full, not updated"
    seen = list(parsed)
    expected = uncached(root, monkeypatch)
    assert got == expected
    # the updated cache is itself fresh and right: the next load reads nothing
    parsed.clear()
    assert snapshot(root) == expected
    assert parsed == [] and len(reads) == before + 1  # the uncached load alone
    return {"parsed": seen, "snapshot": got, "problems": got["problems"] + got["dated"]}


Change = Callable[[Path], None]
CHANGES: dict[str, tuple[Change, list[str], str | None]] = {
    # name: (change, the files that must be parsed, a problem that must then be reported)
    "edit a title": (
        lambda root: edit(root, "positions/care/b.yaml", "A title", "A new title"),
        ["positions/care/b.yaml"],
        None,
    ),
    "a schema error": (
        lambda root: edit(root, "positions/care/b.yaml", "status: approved", "status: maybe"),
        ["positions/care/b.yaml"],
        "positions/care/b.yaml:3: status: must be one of",
    ),
    "broken YAML": (
        lambda root: write(root, "positions/health/c.yaml", "id: [unclosed\n"),
        ["positions/health/c.yaml"],
        "lib/positions/health/c.yaml:",
    ),
    "add a file": (
        lambda root: write(root, "positions/health/g.yaml", position(id="g", related=["a"])),
        ["positions/health/g.yaml"],
        None,
    ),
    "remove a file": (
        lambda root: (root / "positions/e.yml").unlink(),
        [],
        None,
    ),
    "remove a position another references": (
        lambda root: (root / "positions/care/b.yaml").unlink(),
        [],
        "related: no position has id 'b'",
    ),
    "remove a position another supersedes": (
        lambda root: (root / "positions/health/d.yaml").unlink(),
        [],
        "supersedes: no position has id 'd'",
    ),
    "a duplicate id in another file": (
        # read after care/a.yaml: paths sort by their parts ("care" < "care-a.yaml"), not as
        # strings ("care-a.yaml" < "care/a.yaml"), so this one is the duplicate
        lambda root: write(root, "positions/care-a.yaml", position(id="a", title="Other")),
        ["positions/care-a.yaml"],
        "duplicate id 'a' (also in lib/positions/care/a.yaml:",
    ),
    "rename a file": (
        lambda root: (root / "positions/misnamed.yaml").rename(root / "positions/f.yaml"),
        ["positions/f.yaml"],
        None,
    ),
    "a superseded figure changed, quoted in a file unchanged": (
        # which superseded figures each text quotes is kept per file: c's must be worked out again
        lambda root: edit(
            root, "positions/care/a.yaml", "figure: £5 billion", "figure: £4 billion"
        ),
        ["positions/care/a.yaml"],
        "lib/positions/health/c.yaml:10: warning: quotes '£4 billion' from superseded evidence",
    ),
    "a figure quoted in an edit": (
        lambda root: edit(root, "positions/e.yml", "Not £5 billions.", "Now £5 billion."),
        ["positions/e.yml"],
        "lib/positions/e.yml:10: quotes '£5 billion' from superseded evidence 'old'",
    ),
    "a tag used by a position made unknown": (
        lambda root: write(root, "tags.yaml", {k: v for k, v in TAGS.items() if k != "health"}),
        [],
        "unknown tag 'health'",
    ),
    "a source's section renamed": (
        lambda root: write(
            root, "sources.yaml", {"doc": {**SOURCES["doc"], "sections": {"s2": "Section 2"}}}
        ),
        [],
        "source 'doc' has no section 's1'",
    ),
    "an owner's team removed": (
        lambda root: write(root, "library.yaml", {"teams": {"other": "Another team"}}),
        [],
        "unknown owner 'team'",
    ),
    "tags and a position changed together": (
        lambda root: (
            write(root, "tags.yaml", {**TAGS, "new-tag": {"description": "New"}})
            or edit(root, "positions/e.yml", "- health", "- new-tag")
        ),
        ["positions/e.yml"],
        None,
    ),
    "settings removed": (
        lambda root: (root / "library.yaml").unlink(),
        [],
        None,
    ),
}


@pytest.mark.parametrize("name", CHANGES)
def test_an_update_reads_only_what_changed_and_equals_a_full_read(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    parsed: list[str],
    reads: list[Path],
    name: str,
) -> None:
    change, expected_parsed, problem = CHANGES[name]
    root = library(tmp_path)
    first = snapshot(root)
    assert len(reads) == 1 and len(parsed) == 6  # the cold build read every file
    assert any("superseded evidence 'old'" in p for p in first["dated"])
    assert any("does not match id 'f'" in p for p in first["problems"])
    change(root)
    got = updated(root, monkeypatch, parsed, reads)
    assert got["parsed"] == expected_parsed
    assert got["snapshot"] != first
    if problem:
        assert any(problem in p for p in got["problems"]), got["problems"]


def test_a_sequence_of_changes_each_taken_as_an_update(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parsed: list[str], reads: list[Path]
) -> None:
    root = library(tmp_path)
    snapshot(root)
    fine = (root / "positions/care/b.yaml").read_text(encoding="utf-8")

    # a schema error, then fixed: the problem comes and goes with its line
    edit(root, "positions/care/b.yaml", "lead: A lead.", "lead: ''")
    broken = updated(root, monkeypatch, parsed, reads)
    assert broken["parsed"] == ["positions/care/b.yaml"]
    assert any(
        p.startswith("lib/positions/care/b.yaml:")
        and p.endswith(" lead: string should have at least 1 character")
        for p in broken["problems"]
    )
    assert "b" not in broken["snapshot"]["ids"]
    assert any("related: no position has id 'b'" in p for p in broken["problems"])
    write(root, "positions/care/b.yaml", fine)
    fixed = updated(root, monkeypatch, parsed, reads)
    assert fixed["parsed"] == ["positions/care/b.yaml"]
    assert not any("'b'" in p for p in fixed["problems"])

    # a duplicate id across two files, then the first of them removed: the other takes its place
    write(root, "positions/care-a.yaml", position(id="a", title="The other a"))
    duplicate = updated(root, monkeypatch, parsed, reads)
    assert duplicate["parsed"] == ["positions/care-a.yaml"]
    assert sum("duplicate id 'a'" in p for p in duplicate["problems"]) == 1
    (root / "positions/care/a.yaml").unlink()
    moved = updated(root, monkeypatch, parsed, reads)
    assert moved["parsed"] == []  # care-a.yaml was read and kept when it was the duplicate
    assert not any("duplicate" in p for p in moved["problems"])
    assert moved["snapshot"]["positions"][0]["title"] == "The other a"
    assert moved["snapshot"]["origins"]["a"][1] == "lib/positions/care-a.yaml"

    # many files at once, and back
    for i in range(5):
        write(root, f"positions/new/n{i}.yaml", position(id=f"n{i}", supersedes=["c"]))
    assert len(updated(root, monkeypatch, parsed, reads)["parsed"]) == 5
    for i in range(5):
        (root / f"positions/new/n{i}.yaml").unlink()
    assert updated(root, monkeypatch, parsed, reads)["parsed"] == []
    assert reads.count(root) == 1 + 6  # the first load, then only the six uncached ones


def test_drafts_and_check_are_the_same_after_an_update(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parsed: list[str]
) -> None:
    root = library(tmp_path)
    args = ("--library", root)
    cli(*args, "list")
    edit(root, "positions/care/b.yaml", "Still £5 billion short.", "Still £5 billion, and more.")
    parsed.clear()
    runs = []
    for off in ("", "1"):
        with monkeypatch.context() as m:
            m.setenv("LGA_DRAFT_NO_CACHE", off)
            check = cli(*args, "check", "--today", "2026-01-01")
            draft = cli(*args, "draft", "--tags", "care", "--today", "2026-01-01")
            listed = cli(*args, "list", "--json")
        runs.append((check.exit_code, check.stderr, draft.stdout, listed.stdout))
        if not off:
            assert parsed == ["positions/care/b.yaml"]  # by the first command; then warm
    assert runs[0] == runs[1]
    assert "£5 billion, and more" in runs[0][2]


def test_a_position_from_an_update_answers_like_a_position(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parsed: list[str]
) -> None:
    root = library(tmp_path)
    load_library(root)
    edit(root, "positions/care/b.yaml", "A title", "Another title")
    parsed.clear()
    updated_lib = load_library(root).library
    assert parsed == ["positions/care/b.yaml"]
    with monkeypatch.context() as m:
        m.setenv("LGA_DRAFT_NO_CACHE", "1")
        cold = load_library(root).library
    assert updated_lib is not None and cold is not None
    for pid in ("a", "b"):  # one kept from the cache, one read again
        mine, theirs = updated_lib.get(pid), cold.get(pid)
        assert isinstance(mine, cache.LazyPosition)
        assert mine.model_dump() == theirs.model_dump()
        assert repr(mine) == repr(theirs)
        for name in ("evidence", "sources", "case_studies", "asks"):
            for item, real in zip(getattr(mine, name), getattr(theirs, name), strict=True):
                for field in type(real).model_fields:  # the fields the view keeps, and the rest
                    assert getattr(item, field) == getattr(real, field), (pid, name, field)
        assert updated_lib.origins[pid].lines == cold.origins[pid].lines


def test_a_file_edited_back_and_forth_is_compared_by_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parsed: list[str], reads: list[Path]
) -> None:
    root = library(tmp_path)
    snapshot(root)
    path = root / "positions/care/b.yaml"
    text = path.read_text(encoding="utf-8")
    edit(root, "positions/care/b.yaml", "A title", "A new title")
    write(root, "positions/e.yml", position(id="e", tags=["care"]))
    path.write_text(text, encoding="utf-8")  # b as it was: new stats, same content
    assert updated(root, monkeypatch, parsed, reads)["parsed"] == ["positions/e.yml"]


def test_an_update_from_a_damaged_cache_is_a_full_read(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    cache_dir: Path,
    parsed: list[str],
    reads: list[Path],
) -> None:
    # what each file gave is kept after the positions; damaged, nothing of it is trusted
    root = library(tmp_path)
    expected = snapshot(root)
    path = cache_file(cache_dir)
    data = path.read_bytes()
    with path.open("rb") as f:
        for _ in range(2):
            pickle.load(f)
        size, _, blobs, _, _, _ = pickle.load(f)
    at = payload_start(path) + size + blobs + 50
    path.write_bytes(data[:at] + bytes(b ^ 0xFF for b in data[at : at + 20]) + data[at + 20 :])
    assert snapshot(root) == expected  # fresh: the damage is not read
    edit(root, "positions/care/b.yaml", "A title", "A new title")
    parsed.clear()
    assert snapshot(root) == uncached(root, monkeypatch)
    assert reads.count(root) == 3  # the cold build, the rebuild (not an update), the uncached
    assert path.stat().st_mode & 0o077 == 0


def test_an_update_that_cannot_be_written_still_gives_the_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parsed: list[str], reads: list[Path]
) -> None:
    root = library(tmp_path)
    snapshot(root)
    monkeypatch.setattr(cache, "_write", lambda *args, **kwargs: None)  # the old cache stays
    edit(root, "positions/care/b.yaml", "A title", "A new title")
    for _ in range(2):
        parsed.clear()
        assert snapshot(root) == uncached(root, monkeypatch)
        assert parsed.count("positions/care/b.yaml") == 2  # by the update, then without cache
    assert len(reads) == 1 + 2  # the cold build, then the uncached loads alone


@pytest.mark.parametrize(
    ("root", "path"),
    [
        ("lib", "lib/positions/a.yaml"),
        (".", "positions/a.yaml"),
        (".", "."),
        ("/", "/positions/a.yaml"),
        ("/tmp/x", "/tmp/x/positions/b/c.yml"),
        ("a/b", "a/b/library.yaml"),
    ],
)
def test_paths_relative_to_the_library_as_pathlib_gives_them(root: str, path: str) -> None:
    assert cache._rel(Path(root), Path(path)) == str(Path(path).relative_to(root))
