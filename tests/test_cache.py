"""The library cache: a warm load gives exactly what a cold one does, and a changed, broken or
foreign cache is never trusted. Speed is measured in benchmarks/bench.py, not here."""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

import pytest
from conftest import make_library, position

from lga_draft.library import cache
from lga_draft.library.checks import dated_problems
from lga_draft.library.load import load_library

TODAY = __import__("datetime").date(2026, 1, 1)


pytestmark = pytest.mark.usefixtures("cache_dir")  # every test: a cache folder of its own


def snapshot(root: Path) -> dict[str, Any]:
    """Everything a command can see of a loaded library."""
    result = load_library(root)
    lib = result.library
    assert lib is not None
    return {
        "positions": [p.model_dump(mode="json") for p in lib.positions],
        "ids": list(lib.by_id),
        "origins": {
            pid: (
                str(lib.origins[pid].path),
                lib.origins[pid].name,
                lib.origins[pid].line("review_by"),
                lib.origins[pid].line("tags", 0),
            )
            for pid in lib.by_id
        },
        "problems": [str(p) for p in result.problems],
        "dated": [str(p) for p in dated_problems(lib, TODAY)],
        "version": lib.version,
        "settings": lib.settings.model_dump(mode="json"),
        "sources": {k: v.model_dump(mode="json") for k, v in lib.sources.items()},
        "tags": {k: v.model_dump(mode="json") for k, v in lib.vocabulary.tags.items()},
        "settings_line": lib.settings_origin.line("teams") if lib.settings_origin else None,
    }


def uncached(root: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    with monkeypatch.context() as m:
        m.setenv("LGA_DRAFT_NO_CACHE", "1")
        return snapshot(root)


def quoting_library(tmp_path: Path) -> Path:
    """A library with warnings and errors of every kind the cache must carry."""
    return make_library(
        tmp_path / "lib",
        {
            "positions/p1.yaml": position(
                id="p1",
                body="A body quoting £5 billion.",
                review_by="2025-01-01",
                evidence=[
                    {
                        "id": "old",
                        "statement": "s",
                        "figure": "£5 billion",
                        "as_of": "2020",
                        "source": "doc",
                        "superseded_by": "new",
                    },
                    {
                        "id": "new",
                        "statement": "s",
                        "figure": "£6 billion",
                        "as_of": "2024",
                        "source": "doc",
                    },
                ],
            ),
            "positions/p2.yaml": position(id="p2", tags=["care", "socal-care"], related=["p9"]),
            "positions/wrong-name.yaml": position(
                id="p3", status="draft", body="Still £5 billion."
            ),
            "positions/broken.yaml": "id: [unclosed\n",
        },
    )


def test_warm_load_equals_cold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reads: list[Path]
) -> None:
    root = quoting_library(tmp_path)
    expected = uncached(root, monkeypatch)
    assert expected["problems"] and expected["dated"]  # the library does have problems to cache
    cold = snapshot(root)
    warm = snapshot(root)
    assert cold == expected
    assert warm == expected
    assert len(reads) == 2  # the uncached load and the cold one; the warm one read no file
    assert isinstance(load_library(root).library.positions[0], cache.LazyPosition)


def test_check_output_is_the_same_warm_or_cold(cli, tmp_path: Path) -> None:
    root = quoting_library(tmp_path)
    cold = cli("--library", root, "check", "--today", "2026-01-01")
    warm = cli("--library", root, "check", "--today", "2026-01-01")
    assert cold.exit_code == warm.exit_code == 1
    assert cold.stderr == warm.stderr
    assert "wrong-name.yaml" in warm.stderr and "superseded evidence 'old'" in warm.stderr


def test_messages_name_files_from_the_working_folder_of_each_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = quoting_library(tmp_path)
    snapshot(root)  # cached from tmp_path
    elsewhere = tmp_path / "lib" / "positions"
    monkeypatch.chdir(elsewhere)
    warm = snapshot(root)
    assert warm == uncached(root, monkeypatch)
    assert any(p.startswith("broken.yaml:") for p in warm["problems"])


def test_a_relative_library_path_gives_the_same_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    quoting_library(tmp_path)
    snapshot(tmp_path / "lib")
    monkeypatch.chdir(tmp_path)
    assert snapshot(Path("lib")) == uncached(Path("lib"), monkeypatch)


def test_same_size_edit_with_mtime_restored_is_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reads: list[Path]
) -> None:
    monkeypatch.setattr(
        cache, "RACY_NS", 0
    )  # trust stats at once, so the stat check is what is tested
    root = make_library(tmp_path / "lib")
    path = root / "positions" / "p1.yaml"
    assert snapshot(root)["positions"][0]["body"] == "A body."
    before = path.stat()
    path.write_text(path.read_text().replace("A body.", "B body."))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    assert snapshot(root)["positions"][0]["body"] == "B body."
    assert len(reads) == 1  # seen, and taken as an update (tests/test_cache_incremental.py)


def test_a_file_touched_but_unchanged_keeps_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reads: list[Path]
) -> None:
    monkeypatch.setattr(cache, "RACY_NS", 0)
    root = make_library(tmp_path / "lib")
    first = snapshot(root)
    os.utime(root / "positions" / "p1.yaml", ns=(1, 1))
    assert snapshot(root) == first
    assert snapshot(root) == first
    assert len(reads) == 1  # compared by content, found the same, stats stored afresh


def test_fresher_stats_are_written_over_the_manifest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path, reads: list[Path]
) -> None:
    # not the whole file again: that is 60 MB at 10,000 positions, for a few changed stats
    monkeypatch.setattr(cache, "RACY_NS", 0)
    root = make_library(tmp_path / "lib")
    first = snapshot(root)
    path = cache_file(cache_dir)
    inode, size = path.stat().st_ino, path.stat().st_size
    compared: list[Path] = []
    real = cache._digest
    monkeypatch.setattr(cache, "_digest", lambda p: compared.append(p) or real(p))
    os.utime(root / "positions" / "p1.yaml", ns=(1, 1))
    assert snapshot(root) == first
    assert compared == [root / "positions" / "p1.yaml"]  # compared by content, found the same
    assert (path.stat().st_ino, path.stat().st_size) == (inode, size)  # written over, in place
    assert snapshot(root) == first
    assert len(compared) == 1 and len(reads) == 1  # the stats stored: not compared again
    assert path.stat().st_mode & 0o077 == 0


def test_an_edit_just_after_the_cache_was_written_is_seen(
    tmp_path: Path, reads: list[Path]
) -> None:
    # Within one clock tick an edit can keep every stat; files that new are compared by content.
    root = make_library(tmp_path / "lib")
    path = root / "positions" / "p1.yaml"
    snapshot(root)
    before = path.stat()
    path.write_text(path.read_text().replace("A body.", "C body."))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert snapshot(root)["positions"][0]["body"] == "C body."


@pytest.mark.parametrize("name", ["tags.yaml", "sources.yaml", "library.yaml"])
def test_an_edit_to_tags_sources_or_settings_is_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    root = make_library(tmp_path / "lib")
    first = snapshot(root)
    with (root / name).open("a", encoding="utf-8") as f:
        f.write("\n# an edit\n")
    second = snapshot(root)
    assert second["version"] != first["version"]
    assert second == uncached(root, monkeypatch)


def test_adding_and_removing_files_is_seen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_library(tmp_path / "lib")
    assert snapshot(root)["ids"] == ["p1"]
    make_library(root, {"positions/deep/p2.yml": position(id="p2")})
    assert snapshot(root)["ids"] == ["p1", "p2"]
    (root / "positions" / "p1.yaml").unlink()
    assert snapshot(root)["ids"] == ["p2"]
    assert snapshot(root) == uncached(root, monkeypatch)
    (root / "tags.yaml").unlink()
    assert snapshot(root) == uncached(root, monkeypatch)


def cache_file(folder: Path) -> Path:
    (found,) = folder.glob("library-*.pickle")
    return found


@pytest.mark.parametrize(
    "damage",
    [
        "garbage",
        "truncated",
        "empty",
        "old format",
        "other library",
        "damaged library data",
        "group-writable",
    ],
)
def test_a_broken_or_foreign_cache_is_rebuilt_silently(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path, reads: list[Path], damage: str
) -> None:
    root = quoting_library(tmp_path)
    expected = snapshot(root)
    path = cache_file(cache_dir)
    data = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"\x80\x05not a pickle at all" * 100)
    elif damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "old format":
        header = (cache.MAGIC, cache.FORMAT - 1, *cache._header(root)[2:])
        path.write_bytes(
            pickle.dumps(header) + data[len(pickle.dumps(cache._header(root), protocol=5)) :]
        )
    elif damage == "other library":
        other = make_library(tmp_path / "other")
        snapshot(other)
        path.write_bytes(cache_file_for(cache_dir, other).read_bytes())
    elif damage == "damaged library data":
        start = payload_start(path)
        path.write_bytes(data[: start + 100] + b"\x00" * 10 + data[start + 110 :])
    elif damage == "group-writable":
        path.chmod(0o664)
    assert snapshot(root) == expected
    assert snapshot(root) == expected
    assert reads.count(root) == 2  # rebuilt once, then trusted again
    assert path.stat().st_mode & 0o077 == 0


def payload_start(path: Path) -> int:
    with path.open("rb") as f:
        for _ in range(3):  # header, manifest, (payload size, checksum)
            pickle.load(f)
        return f.tell()


def test_a_damaged_position_is_read_from_its_file(
    tmp_path: Path, cache_dir: Path, reads: list[Path]
) -> None:
    # positions are checked when unpickled, not at load: a damaged one comes from its YAML file
    root = quoting_library(tmp_path)
    expected = snapshot(root)
    path = cache_file(cache_dir)
    data = path.read_bytes()
    path.write_bytes(data[:-300] + bytes(b ^ 0xFF for b in data[-300:]))
    assert snapshot(root) == expected
    assert reads.count(root) == 1


def cache_file_for(folder: Path, root: Path) -> Path:
    return folder / f"library-{cache._key(root)}.pickle"


def test_an_unwritable_cache_folder_does_not_stop_a_command(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("LGA_DRAFT_CACHE_DIR", str(blocker / "cache"))
    broken = quoting_library(tmp_path)
    fine = make_library(tmp_path / "fine")
    for _ in range(2):
        assert cli("--library", broken, "check", "--today", "2026-01-01").exit_code == 1
        assert '"p1"' in cli("--library", fine, "list", "--json").stdout
        assert (
            cli("--library", fine, "draft", "--tags", "care", "--today", "2026-01-01").exit_code
            == 0
        )
        assert cli("--library", fine, "search", "body").exit_code == 0
    assert not (blocker / "cache").exists()


def test_the_cache_lives_where_caches_live(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LGA_DRAFT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "lga-draft"
    snapshot(make_library(tmp_path / "lib"))
    assert list((tmp_path / "xdg" / "lga-draft").glob("library-*.pickle"))

    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # the XDG spec says to ignore it
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "lga-draft"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "lga-draft"

    monkeypatch.setenv("LGA_DRAFT_CACHE_DIR", str(tmp_path / "mine"))
    assert cache.cache_dir() == tmp_path / "mine"
    monkeypatch.setenv("LGA_DRAFT_NO_CACHE", "1")
    assert cache.cache_dir() is None


def test_no_cache_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path, reads: list[Path]
) -> None:
    monkeypatch.setenv("LGA_DRAFT_NO_CACHE", "1")
    root = make_library(tmp_path / "lib")
    snapshot(root)
    snapshot(root)
    assert len(reads) == 2
    assert not cache_dir.exists()


def test_a_cached_position_answers_like_a_position(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = quoting_library(tmp_path)
    load_library(root)
    warm = load_library(root).library.get("p1")
    cold = uncached_library(root, monkeypatch).get("p1")
    assert isinstance(warm, cache.LazyPosition)
    for name in (
        "id",
        "title",
        "status",
        "tags",
        "review_by",
        "lead",
        "body",
        "asks",
        "evidence",
        "sources",
        "case_studies",
        "current_evidence",
        "supersedes",
        "related",
    ):
        assert getattr(warm, name) == getattr(cold, name), name
    assert warm.model_dump() == cold.model_dump()
    assert repr(warm) == repr(cold)
    with pytest.raises(AttributeError):
        warm.no_such_field  # noqa: B018


def uncached_library(root: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    with monkeypatch.context() as m:
        m.setenv("LGA_DRAFT_NO_CACHE", "1")
        return load_library(root).library


def test_search_and_drafts_are_the_same_warm_or_cold(cli, fixture_library: Path) -> None:
    runs = [
        (
            cli("--library", fixture_library, "search", "care funding", "--json").stdout,
            cli(
                "--library",
                fixture_library,
                "draft",
                fixture_library / "consultation.yaml",
                "--today",
                "2026-01-01",
            ).stdout,
        )
        for _ in range(3)
    ]
    assert runs[0] == runs[1] == runs[2]
    assert '"care-funding-gap"' in runs[0][0]


def test_the_search_index_follows_the_library(cli, tmp_path: Path) -> None:
    root = make_library(tmp_path / "lib", {"positions/p1.yaml": position(body="About hospitals.")})
    assert '"p1"' in cli("--library", root, "search", "hospitals", "--json").stdout
    make_library(root, {"positions/p1.yaml": position(body="About schools.")})
    assert cli("--library", root, "search", "hospitals", "--json").stdout.strip() == "[]"
    assert '"p1"' in cli("--library", root, "search", "schools", "--json").stdout


def test_caches_of_libraries_that_no_longer_exist_are_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path
) -> None:
    """One cache per library folder: those of deleted folders (temporary copies) are removed
    when a new cache is built and there are more than a few, with their search indexes; the
    caches of libraries that still exist are kept."""
    import shutil

    monkeypatch.setattr(cache, "GONE_AFTER", 2)
    kept = make_library(tmp_path / "kept")
    load_library(kept)
    gone = [make_library(tmp_path / f"gone-{n}") for n in range(3)]
    for root in gone:
        load_library(root)
    index = cache_dir / f"bm25-x-{cache._key(gone[0])}.pickle"
    index.write_bytes(b"an index")
    assert len(list(cache_dir.glob("library-*.pickle"))) == 4
    for root in gone:
        shutil.rmtree(root)
    load_library(make_library(tmp_path / "new"))  # a new cache is built
    left = {p.name for p in cache_dir.glob("*.pickle")}
    assert left == {
        f"library-{cache._key(kept)}.pickle",
        f"library-{cache._key(tmp_path / 'new')}.pickle",
    }


def test_caches_are_not_sought_out_while_there_are_few(tmp_path: Path, cache_dir: Path) -> None:
    gone = make_library(tmp_path / "gone")
    load_library(gone)
    import shutil

    shutil.rmtree(gone)
    load_library(make_library(tmp_path / "new"))
    assert (cache_dir / f"library-{cache._key(gone)}.pickle").exists()  # left: only 1 of them
