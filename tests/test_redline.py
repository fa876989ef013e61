"""Redline: two drafts in, one Word document out whose tracked changes are exactly the differences:
accepting every change gives the new draft's text, rejecting every change gives the old one's."""

from __future__ import annotations

import copy
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

TODAY = "2026-11-22"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture
def two_drafts(cli, fixture_library, tmp_path):
    """A Word draft and a later one: words changed, a paragraph gone, another added."""
    old, new = tmp_path / "old.docx", tmp_path / "new.docx"
    result = cli(
        "--library",
        fixture_library,
        "draft",
        fixture_library / "consultation.yaml",
        "--today",
        TODAY,
        "--format",
        "docx",
        "-o",
        old,
    )
    assert result.exit_code == 0, result.output
    doc = Document(str(old))
    body = doc.element.body
    _replace(
        body,
        "Short-term grants leave councils unable to plan.",
        "Short-term grants leave every council unable to plan properly.",
    )
    gone = _paragraph(body, "Funding must follow need.")
    gone.getparent().remove(gone)
    _paragraph(body, "We welcome the chance to respond.").addnext(
        parse_xml(f"<w:p {nsdecls('w')}><w:r><w:t>A brand new paragraph.</w:t></w:r></w:p>")
    )
    doc.save(str(new))
    return old, new


def _paragraph(root, text):
    return next(p for p in root.iter(qn("w:p")) if text in _text(p))


def _text(p) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def _replace(root, old: str, new: str) -> None:
    for t in root.iter(qn("w:t")):
        if t.text == old:
            t.text = new
            return
    raise AssertionError(old)


def texts(body) -> list[str]:
    return [t for t in (_text(p) for p in body.iter(qn("w:p"))) if t]


def accepted(body) -> list[str]:
    body = copy.deepcopy(body)
    for el in list(body.iter(qn("w:del"))):
        if el.getparent().tag != qn("w:rPr"):
            el.getparent().remove(el)
    return texts(body)


def rejected(body) -> list[str]:
    body = copy.deepcopy(body)
    for el in list(body.iter(qn("w:ins"))):
        if el.getparent().tag != qn("w:rPr"):
            el.getparent().remove(el)
    for el in body.iter(qn("w:delText")):
        el.tag = qn("w:t")
    return texts(body)


def redline(cli, old: Path, new: Path, out: Path, *extra: str):
    result = cli("redline", old, new, "-o", out, *extra)
    assert result.exit_code == 0, result.output
    return Document(str(out)).element.body


def test_tracked_changes_are_exactly_the_differences(cli, two_drafts, tmp_path):
    old, new = two_drafts
    body = redline(cli, old, new, tmp_path / "changes.docx", "--author", "Policy Team")
    inserted = " ".join(_text(i) for i in body.iter(qn("w:ins")))
    deleted = " ".join(
        "".join(t.text for t in d.iter(qn("w:delText"))) for d in body.iter(qn("w:del"))
    )
    assert (
        "every council" in inserted
        and "properly" in inserted
        and "A brand new paragraph." in inserted
    )
    assert "councils" in deleted and "Funding must follow need." in deleted
    assert "Short-term grants leave" not in inserted + deleted  # unchanged words are not marked
    for mark in [*body.iter(qn("w:ins")), *body.iter(qn("w:del"))]:
        assert mark.get(qn("w:author")) == "Policy Team" and mark.get(qn("w:date")).endswith("Z")
    assert accepted(body) == texts(Document(str(new)).element.body)
    assert rejected(body) == texts(Document(str(old)).element.body)
    # a whole paragraph inserted or deleted has its paragraph mark tracked too
    marks = [
        m.tag for m in body.iter(qn("w:rPr")) for m in m if m.tag in (qn("w:ins"), qn("w:del"))
    ]
    assert qn("w:ins") in marks and qn("w:del") in marks


def test_formatting_and_notes_survive(cli, two_drafts, tmp_path):
    old, new = two_drafts
    body = redline(cli, old, new, tmp_path / "changes.docx")
    new_body = Document(str(new)).element.body
    assert len(list(body.iter(qn("w:footnoteReference")))) == len(
        list(new_body.iter(qn("w:footnoteReference")))
    )
    assert len(list(body.iter(qn("w:hyperlink")))) == len(list(new_body.iter(qn("w:hyperlink"))))
    tags = [t.get(qn("w:val")) for t in body.iter(qn("w:tag"))]
    assert tags == [
        t.get(qn("w:val")) for t in new_body.iter(qn("w:tag"))
    ]  # positions still harvestable


def test_existing_tracked_changes_are_accepted_first(cli, two_drafts, tmp_path):
    old, new = two_drafts
    doc = Document(str(new))
    _paragraph(doc.element.body, "A brand new paragraph.").append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="900" w:author="Someone" w:date="2026-01-01T00:00:00Z">'
            "<w:r><w:delText>Gone already.</w:delText></w:r></w:del>"
        )
    )
    doc.save(str(new))
    body = redline(cli, old, new, tmp_path / "changes.docx")
    assert "Gone already." not in " ".join(t.text for t in body.iter(qn("w:delText")))
    assert {m.get(qn("w:author")) for m in body.iter(qn("w:del"))} == {"lga-draft"}


def test_identical_drafts_have_no_changes(cli, two_drafts, tmp_path):
    old, _ = two_drafts
    body = redline(cli, old, old, tmp_path / "same.docx")
    assert not list(body.iter(qn("w:ins"))) and not list(body.iter(qn("w:del")))


def test_markdown_drafts(cli, fixture_library, tmp_path):
    args = ("--library", fixture_library, "draft", fixture_library / "consultation.yaml")
    old, new = tmp_path / "old.md", tmp_path / "new.md"
    old.write_text(cli(*args, "--today", "2025-11-22").stdout, encoding="utf-8")
    changed = cli(*args, "--today", TODAY).stdout.replace(
        "Funding is our first concern.", "Funding is our most pressing concern."
    )
    new.write_text(changed, encoding="utf-8")
    body = redline(cli, old, new, tmp_path / "changes.docx")
    inserted = " ".join(_text(i) for i in body.iter(qn("w:ins")))
    deleted = " ".join(t.text for t in body.iter(qn("w:delText")))
    assert "most pressing" in inserted and "first" in deleted
    assert "2026" in inserted and "2025" in deleted  # the cover date
    assert "Fixture consultation on care and health" in accepted(
        body
    )  # the title, as Word shows it


def test_mixed_kinds_and_existing_output_are_refused(cli, two_drafts, tmp_path):
    old, new = two_drafts
    md = tmp_path / "x.md"
    md.write_text("# A draft\n", encoding="utf-8")
    result = cli("redline", old, md, "-o", tmp_path / "c.docx")
    assert result.exit_code == 1 and "compare two .docx drafts or two .md drafts" in result.stderr
    out = tmp_path / "c.docx"
    out.write_bytes(b"reviewer's copy")
    result = cli("redline", old, new, "-o", out)
    assert result.exit_code == 3 and out.read_bytes() == b"reviewer's copy"


def test_not_a_docx_is_one_line(cli, two_drafts, tmp_path):
    old, _ = two_drafts
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    result = cli("redline", old, bad, "-o", tmp_path / "c.docx")
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_redline_and_keeps_the_changes(cli, two_drafts, tmp_path):
    old, new = two_drafts
    out = tmp_path / "changes.docx"
    redline(cli, old, new, out)
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}"
    for fmt in ("pdf", "docx"):
        subprocess.run(
            [
                SOFFICE,
                profile,
                "--headless",
                "--convert-to",
                fmt,
                "--outdir",
                str(tmp_path / fmt),
                str(out),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    pdf = tmp_path / "pdf" / "changes.pdf"
    assert pdf.exists() and pdf.read_bytes()[:5] == b"%PDF-"
    resaved = Document(str(tmp_path / "docx" / "changes.docx")).element.body
    assert "properly" in " ".join(_text(i) for i in resaved.iter(qn("w:ins")))  # read as revisions
    assert "Funding must follow need." in " ".join(t.text for t in resaved.iter(qn("w:delText")))
