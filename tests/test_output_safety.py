"""Writes that cannot lose work: two writers racing for one new file, and standard output that
is full, closed or whose working folder is gone (each one line, never an internal error)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import FIXTURES

from lga_draft.errors import OutputError
from lga_draft.output import write_atomic

ROUNDS = 40


def test_two_writers_of_one_new_file_one_is_refused(tmp_path):
    """Before: both 'wrote' in 7 of 100 rounds, the second silently replacing the first."""
    for round_ in range(ROUNDS):
        target = tmp_path / f"draft-{round_}.md"
        start = threading.Barrier(2)
        outcome: dict[str, str] = {}

        def write(
            who: str,
            target: Path = target,
            start: threading.Barrier = start,
            outcome: dict[str, str] = outcome,
        ) -> None:
            start.wait()
            try:
                write_atomic(target, who.encode() * 10_000, force=False)
                outcome[who] = "wrote"
            except OutputError as exc:
                outcome[who] = str(exc)

        threads = [threading.Thread(target=write, args=(who,)) for who in "ab"]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        winners = [who for who, what in outcome.items() if what == "wrote"]
        assert len(winners) == 1, outcome
        loser = "b" if winners == ["a"] else "a"
        assert "already exists; use --force" in outcome[loser]
        assert target.read_bytes() == winners[0].encode() * 10_000
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary file left behind


def _draft(tmp_path: Path, **popen: object) -> subprocess.CompletedProcess[str]:
    shutil.copytree(FIXTURES / "library", tmp_path / "lib", dirs_exist_ok=True)
    env = {**os.environ, "LGA_DRAFT_NO_CACHE": "1"}
    env.pop("_LGA_DRAFT_TESTING", None)
    args = [sys.executable, "-m", "lga_draft", "--library", str(tmp_path / "lib"), "draft"]
    return subprocess.run(
        [*args, str(FIXTURES / "consultation.yaml")],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        timeout=60,
        check=False,
        **popen,  # type: ignore[arg-type]
    )


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_draft_to_a_full_disk(tmp_path):
    with open("/dev/full", "w") as full:
        result = _draft(tmp_path, stdout=full)
    assert result.returncode == 3, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last == (
        "standard output cannot be written (No space left on device); nothing complete was written"
    )
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr


def test_draft_with_standard_output_closed(tmp_path):
    result = _draft(tmp_path, stdout=subprocess.DEVNULL, preexec_fn=lambda: os.close(1))
    assert result.returncode == 3, result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        "standard output is closed; give an output file with -o FILE"
    )


def test_draft_in_a_deleted_working_folder(tmp_path):
    gone = tmp_path / "gone"
    gone.mkdir()
    result = _draft(
        tmp_path, stdout=subprocess.DEVNULL, cwd=gone, preexec_fn=lambda: os.rmdir(gone)
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip() == (
        "the working folder no longer exists (deleted or moved); change to one that does"
    )


def test_list_with_standard_output_closed(tmp_path):
    """Any command, not only draft: rich's console met a closed stdout as an internal error."""
    shutil.copytree(FIXTURES / "library", tmp_path / "lib", dirs_exist_ok=True)
    env = {**os.environ, "LGA_DRAFT_NO_CACHE": "1"}
    env.pop("_LGA_DRAFT_TESTING", None)
    result = subprocess.run(
        [sys.executable, "-m", "lga_draft", "--library", str(tmp_path / "lib"), "list"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        timeout=60,
        check=False,
        preexec_fn=lambda: os.close(1),
    )
    assert result.returncode == 3, result.stderr
    assert result.stderr.strip() == "standard output is closed; nothing could be printed"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("command", [["list"], ["tags"], ["search", "care"]])
def test_browse_commands_to_a_full_disk(tmp_path, command):
    """rich prints through its own buffer: the full disk reached us after it had been emptied."""
    shutil.copytree(FIXTURES / "library", tmp_path / "lib", dirs_exist_ok=True)
    env = {**os.environ, "LGA_DRAFT_NO_CACHE": "1"}
    env.pop("_LGA_DRAFT_TESTING", None)
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "lga_draft", "--library", str(tmp_path / "lib"), *command],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )
    assert result.returncode == 3, result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        "standard output cannot be written (No space left on device)"
    )
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
