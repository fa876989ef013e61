"""Default key messages: the positions a draft uses that are on its consultation's subject."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, build_tree, make_library, position

FUNDING = position(
    id="funding",
    title="Fund care properly",
    tags=["care-funding"],
    lead="Councils need long-term funding for adult care that matches demand.",
    body="Short-term grants leave councils unable to plan care funding.",
)
ROADS = position(
    id="roads",
    title="Fix the roads",
    tags=["health"],
    lead="Potholes cost councils money.",
    body="Road repairs have fallen behind for a decade.",
)
# in a library of a few positions every word is common: these make the subject's words rare
OTHERS = {
    f"positions/{name}.yaml": position(
        id=name, title=f"Support {name}", tags=["health"], lead=f"Councils run {name}.", body=body
    )
    for name, body in [
        ("libraries", "Reading rooms stay open."),
        ("parks", "Green spaces need keepers."),
        ("housing", "Homes must be built."),
    ]
}


def _consult(folder: Path, title: str, questions: list[dict], **extra: object) -> Path:
    data = {"title": title, "issued_by": "D", "questions": questions, **extra}
    return build_tree(folder, {"c.yaml": data}) / "c.yaml"


def _draft(cli, library: Path, path: Path, *args: str):
    result = cli(
        "--library", str(library), "draft", str(path), "--today", "2026-01-01", "-v", *args
    )
    assert result.exit_code == 0, result.output
    return result


def _messages(markdown: str) -> str:
    return (
        markdown.split("## Key messages")[1].split("## ")[0]
        if "## Key messages" in markdown
        else ""
    )


def test_a_lone_position_off_the_subject_is_not_a_key_message(cli, tmp_path):
    """One reader's note: with one candidate left, "on the subject" compared it only with itself,
    and it was always on it. It is measured against the library's best match instead."""
    library = make_library(
        tmp_path / "lib",
        {"positions/funding.yaml": FUNDING, "positions/roads.yaml": ROADS, **OTHERS},
    )
    question = {"number": 1, "text": "How should care funding be reformed?", "positions": ["roads"]}
    result = _draft(cli, library, _consult(tmp_path, "Care funding reform", [question]))
    assert "## Key messages" not in result.stdout
    assert "Potholes cost councils money." in result.stdout  # still the answer it was named for
    assert "no key messages: none of the positions the answers use" in result.stderr


@pytest.mark.parametrize("template", ["press-release", "position-statement"])
def test_a_template_that_prints_no_key_messages_is_not_warned_of_none(cli, tmp_path, template):
    """A second reader: a press release on a subject the library holds nothing on was warned
    "no key messages ... write your own", and with --strict not written, though a press release
    prints none."""
    library = make_library(
        tmp_path / "lib",
        {"positions/funding.yaml": FUNDING, "positions/roads.yaml": ROADS, **OTHERS},
    )
    question = {"number": 1, "text": "How should care funding be reformed?", "positions": ["roads"]}
    path = _consult(tmp_path, "Care funding reform", [question], template=template)
    result = _draft(cli, library, path, "--strict")
    assert "key messages" not in result.stderr
    assert "Potholes cost councils money." in result.stdout


def test_an_ad_hoc_drafts_key_messages_are_the_positions_its_tags_chose(cli, tmp_path):
    """A second reader: `draft --tags ... --title "Member briefing"` had no key messages, and a
    warning that none was on the subject, the title its only measure of it."""
    library = make_library(
        tmp_path / "lib",
        {"positions/funding.yaml": FUNDING, "positions/roads.yaml": ROADS, **OTHERS},
    )
    args = ("--tags", "care-funding", "--title", "Member briefing", "-T", "briefing")
    result = cli("--library", str(library), "draft", *args, "--today", "2026-01-01", "-v")
    assert result.exit_code == 0, result.output
    assert "Fund care properly" in _messages(result.stdout)
    assert "key messages" not in result.stderr


def test_a_briefing_without_key_messages_has_no_empty_heading(cli, tmp_path):
    library = make_library(tmp_path / "lib", {"positions/funding.yaml": FUNDING})
    question = {"number": 1, "text": "What else should we know?", "positions": []}
    path = _consult(tmp_path, "Care funding reform", [question], template="briefing")
    out = _draft(cli, library, path).stdout
    assert "## Key messages" not in out and "## Briefing" in out


# Officers' readings (2026-12), with the positions `lga-draft new` suggested for each question.
DRUGS = [
    ("What is the extent of health harms resulting from drug use?",
     ["hospital-prevention-complements-community"]),
    ("What are the reasons for both the initial and the continued, sustained use of drugs?", []),
    ("How effective and evidence-based are strategies for prevention and early intervention in "
     "managing and countering the drivers of use?", []),
    ("How effective and evidence-based is treatment provision?", []),
    ("Is policy is sufficiently geared towards treatment?", []),
    ("What would a high-quality, evidence-based response to drugs look like?", []),
    ("What responses to drugs internationally stand out as particularly innovative and / or "
     "relevant, and what evidence is there of impact in these cases?",
     ["scaling-digital-innovation"]),
]  # fmt: skip
GP = [
    ("What can be done to reduce bureaucracy and burnout, and improve morale, in general "
     "practice?", ["ics-light-touch-permissive", "no-top-down-imposition"]),
    ("How can the current model of general practice be improved to make it more sustainable in "
     "the long term?", ["pregnancy-and-early-childhood-priority", "no-top-down-imposition",
                        "digital-funding-parity", "place-budgets-financial-flows", "subsidiarity"]),
    ("Has the development of Primary Care Networks improved the delivery of proactive, "
     "personalised, coordinated and integrated care and reduced the administrative burden on "
     "GPs?", ["light-touch-regime", "health-inequalities-core-of-plan", "system-leadership-support",
              "hospital-to-community", "neighbourhood-working"]),
    ("To what extent has general practice been able to work in effective partnerships with other "
     "professions within primary care and beyond to free more GP time for patient care?",
     ["hospital-discharge-focus", "better-care-fund-best-effect", "hospital-to-community",
      "neighbourhood-working", "pregnancy-and-early-childhood-priority"]),
]  # fmt: skip
CAP = [
    ("what counts towards the cap;", []),
    ("how people progress towards the cap;", ["care-workforce-parity-of-esteem", "care-worker-pay"]),
    ("what happens if they move to a different local authority area;",
     ["treatment-to-prevention-shift", "prevention-cost-benefit-social-return",
      "ics-community-engagement"]),
    ("needs assessments for self-funders;", ["digital-funding-parity", "hospital-discharge-focus"]),
    ("how care accounts will be managed;", ["it-market-failures", "cyber-security-care-market"]),
    ("whether local authorities have the flexibility, capacity, IT systems etc. to implement the "
     "guidance.", ["no-top-down-imposition"]),
]  # fmt: skip


def _real(cli, tmp_path: Path, title: str, asked: list) -> tuple[str, str]:
    questions = [
        {"number": n, "text": text, "positions": ids} for n, (text, ids) in enumerate(asked, 1)
    ]
    result = _draft(cli, ROOT, _consult(tmp_path, title, questions))
    return _messages(result.stdout), result.stderr


def test_a_drugs_inquirys_key_message_is_not_on_digital_innovation(cli, tmp_path):
    """An officer's reading: the only key message of a drugs inquiry was "Help digital innovation
    in health and care to scale", the one current position, there for "innovative ... evidence
    of impact" in one question of seven. The position on prevention services (drugs among them,
    its tags say) is on the subject; long past its review date, it heads the response only
    because nothing current on the subject does."""
    messages, report = _real(cli, tmp_path, "Drugs policy inquiry", DRUGS)
    assert "digital innovation" not in messages
    assert "NHS prevention in hospitals must complement council services" in messages
    assert "left out as off the consultation's subject" in report
    assert "'scaling-digital-innovation'" in report
    # not an answer that left something out for length, in the report's one line
    path = tmp_path / "c.yaml"
    result = cli("--library", str(ROOT), "draft", str(path), "--today", "2026-01-01")
    assert result.exit_code == 0 and "left out what did not fit" not in result.stderr


def test_a_general_practice_inquirys_key_messages_are_not_on_pregnancy(cli, tmp_path):
    """An officer's reading: the first key message of a general practice inquiry came from a
    position on pregnancy and early childhood whose body mentions general practice once."""
    messages, _ = _real(cli, tmp_path, "The future of general practice", GP)
    assert messages and "pregnancy" not in messages.lower()
    assert "Neighbourhood working" in messages


def test_a_consultation_the_library_holds_nothing_on_has_no_key_messages(cli, tmp_path):
    """An officer's reading: a care cap consultation's six key messages were all off its subject,
    one on appraising prevention; none of the library's positions is on the cap."""
    title = "Operational guidance to implement a lifetime cap on care costs"
    messages, report = _real(cli, tmp_path, title, CAP)
    assert messages == ""
    assert "no key messages" in report


@pytest.mark.parametrize("title", ["Care funding reform", "Reform"])
def test_a_position_on_the_subject_is_still_a_key_message(cli, tmp_path, title):
    library = make_library(
        tmp_path / "lib", {"positions/funding.yaml": FUNDING, "positions/roads.yaml": ROADS}
    )
    questions = [
        {"number": 1, "text": "How should care funding be reformed?", "positions": ["funding"]},
        {"number": 2, "text": "What of potholes in roads?", "positions": ["roads"]},
    ]
    out = _draft(cli, library, _consult(tmp_path, title, questions)).stdout
    assert "Fund care properly" in _messages(out)
