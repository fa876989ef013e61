"""A GOV.UK consultation document as an officer copies it: its "Basic information" table, the
date under its title, and its chapters. From an officer's reading of the Business Rates Review
technical consultation (DLUHC and HM Treasury, 2021-22), copied from GOV.UK with and without the
blank lines between its paragraphs; the questions here are written for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from lga_draft.questions.importer import read_questions

BODIES = "Department for Levelling Up, Housing and Communities; HM Treasury"

PAGE = f"""Consultation outcome

Business Rates Review: technical consultation

Updated 15 March 2023

Applies to England

Scope of the consultation

This consultation sets out how the government intends to give effect to a number of measures.

Basic information

Body/bodies responsible for the consultation

{BODIES}.

Duration

This consultation will last for 12 weeks, from 30 November 2021 to 22 February 2022.

How to respond

When you reply please include:

  • your name
  • an email address

Chapter 1: Provision of information

Q1. Do you have any views on the proposed information system?

Q2. Can you see any difficulties in providing this information?

Chapter 2: Compliance

Q3. Do you agree with the proposed penalties?
"""


def _read(tmp_path: Path, text: str, name: str = "q.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_questions(path)


def _joined(text: str) -> str:
    """The page as a browser copies it: no blank line between its paragraphs."""
    return "\n".join(line for line in text.splitlines() if line.strip()) + "\n"


@pytest.mark.parametrize("layout", [str, _joined], ids=["blank lines", "no blank lines"])
def test_the_body_responsible_for_the_consultation_is_who_is_consulting(tmp_path, layout):
    """GOV.UK's "Basic information" names the department under "Body/bodies responsible for the
    consultation": `new` had left `issued_by` as "[who is consulting]"."""
    assert _read(tmp_path, layout(PAGE)).issued_by == BODIES


def test_the_responsible_body_on_the_labels_line(tmp_path):
    page = PAGE.replace(f"consultation\n\n{BODIES}.", "consultation: Department for Education")
    assert _read(tmp_path, page).issued_by == "Department for Education"


def test_a_sentence_about_the_responsible_bodies_names_none(tmp_path):
    page = PAGE.replace(
        f"Body/bodies responsible for the consultation\n\n{BODIES}.",
        "The bodies responsible for the consultation are listed in annex A.",
    )
    assert _read(tmp_path, page).issued_by is None
    page = PAGE.replace(f"consultation\n\n{BODIES}.", "consultation is the department named above.")
    assert _read(tmp_path, page).issued_by is None


@pytest.mark.parametrize("dateline", ["Updated 15 March 2023", "Published 30 November 2021"])
def test_govuks_date_under_the_title_is_not_part_of_it(tmp_path, dateline):
    """Copied with no blank lines, "Updated 15 March 2023" was joined onto the title."""
    page = _joined(PAGE.replace("Updated 15 March 2023", dateline))
    assert _read(tmp_path, page).title == "Business Rates Review: technical consultation"


def test_a_title_that_begins_with_updated_keeps_its_words(tmp_path):
    page = _joined(PAGE.replace("Business Rates Review: technical", "Updated guidance on the"))
    assert _read(tmp_path, page).title == "Updated guidance on the consultation"


@pytest.mark.parametrize("layout", [str, _joined], ids=["blank lines", "no blank lines"])
def test_a_chapter_after_a_bulleted_list_is_a_section(tmp_path, layout):
    """Without blank lines "Chapter 1: Provision of information" was joined onto the last item of
    the list above it ("• an email address"): the first chapter was lost, and with one chapter
    left the questions had no sections at all."""
    doc = _read(tmp_path, layout(PAGE))
    assert [(q.number, q.section) for q in doc.questions] == [
        ("1", "Chapter 1: Provision of information"),
        ("2", "Chapter 1: Provision of information"),
        ("3", "Chapter 2: Compliance"),
    ]


def test_a_chapter_named_mid_sentence_is_not_a_heading(tmp_path):
    """ "... as set out in" then "Chapter 2 of the consultation document." is one sentence."""
    page = _joined(
        PAGE.replace(
            "  • an email address\n",
            "  • an email address, as set out in\nChapter 2 of the guidance\n",
        )
    )
    doc = _read(tmp_path, page)
    assert [q.section for q in doc.questions] == [
        "Chapter 1: Provision of information",
        "Chapter 1: Provision of information",
        "Chapter 2: Compliance",
    ]
