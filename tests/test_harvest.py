"""Harvest: a draft exported to Word, edited as an officer would (words changed, a position
deleted, a paragraph added, tracked changes, comments), re-saved by LibreOffice where it is
installed, and read back: every change found, nothing else reported, nothing lost; --write
proposes draft revisions that `check` accepts, once."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from lga_draft.library.load import load_positions_only
from lga_draft.roundtrip.harvest import harvest

TODAY = "2026-11-22"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")

ADDED = "We also ask for a meeting with officials before the end of the year."


# ----------------------------------------------------------------------------- helpers


@pytest.fixture
def drafted(cli, fixture_library, tmp_path):
    """The fixture consultation drafted to Word and to Markdown (the baseline)."""
    out, md = tmp_path / "draft.docx", tmp_path / "draft.md"
    args = (
        "--library",
        fixture_library,
        "draft",
        fixture_library / "consultation.yaml",
        "--today",
        TODAY,
    )
    assert cli(*args, "--format", "docx", "-o", out).exit_code == 0
    md.write_text(cli(*args).stdout, encoding="utf-8")
    return fixture_library, out, md


def draft_word(cli, library: Path, out: Path, template: str, *args: str) -> None:
    """The fixture consultation drafted to Word with `template`."""
    result = cli(
        "--library",
        library,
        "draft",
        library / "consultation.yaml",
        "--template",
        template,
        "--today",
        TODAY,
        "--format",
        "docx",
        "-o",
        out,
        *args,
    )
    assert result.exit_code == 0, result.output


def sdt(doc, position_id: str):
    for el in doc.element.body.iter(qn("w:sdt")):
        tag = el.find(f"{qn('w:sdtPr')}/{qn('w:tag')}")
        if tag is not None and tag.get(qn("w:val")).startswith(f"lga-position:{position_id}@"):
            return el
    raise AssertionError(position_id)


def replace_text(root, old: str, new: str) -> None:
    for t in root.iter(qn("w:t")):
        if old in (t.text or ""):
            t.text = t.text.replace(old, new)
            return
    raise AssertionError(old)


def paragraph_with(root, text: str):
    return next(
        p for p in root.iter(qn("w:p")) if text in "".join(t.text or "" for t in p.iter(qn("w:t")))
    )


def edit_like_an_officer(path: Path) -> None:
    """Words changed in a position, tracked changes in another, one deleted, a paragraph added."""
    doc = Document(str(path))
    replace_text(sdt(doc, "care-funding-gap"), "unable to plan", "unable to plan ahead")
    para = paragraph_with(sdt(doc, "pooled-budgets-original-aims"), "Pooled budgets work best")
    mark = f'{nsdecls("w")} w:author="Dana Director" w:date="2026-11-25T10:00:00Z"'
    para.append(
        parse_xml(
            f'<w:del w:id="801" {mark}><w:r><w:delText xml:space="preserve"> Old words.</w:delText>'
            "</w:r></w:del>"
        )
    )
    para.append(
        parse_xml(
            f'<w:ins w:id="802" {mark}><w:r><w:t xml:space="preserve"> Partners need three-year '
            "settlements.</w:t></w:r></w:ins>"
        )
    )
    gone = sdt(doc, "prevention-first")
    gone.getparent().remove(gone)
    anchor = paragraph_with(doc.element.body, "We would welcome further discussion.")
    anchor.addnext(parse_xml(f"<w:p {nsdecls('w')}><w:r><w:t>{ADDED}</w:t></w:r></w:p>"))
    props = doc.core_properties
    props.last_modified_by = "Dana Director"
    props.modified = dt.datetime(2026, 11, 25, 10, 0)
    doc.save(str(path))


def libreoffice_resave(path: Path, tmp_path: Path) -> Path:
    out = tmp_path / "lo-out"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out / path.name


def by_id(report):
    return {p.id: p for p in report.positions}


def inserted_words(change) -> str:
    return "".join(s.text for s in change.segments if s.op == "insert")


# ----------------------------------------------------------------------------- reading


def test_an_untouched_draft_reports_nothing(drafted):
    library, docx_path, md = drafted
    report = harvest(docx_path, load_positions_only(library), baseline=md)
    assert [p.state for p in report.positions] == ["unchanged"] * 3
    assert not report.removed and not report.outside and not report.unattributed
    assert all(p.found_by == "content control" and not p.notes for p in report.positions)


@pytest.mark.parametrize(
    "resave", [False, pytest.param(True, marks=needs_soffice)], ids=["python-docx", "libreoffice"]
)
def test_every_change_is_found_and_nothing_else(drafted, tmp_path, resave):
    library, docx_path, md = drafted
    edit_like_an_officer(docx_path)
    if resave:
        docx_path = libreoffice_resave(docx_path, tmp_path)
    report = harvest(docx_path, load_positions_only(library), baseline=md)
    found = by_id(report)

    assert set(found) == {"care-funding-gap", "pooled-budgets-original-aims"}
    care = found["care-funding-gap"]
    assert care.state == "edited" and len(care.changes) == 1
    assert care.changes[0].role == "body" and inserted_words(care.changes[0]).strip() == "ahead"
    assert not care.revisions

    pooled = found["pooled-budgets-original-aims"]
    assert pooled.state == "edited" and len(pooled.changes) == 1
    assert inserted_words(pooled.changes[0]).strip() == "Partners need three-year settlements."
    assert "Old words" not in " ".join(pooled.paragraphs)  # the deletion is accepted...
    assert pooled.revisions == {"deletion": 1, "insertion": 1}  # ...and reported, not dropped

    assert [(r.id, r.certain) for r in report.removed] == [("prevention-first", True)]
    assert [(c.op, c.new) for c in report.outside] == [("inserted", ADDED)]
    assert report.libreoffice is resave
    assert report.signed_off_by == "Dana Director"


@needs_soffice
def test_libreoffice_keeps_markers_tracked_changes_and_comments(drafted, tmp_path):
    """What re-saving shows: tags dropped, alias and tracked changes kept, properties moved."""
    library, docx_path, md = drafted
    edit_like_an_officer(docx_path)
    resaved = libreoffice_resave(docx_path, tmp_path)
    doc = Document(str(resaved))
    assert not list(
        doc.element.body.iter(qn("w:tag"))
    )  # LibreOffice 7.4 drops content control tags
    assert list(doc.element.body.iter(qn("w:ins"))) and list(doc.element.body.iter(qn("w:del")))
    report = harvest(resaved, load_positions_only(library), baseline=md)
    assert report.has_comments_part
    assert {p.found_by for p in report.positions} == {"LibreOffice marker"}
    assert all(p.drafted_version for p in report.positions)  # from lga-draft's margin notes


def test_without_a_baseline_the_clearance_sheet_and_library_stand_in(drafted):
    library, docx_path, _ = drafted
    edit_like_an_officer(docx_path)
    report = harvest(docx_path, load_positions_only(library))
    assert [r.id for r in report.removed] == ["prevention-first"]
    # the consultation's own words and the officer's addition: listed, not guessed apart
    assert ADDED in report.unattributed
    assert "Funding is our first concern." in report.unattributed
    assert not report.outside_checked


def test_a_consultation_file_is_a_baseline_too(drafted):
    library, docx_path, _ = drafted
    edit_like_an_officer(docx_path)
    report = harvest(
        docx_path, load_positions_only(library), baseline=library / "consultation.yaml"
    )
    assert [(c.op, c.new) for c in report.outside] == [("inserted", ADDED)]
    assert [r.id for r in report.removed] == ["prevention-first"]


def test_reviewer_comments_and_library_changes_are_reported(drafted):
    library, docx_path, md = drafted
    doc = Document(str(docx_path))
    lead = paragraph_with(sdt(doc, "care-funding-gap"), "Short-term grants")
    doc.add_comment(_run(lead), text="Check with finance", author="Dana Director")
    doc.save(str(docx_path))
    with (library / "tags.yaml").open("a", encoding="utf-8") as f:
        f.write("# a change anywhere in the library gives it a new version\n")
    lib = load_positions_only(library)
    care = by_id(harvest(docx_path, lib, baseline=md))["care-funding-gap"]
    assert care.state == "unchanged"
    assert [(c.author, c.text) for c in care.comments] == [("Dana Director", "Check with finance")]
    assert any(
        n.startswith("drafted from library ") and n.endswith(f"library now {lib.version}")
        for n in care.notes
    )


def _run(p):
    from docx.text.run import Run

    return Run(p.find(qn("w:r")), None)


# ----------------------------------------------------------------------------- the command


def test_cli_shows_the_word_diff(cli, drafted):
    library, docx_path, md = drafted
    edit_like_an_officer(docx_path)
    result = cli("--library", library, "harvest", docx_path, "--baseline", md)
    assert result.exit_code == 0, result.output
    assert "edited    care-funding-gap" in result.stdout
    assert "unable to plan{+ ahead+}" in result.stdout
    assert "tracked changes still in the document (1 deletion, 1 insertion)" in result.stdout
    assert "removed   prevention-first" in result.stdout
    assert ADDED in result.stdout
    assert "2 edited, 1 removed, 1 change(s) outside the positions" in result.stderr


def test_cli_json(cli, drafted):
    library, docx_path, md = drafted
    edit_like_an_officer(docx_path)
    data = yaml.safe_load(
        cli("--library", library, "harvest", docx_path, "--baseline", md, "--json").stdout
    )
    assert {p["id"]: p["state"] for p in data["positions"]} == {
        "care-funding-gap": "edited",
        "pooled-budgets-original-aims": "edited",
    }
    assert data["removed"] == [{"id": "prevention-first", "certain": True}]


def test_not_an_lga_draft_document(cli, fixture_library, tmp_path):
    plain = tmp_path / "letter.docx"
    doc = Document()
    doc.add_paragraph("Dear Minister")
    doc.save(str(plain))
    result = cli("--library", fixture_library, "harvest", plain)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "letter.docx: not an lga-draft document: it has no position content "
        "controls (draft it with 'lga-draft draft --format docx')"
    )


def test_corrupt_docx_is_one_line(cli, fixture_library, tmp_path):
    bad = tmp_path / "signed.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    result = cli("--library", fixture_library, "harvest", bad)
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "signed.docx" in result.stderr


# ----------------------------------------------------------------------------- --write


def revision_files(library: Path) -> list[Path]:
    return sorted(library.glob("positions/**/*-revision-*.yaml"))


def test_write_proposes_draft_revisions_once(cli, drafted):
    library, docx_path, md = drafted
    approved = {p: p.read_bytes() for p in library.glob("positions/**/*.yaml")}
    edit_like_an_officer(docx_path)

    result = cli("--library", library, "harvest", docx_path, "--baseline", md, "--write")
    assert result.exit_code == 0, result.output
    files = revision_files(library)
    assert [f.name for f in files] == [
        "care-funding-gap-revision-1.yaml",
        "pooled-budgets-original-aims-revision-1.yaml",
    ]
    assert {p: p.read_bytes() for p in approved} == approved  # nothing approved changed in place

    data = yaml.safe_load(files[0].read_text())
    assert data["id"] == "care-funding-gap-revision-1" and data["status"] == "draft"
    assert data["supersedes"] == ["care-funding-gap"]
    assert "unable to plan ahead." in data["body"] and "Funding must follow need." in data["body"]
    assert data["lead"] == "Adult care needs long-term funding that matches demand."
    assert data["evidence"] and data["case_studies"]  # everything else carried over
    original = yaml.safe_load(next(library.glob("positions/**/care-funding-gap.yaml")).read_text())
    interval = original["review_by"] - original["last_reviewed"]
    assert data["last_reviewed"] == dt.date(2026, 11, 25)  # reviewed when it was signed off
    assert data["review_by"] == dt.date(2026, 11, 25) + interval
    assert data["revision_of"] == {
        "id": "care-funding-gap",
        "library_version": md.read_text().split('library-version: "')[1].split('"')[0],
        "signed_off_by": "Dana Director",
        "signed_off_on": dt.date(2026, 11, 25),
        "document": "draft.docx",
    }
    pooled = yaml.safe_load(files[1].read_text())
    assert "Partners need three-year settlements." in pooled["body"]
    assert any("tracked changes" in n for n in pooled["revision_of"]["notes"])

    check = cli("--library", library, "check")
    assert check.exit_code == 0, check.output

    again = cli("--library", library, "harvest", docx_path, "--baseline", md, "--write")
    assert again.exit_code == 0, again.output
    assert revision_files(library) == files
    assert "already proposed as 'care-funding-gap-revision-1'" in again.stderr


def test_write_places_lead_and_asks_and_keeps_figures_as_notes(cli, fixture_library, tmp_path):
    out = tmp_path / "briefing.docx"
    draft_word(cli, fixture_library, out, "briefing")
    doc = Document(str(out))
    care = sdt(doc, "care-funding-gap")
    replace_text(care, "matches demand", "keeps pace with demand")
    replace_text(care, "End reliance on council tax", "End the reliance on council tax")
    replace_text(care, "fixture figure B", "fixture figure C")
    doc.save(str(out))

    result = cli("--library", fixture_library, "harvest", out, "--write", "--by", "Sam Signer")
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(
        (fixture_library / "positions/care/care-funding-gap-revision-1.yaml").read_text()
    )
    assert data["lead"] == "Adult care needs long-term funding that keeps pace with demand."
    original = yaml.safe_load(
        (fixture_library / "positions/care/care-funding-gap.yaml").read_text()
    )
    assert [a if isinstance(a, str) else a["text"] for a in data["asks"]] == [
        original["asks"][0]["text"]
        if isinstance(original["asks"][0], dict)
        else original["asks"][0],
        "End the reliance on council tax for care.",
    ]
    assert data["asks"][0] == original["asks"][0]  # its timeframe kept
    assert data["evidence"] == original["evidence"]  # a figure needs a source: not changed...
    assert any(
        "fixture figure C" in n for n in data["revision_of"]["notes"]
    )  # ...but kept word for word
    assert data["revision_of"]["signed_off_by"] == "Sam Signer"
    assert cli("--library", fixture_library, "check").exit_code == 0


def test_write_needs_to_know_who_signed_it_off(cli, drafted):
    library, docx_path, md = drafted
    doc = Document(str(docx_path))
    replace_text(sdt(doc, "care-funding-gap"), "unable to plan", "unable to plan ahead")
    doc.save(str(docx_path))  # saved by a script: the properties still name the organisation
    result = cli("--library", library, "harvest", docx_path, "--write")
    assert result.exit_code == 1
    assert result.stderr.strip().endswith(
        "the document does not say who signed it off; give --by NAME"
    )
    assert not revision_files(library)
    bad = cli("--library", library, "harvest", docx_path, "--write", "--by", "S", "--on", "May")
    assert (bad.exit_code, bad.stderr.strip()) == (2, "--on: 'May' is not a date as YYYY-MM-DD")
    given = cli(
        "--library", library, "harvest", docx_path, "--write", "--by", "Sam Signer",
        "--on", "2026-11-25",
    )  # fmt: skip
    assert given.exit_code == 0, given.output
    # the summary names who signed it off, and when, as the revisions record it
    assert "signed off by Sam Signer on 2026-11-25" in given.stderr
    (written,) = revision_files(library)
    revision = yaml.safe_load(written.read_text(encoding="utf-8"))["revision_of"]
    assert (revision["signed_off_by"], str(revision["signed_off_on"])) == (
        "Sam Signer",
        "2026-11-25",
    )


def test_json_says_who_signed_it_off_and_when_as_given(cli, drafted):
    """A reviewer's probe: `--on` reached `--json` but `--by` did not, so the JSON said
    `"signed_off_by": ""` beside the date given with it."""
    library, docx_path, _ = drafted
    args = ("--by", "Sam Signer", "--on", "2026-11-25", "--json")
    result = cli("--library", library, "harvest", docx_path, *args)
    assert result.exit_code == 0, result.output
    got = json.loads(result.stdout)
    assert (got["signed_off_by"], got["signed_off_on"]) == ("Sam Signer", "2026-11-25")


@pytest.mark.parametrize(
    "template",
    ["consultation-response", "briefing", "position-statement", "offer-and-ask", "press-release"],
)
def test_every_template_reads_back_unchanged_even_unnamed(cli, fixture_library, tmp_path, template):
    """Without a clearance sheet naming the template, each is tried: none is mistaken for edits."""
    out = tmp_path / f"{template}.docx"
    draft_word(cli, fixture_library, out, template, "--no-clearance-sheet")
    report = harvest(out, load_positions_only(fixture_library))
    assert report.positions and all(p.state == "unchanged" for p in report.positions)


@pytest.mark.parametrize(
    "resave", [False, pytest.param(True, marks=needs_soffice)], ids=["python-docx", "libreoffice"]
)
def test_write_splits_a_paragraph_holding_lead_and_body(cli, fixture_library, tmp_path, resave):
    """The offer-and-ask template runs the lead into the body: each edit goes back to its field."""
    out = tmp_path / "offer.docx"
    draft_word(cli, fixture_library, out, "offer-and-ask")
    doc = Document(str(out))
    care = sdt(doc, "care-funding-gap")
    replace_text(care, "long-term funding", "secure long-term funding")
    replace_text(care, "unable to plan", "unable to plan ahead")
    doc.save(str(out))
    if resave:
        out = libreoffice_resave(out, tmp_path)
    result = cli("--library", fixture_library, "harvest", out, "--write", "--by", "Sam Signer")
    assert result.exit_code == 0, result.output
    path = fixture_library / "positions/care/care-funding-gap-revision-1.yaml"
    data = yaml.safe_load(path.read_text())
    assert data["lead"] == "Adult care needs secure long-term funding that matches demand."
    assert (
        data["body"]
        == "Short-term grants leave councils unable to plan ahead.\n\nFunding must follow need.\n"
    )


def test_two_harvests_at_once_write_each_revision_once(drafted):
    """Before: two `harvest --write` of one document at once wrote every revision twice (-1 and
    -2) in 10 of 12 rounds. Each of 8 rounds now ends with one file per edited position."""
    import threading

    from lga_draft.roundtrip.revision import propose_revisions

    library, docx_path, md = drafted
    edit_like_an_officer(docx_path)
    for _ in range(8):
        for f in revision_files(library):
            f.unlink()
        start = threading.Barrier(2)
        states: list[list[str]] = []

        def run(start: threading.Barrier = start, states: list[list[str]] = states) -> None:
            lib = load_positions_only(library)
            report = harvest(docx_path, lib, baseline=md)
            start.wait()
            proposals = propose_revisions(report, lib, by="Dana Director", on=None)
            states.append(sorted(p.state for p in proposals))

        threads = [threading.Thread(target=run) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert [f.name for f in revision_files(library)] == [
            "care-funding-gap-revision-1.yaml",
            "pooled-budgets-original-aims-revision-1.yaml",
        ]
        assert sorted(states) == [["exists", "written"], ["exists", "written"]] or sorted(
            states
        ) == [["exists", "exists"], ["written", "written"]]


def test_a_comments_part_elsewhere_is_never_fetched(cli, drafted):
    """A comments relationship with TargetMode="External" was an internal error (exit 70)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    library, docx_path, md = drafted
    document = Document(str(docx_path))
    for rel in [r for r in document.part.rels.values() if r.reltype == RT.COMMENTS]:
        document.part.drop_rel(rel.rId)
    document.part.relate_to("https://example.org/comments.xml", RT.COMMENTS, is_external=True)
    document.save(str(docx_path))
    report = harvest(docx_path, load_positions_only(library), baseline=md)
    assert [p.state for p in report.positions] == ["unchanged"] * 3
    assert not report.has_comments_part
    result = cli("--library", library, "harvest", docx_path, "--baseline", md)
    assert result.exit_code == 0, result.output


def test_cli_marks_the_word_diff_when_colour_is_off(cli, drafted, monkeypatch):
    """Issue 16, item 16: without colour (a pipe, NO_COLOR) the diff shows git's word-diff markers."""
    library, docx_path, md = drafted
    doc = Document(str(docx_path))
    replace_text(sdt(doc, "care-funding-gap"), "unable to plan", "unable to budget")
    doc.save(str(docx_path))
    plain = cli("--library", library, "harvest", docx_path, "--baseline", md)
    assert plain.exit_code == 0, plain.output
    assert "unable to [-plan-]{+budget+}" in plain.stdout
    assert "\x1b[" not in plain.stdout
    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = cli("--library", library, "harvest", docx_path, "--baseline", md)
    assert "\x1b[" in coloured.stdout
    assert "[-plan-]" not in coloured.stdout and "budget" in coloured.stdout


def test_written_revisions_pass_fmt_check(cli, fixture_library, tmp_path):
    """Issue 16, item 15: the revisions harvest writes are in fmt's layout, so the pre-commit hook
    `init` installs lets them be committed."""
    assert cli("--library", fixture_library, "fmt", "--check").exit_code == 0
    out = tmp_path / "briefing.docx"
    draft_word(cli, fixture_library, out, "briefing")
    doc = Document(str(out))
    care = sdt(doc, "care-funding-gap")
    replace_text(care, "matches demand", "keeps pace with demand, " + "and more " * 12)
    replace_text(care, "End reliance on council tax", "End the reliance on council tax")
    doc.save(str(out))
    result = cli("--library", fixture_library, "harvest", out, "--write", "--by", "Sam Signer")
    assert result.exit_code == 0, result.output
    written = fixture_library / "positions/care/care-funding-gap-revision-1.yaml"
    assert written.exists()
    check = cli("--library", fixture_library, "fmt", "--check")
    assert check.exit_code == 0, check.output
    assert cli("--library", fixture_library, "check").exit_code == 0


@pytest.fixture
def key_messages(cli, fixture_library, tmp_path):
    """A draft whose key messages are one position the body sets out (prevention-first, printed
    as its title and where) and one it does not (care-funding-gap, printed as title and lead)."""
    consultation = fixture_library / "consultation.yaml"
    data = yaml.safe_load(consultation.read_text(encoding="utf-8"))
    data["questions"] = [q for q in data["questions"] if q["number"] == "3"]
    data["key_messages"] = {"positions": ["care-funding-gap", "prevention-first"]}
    consultation.write_text(yaml.safe_dump(data), encoding="utf-8")
    out, md = tmp_path / "draft.docx", tmp_path / "draft.md"
    args = ("--library", fixture_library, "draft", consultation, "--today", TODAY)
    assert cli(*args, "--format", "docx", "-o", out).exit_code == 0
    md.write_text(cli(*args).stdout, encoding="utf-8")
    return fixture_library, out, md


def _key_message_paragraphs(path: Path) -> list[str]:
    doc = Document(str(path))
    after = [p for p in doc.paragraphs if p.style.name.startswith("List")]
    return [p.text for p in after if p.text.startswith(("Close the care", "Put prevention"))]


def _edit_key_message(path: Path, old: str, new: str) -> None:
    doc = Document(str(path))
    para = next(
        p
        for p in doc.paragraphs
        if p.style.name.startswith("List") and p.text.startswith("Close the care funding gap.")
    )
    replace_text(para._p, old, new)
    doc.save(str(path))


def test_a_key_message_the_body_sets_out_is_its_title_and_where(key_messages):
    """Issue 14: no sentence twice in a draft. The body opens with each position's lead, so a key
    message it sets out points there; one only a key message keeps its lead."""
    _, docx_path, md = key_messages
    text = md.read_text(encoding="utf-8")
    assert "- **Put prevention first** (see our answer to question 3)." in text
    assert text.count("Preventing ill health costs less than treating it.") == 1
    assert "- **Close the care funding gap.** Adult care needs long-term funding" in text
    assert _key_message_paragraphs(docx_path) == [
        "Close the care funding gap. Adult care needs long-term funding that matches demand.",
        "Put prevention first (see our answer to question 3).",
    ]


@pytest.mark.parametrize("with_baseline", [True, False])
def test_an_edited_key_message_belongs_to_its_position(cli, key_messages, with_baseline):
    """Issue 16, item 14: a key message is a position's lead; its edit is that position's, not
    text outside the positions, and --write proposes the new lead. A key message pointing to the
    answer that sets its position out is neither an edit nor text outside the positions."""
    library, docx_path, md = key_messages
    _edit_key_message(docx_path, "matches demand", "keeps pace with demand")
    baseline = ["--baseline", md] if with_baseline else []
    result = cli("--library", library, "harvest", docx_path, *baseline, "--json")
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(result.stdout)
    care = next(p for p in data["positions"] if p["id"] == "care-funding-gap")
    assert care["state"] == "edited"
    assert [(c["op"], c["field"]) for c in care["changes"]] == [("changed", "key message")]
    prevention = next(p for p in data["positions"] if p["id"] == "prevention-first")
    assert prevention["state"] == "unchanged"
    assert data["outside"] == []
    assert not any("keeps pace" in t or "see our answer" in t for t in data["unattributed"])
    written = cli("--library", library, "harvest", docx_path, *baseline, "--write", "--by", "Sam")
    assert written.exit_code == 0, written.output
    revision = yaml.safe_load(
        (library / "positions/care/care-funding-gap-revision-1.yaml").read_text()
    )
    assert revision["lead"] == "Adult care needs long-term funding that keeps pace with demand."
    assert "Short-term grants leave councils unable to plan." in revision["body"]
    assert not (library / "positions/health/prevention-first-revision-1.yaml").exists()


def _drafted_twice(cli, tmp_path, pos: dict, texts: list[str]):
    """A library of one position, a consultation whose questions (`texts`) all name it, and its
    draft in Word and in Markdown: the library, the .docx and the .md."""
    from conftest import build_tree, make_library

    library = make_library(tmp_path / "lib", {f"positions/{pos['id']}.yaml": pos})
    questions = [
        {"number": n, "text": text, "positions": [pos["id"]]} for n, text in enumerate(texts, 1)
    ]
    consultation = build_tree(
        tmp_path, {"c.yaml": {"title": "T", "issued_by": "D", "questions": questions}}
    )
    args = ("--library", library, "draft", consultation / "c.yaml", "--today", TODAY)
    docx_path, md = tmp_path / "d.docx", tmp_path / "d.md"
    assert cli(*args, "-o", docx_path).exit_code == 0
    md.write_text(cli(*args).stdout, encoding="utf-8")
    return library, docx_path, md


@pytest.fixture
def lent(cli, tmp_path):
    """A position two answers use, set out under question 2 with a paragraph lent to question 1:
    its library, the draft in Word and in Markdown."""
    from conftest import position

    funding = position(
        id="funding",
        title="Fund care properly",
        lead="Councils need long-term funding for adult care that matches demand.",
        body=(
            "Short-term grants leave councils unable to plan care funding.\n\n"
            "The care funding gap is five billion pounds, and it grows every year reform waits."
        ),
    )
    texts = [
        "How large is the care funding gap, and how fast does it grow?",
        "How should short-term care grants be reformed so councils plan?",
    ]
    library, docx_path, md = _drafted_twice(cli, tmp_path, funding, texts)
    assert md.read_text(encoding="utf-8").count('data-id="funding"') == 2  # lent to question 1
    return library, docx_path, md


@pytest.mark.parametrize(
    "resave", [False, pytest.param(True, marks=needs_soffice)], ids=["python-docx", "libreoffice"]
)
def test_a_position_lent_to_two_answers_reads_back_as_one_unchanged(lent, tmp_path, resave):
    library, docx_path, md = lent
    if resave:
        docx_path = libreoffice_resave(docx_path, tmp_path)
    for baseline in (md, None):
        report = harvest(docx_path, load_positions_only(library), baseline=baseline)
        assert [(p.id, p.state) for p in report.positions] == [("funding", "unchanged")]
        assert not report.positions[0].library_changed
        assert not report.removed and not report.outside and not report.unattributed


def test_an_edit_to_a_lent_paragraph_is_a_change_and_the_revision_keeps_the_librarys_order(
    cli, lent
):
    library, docx_path, md = lent
    doc = Document(str(docx_path))
    replace_text(doc.element.body, "five billion", "six billion")
    doc.save(str(docx_path))
    for baseline in (md, None):
        report = harvest(docx_path, load_positions_only(library), baseline=baseline)
        (funding,) = report.positions
        assert funding.state == "edited" and not funding.library_changed
        assert [(c.op, c.role) for c in funding.changes] == [("changed", "body")]
    result = cli(
        "--library", library, "harvest", docx_path, "--baseline", md, "--write", "--by", "R"
    )
    assert result.exit_code == 0, result.output
    (written,) = revision_files(library)
    body = yaml.safe_load(written.read_text(encoding="utf-8"))["body"]
    assert body.split("\n\n") == [
        "Short-term grants leave councils unable to plan care funding.",
        "The care funding gap is six billion pounds, and it grows every year reform waits.\n",
    ]


def test_a_case_study_lent_to_another_answer_reads_back_unchanged(cli, tmp_path):
    """A position set out under one question with only its case study under another ("What has
    worked?"): two content controls, one position, nothing edited."""
    from conftest import position

    shift = position(
        id="shift",
        title="Move money into communities",
        lead="Shifting care into communities needs the money to follow it.",
        body="Too much of the budget still goes on hospital beds rather than community care.",
        case_studies=[
            {
                "council": "Exampleton Council",
                "title": "Home from hospital with housing support",
                "summary": "Housing officers on the wards got people home sooner, and it worked.",
                "source": "doc",
            }
        ],
    )
    texts = [
        "Where does the money for community care and hospital beds go?",
        "What has worked to get people home from hospital sooner?",
    ]
    library, docx_path, md = _drafted_twice(cli, tmp_path, shift, texts)
    assert md.read_text(encoding="utf-8").count('data-id="shift"') == 2
    for baseline in (md, None):
        report = harvest(docx_path, load_positions_only(library), baseline=baseline)
        assert [(p.id, p.state) for p in report.positions] == [("shift", "unchanged")]
        assert not report.removed and not report.outside and not report.unattributed


def test_a_position_cut_to_its_answers_length_is_not_a_change_in_the_library(cli, tmp_path):
    """An answer whose words carry only part of a position, compared with the draft as sent: the
    library has not changed, so harvest says nothing of it, and --write proposes the edit."""
    from conftest import build_tree, make_library, position

    funding = position(
        id="funding",
        title="Fund care properly",
        lead="Councils need long-term funding for adult care that matches demand.",
        body=(
            "Short-term grants leave councils unable to plan care funding for the years ahead.\n\n"
            "The care funding gap is five billion pounds, and it grows every year reform waits.\n\n"
            "Shortages of care staff make every one of these pressures worse for the residents."
        ),
    )
    library = make_library(tmp_path / "lib", {"positions/funding.yaml": funding})
    question = {"number": 1, "text": "How large is the care funding gap?", "words": 35}
    consultation = build_tree(
        tmp_path,
        {
            "c.yaml": {
                "title": "T",
                "issued_by": "D",
                "questions": [question | {"positions": ["funding"]}],
            }
        },
    )
    args = ("--library", library, "draft", consultation / "c.yaml", "--today", TODAY)
    docx_path, md = tmp_path / "d.docx", tmp_path / "d.md"
    assert cli(*args, "-o", docx_path).exit_code == 0
    md.write_text(cli(*args).stdout, encoding="utf-8")
    assert "Shortages of care staff" not in md.read_text(encoding="utf-8")  # cut for length
    report = harvest(docx_path, load_positions_only(library), baseline=md)
    assert [(p.id, p.state) for p in report.positions] == [("funding", "unchanged")]
    assert not report.positions[0].library_changed
    # a sentence the answer carried, changed in the library since: that is still reported
    file = library / "positions" / "funding.yaml"
    sent = file.read_text(encoding="utf-8")
    file.write_text(sent.replace("five billion", "four billion"), encoding="utf-8")
    assert (
        harvest(docx_path, load_positions_only(library), baseline=md).positions[0].library_changed
    )
    file.write_text(sent, encoding="utf-8")

    doc = Document(str(docx_path))
    replace_text(doc.element.body, "five billion", "six billion")
    doc.save(str(docx_path))
    result = cli(
        "--library", library, "harvest", docx_path, "--baseline", md, "--write", "--by", "R"
    )
    assert result.exit_code == 0, result.output
    assert "has changed" not in result.output
    (written,) = revision_files(library)
    assert "six billion" in yaml.safe_load(written.read_text(encoding="utf-8"))["body"]
