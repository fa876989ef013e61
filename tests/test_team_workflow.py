"""The team workflow: `init`, `fmt`, the pre-commit hooks, and drafts that record the library's
git commit."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, make_library, position

from lga_draft.library.load import load_library
from lga_draft.library.yamlio import load_yaml
from lga_draft.team.fmt import format_text

# ----------------------------------------------------------------------------- init


def test_init_makes_a_library_that_check_passes(cli, tmp_path):
    result = cli("init", "team", "--today", "2026-01-10")
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == (
        "created a library in team: 8 file(s); next: cd team && git init && lga-draft check"
    )
    root = tmp_path / "team"
    for rel in (
        "library.yaml",
        "tags.yaml",
        "sources.yaml",
        "templates/README.md",
        ".gitignore",
        ".pre-commit-config.yaml",
        "positions/health-and-care/example-position.yaml",
    ):
        assert (root / rel).is_file(), rel
    check = cli("--library", "team", "check", "--strict", "--today", "2026-01-10")
    assert check.exit_code == 0, check.output
    assert "1 position(s) checked: 0 error(s), 0 warning(s)" in check.stderr
    assert cli("--library", "team", "fmt", "--check").exit_code == 0


def test_a_new_library_without_positions_is_still_the_library(cli, tmp_path, monkeypatch):
    """Deleting init's example position leaves no positions/ folder (git keeps no empty folder):
    the library is still found by its library.yaml, not the bundled one checked in its place."""
    assert cli("init", "team", "--today", "2026-01-10").exit_code == 0
    shutil.rmtree(tmp_path / "team" / "positions")
    monkeypatch.chdir(tmp_path / "team")
    check = cli("check", "--today", "2026-01-10")
    assert check.exit_code == 0, check.output
    assert "0 position(s) checked: 0 error(s), 0 warning(s)" in check.stderr
    named = cli("--library", str(tmp_path / "team"), "check", "--today", "2026-01-10")
    assert named.exit_code == 0, named.output
    sent = tmp_path / "sent.md"
    sent.write_text(
        "# Our response\n\nSent on 3 March 2025.\n\n"
        "1. Do you agree?\n\nWe agree with the proposal, because it puts need first.\n"
    )
    ingested = cli("ingest", str(sent), "--source", "ours")
    assert ingested.exit_code == 0, ingested.output
    assert (tmp_path / "team" / "positions" / "ours" / "ours-q1.yaml").is_file()


def test_init_refuses_a_folder_that_is_not_empty(cli, tmp_path):
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / "tags.yaml").write_text("mine: {description: Mine}\n")
    result = cli("init", "team")
    assert result.exit_code == 3
    assert result.stderr.strip() == (
        "team: is not empty; use --force to add the missing library files (existing files are kept)"
    )
    forced = cli("init", "team", "--force")
    assert forced.exit_code == 0, forced.output
    assert "kept team/tags.yaml (already there)" in forced.stderr
    assert (tmp_path / "team" / "tags.yaml").read_text() == "mine: {description: Mine}\n"
    assert (tmp_path / "team" / "library.yaml").is_file()
    # it says what it did: a new user read "created a library in team: 0 file(s)" when nothing was
    assert forced.stderr.splitlines()[-1] == (
        "added 7 missing file(s) to team; next: cd team && lga-draft check"
    )
    again = cli("init", "team", "--force")
    assert again.stderr.splitlines()[-1] == (
        "team holds every library file already: nothing added; next: cd team && lga-draft check"
    )


def test_init_into_a_missing_parent_folder(cli):
    result = cli("init", "no/such/team")
    assert result.exit_code == 3
    assert result.stderr.strip() == "no/such/team: the folder 'no/such' does not exist"


# ----------------------------------------------------------------------------- hooks


def test_pre_commit_hooks_run_check_and_fmt():
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert hooks["lga-draft-check"]["entry"] == "lga-draft check"
    assert hooks["lga-draft-fmt"]["entry"] == "lga-draft fmt --check"
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["pass_filenames"] is False
        files = re.compile(hook["files"])
        assert files.search("positions/care/a.yaml") and files.search("tags.yml")
        assert not files.search("README.md")


def test_the_new_librarys_pre_commit_config_uses_the_same_hooks():
    from lga_draft.team.scaffold import files

    config = yaml.safe_load(files(dt.date(2026, 1, 1), "x")[".pre-commit-config.yaml"])
    hooks = {h["id"]: h["entry"] for repo in config["repos"] for h in repo["hooks"]}
    assert hooks == {"lga-draft-check": "lga-draft check", "lga-draft-fmt": "lga-draft fmt --check"}


# ----------------------------------------------------------------------------- fmt

MESSY = """\
# A position about care.
title: A title   # the short title
id: p1
lead: A lead that runs on well past the width of a line, so that fmt folds it at a space between two words.
status: approved
# who owns it
owner: team
last_reviewed: 2024-01-01
review_by: 2030-01-01
tags: [care]   # one tag
body: |
  A body.

  A second paragraph, with a line that is much longer than a hundred characters and stays exactly as it is.
sources:
    -   section: s1
        source: doc   # the document
        supports: [lead, body]
# the end
"""  # noqa: E501 - the long lines are what fmt wraps, and keeps


def test_fmt_orders_fields_wraps_the_lead_and_keeps_comments():
    out = format_text(MESSY)
    assert out.splitlines()[:4] == [
        "# A position about care.",
        "id: p1",
        "title: A title   # the short title",
        "status: approved",
    ]
    assert (
        "lead: >-\n  A lead that runs on well past the width of a line, so that fmt folds it at a"
        in out
    )
    for comment in ("# who owns it", "# one tag", "# the document", "# the end"):
        assert comment in out
    assert "  - source: doc" in out and "    section: s1" in out
    assert "stays exactly as it is." in out
    assert yaml.safe_load(out) == yaml.safe_load(MESSY)
    assert format_text(out) == out  # idempotent


def test_fmt_never_changes_a_bundled_position_and_is_idempotent():
    for path in sorted((ROOT / "positions").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        once = format_text(text)
        assert load_yaml(path, text=once).data == load_yaml(path, text=text).data, path.name
        assert format_text(once) == once, path.name


def test_fmt_check_lists_files_and_fmt_fixes_them(cli, tmp_path):
    tidy_p2 = format_text(yaml.safe_dump(position(id="p2"), sort_keys=False))
    root = make_library(
        tmp_path / "lib", {"positions/p1.yaml": MESSY, "positions/p2.yaml": tidy_p2}
    )
    tidy = (root / "positions/p2.yaml").read_text()
    check = cli("--library", root, "fmt", "--check")
    assert check.exit_code == 1
    assert check.stderr.splitlines() == [
        "would reformat lib/positions/p1.yaml",
        "2 file(s): 1 would be reformatted, 0 could not be read",
    ]
    assert (root / "positions/p1.yaml").read_text() == MESSY
    fixed = cli("--library", root, "fmt")
    assert fixed.exit_code == 0, fixed.output
    assert "reformatted lib/positions/p1.yaml" in fixed.stderr
    assert (root / "positions/p2.yaml").read_text() == tidy
    assert cli("--library", root, "fmt", "--check").exit_code == 0
    assert sorted(p.name for p in (root / "positions").iterdir()) == [
        "p1.yaml",
        "p2.yaml",
    ]  # no temp files


def test_fmt_leaves_unreadable_files_alone(cli, tmp_path):
    root = make_library(
        tmp_path / "lib",
        {"positions/bad.yaml": "id: [x\n", "positions/bomb.yaml": "a: &a [1]\nb: *a\n"},
    )
    result = cli("--library", root, "fmt")
    assert result.exit_code == 1
    assert "lib/positions/bad.yaml:2: invalid YAML" in result.stderr
    assert (
        "lib/positions/bomb.yaml:1: YAML anchors and aliases (&name, *name) are not allowed"
        in result.stderr
    )
    assert (root / "positions/bad.yaml").read_text() == "id: [x\n"


def test_fmt_given_files(cli, tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text(MESSY)
    assert cli("fmt", "x.yaml").exit_code == 0
    assert path.read_text() == format_text(MESSY)


def test_fmt_refuses_to_guess_a_library(cli):
    result = cli("fmt")  # tmp_path has no positions/ anywhere above it: not the bundled library
    assert result.exit_code == 1
    assert result.stderr.strip().startswith("no library here (no positions/ folder")


# ----------------------------------------------------------------------------- library version

git = shutil.which("git")
needs_git = pytest.mark.skipif(git is None, reason="git is not installed")


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        [
            "git",
            "-c",
            "user.name=T",
            "-c",
            "user.email=t@example.org",
            "-c",
            "commit.gpgsign=false",
            "-C",
            str(root),
            *args,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("LGA_DRAFT_NO_GIT", raising=False)  # conftest turns git off for golden files
    root = make_library(tmp_path / "repo" / "library")
    _git(root.parent, "init", "-q")
    _git(root.parent, "add", ".")
    _git(root.parent, "commit", "-q", "-m", "positions")
    return root


def _version(root: Path) -> str:
    return load_library(root).library.version


@needs_git
def test_a_committed_library_is_its_commit(repo):
    sha = _git(repo, "log", "-1", "--format=%H")
    assert _version(repo) == sha[:12]
    (repo.parent / "notes.txt").write_text("elsewhere in the repository\n")
    _git(repo.parent, "add", ".")
    _git(repo.parent, "commit", "-q", "-m", "not the library")
    assert _version(repo) == sha[:12]  # the last commit to the library, not HEAD


@needs_git
def test_uncommitted_changes_add_the_content_hash(repo, monkeypatch):
    sha = _git(repo, "log", "-1", "--format=%H")[:12]
    path = repo / "positions" / "p1.yaml"
    path.write_text(path.read_text().replace("A lead.", "A changed lead."))
    version = _version(repo)
    assert re.fullmatch(rf"{sha}\+[0-9a-f]{{12}}", version), version
    monkeypatch.setenv("PATH", "")  # git missing: the content hash, as outside git
    assert _version(repo) == version.split("+")[1]


@needs_git
def test_a_new_untracked_position_is_an_uncommitted_change(repo):
    (repo / "positions" / "p2.yaml").write_text(yaml.safe_dump(position(id="p2")))
    assert "+" in _version(repo)


def test_outside_git_the_version_is_the_content_hash(tmp_path):
    assert re.fullmatch(r"[0-9a-f]{12}", _version(make_library(tmp_path / "lib")))


@needs_git
def test_drafts_record_the_commit(repo, cli):
    sha = _git(repo, "log", "-1", "--format=%H")[:12]
    result = cli("--library", repo, "draft", "--tags", "care", "--today", "2025-01-01")
    assert result.exit_code == 0, result.output
    assert f'library-version: "{sha}"' in result.stdout
    assert f'data-version="{sha}"' in result.stdout


def test_fmt_never_replaces_a_file_saved_while_it_ran(tmp_path, monkeypatch):
    """An officer saves a position while `fmt` works on it: their edit stands, fmt says so."""
    import shutil

    from conftest import FIXTURES

    from lga_draft.team import fmt

    lib = tmp_path / "lib"
    shutil.copytree(FIXTURES / "library", lib)
    path = lib / "positions" / "care" / "care-funding-gap.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([lines[1], lines[0], *lines[2:]]), encoding="utf-8")  # title first
    saved = "id: care-funding-gap\n# the officer's edit, saved while fmt ran\n"
    real = fmt.format_text

    def format_while_someone_saves(text: str, yaml: object = None) -> str:
        out = real(text, yaml)
        path.write_text(saved, encoding="utf-8")
        return out

    monkeypatch.setattr(fmt, "format_text", format_while_someone_saves)
    result = fmt.format_files([path], check=False)
    assert path.read_text(encoding="utf-8") == saved
    assert not result.changed
    assert [p.message for p in result.problems] == [
        "was saved by someone else while fmt ran; left as they saved it (run fmt again)"
    ]
