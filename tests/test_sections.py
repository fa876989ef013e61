"""A draft set out by a document's sections rather than its questions (a member briefing on a
white paper's chapters), and a response to a committee's inquiry rather than a consultation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import make_library
from test_compose import FUND_Q, FUNDING, WORK_Q, WORKFORCE, consult, run


@pytest.fixture()
def lib(tmp_path: Path) -> Path:
    return make_library(
        tmp_path / "lib",
        {"positions/funding.yaml": FUNDING, "positions/workforce.yaml": WORKFORCE},
        **{"library.yaml": {"teams": {"team": "The team"}}},
    )


# a white paper's chapters, as its contents page gives them: they ask nothing
CHAPTERS = [
    {"number": 1, "text": "paying and recruiting the care workforce", "positions": ["workforce"]},
    {"number": 2, "text": "reforming care funding", "positions": ["funding", "workforce"]},
]


def test_a_briefing_on_a_documents_sections_heads_and_names_them_as_sections(cli, lib, tmp_path):
    out = run(cli, lib, consult(tmp_path, CHAPTERS), "--template", "briefing")
    assert "### 1. Paying and recruiting the care workforce" in out  # a heading starts upper case
    assert "### 2. Reforming care funding" in out
    assert "Question" not in out
    # the key messages point to where each is set out
    assert "**Pay care workers fairly** (see section 1)." in out
    assert "**Fund care properly** (see section 2)." in out
    assert "our answer to" not in out


def test_a_briefing_on_questions_still_heads_and_names_them_as_questions(cli, lib, tmp_path):
    out = run(cli, lib, consult(tmp_path, [WORK_Q, FUND_Q]), "--template", "briefing")
    assert "### Question 2: How should care funding be reformed?" in out
    assert "our answer to question" in out
    assert "section 1" not in out


def test_a_consultation_response_answers_an_inquirys_points_as_questions(cli, lib, tmp_path):
    out = run(cli, lib, consult(tmp_path, CHAPTERS))
    assert "### Question 2" in out
    assert "section 1" not in out and "section 2" not in out


def test_a_teams_own_response_template_answers_an_inquirys_points_as_questions(cli, lib, tmp_path):
    # a team's response template built on the bundled one is a consultation response too
    (lib / "templates").mkdir(exist_ok=True)
    (lib / "templates" / "our-response.md.j2").write_text(
        '{% extends "consultation-response.md.j2" %}\n', encoding="utf-8"
    )
    out = run(cli, lib, consult(tmp_path, CHAPTERS), "--template", "our-response")
    assert "### Question 2" in out
    assert "our answer to question 2" in out
    assert "section 1" not in out and "section 2" not in out


def test_a_response_template_beside_the_consultation_answers_its_points_as_questions(
    cli, lib, tmp_path
):
    # draft finds a template in the consultation's own folder: what it extends counts there too
    path = consult(tmp_path, CHAPTERS)
    (path.parent / "our-response.md.j2").write_text(
        '{% extends "consultation-response.md.j2" %}\n', encoding="utf-8"
    )
    out = run(cli, lib, path, "--template", "our-response")
    assert "our answer to question 2" in out
    assert "section 1" not in out and "section 2" not in out


def test_a_templates_lineage_names_each_template_once(tmp_path):
    from lga_draft.drafting.loader import lineage

    (tmp_path / "self.md.j2").write_text('{% extends "self.md.j2" %}\n', encoding="utf-8")
    (tmp_path / "a.md.j2").write_text('{% extends "b.md.j2" %}\n', encoding="utf-8")
    (tmp_path / "b.md.j2").write_text('{% extends "a.md.j2" %}\n', encoding="utf-8")
    for name in ("self", "a", "b"):
        found = lineage((tmp_path,), name)
        assert found[0] == name and len(found) == len(set(found)), found


def test_a_thin_sections_pointer_names_the_section(cli, lib, tmp_path):
    # each selects both positions; each is set out in one and pointed to from the other, thin
    both = [
        {"number": 1, "text": "paying and recruiting the care workforce", "tags": "care"},
        {"number": 2, "text": "reforming care funding", "tags": "care"},
    ]
    out = run(cli, lib, consult(tmp_path, both), "--template", "briefing")
    assert "See also section 2 (Fund care properly)." in out
    assert "our answer to question" not in out


def test_a_committees_inquiry_is_called_an_inquiry_on_the_cover(cli, lib, tmp_path):
    committee = run(cli, lib, consult(tmp_path, [FUND_Q], issued_by="Health Committee"))
    assert re.search(r"^\| Inquiry \| T \|$", committee, re.M)
    department = run(cli, lib, consult(tmp_path / "d", [FUND_Q], issued_by="Department of Health"))
    assert re.search(r"^\| Consultation \| T \|$", department, re.M)


def test_a_briefing_says_whose_document_it_is_and_where_to_find_it(cli, lib, tmp_path):
    path = consult(
        tmp_path,
        CHAPTERS,
        issued_by="Department of Health",
        link="https://example.org/white-paper",
        closes="2027-01-31",
    )
    out = run(cli, lib, path, "--template", "briefing")
    line = "*From: Department of Health (<https://example.org/white-paper>)."
    assert line + " Open for responses until 31 January 2027.*" in out
    assert out.index(line) < out.index("## Key messages")
    adhoc = cli(
        "--library", str(lib), "draft", "--tags", "care", "--title", "X", "--template", "briefing"
    )
    assert adhoc.exit_code == 0, adhoc.output
    assert "From:" not in adhoc.stdout  # an ad hoc draft is our own, from no one else
