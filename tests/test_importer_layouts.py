"""Issue 16, item 6: common layouts of a consultation's questions: a Word response form with a
question per table row, a closing instruction after the last question, and a plain-text file
whose first line names the department and second the title."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from lga_draft.questions.importer import read_questions


def _questions(path: Path) -> list[tuple[str, str]]:
    return [(q.number, q.text) for q in read_questions(path).questions]


def _form(tmp_path: Path, rows: list[tuple[str, ...]], before: str | None = None) -> Path:
    doc = Document()
    if before:
        doc.add_paragraph(before)
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    path = tmp_path / "form.docx"
    doc.save(path)
    return path


def test_a_form_with_a_question_per_row_keeps_each_row(tmp_path):
    rows = [
        ("Question", "Your response"),
        ("4. Do you agree with the proposal to pool budgets?", ""),
        ("5. What barriers do councils face?", ""),
        ("6. Any other comments?", ""),
    ]
    path = _form(tmp_path, rows, before="Consultation response form")
    assert _questions(path) == [
        ("4", "Do you agree with the proposal to pool budgets?"),
        ("5", "What barriers do councils face?"),
        ("6", "Any other comments?"),
    ]


def test_a_form_with_numbers_in_their_own_column(tmp_path):
    rows = [
        ("No.", "Question", "Response"),
        ("7", "Do you agree with the proposal to pool budgets?", ""),
        ("8", "Please describe the barriers councils face.", ""),
        ("Q9", "Any other comments?", ""),
    ]
    document = read_questions(_form(tmp_path, rows))
    assert [(q.number, q.text) for q in document.questions] == [
        ("7", "Do you agree with the proposal to pool budgets?"),
        ("8", "Please describe the barriers councils face."),
        ("9", "Any other comments?"),
    ]
    assert document.title is None


def test_a_row_is_not_glued_to_the_question_in_the_row_above(tmp_path):
    rows = [
        ("Question 1", "Do you agree with the proposal?"),
        ("", "Please explain why the barriers matter to councils."),
        ("Question 2", "What should change?"),
    ]
    found = _questions(_form(tmp_path, rows))
    assert found[0] == ("1", "Do you agree with the proposal?")
    assert found[-1] == ("2", "What should change?")


@pytest.mark.parametrize(
    "closing",
    [
        "Please send your response to consult@example.gov.uk by 1 March.",
        "Please return this form by 1 March 2026.",
        "If you have any questions about this consultation, email us at consult@example.gov.uk.",
    ],
)
def test_a_closing_instruction_is_not_part_of_the_last_question(tmp_path, closing):
    path = tmp_path / "q.txt"
    path.write_text(f"1. Do you agree?\n\n2. What should change?\n\n{closing}\n", encoding="utf-8")
    assert _questions(path) == [("1", "Do you agree?"), ("2", "What should change?")]


def test_a_follow_up_still_joins_its_question(tmp_path):
    path = tmp_path / "q.txt"
    path.write_text("1. Do you agree?\n\nPlease explain your answer.\n", encoding="utf-8")
    assert _questions(path) == [("1", "Do you agree? Please explain your answer.")]


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_a_department_line_above_the_title_is_not_the_title(tmp_path, gap):
    path = tmp_path / "q.txt"
    path.write_text(
        f"Department of Health and Social Care{gap}Consultation on adult social care charging\n\n"
        "1. Do you agree?\n\n2. What should change?\n",
        encoding="utf-8",
    )
    document = read_questions(path)
    assert document.title == "Consultation on adult social care charging"
    assert document.issued_by == "Department of Health and Social Care"
    assert [q.number for q in document.questions] == ["1", "2"]


def test_new_takes_the_department_line_as_issued_by(cli, tmp_path):
    import yaml
    from conftest import FIXTURES

    path = tmp_path / "q.txt"
    path.write_text(
        "Department of Health and Social Care\nConsultation on adult social care charging\n\n"
        "1. How should adult care be funded?\n",
        encoding="utf-8",
    )
    out = tmp_path / "c.yaml"
    result = cli("--library", FIXTURES / "library", "new", "--questions", path, "--yes", "-o", out)
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["title"] == "Consultation on adult social care charging"
    assert data["issued_by"] == "Department of Health and Social Care"


@pytest.mark.parametrize(
    ("line", "issuer"),
    [
        (
            "House of Commons Health and Social Care Committee, 2021-09-03",
            "House of Commons Health and Social Care Committee",
        ),
        ("Welsh Parliament Health and Social Care Committee (2022)", "Welsh Parliament Health and Social Care Committee"),
        ("Health and Social Care Committee, November 2024", "Health and Social Care Committee"),
        (
            "House of Commons Health and Social Care Committee and Housing, Communities and Local "
            "Government Committee, 2018-01-25",
            "House of Commons Health and Social Care Committee and Housing, Communities and Local "
            "Government Committee",
        ),
    ],
)  # fmt: skip
def test_a_committee_line_below_the_title_is_who_is_consulting(tmp_path, line, issuer):
    """An inquiry as officers paste it: its title, the committee and date, the page it came from,
    with no blank line between. The three had run into one paragraph: neither title nor issuer."""
    path = tmp_path / "q.txt"
    path.write_text(
        f"Clearing the backlog caused by the pandemic\n{line}\nSource: https://example.org/547/\n\n"
        "Question 1: What capacity is available?\nQuestion 2: What should change?\n",
        encoding="utf-8",
    )
    document = read_questions(path)
    assert document.title == "Clearing the backlog caused by the pandemic"
    assert document.issued_by == issuer
    assert [q.number for q in document.questions] == ["1", "2"]


def test_a_sentence_about_a_committee_is_not_who_is_consulting(tmp_path):
    path = tmp_path / "q.txt"
    path.write_text(
        "Adult social care reform\nThe committee will consider written evidence.\n\n"
        "1. What should change?\n",
        encoding="utf-8",
    )
    assert read_questions(path).issued_by is None


LONG_TITLE = (
    "Food, poverty, health and the environment: how local authorities can respond to food poverty "
    "and health inequalities (evidence session, 4 February 2020)"
)


@pytest.mark.parametrize(
    ("text", "title", "issuer"),
    [
        # a title naming a legislature, or a heading about the committee, is not who consults
        ("The future of the Senedd\n\n1. What should change?\n", "The future of the Senedd", None),
        ("Reform of the House of Lords\nCabinet Office\n\n1. What should change?\n",
         "Reform of the House of Lords", "Cabinet Office"),
        ("Inquiry into care\nEvidence to the Committee\n\n1. What should change?\n",
         "Inquiry into care Evidence to the Committee", None),
        # a title wrapped over two lines keeps both
        ("Consultation on the\nDepartment of Health and Social Care mandate\n\n1. What?\n",
         "Consultation on the Department of Health and Social Care mandate", None),
        # a year that is part of the name is kept: only a date after it is dropped
        ("Post-legislative scrutiny\nHouse of Lords Select Committee on the Mental Capacity Act "
         "2005\n\n1. What should change?\n", "Post-legislative scrutiny",
         "House of Lords Select Committee on the Mental Capacity Act 2005"),
        ("Care\nWelsh Parliament Health Committee 3 September 2021\n\n1. What?\n", "Care",
         "Welsh Parliament Health Committee"),
        # a title with its subtitle, 150 characters long, and the committee below it
        (f"{LONG_TITLE}\nHouse of Lords Select Committee on Food, Poverty, Health and Environment"
         "\n\n1. What?\n", LONG_TITLE,
         "House of Lords Select Committee on Food, Poverty, Health and Environment"),
        # a first line too long for a title goes to the comments; the committee below is still found
        (f"{LONG_TITLE} {LONG_TITLE}\nHouse of Commons Health and Social Care Committee\n\n"
         "1. What?\n", None, "House of Commons Health and Social Care Committee"),
        # a line leading into the questions, short enough for a title, is not one
        ("The government would welcome views from councils, health bodies, providers and the "
         "public on the following questions about the proposals set out in this document:\n\n"
         "1. What should change?\n", None, None),
    ],
)  # fmt: skip
def test_a_title_or_heading_naming_a_legislature_is_not_the_issuer(tmp_path, text, title, issuer):
    path = tmp_path / "q.txt"
    path.write_text(text, encoding="utf-8")
    document = read_questions(path)
    assert (document.title, document.issued_by) == (title, issuer)


@pytest.mark.parametrize("first", ["Charging for care", f"{LONG_TITLE} {LONG_TITLE}"])
def test_a_sentence_about_a_department_is_not_the_department(tmp_path, first):
    path = tmp_path / "q.txt"
    path.write_text(
        f"{first}\nDepartment for Education guidance on charging applies to all\n\n1. What?\n",
        encoding="utf-8",
    )
    assert read_questions(path).issued_by is None


def test_a_markdown_heading_about_the_committee_is_not_the_issuer(tmp_path):
    path = tmp_path / "q.md"
    path.write_text(
        "# Adult social care inquiry\n\n## About the Committee\n\nThe Committee scrutinises the "
        "department.\n\n## Questions\n\n1. What should change?\n",
        encoding="utf-8",
    )
    document = read_questions(path)
    assert (document.title, document.issued_by) == ("Adult social care inquiry", None)


@pytest.mark.parametrize(
    "name",
    [
        "House of Lords Children's Services Committee",  # an apostrophe is not a small word
        "House of Lords Cross-party Committee on Social Care",
        "Welsh Parliament Children, Young People and Education Committee (2022)",
        "Department of Health and Social Care – Adult Social Care",
        "Mid and East Antrim Borough Council",  # a council consulting its residents
    ],
)
def test_a_bodys_name_with_apostrophes_hyphens_and_dashes_is_the_issuer(name):
    from lga_draft.questions.masthead import issuer_like

    assert issuer_like(name)


def test_new_says_when_the_document_gives_no_title(cli, tmp_path):
    """A page listing the questions names only itself: the file's name stands for the title, and
    `new` says so rather than let "Annex" reach the cover unremarked."""
    from conftest import FIXTURES

    path = tmp_path / "annex.txt"
    path.write_text(
        "Annex A: List of consultation questions\n\n1. How should adult care be funded?\n",
        encoding="utf-8",
    )
    out = tmp_path / "c.yaml"
    result = cli("--library", FIXTURES / "library", "new", "--questions", path, "--yes", "-o", out)
    assert result.exit_code == 0, result.output
    assert "annex.txt gives no title: the title is its file name, 'Annex'" in result.stderr
    given = cli(
        "--library",
        FIXTURES / "library",
        "new",
        "--questions",
        path,
        "--yes",
        "-o",
        out,
        "--force",
        "--title",
        "Adult care funding",
    )
    assert given.exit_code == 0 and "gives no title" not in given.stderr
