"""A consultation's own sections ("Empowering local leaders", "Chapter 2: Workforce"): read by
`new` from the headings between its questions, kept as `section:` in the consultation file, and
printed once above the first question under each in the draft, as officers mirror them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from conftest import FIXTURES
from docx import Document

from lga_draft.drafting.consultation import load_consultation
from lga_draft.questions.importer import read_questions

LIB = str(FIXTURES / "library")

TEXT = """Reforming adult care: call for evidence

Department of Examples

Questions

Empowering local leaders

Councils know their places best.

1. Should pooled budgets return to their original aims and fund integration?

2. How should adult care be funded?

National targets and accountability

3. How should prevention of ill health be put first?

About you

4. Are you responding on behalf of an organisation?
"""


def _sections(path: Path) -> list[tuple[str, str | None]]:
    return [(q.number, q.section) for q in read_questions(path).questions]


def test_a_text_files_headings_between_its_questions_are_their_sections(tmp_path):
    path = tmp_path / "call.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert _sections(path) == [
        ("1", "Empowering local leaders"),
        ("2", "Empowering local leaders"),
        ("3", "National targets and accountability"),
    ]


def test_a_word_documents_heading_styles_are_its_sections(tmp_path):
    doc = Document()
    doc.add_heading("Consultation on care", level=0)
    doc.add_heading("Consultation questions", level=1)
    doc.add_heading("Chapter 1: Funding (questions 1 to 2)", level=2)
    doc.add_paragraph("1. How should adult care be funded?")
    doc.add_paragraph("2. Should pooled budgets return to their original aims?")
    doc.add_heading("Chapter 2: Workforce", level=2)
    doc.add_paragraph("Some background on the workforce.")
    doc.add_paragraph("3. How should care workers be paid?")
    doc.add_heading("About you", level=2)
    doc.add_paragraph("4. What is your name?")
    path = tmp_path / "questions.docx"
    doc.save(str(path))
    assert _sections(path) == [
        ("1", "Chapter 1: Funding"),  # less "(questions 1 to 2)": which questions, not its name
        ("2", "Chapter 1: Funding"),
        ("3", "Chapter 2: Workforce"),
    ]


def test_one_heading_over_every_question_is_no_section(tmp_path):
    path = tmp_path / "call.md"
    path.write_text(
        "# Call for evidence\n\n## Adult care\n\n1. How should care be funded?\n\n"
        "2. Who should pay?\n",
        encoding="utf-8",
    )
    assert _sections(path) == [("1", None), ("2", None)]


def test_new_writes_each_questions_section_and_the_file_reads_back(cli, tmp_path):
    path = tmp_path / "call.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = cli("--library", LIB, "new", "--questions", path, "--today", "2026-01-01")
    assert result.exit_code == 0, result.output
    written = tmp_path / "call.yaml"
    data = yaml.safe_load(written.read_text(encoding="utf-8"))
    assert [q.get("section") for q in data["questions"]] == [
        "Empowering local leaders",
        "Empowering local leaders",
        "National targets and accountability",
    ]
    # the heading is said by `section:`, not again as the text before the question
    assert "Before this question: National targets" not in written.read_text(encoding="utf-8")
    consultation, _ = load_consultation(written)
    assert consultation.questions[2].section == "National targets and accountability"


def test_the_consultation_schema_has_the_section_field(cli):
    result = cli("schema", "consultation")
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    question = schema["$defs"]["Question"]["properties"]
    assert "section" in question


def _sectioned(tmp_path: Path) -> Path:
    data = yaml.safe_load((FIXTURES / "consultation.yaml").read_text(encoding="utf-8"))
    data["questions"][0]["section"] = "Funding care"
    data["questions"][1]["section"] = "Funding care"
    data["questions"][2]["section"] = "Prevention"
    path = tmp_path / "sectioned.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def draft(cli, *args):
    return cli("--library", LIB, "draft", *args, "--today", "2026-01-01")


def _headings(markdown: str, under: str = "## Our response") -> list[str]:
    """The headings after `under`, up to the next heading of its level (the summary of asks)."""
    part = markdown.split(under + "\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^#{2,4} .*$", part, re.M)


def test_a_response_prints_each_section_once_above_its_first_question(cli, tmp_path):
    """A section is a part of "Our response", a level below it, its questions a level below
    that: a section's heading had stood at the level of "Our response", right under it."""
    result = draft(cli, _sectioned(tmp_path))
    assert result.exit_code == 0, result.output
    assert _headings(result.stdout) == [
        "### Funding care",
        "#### Question 1",
        "#### Question 2a",
        "### Prevention",
        "#### Question 3",
    ]


def test_a_question_without_a_section_stands_at_the_level_of_the_sections(cli, tmp_path):
    data = yaml.safe_load(_sectioned(tmp_path).read_text(encoding="utf-8"))
    del data["questions"][0]["section"]  # an opening question, before the first section
    path = tmp_path / "partly.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = draft(cli, path)
    assert result.exit_code == 0, result.output
    assert _headings(result.stdout) == [
        "### Question 1",
        "### Funding care",
        "#### Question 2a",
        "### Prevention",
        "#### Question 3",
    ]


def test_a_briefing_prints_each_section_once_above_its_first_question(cli, tmp_path):
    result = draft(cli, _sectioned(tmp_path), "--template", "briefing")
    assert result.exit_code == 0, result.output
    headings = _headings(result.stdout, under="## Briefing")
    assert [h.split(":")[0] for h in headings] == [
        "### Funding care",
        "#### Question 1",
        "#### Question 2a",
        "### Prevention",
        "#### Question 3",
    ]


def test_a_response_without_sections_has_no_section_headings(cli):
    result = draft(cli, FIXTURES / "consultation.yaml")
    assert result.exit_code == 0, result.output
    assert "## Our response\n\n### Question 1\n" in result.stdout


def test_in_word_a_section_is_a_level_below_our_response_and_above_its_questions(cli, tmp_path):
    out = tmp_path / "response.docx"
    result = draft(cli, _sectioned(tmp_path), "-o", out)
    assert result.exit_code == 0, result.output
    headings = [(p.style.name, p.text) for p in Document(str(out)).paragraphs]
    headings = [h for h in headings if h[0].startswith("Heading")]
    start = headings.index(("Heading 1", "Our response"))
    assert headings[start : start + 7] == [
        ("Heading 1", "Our response"),
        ("Heading 2", "Funding care"),
        ("Heading 3", "Question 1"),
        ("Heading 3", "Question 2a"),
        ("Heading 2", "Prevention"),
        ("Heading 3", "Question 3"),
        ("Heading 1", "Summary of our asks"),
    ]


def test_portal_answers_carry_their_section(cli, tmp_path):
    path = _sectioned(tmp_path)
    text = draft(cli, path, "--format", "portal").stdout
    assert text.count("Section: Funding care\nQuestion 1\n") == 1
    assert "Section: Funding care\nQuestion 2a" not in text
    assert "Section: Prevention\nQuestion 3\n" in text
    data = json.loads(draft(cli, path, "--format", "json").stdout)
    assert [q["section"] for q in data["questions"]] == [
        "Funding care",
        "Funding care",
        "Prevention",
    ]


def test_a_heading_of_one_word_is_a_section_but_a_forms_field_is_not(tmp_path):
    """GOV.UK pages head their parts with one word ("Workforce", "Funding"): such a line is a
    section, as two words are; a form's field on a line of its own ("Organisation") is not."""
    text = (
        "Adult care reform: call for evidence\n\n"
        "Workforce\n\n"
        "1. What are the main barriers to recruiting care workers?\n\n"
        "2. How could pay and conditions be improved?\n\n"
        "Funding\n\n"
        "3. How should adult care be funded in the long term?\n\n"
        "Organisation\n\n"
        "4. What role should council tax play?\n"
    )
    path = tmp_path / "q.txt"
    path.write_text(text, encoding="utf-8")
    sections = [q.section for q in read_questions(path).questions]
    assert sections == ["Workforce", "Workforce", "Funding", "Funding"]


def test_a_bracket_after_a_heading_is_kept_unless_it_names_questions():
    from lga_draft.questions.docx_reader import Block
    from lga_draft.questions.sections import heading

    def name(text: str) -> str | None:
        return heading(text, Block(text, "line 1", heading=2))

    assert name("Workforce (quality and safety)") == "Workforce (quality and safety)"
    assert name("Primary care [QOF]") == "Primary care [QOF]"
    assert name("Care (questions 1 to 14)") == "Care"
    assert name("Care (Q1-Q5)") == "Care"
    assert name("Care [questions 3, 4 and 5] ") == "Care"
    long = "Care (q " + "1 " * 50_000 + "x"  # a long line ends without a bracket: unchanged
    assert name(long) is None


THEMED = """Adult social care reform: call for evidence

Department of Examples

Theme 1: Workforce

Care workers are paid less than comparable NHS staff.

1. How should care worker pay be set?

2. What would improve retention of care staff?

Based on this year's figures, turnover is high.

Theme 2: Funding

The system needs sustainable funding.

3. Should the social care grant be increased?
"""


def _comments_by_question(text: str) -> dict[str, list[str]]:
    """Each question's comment lines in a written consultation file: those inside its item (its
    "After this question" note, its weaker matches), and those just above it ("Before this
    question"), as an officer reads them."""
    out: dict[str, list[str]] = {}
    above: list[str] = []
    current = None
    for line in text.splitlines():
        if line.startswith("  - number:"):
            current = line.split('"')[1]
            out[current] = above
            above = []
        elif line.startswith("  #"):  # at the list's own indent: above the next question
            above.append(line)
        elif current and line.startswith("    ") and line.lstrip().startswith("#"):
            out[current].append(line)
    return out


def test_a_note_after_a_question_stays_with_it_not_above_the_next_section(cli, tmp_path):
    """A note under question 2, before the heading of the next section, had been written above
    question 3, under its section's heading, as if it were guidance for it."""
    path = tmp_path / "call.txt"
    path.write_text(THEMED, encoding="utf-8")
    result = cli("--library", LIB, "new", "--questions", path, "--today", "2026-01-01")
    assert result.exit_code == 0, result.output
    written = (tmp_path / "call.yaml").read_text(encoding="utf-8")
    comments = _comments_by_question(written)
    assert any("turnover is high" in line for line in comments["2"])
    assert not any("turnover" in line or "Theme 2" in line for line in comments["3"])
    assert any("The system needs sustainable funding" in line for line in comments["3"])
    # the first section's own text is its first question's, not the file's opening comment
    assert any("Care workers are paid less" in line for line in comments["1"])
    assert "Care workers are paid less" not in written.split("questions:")[0]
    data = yaml.safe_load(written)
    assert [q["section"] for q in data["questions"]] == [
        "Theme 1: Workforce",
        "Theme 1: Workforce",
        "Theme 2: Funding",
    ]


def test_the_note_after_a_question_is_read_with_it():
    from lga_draft.questions.docx_reader import Block
    from lga_draft.questions.importer import parse_blocks

    blocks = [
        Block(text, f"line {n}")
        for n, text in enumerate(THEMED.split("\n\n"), start=1)
        if text.strip()
    ]
    doc = parse_blocks(blocks, Path("call.txt"))
    notes = {q.number: q.note for q in doc.questions}
    assert notes == {"1": None, "2": "Based on this year's figures, turnover is high.", "3": None}
    assert (
        doc.questions[0].context
        == "Theme 1: Workforce Care workers are paid less than comparable NHS staff."
    )


def test_headings_in_text_copied_without_blank_lines_are_sections(tmp_path):
    """A committee's call for views copied from its page (the Scottish Parliament's Local
    Government, Housing and Planning Committee, pre-budget scrutiny 2025-26): no blank lines, the
    committee's name above the title, a heading after "... the following questions:". The title
    had become the file's name, the first heading part of the opening text, and the questions
    under it under no section."""
    text = (
        "Local Government, Housing and Planning Committee\n"
        "Pre-Budget scrutiny 2025-26\n"
        "The Committee is undertaking pre-budget scrutiny for 2025-26.\n"
        "The Committee wrote to relevant stakeholders inviting responses to the following questions:\n"
        "Financial sustainability of Scotland's local authorities\n"
        "• What are the main challenges facing local government finance?\n"
        "• Have councils assessed how much revenue funding they need?\n"
        "Capital funding\n"
        "• Do councils have enough capital funding?\n"
        "• Why have reserve levels changed over recent years?\n"
    )
    path = tmp_path / "call.txt"
    path.write_text(text, encoding="utf-8")
    doc = read_questions(path)
    assert doc.title == "Pre-Budget scrutiny 2025-26"
    assert doc.issued_by == "Local Government, Housing and Planning Committee"
    assert [q.section for q in doc.questions] == [
        "Financial sustainability of Scotland's local authorities",
        "Financial sustainability of Scotland's local authorities",
        "Capital funding",
        "Capital funding",
    ]
    assert "Financial sustainability" not in (doc.preamble or "")


def test_a_heading_and_its_text_copied_without_blank_lines_are_apart(tmp_path):
    path = tmp_path / "call.txt"
    path.write_text(THEMED.replace("\n\n", "\n"), encoding="utf-8")
    doc = read_questions(path)
    assert [(q.number, q.section, q.note) for q in doc.questions] == [
        ("1", "Theme 1: Workforce", None),
        ("2", "Theme 1: Workforce", "Based on this year's figures, turnover is high."),
        ("3", "Theme 2: Funding", None),
    ]
    assert doc.questions[2].context == "Theme 2: Funding The system needs sustainable funding."


def test_a_question_wrapped_over_two_lines_is_not_cut_at_a_heading_like_line(tmp_path):
    path = tmp_path / "q.txt"
    path.write_text(
        "Consultation on care\n\nWorkforce\nCare workers are paid less than NHS staff.\n"
        "1. What should the Government\n"
        "Do to support councils in meeting the costs of adult social care over the next years?\n"
        "2. How can councils recruit more care staff?\n",
        encoding="utf-8",
    )
    assert [q.text for q in read_questions(path).questions] == [
        "What should the Government Do to support councils in meeting the costs of adult social "
        "care over the next years?",
        "How can councils recruit more care staff?",
    ]


LABELLED = """Drug services inquiry

The Committee seeks written submissions including on:

Health and harms:

- What is the extent of the harm?

Prevention and early intervention:

- How effective is prevention?
- What drives use?

Key issues include:

- How is treatment paid for?

In particular:

- Who commissions treatment?
"""


def test_a_label_ending_in_a_colon_over_its_questions_is_their_section(cli, tmp_path):
    """An officer's reading of a committee's terms of reference (2019): "Health and harms:",
    "Prevention and early intervention:" each headed a group of its bulleted questions, and the
    draft had no sections. A line leading into a list ("Key issues include:", "In particular:")
    is no heading: the questions after it stay in the section above."""
    path = tmp_path / "call.txt"
    path.write_text(LABELLED, encoding="utf-8")
    assert _sections(path) == [
        ("1", "Health and harms"),
        ("2", "Prevention and early intervention"),
        ("3", "Prevention and early intervention"),
        ("4", "Prevention and early intervention"),
        ("5", "Prevention and early intervention"),
    ]
    result = cli("--library", LIB, "new", "--questions", path, "--today", "2026-01-01")
    assert result.exit_code == 0, result.output
    written = (tmp_path / "call.yaml").read_text(encoding="utf-8")
    assert "Before this question: :" not in written  # the label is said by `section:`


def test_a_word_joining_one_group_of_questions_to_the_next_is_no_section(tmp_path):
    """ "Additionally:", "In addition:", "Finally:" over a committee's bulleted questions only go
    on with its list: the questions after them stay in the section above."""
    text = LABELLED.replace("Key issues include:", "Additionally:").replace(
        "In particular:", "Finally:"
    )
    path = tmp_path / "call.txt"
    for joining in ("Additionally:", "In addition:", "Specifically:"):
        path.write_text(text.replace("Additionally:", joining), encoding="utf-8")
        assert [s for _, s in _sections(path)][-2:] == ["Prevention and early intervention"] * 2
