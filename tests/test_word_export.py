"""Word export through the CLI: every example drafts to a .docx that reads back with its styles,
properties, header, content controls, footnotes and question texts, and that LibreOffice opens."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, ROOT
from docx import Document
from docx.oxml.ns import qn

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
TODAY = "2026-11-22"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def export(cli, example: Path, out: Path, *extra: str):
    result = cli(
        "--library", ROOT, "draft", example, "--format", "docx", "-o", out, "--today", TODAY, *extra
    )
    assert result.exit_code == 0, result.output
    return result


def markdown_of(cli, example: Path) -> str:
    return cli("--library", ROOT, "draft", example, "--today", TODAY).stdout


def all_text(doc) -> str:
    """Every paragraph's text, including those inside content controls (python-docx skips them)."""
    return "\n".join(
        "".join(t.text or "" for t in p.iter(qn("w:t"))) for p in doc.element.body.iter(qn("w:p"))
    )


def content_control_tags(doc) -> list[str]:
    return [t.get(qn("w:val")) for t in doc.element.body.iter(qn("w:tag"))]


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    """Each example exported once (module scope keeps the suite fast)."""
    from typer.testing import CliRunner

    from lga_draft.cli import app

    out_dir = tmp_path_factory.mktemp("docx")
    runner = CliRunner()
    files = {}
    for example in EXAMPLES:
        out = out_dir / f"{example.stem}.docx"
        result = runner.invoke(
            app,
            [
                "--library",
                str(ROOT),
                "draft",
                str(example),
                "--format",
                "docx",
                "-o",
                str(out),
                "--today",
                TODAY,
            ],
        )
        assert result.exit_code == 0, result.output
        md = runner.invoke(
            app, ["--library", str(ROOT), "draft", str(example), "--today", TODAY]
        ).stdout
        files[example.stem] = (out, md)
    return files


@pytest.mark.parametrize("name", [e.stem for e in EXAMPLES])
def test_example_reads_back(drafted, name):
    path, markdown = drafted[name]
    doc = Document(str(path))
    meta = yaml.safe_load(markdown.split("---\n")[1])
    consultation = yaml.safe_load((ROOT / "examples" / f"{name}.yaml").read_text(encoding="utf-8"))

    styles = [p.style.name for p in doc.paragraphs]
    assert styles[0] == "Title" and doc.paragraphs[0].text == consultation["title"]
    assert "Heading 1" in styles
    # no manual fonts faked on Normal paragraphs: direct run fonts are not used for structure
    assert not any(r.font.size for p in doc.paragraphs if p.style.name == "Normal" for r in p.runs)

    props = doc.core_properties
    assert props.title == consultation["title"]
    assert props.author == "Local Government Association"
    assert props.keywords
    assert meta["lga-draft"]["library-version"] in (props.comments or "") + (props.category or "")

    header = " ".join(p.text for p in doc.sections[0].header.paragraphs)
    assert header.startswith("DRAFT v") and "22 November 2026" in header
    footer_xml = doc.sections[0].footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml

    # each position sits in a content control tagged with its id and the library version
    tags = [t for t in content_control_tags(doc) if t.startswith("lga-position:")]
    version = meta["lga-draft"]["library-version"]
    ids = [t.split(":", 1)[1].split("@")[0] for t in tags]
    assert ids == re.findall(r'^::: \{\.position data-id="([^"]+)"', markdown, re.M)
    assert all(t.endswith("@" + version) for t in tags)

    # sources as real footnotes
    assert doc.part.package.part_related_by  # package is readable
    footnote_refs = list(doc.element.body.iter(qn("w:footnoteReference")))
    # one note per reference in the Markdown: each position set out, and each key message
    note_refs = re.findall(r"\[\^[^\]]+\](?!:)", markdown)
    assert len(footnote_refs) == len(note_refs)
    if consultation.get("template") == "press-release":  # sources in the notes to editors
        assert not note_refs and "## Notes to editors" in markdown
    else:
        assert len(note_refs) >= len(ids)

    text = "\n".join(p.text for p in doc.paragraphs)
    for q in consultation.get("questions") or []:
        if consultation.get("template") in (None, "consultation-response"):
            assert " ".join(q["text"].split()) in text


def test_clearance_sheet_lists_positions_with_owner_and_review(drafted):
    path, markdown = drafted["change-nhs"]
    doc = Document(str(path))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Clearance sheet" in text
    assert "Cleared by" in text
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    assert "public-health-grant" in cells and "public-health" in cells and "2024-12-02" in cells


def test_no_clearance_sheet(cli, tmp_path):
    out = tmp_path / "r.docx"
    export(cli, ROOT / "examples" / "rethinking-local.yaml", out, "--no-clearance-sheet")
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "Clearance sheet" not in text


def test_reference_doc_keeps_its_styles_and_header(cli, tmp_path):
    ref = Document()
    ref.styles["Normal"].font.name = "Georgia"
    ref.sections[0].footer.paragraphs[0].text = "Testshire County Council, County Hall"
    ref_path = tmp_path / "house.docx"
    ref.save(str(ref_path))
    out = tmp_path / "r.docx"
    export(cli, ROOT / "examples" / "rethinking-local.yaml", out, "--reference-doc", ref_path)
    doc = Document(str(out))
    assert doc.styles["Normal"].font.name == "Georgia"
    footer = " ".join(p.text for p in doc.sections[0].footer.paragraphs)
    assert "Testshire County Council, County Hall" in footer


def test_bad_reference_doc_is_one_line(cli, tmp_path):
    bad = tmp_path / "house.docx"
    bad.write_bytes(b"not a zip")
    result = cli(
        "--library",
        ROOT,
        "draft",
        ROOT / "examples" / "rethinking-local.yaml",
        "--format",
        "docx",
        "-o",
        tmp_path / "r.docx",
        "--reference-doc",
        bad,
    )
    assert result.exit_code == 1
    assert "house.docx" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "r.docx").exists()


def test_docx_is_not_overwritten_without_force(cli, tmp_path):
    out = tmp_path / "r.docx"
    out.write_bytes(b"officer's signed copy")
    result = cli(
        "--library",
        ROOT,
        "draft",
        ROOT / "examples" / "rethinking-local.yaml",
        "--format",
        "docx",
        "-o",
        out,
        "--today",
        TODAY,
    )
    assert result.exit_code == 3
    assert out.read_bytes() == b"officer's signed copy"


def test_control_characters_are_cleaned_not_a_crash(cli, tmp_path):
    lib = tmp_path / "lib"
    shutil.copytree(FIXTURES / "library", lib)
    p = lib / "positions" / "health" / "prevention-first.yaml"
    data = yaml.safe_load(p.read_text())
    data["body"] = "Councils lead\x07 on the \x0bconditions\x1f that shape health.\ufffe"
    p.write_text(yaml.safe_dump(data))  # YAML escapes them as "\a", "\v", "\x1F"
    out = tmp_path / "r.docx"
    result = cli(
        "--library",
        lib,
        "draft",
        "--tags",
        "prevention",
        "--title",
        "T",
        "--format",
        "docx",
        "-o",
        out,
    )
    assert result.exit_code == 0, result.output
    text = all_text(Document(str(out)))
    assert "Councils lead on the conditions that shape health." in " ".join(text.split())


@pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it"
)
def test_libreoffice_converts_every_example(drafted, tmp_path):
    profile = tmp_path / "lo-profile"
    subprocess.run(  # one LibreOffice for all of them: it takes a second to start
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *(str(path) for path, _ in drafted.values()),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    for name in drafted:
        pdf = tmp_path / f"{name}.pdf"
        assert pdf.exists() and pdf.stat().st_size > 5000, name
        assert pdf.read_bytes()[:5] == b"%PDF-"


def _words(root) -> int:
    return sum(len((t.text or "").split()) for t in root.iter(qn("w:t")))


@pytest.mark.parametrize("name", [e.stem for e in EXAMPLES])
def test_footnotes_are_light_and_name_sources_briefly(drafted, name):
    """Footnotes are at most about a tenth of a draft's words (the clearance sheet aside; up to
    15% allowed, as composed answers and short pieces carry only part of each position but cite
    every source of it), and name a source by its short title and date: the full reference is
    once, in the Sources list."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml

    doc = Document(str(drafted[name][0]))
    body = doc.element.body
    words = 0
    for p in body.iter(qn("w:p")):
        if "".join(t.text or "" for t in p.iter(qn("w:t"))) == "Clearance sheet":
            break
        words += _words(p)
    try:
        notes = parse_xml(doc.part.part_related_by(RT.FOOTNOTES).blob)
    except KeyError:  # a press release names its sources in its notes to editors
        notes = None
    in_notes = _words(notes) if notes is not None else 0
    assert in_notes <= 0.15 * (words + in_notes)
    if notes is not None:
        text = "".join(t.text or "" for t in notes.iter(qn("w:t")))
        assert "Local Government Association" not in text  # the publisher: in the Sources list
        assert "(Annual Conference, Liverpool)" not in text  # a long title, not the short one


def _committee_draft(cli, tmp_path: Path, **extra) -> Path:
    data = {
        "title": "Care funding",
        "issued_by": "House of Commons Health and Social Care Committee",
        "questions": [
            {
                "number": 1,
                "text": "How should pooled budgets be used?",
                "positions": ["pooled-budgets-original-aims"],
            },
            {"number": 2, "text": "What comes first?", "positions": ["prevention-first"]},
        ],
        **extra,
    }
    path = tmp_path / "c.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    out = tmp_path / "c.docx"
    result = cli(
        "--library", str(FIXTURES / "library"), "draft", str(path), "-o", str(out), "--force"
    )
    assert result.exit_code == 0, result.output
    return out


def _paragraphs(out: Path) -> list[tuple[str, str, str | None]]:
    """(style id, text, numbering id) of each paragraph with text, content controls' included,
    up to the clearance sheet (which is not the submission's)."""
    out_rows = []
    for p in Document(str(out)).element.body.iter(qn("w:p")):
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        if text == "Clearance sheet":
            break
        if text.strip():
            style = p.pPr.style if p.pPr is not None and p.pPr.style else "Normal"
            num = p.pPr.numPr if p.pPr is not None else None
            out_rows.append((style, text, num.numId.val if num is not None else None))
    return out_rows


def test_a_response_to_a_committee_has_numbered_paragraphs(cli, tmp_path):
    """An officer's reading: committees ask that written evidence have numbered paragraphs."""
    rows = _paragraphs(_committee_draft(cli, tmp_path))
    body = [r for r in rows[rows.index(next(r for r in rows if "serves the people" in r[1])) :]]
    normal = [r for r in body if r[0] == "Normal" and not r[1].startswith("Sam Signer")]
    assert len(normal) > 4 and len({r[2] for r in normal}) == 1 and normal[0][2] is not None
    number = normal[0][2]  # one list through the whole submission: the leads and bodies of both
    assert any(r[1].startswith("Councils pooled") or "pool" in r[1].lower() for r in normal)
    others = [r for r in rows if r[0] != "Normal"]  # headings, questions as asked, lists
    assert others and all(r[2] != number for r in others)
    assert not any(r[1].startswith("1.") for r in rows)  # Word's numbers, not the text's
    signature = next(r for r in rows if r[1].startswith("Sam Signer"))
    assert signature[2] is None


def test_paragraph_numbers_are_the_consultations_choice(cli, tmp_path):
    rows = _paragraphs(_committee_draft(cli, tmp_path, numbered_paragraphs=False))
    assert all(r[2] is None for r in rows if r[0] == "Normal")


def test_beside_numbered_paragraphs_no_list_counts_from_one_again(cli, tmp_path):
    """An officer's reading: paragraphs 1 to 17, then a summary of asks numbered 1 to 6, make
    "paragraph 3" mean two things; the asks are bullets there, and numbered without the
    paragraph numbers."""

    def summary(rows: list[tuple[str, str, str | None]]) -> list[str]:
        at = next(i for i, r in enumerate(rows) if r[1] == "Summary of our asks")
        after = rows[at + 1 :]
        end = next(i for i, r in enumerate(after) if r[0].startswith("Heading"))
        return [r[0] for r in after[:end]]

    # both answers ask, so the asks are summarised (one answer's would only be repeated)
    questions = [
        {"number": 1, "text": "How should care be funded?", "positions": ["care-funding-gap"]},
        {"number": 2, "text": "What comes first?", "positions": ["prevention-first"]},
    ]
    numbered = _paragraphs(_committee_draft(cli, tmp_path, questions=questions))
    assert summary(numbered) and set(summary(numbered)) == {"ListBullet"}
    assert not any(r[0].startswith("ListNumber") for r in numbered)
    plain = _paragraphs(
        _committee_draft(cli, tmp_path, questions=questions, numbered_paragraphs=False)
    )
    assert set(summary(plain)) == {"ListNumber"}


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_shows_the_paragraph_numbers(cli, tmp_path):
    out = _committee_draft(cli, tmp_path)
    subprocess.run(
        [SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "c.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert re.search(r"^1\.\s+Testshire County Council serves", text, re.M), text[:800]


def _list_hangs(out: Path) -> tuple[list[int], list[int]]:
    """Where each list paragraph's bullet or number stands, in twips from the margin (its left
    indent less its hanging one: the paragraph's own, else its list level's, else its style's),
    in the submission and on the clearance sheet."""
    doc = Document(str(out))
    numbering = doc.part.numbering_part.element
    styles = {s.get(qn("w:styleId")): s for s in doc.styles.element.findall(qn("w:style"))}

    def ind_of(el):
        ppr = el.find(qn("w:pPr")) if el is not None else None
        return ppr.find(qn("w:ind")) if ppr is not None else None

    def level(num_id: str, ilvl: str):
        num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id)
        abstract = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        definition = next(
            a
            for a in numbering.findall(qn("w:abstractNum"))
            if a.get(qn("w:abstractNumId")) == abstract
        )
        return next(lv for lv in definition.findall(qn("w:lvl")) if lv.get(qn("w:ilvl")) == ilvl)

    body: list[int] = []
    sheet: list[int] = []
    into = body
    for p in doc.element.body.iter(qn("w:p")):
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        if text == "Clearance sheet":
            into = sheet
        ppr = p.find(qn("w:pPr"))
        style = ppr.find(qn("w:pStyle")) if ppr is not None else None
        style_id = style.get(qn("w:val")) if style is not None else ""
        if not text.strip() or not style_id.startswith("List"):
            continue
        ind = ind_of(p)
        num = ppr.find(qn("w:numPr"))
        if ind is None and num is not None:
            ind = ind_of(
                level(
                    num.find(qn("w:numId")).get(qn("w:val")),
                    num.find(qn("w:ilvl")).get(qn("w:val")),
                )
            )
        if ind is None:
            ind = ind_of(styles.get(style_id))
        left = int(ind.get(qn("w:left")) or ind.get(qn("w:start")) or 0) if ind is not None else 0
        hanging = int(ind.get(qn("w:hanging")) or 0) if ind is not None else 0
        into.append(left - hanging)
    return body, sheet


def test_beside_numbered_paragraphs_lists_stand_in_the_text_not_the_numbers(cli, tmp_path):
    """An officer's reading in LibreOffice: under "13. We ask the Committee to recommend that the
    Government:" the asks' bullets stood in the margin, below the paragraph numbers and left of
    the paragraph's own text. With numbered paragraphs a list stands in the text's column, where
    Word and LibreOffice put a numbered paragraph's text; without them, at the margin; and the
    clearance sheet, which is not the submission's, is as it was."""
    questions = [
        {"number": 1, "text": "How should care be funded?", "positions": ["care-funding-gap"]},
        {"number": 2, "text": "What comes first?", "positions": ["prevention-first"]},
    ]
    body, sheet = _list_hangs(_committee_draft(cli, tmp_path, questions=questions))
    assert body and sheet
    assert min(body) >= 567  # the numbered paragraphs' text: 1 cm from the margin
    assert min(sheet) == 0
    plain, _ = _list_hangs(
        _committee_draft(cli, tmp_path, questions=questions, numbered_paragraphs=False)
    )
    assert plain and min(plain) == 0
