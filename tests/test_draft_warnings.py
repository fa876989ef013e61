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
    drafted = cli("--library", root, "draft", CONSULTATION, "--today", "2026-01-01", "-v")
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


def test_first_command_summarises_warnings_in_one_line(cli, tmp_path):
    """Issue 16, item 19: the README's first command on a fresh install (every review date passed)
    prints one line counting the warnings by kind; --verbose lists them; --strict still refuses."""
    example = FIXTURES.parent.parent / "examples" / "change-nhs.yaml"
    out = tmp_path / "change-nhs-response.docx"
    args = ("draft", example, "--format", "docx", "-o", out, "--force", "--today", "2030-01-01")
    quiet = cli(*args)
    assert quiet.exit_code == 0, quiet.output
    lines = quiet.stderr.splitlines()
    assert len(lines) == 2 and lines[1] == f"wrote {out}"
    assert "position(s) past their review date" in lines[0]
    assert lines[0].endswith("(--verbose lists them)")
    count = int(lines[0].split(" warning(s)")[0].rsplit(", ", 1)[1])
    assert count > 20
    verbose = cli(*args, "--verbose")
    assert verbose.exit_code == 0
    assert len([w for w in verbose.stderr.splitlines() if w.startswith("  warning: ")]) == count
    strict = cli(*args, "--strict")
    assert strict.exit_code == 1 and f"{count} warning(s) and --strict" in strict.stderr
