"""Issue 16, items 1, 2, 3 and 13: where `draft` writes what, decided before anything is written."""

from __future__ import annotations

import shutil
import zipfile

import pytest
from conftest import FIXTURES

LIB = str(FIXTURES / "library")
CONSULTATION = FIXTURES / "consultation.yaml"


def draft(cli, *args):
    return cli("--library", LIB, "draft", *args, "--today", "2026-01-01")


# ----------------------------------------------------------------- item 1: format from the file name


def test_docx_file_name_writes_word(cli, tmp_path):
    out = tmp_path / "response.docx"
    result = draft(cli, CONSULTATION, "-o", out)
    assert result.exit_code == 0, result.output
    assert zipfile.is_zipfile(out)
    assert "word/document.xml" in zipfile.ZipFile(out).namelist()


@pytest.mark.parametrize("name", ["response.md", "response.markdown", "response"])
def test_markdown_file_name_writes_markdown(cli, tmp_path, name):
    out = tmp_path / name
    result = draft(cli, CONSULTATION, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("---\n")


@pytest.mark.parametrize(
    ("fmt", "name"), [("docx", "x.md"), ("md", "x.docx"), ("docx", "x.markdown")]
)
def test_format_contradicting_the_file_name_is_a_usage_error(cli, tmp_path, fmt, name):
    out = tmp_path / name
    result = draft(cli, CONSULTATION, "--format", fmt, "-o", out)
    assert result.exit_code == 2, result.output
    assert f"--format {fmt} does not match the file name" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("fmt", ["portal", "json", "docx"])
def test_a_file_name_without_an_extension_takes_the_format_given(cli, tmp_path, fmt):
    """An officer's probe: `--format portal -o answers` was refused as "does not match the file
    name answers ( is md)": a name without an extension says nothing for --format to
    contradict."""
    out = tmp_path / "answers"
    result = draft(cli, CONSULTATION, "--format", fmt, "-o", out)
    assert result.exit_code == 0, result.output
    if fmt == "docx":
        assert zipfile.is_zipfile(out)
    else:
        text = out.read_text(encoding="utf-8")
        assert not text.startswith("---\n") and ("{" in text[:1]) == (fmt == "json")


def test_unknown_extension_without_format_is_a_usage_error(cli, tmp_path):
    out = tmp_path / "x.pdf"
    result = draft(cli, CONSULTATION, "-o", out)
    assert result.exit_code == 2, result.output
    assert "cannot tell the format from '.pdf'" in result.stderr
    assert not out.exists()


# ------------------------------------------------------------- item 2: name collisions in a batch


def _two_responses(tmp_path):
    files = []
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        target = tmp_path / folder / "response.yaml"
        shutil.copy(CONSULTATION, target)
        files.append(target)
    return files


@pytest.mark.parametrize("force", [False, True])
def test_batch_with_the_same_file_names_keeps_every_draft(cli, tmp_path, force):
    files = _two_responses(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    result = draft(cli, *files, "-o", out, *(["--force"] if force else []))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["a-response.md", "b-response.md"]
    assert "wrote 2 draft(s)" in result.stderr


def test_batch_given_one_file_twice_is_refused_before_writing(cli, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    result = draft(cli, CONSULTATION, CONSULTATION, "-o", out)
    assert result.exit_code == 2, result.output
    assert "is given twice" in result.stderr
    assert list(out.iterdir()) == []


def test_batch_refuses_an_existing_draft_before_writing_any(cli, tmp_path):
    files = _two_responses(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "b-response.md").write_text("mine", encoding="utf-8")
    result = draft(cli, *files, "-o", out)
    assert result.exit_code == 3, result.output
    assert sorted(p.name for p in out.iterdir()) == ["b-response.md"]
    assert (out / "b-response.md").read_text(encoding="utf-8") == "mine"


# --------------------------------------------------------------- item 3: batch into a new folder


def test_batch_creates_its_folder(cli, tmp_path):
    examples = sorted((FIXTURES.parent.parent / "examples").glob("*.yaml"))
    assert len(examples) >= 2
    out = tmp_path / "drafts"
    result = cli("draft", *examples, "-o", out, "--today", "2026-01-01")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{e.stem}.md" for e in examples)


def test_batch_into_a_file_is_refused(cli, tmp_path):
    out = tmp_path / "drafts"
    out.write_text("x", encoding="utf-8")
    result = draft(cli, CONSULTATION, FIXTURES / "consultation.yaml", "-o", out)
    assert result.exit_code == 3, result.output
    assert "is not a folder" in result.stderr


def test_batch_with_a_bad_file_creates_no_folder(cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: [\n", encoding="utf-8")
    out = tmp_path / "drafts"
    result = draft(cli, CONSULTATION, bad, "-o", out)
    assert result.exit_code == 1
    assert not out.exists()
    # one line, not an empty one first: the progress bar is drawn on a terminal only
    assert len(result.stderr.splitlines()) == 1, result.stderr


# ------------------------------------------------------ item 13: Word-only options with Markdown


@pytest.mark.parametrize(
    ("option", "name"),
    [
        (["--no-clearance-sheet"], "--no-clearance-sheet"),
        (["--reference-doc", "house.docx"], "--reference-doc"),
    ],
)
def test_word_only_options_with_markdown_are_refused(cli, tmp_path, option, name):
    out = tmp_path / "x.md"
    result = draft(cli, CONSULTATION, *option, "-o", out)
    assert result.exit_code == 2, result.output
    assert f"{name} is for Word output" in result.stderr
    assert not out.exists()
    to_stdout = draft(cli, CONSULTATION, *option)
    assert to_stdout.exit_code == 2 and to_stdout.stdout == ""
