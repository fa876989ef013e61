"""Issue 16, item 11: the signature's name and role, and the organisation, are separate lines."""

from __future__ import annotations

import docx
from conftest import make_library
from markdown_it import MarkdownIt

SETTINGS = {
    "teams": {"team": "The team"},
    "organisation": {"name": "Exampleton Council"},
    "signatory": {"name": "Cllr Sam Smith", "role": "Chair, Housing Board"},
}
CONSULTATION = "title: T\nissued_by: D\nquestions:\n  - {number: 1, text: Why, positions: [p1]}\n"


def _library(tmp_path):
    root = make_library(tmp_path / "lib", **{"library.yaml": SETTINGS})
    (tmp_path / "c.yaml").write_text(CONSULTATION, encoding="utf-8")
    return root


def test_markdown_signature_breaks_between_signatory_and_organisation(cli, tmp_path):
    root = _library(tmp_path)
    result = cli("--library", root, "draft", tmp_path / "c.yaml", "--today", "2026-01-01")
    assert result.exit_code == 0, result.output
    tokens = MarkdownIt("commonmark").parse(result.stdout)
    inline = next(t for t in tokens if t.type == "inline" and "Cllr Sam Smith" in t.content)
    kinds = [(c.type, c.content) for c in inline.children]
    assert kinds == [
        ("text", "Cllr Sam Smith, Chair, Housing Board"),
        ("hardbreak", ""),
        ("text", "Exampleton Council"),
    ]


def test_word_signature_breaks_between_signatory_and_organisation(cli, tmp_path):
    root = _library(tmp_path)
    out = tmp_path / "r.docx"
    result = cli(
        "--library", root, "draft", tmp_path / "c.yaml", "--today", "2026-01-01", "-o", out
    )
    assert result.exit_code == 0, result.output
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "Cllr Sam Smith, Chair, Housing Board\nExampleton Council" in texts


def test_no_signatory_no_signature(cli, tmp_path):
    root = make_library(tmp_path / "lib")
    (tmp_path / "c.yaml").write_text(CONSULTATION, encoding="utf-8")
    result = cli("--library", root, "draft", tmp_path / "c.yaml", "--today", "2026-01-01")
    assert result.exit_code == 0 and not result.stdout.rstrip().endswith("Your organisation")
