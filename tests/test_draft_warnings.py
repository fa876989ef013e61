"""Issue 16, item 5: a draft is never quieter than `check` about what it prints."""

from __future__ import annotations

import shutil

from conftest import FIXTURES

CONSULTATION = FIXTURES / "consultation.yaml"


def _quoting_library(tmp_path):
    root = tmp_path / "lib"
    shutil.copytree(FIXTURES / "library", root)
    p = root / "positions" / "care" / "care-funding-gap.yaml"
    text = p.read_text(encoding="utf-8")
    p.write_text(
        text.replace("Funding must follow need.", "The gap is fixture figure A."), encoding="utf-8"
    )
    return root


def test_superseded_figure_in_a_body_warns_in_the_draft_and_fails_strict(cli, tmp_path):
    root = _quoting_library(tmp_path)
    message = (
        "position 'care-funding-gap' quotes 'fixture figure A' from superseded evidence "
        "'care-gap-2019'; use 'care-gap-2024' instead"
    )
    check = cli("--library", root, "check", "--today", "2026-01-01")
    assert check.exit_code == 1 and "quotes 'fixture figure A'" in check.stderr
    drafted = cli("--library", root, "draft", CONSULTATION, "--today", "2026-01-01")
    assert drafted.exit_code == 0, drafted.output
    assert f"warning: {message}" in drafted.stderr
    strict = cli(
        "--library",
        root,
        "draft",
        CONSULTATION,
        "--today",
        "2026-01-01",
        "--strict",
        "-o",
        tmp_path / "x.md",
    )
    assert strict.exit_code == 1
    assert not (tmp_path / "x.md").exists()


def test_the_unchanged_library_has_no_such_warning(cli, tmp_path):
    drafted = cli("--library", FIXTURES / "library", "draft", CONSULTATION, "--today", "2026-01-01")
    assert drafted.exit_code == 0
    assert "superseded evidence" not in drafted.stderr
