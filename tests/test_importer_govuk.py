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
