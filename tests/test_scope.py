"""A consultation from another nation of the UK is reported: health, care and local government are
devolved, and the bundled library speaks for councils in England."""

from __future__ import annotations

import io

import docx
import pytest
import yaml
from conftest import ROOT

from lga_draft.drafting.scope import nation_warning, other_nation


@pytest.mark.parametrize(
    ("texts", "found"),
    [
        (("Hospital discharge", "Welsh Parliament Health and Social Care Committee"), "Wales"),
        (("Ymgynghoriad", "Llywodraeth Cymru"), "Wales"),
        (("Adult social care", "the senedd"), "Wales"),
        (("A National Care Service for Scotland", "Scottish Government"), "Scotland"),
        (("Reform of adult social care", "Department of Health (Northern Ireland)"),
         "Northern Ireland"),
        (("Change NHS", "Department of Health and Social Care"), None),
        # a place, not a government: New South Wales, Scotland Yard, a Welsh language scheme
        (("Lessons from New South Wales and Scotland Yard", "Welsh language commissioner"), None),
    ],
)  # fmt: skip
def test_another_nations_government_or_legislature_is_found(texts, found):
    result = other_nation("England", *texts)
    assert (result[0] if result else None) == found


def test_a_library_for_wales_is_not_warned_about_wales_nor_one_naming_no_nation():
    assert other_nation("Wales", "Welsh Government consultation") is None
    assert other_nation("wales ", "Senedd inquiry") is None
    assert other_nation(None, "Scottish Parliament inquiry") is None
    assert other_nation("Wales", "Scottish Parliament inquiry") == (
        "Scotland",
        "Scottish Parliament",
    )


def test_the_warning_names_both_nations_and_the_setting():
    line = nation_warning("England", "Inquiry", "Scottish Parliament Health Committee")
    assert line is not None
    assert "from Scotland (it names Scottish Parliament)" in line
    assert line.endswith("(this library speaks for England: organisation.nation in library.yaml)")


def _consultation(tmp_path, issued_by):
    data = {
        "title": "Hospital discharge and patient flow",
        "issued_by": issued_by,
        "questions": [{"number": "1", "text": "How can delayed discharge be reduced?",
                       "tags": "reablement"}],
    }  # fmt: skip
    path = tmp_path / "c.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_new_and_draft_report_a_welsh_inquiry_and_word_puts_it_on_the_clearance_sheet(
    cli, tmp_path
):
    assert yaml.safe_load((ROOT / "library.yaml").read_text("utf-8"))["organisation"]["nation"] == (
        "England"
    )
    welsh = _consultation(tmp_path, "Welsh Parliament Health and Social Care Committee")
    out = tmp_path / "d.docx"
    drafted = cli("--library", ROOT, "draft", welsh, "-o", out, "--today", "2026-12-06", "-v")
    assert drafted.exit_code == 0, drafted.output
    assert "warning: the consultation is from Wales (it names Welsh Parliament)" in drafted.stderr
    document = docx.Document(io.BytesIO(out.read_bytes()))
    sheet = [p.text for p in document.paragraphs]
    assert any(p.startswith("The consultation is from Wales") for p in sheet), sheet[-20:]

    questions = tmp_path / "q.txt"
    questions.write_text("Question 1: How can delayed discharge be reduced?\n", encoding="utf-8")
    started = cli(
        "--library", ROOT, "new", "-q", questions, "--yes", "-o", tmp_path / "n.yaml",
        "--title", "Patient flow", "--issued-by", "Senedd Health and Social Care Committee",
    )  # fmt: skip
    assert started.exit_code == 0, started.output
    assert "the consultation is from Wales (it names Senedd)" in started.stderr


def test_an_english_consultation_is_not_reported(cli, tmp_path):
    english = _consultation(tmp_path, "Department of Health and Social Care")
    drafted = cli("--library", ROOT, "draft", english, "-o", tmp_path / "d.md", "-v")
    assert drafted.exit_code == 0, drafted.output
    assert "another nation" not in drafted.stderr


@pytest.mark.parametrize(
    ("issuer", "found"),
    [
        ("Welsh Ministers", "Wales"),
        ("Scottish Ministers", "Scotland"),
        ("Department of Health (NI)", "Northern Ireland"),
        ("Department of Health, Northern Ireland", "Northern Ireland"),
        ("NI Executive", "Northern Ireland"),
        ("Northern Ireland Office", None),  # a UK government department
    ],
)
def test_other_ways_a_consultation_names_a_devolved_government(issuer, found):
    result = other_nation("England", "Social care charging", issuer)
    assert (result[0] if result else None) == found


def test_a_joint_consultation_with_a_uk_department_is_not_said_to_be_from_another_nation():
    """The UK-wide consultation on a smokefree generation (2023) was issued by DHSC with the
    Scottish and Welsh Governments and the Department of Health in Northern Ireland."""
    issuer = (
        "Department of Health and Social Care, Scottish Government, Welsh Government and "
        "Department of Health Northern Ireland"
    )
    line = nation_warning("England", "Creating a smokefree generation", issuer)
    assert line is not None and "is from" not in line
    assert "as well as Department of Health and Social Care" in line
    assert "speaks for England" in line
