"""What the signing director sees in a Word draft, read back from the .docx: nothing stranded at
the foot of a page, staleness marked where the reader looks, light footnotes, the draft's own
metadata and typography."""

from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest
import yaml
from conftest import ROOT
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt
from lxml import etree

from lga_draft.word.document import Clearance, ClearanceRow, DocMeta, render_docx

META = DocMeta(
    title="Change NHS: response",
    subject="Consultation response",
    author="Local Government Association",
    keywords=("public-health",),
    library_version="3f2a9c1b0d4e",
    version="0.3",
    date="22 November 2026",
)


def render(markdown: str, **kw) -> docx.document.Document:
    return docx.Document(io.BytesIO(render_docx(markdown, META, **kw)))


def text(el) -> str:
    return "".join(t.text or "" for t in el.iter(qn("w:t")))


def flow(doc) -> list:
    """Every body paragraph outside tables, content controls included, in order."""
    return [
        p
        for p in doc.element.body.iter(qn("w:p"))
        if not any(a.tag == qn("w:tbl") for a in p.iterancestors())
    ]


def keeps_with_next(doc, p) -> bool:
    """Direct keepNext, or through the paragraph's style (and the styles it is based on)."""
    if p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None:
        return True
    style_id = p.pPr.style if p.pPr is not None and p.pPr.style else None
    style = doc.styles.element.get_by_id(style_id) if style_id else None
    while style is not None:
        if style.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None:
            return True
        based = style.basedOn_val
        style = doc.styles.element.get_by_id(based) if based else None
    return False


POSITION = """\
## Public health

::: {{.position data-id="p" data-version="v" data-title="T" data-owner="o" data-reviewed="2024-12-02"}}

{lead}[^p]

The body of the position, which follows its lead.

We ask the Government to:

- do one thing

:::

[^p]: Change NHS submission (December 2024): question 4.
"""


# ----------------------------------------------------------------------------- keep with next


def test_a_heading_keeps_with_the_first_text_of_the_position_after_it():
    doc = render(POSITION.format(lead="**Restore the grant.**"))
    paragraphs = flow(doc)
    heading = next(n for n, p in enumerate(paragraphs) if text(p) == "Public health")
    # everything from the heading to the first paragraph with text after the lead keeps with next:
    # the heading, the position's (empty, hidden) first paragraph and the bold lead
    chain = paragraphs[heading : heading + 3]
    assert [text(p) for p in chain] == ["Public health", "", "Restore the grant."]
    assert all(keeps_with_next(doc, p) for p in chain)
    body = paragraphs[heading + 3]
    assert text(body).startswith("The body") and not keeps_with_next(doc, body)


def test_a_run_in_lead_is_not_kept_with_next_but_a_list_introduction_is():
    doc = render(POSITION.format(lead="**Restore the grant** \u2013 and more text."))
    by_text = {text(p): p for p in flow(doc)}
    assert not keeps_with_next(doc, by_text["Restore the grant \u2013 and more text."])
    assert keeps_with_next(doc, by_text["We ask the Government to:"])


def test_bullets_from_one_position_after_another_read_as_one_list():
    """A press release's "It also says:" gives one bullet from each position: each stood a
    paragraph's space from the next, the asks list below them close together."""
    div = (
        '::: {{.position data-id="{0}" data-version="v" data-title="T"}}\n\n- point {0}\n\n:::\n\n'
    )
    doc = render("It also says:\n\n" + div.format("a") + div.format("b") + "After.\n")
    by_text = {text(p): p for p in flow(doc)}
    spaced = [by_text[f"point {n}"].pPr.spacing_after for n in ("a", "b")]
    assert spaced == [0, Pt(8)]  # as between items of one list, then a paragraph's at the end


def test_text_after_a_table_is_spaced_from_it_and_a_heading_keeps_its_own_space():
    """Word puts no space after a table; "About us" under a response's cover table had less
    space above it than every other heading, the paragraph's 8 pt for a heading's 18 pt."""
    table = "| | |\n|---|---|\n| **Issued by** | DHSC |\n\n"
    doc = render(f"# Title\n\n{table}## About us\n\nText.\n\n{table}After the table.\n")
    by_text = {text(p): p for p in flow(doc)}
    heading = doc.styles.element.get_by_id(by_text["About us"].pPr.style)
    assert by_text["About us"].pPr.spacing_before is None  # its style's, then
    assert heading.pPr.spacing_before > Pt(8)
    assert by_text["After the table."].pPr.spacing_before == Pt(8)


def test_a_spokesperson_line_keeps_with_the_quotation_it_introduces():
    doc = render("Cllr A, Chair, said:\n\n> \u201cWords.\u201d\n\nAfter.\n")
    by_text = {text(p): p for p in flow(doc)}
    assert keeps_with_next(doc, by_text["Cllr A, Chair, said:"])


def test_a_quoted_question_keeps_with_its_answer():
    doc = render("## Question 1\n\n> What should the plan include?\n\nOur answer.\n")
    by_text = {text(p): p for p in flow(doc)}
    assert keeps_with_next(doc, by_text["What should the plan include?"])
    assert not keeps_with_next(doc, by_text["Our answer."])


def test_headings_keep_with_next_in_a_reference_document_whose_heading_styles_do_not(tmp_path):
    """An organisation's headings may be defined without keep-with-next: a question's heading
    then stood alone at a page's foot, its quoted question and answer on the next page."""
    ref = docx.Document()
    for level in (1, 2, 3):
        for keep in ref.styles[f"Heading {level}"].element.iter(qn("w:keepNext")):
            keep.getparent().remove(keep)
    path = tmp_path / "house.docx"
    ref.save(str(path))
    markdown = (
        "# Title\n\n## Our response\n\n### Question 1\n\n> What should the plan include?\n\n"
        "**Our lead.**[^p]\n\nOur answer.\n\n[^p]: A source.\n"
    )
    doc = render(markdown, reference_doc=path)
    by_text = {text(p): p for p in flow(doc)}
    chain = ["Our response", "Question 1", "What should the plan include?", "Our lead."]
    assert [keeps_with_next(doc, by_text[t]) for t in chain] == [True] * 4
    assert not keeps_with_next(doc, by_text["Our answer."])


def test_an_answer_ending_in_a_placeholder_does_not_keep_with_the_next_question():
    """An officer's reading: "Question 3" stood alone at the foot of a page, as each unanswered
    question's bold placeholder kept with the next question's heading, chaining five together."""
    placeholder = "::: {.placeholder}\n**[No standing position: draft this answer]**\n:::\n\n"
    markdown = "".join(f"### Question {n}\n\n> Question {n}?\n\n{placeholder}" for n in (1, 2))
    doc = render(markdown + "### Question 3\n\n> Question 3?\n\nOur answer.\n")
    paragraphs = flow(doc)
    held = [n for n, p in enumerate(paragraphs) if text(p).startswith("[No standing position")]
    assert len(held) == 2
    for n in held:
        assert text(paragraphs[n + 1]).startswith("Question")  # the next question's heading
        assert not keeps_with_next(doc, paragraphs[n])
    # the question still keeps with its placeholder
    asked = next(p for p in paragraphs if text(p) == "Question 1?")
    assert keeps_with_next(doc, asked)


def test_a_paragraph_introducing_a_table_keeps_with_it_before_a_heading():
    """The table, not the heading after it, is what the paragraph introduces."""
    table = "| Year | Share |\n|---|---|\n| 2019 | 80 per cent |\n\n"
    doc = render(f"### Figures\n\nThe figures are:\n\n{table}### Next\n\nMore.\n")
    introduces = next(p for p in flow(doc) if text(p) == "The figures are:")
    assert keeps_with_next(doc, introduces)


def test_the_sign_off_block_stays_together():
    doc = render("Body.", clearance=Clearance("me", "22 November 2026", (), ()))
    paragraphs = flow(doc)
    start = next(n for n, p in enumerate(paragraphs) if text(p) == "Sign-off")
    block = paragraphs[start : start + 3]
    assert [text(p).split(":")[0] for p in block] == ["Sign-off", "Cleared by", "Date"]
    assert all(keeps_with_next(doc, p) for p in block[:-1])
    # under the points to check, before the table of positions: never alone on a last page
    after = [text(p) for p in paragraphs[start + 3 :]]
    assert after[0] == "Positions used" and "To check before sign-off" not in after


# ----------------------------------------------------------------------------- typography


def test_clearance_sheet_has_curly_apostrophes_like_the_body():
    row = ClearanceRow(
        "sos-direction",
        "Clarify the Secretary of State's power",
        "public-health",
        "2021-02-01",
        "2023-02-01",
        "Approved",
    )
    clearance = Clearance("me", "22 November 2026", (row,), ("the council's point",))
    doc = render("The council's view.", clearance=clearance)
    texts = [text(p) for p in doc.element.body.iter(qn("w:p"))]
    assert "The council\u2019s view." in texts
    assert "Clarify the Secretary of State\u2019s power" in texts
    assert "The council\u2019s point." in texts or "the council\u2019s point" in texts
    assert not any("'" in t for t in texts)
    assert "sos-direction" in texts  # the id as the library has it: a harvest reads it back


def test_ranges_of_numbers_take_an_en_dash_and_dates_keep_their_hyphens():
    doc = render("Between £31-33 billion a year in 2024-25, as of 2024-12-02 and 2019-01.")
    assert text(doc.element.body) == (
        "Between £31\u201333 billion a year in 2024\u201325, as of 2024-12-02 and 2019-01."
    )


# ----------------------------------------------------------------------------- the package


def test_app_properties_are_the_drafts_own_with_no_made_up_counts():
    with zipfile.ZipFile(io.BytesIO(render_docx("Some words here.", META))) as z:
        app = etree.fromstring(z.read("docProps/app.xml"))
    ns = {"ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"}
    assert app.findtext("ep:Application", namespaces=ns) == "lga-draft"
    assert app.findtext("ep:Company", namespaces=ns) == "Local Government Association"
    for count in ("Pages", "Words", "Characters", "Lines", "Paragraphs", "TotalTime"):
        assert app.find(f"ep:{count}", ns) is None, count
    assert "Microsoft" not in etree.tostring(app).decode()


def test_header_and_footer_tab_stops_sit_at_the_a4_text_width():
    doc = render("x")
    section = doc.sections[0]
    width = Emu(section.page_width - section.left_margin - section.right_margin).twips
    assert abs(width - Cm(16).twips) <= 1  # A4 (21 cm) less two 2.5 cm margins
    for name in ("Header", "Footer"):
        stops = [
            (t.alignment, t.position.twips) for t in doc.styles[name].paragraph_format.tab_stops
        ]
        assert stops == [(WD_TAB_ALIGNMENT.CENTER, width // 2), (WD_TAB_ALIGNMENT.RIGHT, width)]


def test_every_list_definition_has_its_own_nsid():
    doc = render("- a\n- b\n\n1. one\n2. two\n")
    abstract = doc.part.numbering_part.element.findall(qn("w:abstractNum"))
    ours = [a for a in abstract if a.find(qn("w:nsid")) is not None]
    assert len(ours) == len(abstract) >= 2
    nsids = [a.find(qn("w:nsid")).get(qn("w:val")) for a in ours]
    assert all(len(n) == 8 and int(n, 16) >= 0 for n in nsids) and len(set(nsids)) == len(nsids)
    # and the nsid is the definition's first child, where the schema puts it
    assert all(a[0].tag == qn("w:nsid") for a in ours)


def test_a_reference_doc_without_table_normal_gets_a_table_style_based_on_what_it_has(tmp_path):
    ref = docx.Document()
    styles = ref.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:type")) == "table":
            styles.remove(style)
    path = tmp_path / "no-table-normal.docx"
    ref.save(path)
    doc = render("| a | b |\n|---|---|\n| 1 | 2 |\n", reference_doc=path)
    ids = {s.get(qn("w:styleId")) for s in doc.styles.element.findall(qn("w:style"))}
    table = doc.styles.element.get_by_id("DraftTable")
    based_on = table.find(qn("w:basedOn"))
    assert based_on is None or based_on.get(qn("w:val")) in ids
    # with Word's own default table style it is based on that, as before
    house = render("| a |\n|---|\n| 1 |\n").styles.element.get_by_id("DraftTable")
    assert house.find(qn("w:basedOn")).get(qn("w:val")) == "TableNormal"


# ----------------------------------------------------------------------------- from the examples

TODAY = "2026-11-22"


@pytest.fixture(scope="module")
def examples(tmp_path_factory):
    """Three examples drafted to Word once: (document, drafting report on standard error)."""
    from typer.testing import CliRunner

    from lga_draft.cli import app

    out = tmp_path_factory.mktemp("signoff")
    runner, drafted = CliRunner(), {}
    for name in ("change-nhs", "integrated-care-systems", "nhs-plan-press-release"):
        path = out / f"{name}.docx"
        args = ["--library", str(ROOT), "draft", str(ROOT / "examples" / f"{name}.yaml")]
        result = runner.invoke(
            app, [*args, "--format", "docx", "-o", str(path), "--today", TODAY, "--verbose"]
        )
        assert result.exit_code == 0, result.output
        drafted[name] = (docx.Document(str(path)), result.stderr)
    return drafted


def clearance_text(doc) -> list[str]:
    paragraphs = [text(p) for p in doc.element.body.iter(qn("w:p"))]
    return paragraphs[paragraphs.index("Clearance sheet") :]


def comments(doc) -> list[str]:
    return [c.text for c in doc.comments]


def test_subject_says_what_the_document_is(examples):
    consultation = yaml.safe_load((ROOT / "examples" / "change-nhs.yaml").read_text("utf-8"))
    assert examples["change-nhs"][0].core_properties.subject == (
        f"Response to {consultation['issued_by']}"
    )
    assert examples["nhs-plan-press-release"][0].core_properties.subject == "Press release"
    ics = examples["integrated-care-systems"][0].core_properties.subject
    assert ics == "Position statement"


def test_a_position_past_its_review_date_has_a_margin_note_naming_its_owner(examples):
    doc, report = examples["integrated-care-systems"]
    overdue = re.findall(r"position '([^']+)' was due for review by (\S+) \(owner: (\S+)\)", report)
    assert overdue  # the bundled white-paper positions were due for review in 2023
    notes = [c for c in comments(doc) if c.startswith("Check before sign-off")]
    assert len(notes) == len({pid for pid, _, _ in overdue} | _old_figure_ids(report))
    teams = yaml.safe_load((ROOT / "library.yaml").read_text("utf-8"))["teams"]
    for _pid, _due, owner in overdue:
        assert any(teams[owner] in n and "was due for review by" in n for n in notes)
    # the note sits on the position it is about, beside its provenance note
    by_range = {}
    for c in doc.element.body.iter(qn("w:commentRangeStart")):
        anchor = c.getnext()
        while anchor.tag == qn("w:commentRangeStart"):
            anchor = anchor.getnext()
        by_range.setdefault(anchor, []).append(c.get(qn("w:id")))
    texts = {c.comment_id: c.text for c in doc.comments}
    pid, due, _ = overdue[0]
    pair = next(
        ids for ids in by_range.values() if texts[int(ids[0])].startswith(f"Position {pid} ")
    )
    assert len(pair) == 2 and "1 February 2023" in texts[int(pair[1])]


def test_a_position_given_only_as_a_key_message_has_its_check_in_the_margin_too():
    """The clearance sheet says overdue positions are marked in the margin; one the draft gives
    only as a key message (no content control) had no margin note at all."""
    markdown = (
        "## Key messages\n\n- **Subsidiarity.** Decide locally.[^kept]\n"
        "- **Restore the grant** (see our answer to question 1).\n\n"
        + POSITION.format(lead="**Restore the grant.**").replace('data-id="p"', 'data-id="set"')
        + "[^kept]: Re-thinking local, 2020.\n"
    )
    checks = {"kept": "Check before sign-off: kept was due.", "set": "Check before sign-off: set."}
    doc = render(markdown, checks=checks)
    texts = {c.comment_id: c.text for c in doc.comments}
    assert sorted(t for t in texts.values() if t.startswith("Check")) == sorted(checks.values())
    noted = {
        text(p): [texts[int(c.get(qn("w:id")))] for c in p.iter(qn("w:commentRangeStart"))]
        for p in flow(doc)
    }
    assert noted["Subsidiarity. Decide locally."] == [checks["kept"]]
    assert noted["Restore the grant."][-1] == checks["set"]  # after its provenance note


def test_a_margin_note_quotes_a_figure_as_the_text_it_is_beside_prints_it():
    """The body prints "£31–33 billion" with an en dash; its margin note said "£31-33"."""
    note = "Check before sign-off: the figures £31-33 billion (2010) are old. Ask the owner's team."
    doc = render(POSITION.format(lead="**Restore the grant.**"), checks={"p": note})
    checks = [c.text for c in doc.comments if c.text.startswith("Check")]
    assert checks == [
        "Check before sign-off: the figures £31\u201333 billion (2010) are old. "
        "Ask the owner\u2019s team."
    ]


def _old_figure_ids(report: str) -> set[str]:
    return set(re.findall(r"figure '[^']+' in '([^']+)' is as of", report))


def test_the_clearance_sheet_says_overdue_in_plain_words_with_the_title(examples):
    doc, report = examples["integrated-care-systems"]
    overdue = set(re.findall(r"position '([^']+)' was due for review", report))
    table = doc.tables[-1]
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    for pid, title, _owner, _reviewed, _by, status in rows:
        assert title  # the position's title beside its id
        assert ("Overdue for review" in status) == (pid in overdue), pid
        if pid not in overdue and pid not in _old_figure_ids(report):
            assert status == "Approved"


def test_warnings_on_the_clearance_sheet_are_sentences_for_a_person(examples):
    doc, report = examples["integrated-care-systems"]
    sheet = clearance_text(doc)
    points = sheet[sheet.index("To check before sign-off") + 1 : sheet.index("Sign-off")]
    assert points and len(points) < report.count("warning:")  # grouped, not one a log line
    for point in points:
        assert (point[0].isupper() or point[0] in "0123456789\u201c") and point.endswith("."), point
        assert "position '" not in point and "(owner:" not in point
    assert any("positions are past their review date" in p for p in points)
    assert any("more than 36 months old" in p and "\u201c" in p for p in points)


def test_a_draft_dated_after_the_consultation_closed_says_so(examples):
    doc, report = examples["change-nhs"]
    assert "after the consultation closed on 2024-12-02" in report
    assert any("after the consultation closed on 2 December 2024" in p for p in clearance_text(doc))
    ics_doc, ics_report = examples["integrated-care-systems"]  # no closing date: no such warning
    assert "consultation closed" not in ics_report
    assert not any("consultation closed" in p for p in clearance_text(ics_doc))


def test_an_old_figure_on_the_clearance_sheet_has_the_period_the_draft_prints():
    """An officer's reading: the answer gave "63 per cent (2022/23)" and the clearance sheet asked
    about "63 per cent (2023)", as if two figures; the sheet now names the period too."""
    import datetime as dt

    from lga_draft.drafting.staleness import OldFigure, Staleness
    from lga_draft.word.signoff import margin_note, points_to_check

    figures = (OldFigure("63 per cent", "2023", "2022/23"), OldFigure("£2 billion", "2019-01"))
    item = Staleness(
        "p", "Care funding", "team", "The team", dt.date(2030, 1, 1), overdue=False,
        draft=False, old_figures=figures, figure_age_months=36,
    )  # fmt: skip
    (point,) = points_to_check([item], [], closes=None, today=dt.date(2026, 12, 7))
    assert "63 per cent (2022/23, as of 2023)" in point
    assert "£2 billion (January 2019)" in point
    assert "63 per cent (2022/23, as of 2023)" in margin_note(item)


def test_the_same_point_about_several_questions_is_one_line_of_the_clearance_sheet(cli, tmp_path):
    """An officer's reading of an online form's draft: the clearance sheet listed "Question 2: no
    position answers it." and the same for questions 3 and 4, line after line."""
    questions = [
        {"number": n, "text": f"Do you agree with proposal {n} on parking permits?"}
        for n in (1, 2, 3)
    ]
    for q in questions[1:]:
        q["options"] = ["Agree", "Disagree"]
    path = tmp_path / "c.yaml"
    path.write_text(yaml.safe_dump({"title": "T", "issued_by": "D", "questions": questions}))
    out = tmp_path / "d.docx"
    result = cli("draft", str(path), "-o", str(out), "--today", "2026-01-01")
    assert result.exit_code == 0, result.output
    sheet = [p.text for p in docx.Document(str(out)).paragraphs]
    sheet = sheet[sheet.index("Clearance sheet") :]
    assert "Questions 1, 2 and 3: no position answers them." in sheet
    assert "Questions 2 and 3: no view chosen of Agree / Disagree." in sheet
    assert not [p for p in sheet if re.match(r"Question \d: no (position|view)", p)]


def test_a_point_said_of_one_question_is_not_made_about_several():
    """Grouped, "no position is set out in its answer" read "Questions 2 and 3: no position is set
    out in its answer", one answer for two questions: such a point stays a line for each."""
    import datetime as dt

    from lga_draft.word.signoff import points_to_check

    placeholder = "no position is set out in its answer: [No standing position: draft this answer]"
    warnings = [
        "question 1: no position answers it",
        f"question 2: {placeholder}",
        "question 3: no position answers it",
        f"question 4: {placeholder}",
    ]
    points = points_to_check([], warnings, closes=None, today=dt.date(2026, 1, 1))
    assert points == [
        "Questions 1 and 3: no position answers them.",
        f"Question 2: {placeholder}.",
        f"Question 4: {placeholder}.",
    ]
