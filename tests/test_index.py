"""The library index (lga_draft/library/index.py): an update reads only the files that changed and
gives exactly what a full read gives; a cache file that is not ours, or a damaged index, is set
aside and rebuilt, never trusted. Speed is measured in benchmarks/, not here.

Each test proves which path was taken: `parsed` lists the position files read and validated. A
test that passed whether or not the index read only the changed file would prove nothing.
"""

from __future__ import annotations

import ast
import datetime as dt
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, SOURCES, TAGS, make_library, position

from lga_draft.library import ingest, store
from lga_draft.library.checks import dated_problems
from lga_draft.library.load import load_library
from lga_draft.library.model import Position
from lga_draft.suggest.search import Index, rank_paragraphs

TODAY = dt.date(2026, 1, 1)
pytestmark = pytest.mark.usefixtures("cache_dir")  # every test: a cache folder of its own


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each position file read and validated, by its path relative to the library."""
    seen: list[str] = []
    real = ingest.read_position

    def counting(root: Path, rel: str, context: Any) -> ingest.Record:
        seen.append(rel)
        return real(root, rel, context)

    monkeypatch.setattr(ingest, "read_position", counting)
    return seen


def snapshot(root: Path) -> dict[str, Any]:
    """Everything a command can see of a loaded library."""
    result = load_library(root)
    lib = result.library
    assert lib is not None
    positions = list(lib.positions)
    assert all(type(p) is Position for p in positions)  # real models, never stand-ins
    return {
        "positions": [p.model_dump(mode="json") for p in positions],
        "ids": list(lib.by_id),
        "origins": {
            pid: (lib.origins[pid].name, dict(lib.origins[pid].lines)) for pid in lib.by_id
        },
        "problems": [str(p) for p in result.problems],
        "dated": [str(p) for p in dated_problems(lib, TODAY)],
        "version": lib.version,
        "settings": lib.settings.model_dump(mode="json"),
        "sources": {k: v.model_dump(mode="json") for k, v in lib.sources.items()},
        "tags": {k: v.model_dump(mode="json") for k, v in lib.vocabulary.tags.items()},
        "settings_line": lib.settings_origin.line("teams") if lib.settings_origin else None,
        "search": [
            (h.position.id, h.score, h.terms, h.tags)
            for h in Index.build(lib).search("care money billion short health")
        ],
        "paragraphs": rank_paragraphs(lib, "billion short", lib.by_id),
    }


def full_read(root: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The library read from every file (the index built afresh, in memory)."""
    with monkeypatch.context() as m:
        m.setenv("LGA_DRAFT_NO_CACHE", "1")
        return snapshot(root)


def updated(root: Path, monkeypatch: pytest.MonkeyPatch, parsed: list[str]) -> dict[str, Any]:
    """Load after a change: what was parsed, and that the result is what a full read gives."""
    parsed.clear()
    got = snapshot(root)
    seen = list(parsed)
    expected = full_read(root, monkeypatch)
    assert got == expected
    parsed.clear()  # the updated index is itself up to date: the next load reads nothing
    assert snapshot(root) == expected
    assert parsed == []
    return {"parsed": seen, "snapshot": got, "problems": got["problems"] + got["dated"]}


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
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parsed: list[str], name: str
) -> None:
    change, expected_parsed, problem = CHANGES[name]
    root = library(tmp_path)
    first = snapshot(root)
    assert len(parsed) == 6  # the first load read every file
    assert first == full_read(root, monkeypatch)
    assert any("superseded evidence 'old'" in p for p in first["dated"])
    assert any("does not match id 'f'" in p for p in first["problems"])
    change(root)
    got = updated(root, monkeypatch, parsed)
    assert got["parsed"] == expected_parsed
    assert got["snapshot"] != first
    if problem:
        assert any(problem in p for p in got["problems"]), got["problems"]


def test_a_sequence_of_changes_each_taken_as_an_update(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parsed: list[str]
) -> None:
    root = library(tmp_path)
    snapshot(root)
    fine = (root / "positions/care/b.yaml").read_text(encoding="utf-8")

    # a schema error, then fixed: the problem comes and goes with its file and line
    edit(root, "positions/care/b.yaml", "lead: A lead.", "lead: ''")
    broken = updated(root, monkeypatch, parsed)
    assert broken["parsed"] == ["positions/care/b.yaml"]
    line = fine.splitlines().index("lead: A lead.") + 1
    assert any(p.startswith(f"lib/positions/care/b.yaml:{line}: lead:") for p in broken["problems"])
    assert "b" not in broken["snapshot"]["ids"]
    assert any("related: no position has id 'b'" in p for p in broken["problems"])
    write(root, "positions/care/b.yaml", fine)
    fixed = updated(root, monkeypatch, parsed)
    assert fixed["parsed"] == ["positions/care/b.yaml"]
    assert not any("'b'" in p for p in fixed["problems"])

    # a duplicate id across two files, then the first of them removed: the other takes its place
    write(root, "positions/care-a.yaml", position(id="a", title="The other a"))
    duplicate = updated(root, monkeypatch, parsed)
    assert duplicate["parsed"] == ["positions/care-a.yaml"]
    assert sum("duplicate id 'a'" in p for p in duplicate["problems"]) == 1
    (root / "positions/care/a.yaml").unlink()
    moved = updated(root, monkeypatch, parsed)
    assert moved["parsed"] == []  # care-a.yaml was read and kept when it was the duplicate
    assert not any("duplicate" in p for p in moved["problems"])
    assert moved["snapshot"]["positions"][0]["title"] == "The other a"
    assert moved["snapshot"]["origins"]["a"][0] == "lib/positions/care-a.yaml"

    # many files at once, and back
    for i in range(5):
        write(root, f"positions/new/n{i}.yaml", position(id=f"n{i}", supersedes=["c"]))
    assert len(updated(root, monkeypatch, parsed)["parsed"]) == 5
    for i in range(5):
        (root / f"positions/new/n{i}.yaml").unlink()
    assert updated(root, monkeypatch, parsed)["parsed"] == []


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
            found = cli(*args, "search", "billion", "--json")
        runs.append((check.exit_code, check.stderr, draft.stdout, listed.stdout, found.stdout))
        if not off:
            assert parsed == ["positions/care/b.yaml"]  # by the first command; then up to date
    assert runs[0] == runs[1]
    assert "£5 billion, and more" in runs[0][2]


def test_a_file_edited_back_and_forth_is_compared_by_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parsed: list[str]
) -> None:
    root = library(tmp_path)
    snapshot(root)
    path = root / "positions/care/b.yaml"
    text = path.read_text(encoding="utf-8")
    edit(root, "positions/care/b.yaml", "A title", "A new title")
    write(root, "positions/e.yml", position(id="e", tags=["care"]))
    path.write_text(text, encoding="utf-8")  # b as it was: new stats, same content
    assert updated(root, monkeypatch, parsed)["parsed"] == ["positions/e.yml"]


def test_a_same_size_edit_with_its_mtime_put_back_is_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parsed: list[str]
) -> None:
    root = library(tmp_path)
    path = root / "positions/care/b.yaml"
    old = os.stat(path)
    os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns - 10**10))  # settled, long ago
    snapshot(root)
    st = os.stat(path)
    edit(root, "positions/care/b.yaml", "A title", "B title")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # same size, same mtime: the ctime moved
    got = updated(root, monkeypatch, parsed)
    assert got["parsed"] == ["positions/care/b.yaml"]
    assert "B title" in [p["title"] for p in got["snapshot"]["positions"]]


def test_positions_are_frozen_models(tmp_path: Path) -> None:
    lib = load_library(library(tmp_path)).library
    assert lib is not None
    p = lib.get("a")
    assert type(p) is Position and p is lib.by_id["a"] is lib.positions[0]
    with pytest.raises(Exception, match="frozen"):
        p.title = "changed"  # type: ignore[misc]


def test_messages_name_files_from_the_working_folder_of_each_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = library(tmp_path)
    first = [str(p) for p in load_library(root).problems]
    assert any(p.startswith("lib/positions/misnamed.yaml:") for p in first)
    monkeypatch.chdir(root)
    again = [str(p) for p in load_library(root).problems]
    assert any(p.startswith("positions/misnamed.yaml:") for p in again)
    assert [p.replace("lib/", "", 1) for p in first] == again


# ----------------------------------------------------------------------------- paragraphs


def test_paragraphs_rank_against_a_question(tmp_path: Path) -> None:
    body = "Councils need money for care.\n\nThe weather was fine.\n\nCare money is short, care is stretched."
    root = make_library(
        tmp_path / "lib",
        {
            "positions/a.yaml": position(id="a", body=body),
            "positions/b.yaml": position(id="b", body="Care money matters here too."),
        },
    )
    lib = load_library(root).library
    assert lib is not None
    found = rank_paragraphs(lib, "care money", ["a"])
    assert [(p.position_id, p.ordinal) for p in found] == [("a", 2), ("a", 0)]
    assert found[0].text == "Care money is short, care is stretched."
    assert found[0].score > found[1].score > 0
    assert {p.position_id for p in rank_paragraphs(lib, "care money", ["a", "b"])} == {"a", "b"}
    assert rank_paragraphs(lib, "weather", ["b"]) == []


# ----------------------------------------------------------------------------- the cache file


def index_file(cache_dir: Path, root: Path) -> Path:
    return cache_dir / f"library-{store.key(root)}.sqlite"


def test_a_symlinked_index_is_set_aside_not_followed(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = library(tmp_path)
    cache_dir.mkdir(mode=0o700)
    target = tmp_path / "precious.txt"
    target.write_text("not to be touched", encoding="utf-8")
    path = index_file(cache_dir, root)
    path.symlink_to(target)
    assert snapshot(root) == full_read(root, monkeypatch)
    assert target.read_text(encoding="utf-8") == "not to be touched"
    assert not path.is_symlink() and path.is_file()  # a new index of ours in its place


def test_a_fifo_in_the_cache_folder_does_not_hang_a_command(
    tmp_path: Path, cache_dir: Path
) -> None:
    root = library(tmp_path)
    cache_dir.mkdir(mode=0o700)
    path = index_file(cache_dir, root)
    os.mkfifo(path)
    os.mkfifo(path.with_name(path.name + "-wal"))
    done = subprocess.run(
        [sys.executable, "-m", "lga_draft", "--library", str(root), "list", "--json"],
        capture_output=True,
        text=True,
        timeout=60,  # a FIFO opened for reading would block for ever
        env={**os.environ, "LGA_DRAFT_CACHE_DIR": str(cache_dir)},
    )
    assert done.returncode == 0, done.stderr
    assert '"id": "a"' in done.stdout
    assert path.is_file() and not path.is_symlink()


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs root to chown")
def test_an_index_owned_by_someone_else_is_set_aside(
    tmp_path: Path, cache_dir: Path, parsed: list[str]
) -> None:
    root = library(tmp_path)
    snapshot(root)
    path = index_file(cache_dir, root)
    os.chown(path, 65534, 65534)
    parsed.clear()
    snapshot(root)
    assert len(parsed) == 6  # not trusted: read again from every file
    assert os.stat(path).st_uid == os.getuid()


def test_a_cache_folder_open_to_others_is_made_private(tmp_path: Path, cache_dir: Path) -> None:
    root = library(tmp_path)
    cache_dir.mkdir(mode=0o777)
    os.chmod(cache_dir, 0o777)
    snapshot(root)
    assert os.stat(cache_dir).st_mode & 0o777 == 0o700
    assert os.stat(index_file(cache_dir, root)).st_mode & 0o077 == 0


def test_a_symlinked_cache_folder_is_not_used(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = library(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    cache_dir.symlink_to(elsewhere)
    assert snapshot(root) == full_read(root, monkeypatch)
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("damage", ["garbage", "truncated", "schema", "version"])
def test_a_damaged_index_is_rebuilt_never_trusted(
    tmp_path: Path,
    cache_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    parsed: list[str],
    damage: str,
) -> None:
    root = library(tmp_path)
    expected = snapshot(root)
    path = index_file(cache_dir, root)
    if damage in ("schema", "version"):
        con = sqlite3.connect(path)
        if damage == "schema":
            con.execute("PRAGMA user_version = 999")
        else:
            con.execute("UPDATE meta SET value = '0.0.1' WHERE key = 'lga-draft'")
        con.commit()
        con.close()
    else:
        for side in ("-wal", "-shm"):
            path.with_name(path.name + side).unlink(missing_ok=True)
        data = path.read_bytes()
        path.write_bytes(b"\x5a" * 4096 + data[4096:] if damage == "garbage" else data[:5000])
    parsed.clear()
    assert snapshot(root) == expected
    assert len(parsed) == 6  # read again from every file
    parsed.clear()
    assert snapshot(root) == expected and parsed == []  # and kept


def test_no_cache_writes_nothing(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LGA_DRAFT_NO_CACHE", "1")
    snapshot(library(tmp_path))
    assert not cache_dir.exists()


def test_nothing_in_the_package_imports_pickle_marshal_or_shelve() -> None:
    banned = {"pickle", "marshal", "shelve", "cPickle", "dill", "cloudpickle"}
    for path in (ROOT / "lga_draft").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__":
                names = [getattr(a, "value", "") for a in node.args[:1]]
            for name in names:
                assert str(name).split(".")[0] not in banned, f"{path}: imports {name}"


def test_files_read_in_worker_processes_give_the_same_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lga_draft.library import index

    root = library(tmp_path)
    expected = full_read(root, monkeypatch)
    monkeypatch.setattr(index, "PARALLEL_FROM", 2)  # a first read of many files
    assert snapshot(root) == expected


def test_an_unwritable_cache_folder_does_not_stop_a_command(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if hasattr(os, "getuid") and os.getuid() == 0:
        pytest.skip("root writes into read-only folders")
    root = library(tmp_path)
    cache_dir.mkdir(mode=0o500)
    assert snapshot(root) == full_read(root, monkeypatch)


def test_an_index_another_command_is_writing_is_left_to_it(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = library(tmp_path)
    snapshot(root)
    edit(root, "positions/care/b.yaml", "A title", "A new title")
    path = index_file(cache_dir, root)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another command in the middle of an update
    monkeypatch.setattr(store, "_connect", _quick(store._connect))
    try:
        assert snapshot(root) == full_read(root, monkeypatch)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert path.is_file()  # not removed from under the other command
    assert snapshot(root) == full_read(root, monkeypatch)


def _quick(connect: Callable[[Path], sqlite3.Connection]) -> Callable[[Path], sqlite3.Connection]:
    """`store._connect` that waits a moment for a lock, not 30 s."""

    def quick(path: Path) -> sqlite3.Connection:
        con = connect(path)
        con.execute("PRAGMA busy_timeout = 100")
        return con

    return quick


def test_a_new_index_is_left_in_wal_so_reading_never_waits_for_writing(
    tmp_path: Path, cache_dir: Path
) -> None:
    # built under a rollback journal (a first read writes each page once), then turned to WAL:
    # else another command reading it would wait while one updates it
    root = library(tmp_path)
    snapshot(root)
    con = sqlite3.connect(index_file(cache_dir, root))
    try:
        assert con.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        con.close()
