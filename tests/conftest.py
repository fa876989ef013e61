"""Shared test helpers: small libraries built inline from dicts, and the CLI runner."""

from __future__ import annotations

import functools
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import typer.testing
import yaml
from typer.testing import CliRunner

from lga_draft.cli import app

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = ROOT.parent / "shared" / "seeds"

# internal errors re-raise under test, so a bug shows its traceback instead of a one-line message
os.environ["_LGA_DRAFT_TESTING"] = "1"
# drafts record the library's content hash, not the git commit of this checkout, so golden files
# match in every clone (tests/test_team_workflow.py turns git back on where it tests it)
os.environ["LGA_DRAFT_NO_GIT"] = "1"
# typer's test runner builds the command from the app on every call, evaluating every command's
# annotations (a quarter of the suite's time); the app is the same in every test, so build it once.
# (Only where typer's runner looks it up by this name; elsewhere it is built each time, as before.)
if hasattr(typer.testing, "_get_command"):
    typer.testing._get_command = functools.lru_cache(maxsize=None)(typer.testing._get_command)


def build_tree(root: Path, files: dict[str, Any]) -> Path:
    """Write `files` (path -> text, or data to dump as YAML) under `root`."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_text(
                yaml.safe_dump(content, sort_keys=False, allow_unicode=True), encoding="utf-8"
            )
    return root


TAGS = {
    "care": {"description": "Adult care", "aliases": ["ASC", "social care"]},
    "care-funding": {"description": "Care money", "broader": "care", "aliases": ["care money"]},
    "health": {"description": "Public health"},
}
SOURCES = {
    "doc": {
        "title": "A document",
        "publisher": "Org",
        "date": "2024-01-01",
        "sections": {"s1": "Section 1"},
    }
}


def position(**overrides: Any) -> dict[str, Any]:
    """A valid position as a dict; override any field."""
    data: dict[str, Any] = {
        "id": "p1",
        "title": "A title",
        "status": "approved",
        "owner": "team",
        "last_reviewed": "2024-01-01",
        "review_by": "2030-01-01",
        "tags": ["care"],
        "lead": "A lead.",
        "body": "A body.",
        "sources": [{"source": "doc", "section": "s1", "supports": ["lead", "body", "asks"]}],
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def make_library(root: Path, positions: dict[str, Any] | None = None, **extra: Any) -> Path:
    """A library folder with the small vocabulary above and the given position files."""
    files: dict[str, Any] = {
        "tags.yaml": TAGS,
        "sources.yaml": SOURCES,
        "library.yaml": {"teams": {"team": "The team"}},
    }
    if positions is None:
        positions = {"positions/p1.yaml": position()}
    files.update(positions)
    files.update(extra)
    build_tree(root, files)
    (root / "positions").mkdir(exist_ok=True)
    return root


@pytest.fixture(autouse=True, scope="session")
def _cache_in_tmp(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The library cache of a test run lives in the run's temporary folder, never in ~/.cache."""
    before = os.environ.get("LGA_DRAFT_CACHE_DIR")
    os.environ["LGA_DRAFT_CACHE_DIR"] = str(tmp_path_factory.mktemp("lga-draft-cache"))
    yield
    if before is None:
        os.environ.pop("LGA_DRAFT_CACHE_DIR", None)
    else:
        os.environ["LGA_DRAFT_CACHE_DIR"] = before


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs in its own working folder, so messages show paths relative to it; and
    suggestions are by words alone, the semantic extra installed or not (tests/test_meaning.py
    gives the Suggester a model of its own)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LGA_DRAFT_SEMANTIC", "0")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def cli(runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Run the CLI in a clean working folder; returns the click Result."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LGA_DRAFT_LIBRARY", raising=False)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("COLUMNS", "200")

    def run(*args: str, input: str | None = None):
        return runner.invoke(app, [str(a) for a in args], input=input)

    return run


@pytest.fixture
def fixture_library(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/library that a test may change."""
    dest = tmp_path / "fixlib"
    shutil.copytree(FIXTURES / "library", dest)
    shutil.copy(FIXTURES / "consultation.yaml", dest / "consultation.yaml")
    return dest


# Property tests (hypothesis): a bounded number of examples, no per-example deadline (a draft takes
# tens of milliseconds, a Word draft more). HYPOTHESIS_PROFILE=thorough searches ten times harder.
try:
    from hypothesis import HealthCheck, settings

    settings.register_profile(
        "ci", max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
    settings.register_profile(
        "thorough", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
except ImportError:  # pragma: no cover - hypothesis is in the test extra
    pass


# ----------------------------------------------------------------------------- library index tests


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own, for the library index."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("LGA_DRAFT_CACHE_DIR", str(folder))
    monkeypatch.delenv("LGA_DRAFT_NO_CACHE", raising=False)
    return folder
