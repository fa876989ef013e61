"""`lga-draft ingest`: past responses (.txt, .md, .docx) into a library of draft positions."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import SEEDS

from lga_draft.team.ingest_text import figures, period, sentences


@pytest.fixture
def lib(cli, tmp_path) -> Path:
    assert cli("init", "lib", "--today", "2026-12-06").exit_code == 0
    return tmp_path / "lib"


def positions(lib: Path, source: str) -> dict[str, dict]:
    return {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((lib / "positions" / source).glob("*.yaml"))
    }


def passes_check(cli, lib: Path) -> None:
    check = cli("--library", lib, "check")
    assert check.exit_code == 0, check.output
    assert " 0 error(s)" in check.stderr
    ingested = [p for p in (lib / "positions").glob("*/*.yaml") if "example" not in p.name]
    assert cli("fmt", "--check", *ingested).exit_code == 0  # already in `fmt`'s layout


RESPONSE = """\
Our response to the care consultation

Sent on 3 March 2025 by the policy team, with the agreement of our members and our board.

1. What are the main pressures on care services?

Care is underfunded. Councils face a gap of £2.5 billion by 2026/27, and 40 per cent of councils
expect to overspend. We want a settlement that lasts.

Case study: Better homes in Barchester.

2. What should the government do?

We have three asks of the government, set out below with when we expect them.

Our asks

Funding - quick to do

  • Restore the grant to its 2015/16 level in real terms.
  • Fund 5,000 more care workers over the next two years.
"""


def test_a_question_by_question_response(cli, lib, tmp_path):
    doc = tmp_path / "response.txt"
    doc.write_text(RESPONSE, encoding="utf-8")
    result = cli("--library", lib, "ingest", doc, "--source", "care-2025")
    assert result.exit_code == 0, result.output
    got = positions(lib, "care-2025")
    assert sorted(got) == ["care-2025-q1", "care-2025-q2"]  # one per question
    q1, q2 = got["care-2025-q1"], got["care-2025-q2"]
    assert q1["title"] == "What are the main pressures on care services?"
    # a question is no title for a key message: the file says to retitle it
    raw = (lib / "positions" / "care-2025" / "care-2025-q1.yaml").read_text(encoding="utf-8")
    assert "# Its title is the question it answered: retitle it as our view" in raw
    assert q1["lead"] == "Care is underfunded."  # word for word: first sentence, then the rest
    assert q1["body"].startswith(
        "Councils face a gap of £2.5 billion by 2026/27, and 40 per cent of councils expect"
    )
    assert (q1["status"], q1["owner"]) == ("draft", "policy")  # the library's first team
    assert str(q1["last_reviewed"]) == "2025-03-03"  # the date at the top of the document
    gap, share = q1["evidence"]
    assert (gap["figure"], gap["period"], gap["section"]) == ("£2.5 billion", "by 2026/27", "q1")
    assert gap["statement"] == (
        "Councils face a gap of £2.5 billion by 2026/27, and 40 per cent of councils expect "
        "to overspend."
    )
    assert share["figure"] == "40 per cent"
    assert q1["case_studies"][0]["council"] == "Barchester"
    assert q2["asks"] == [
        {
            "text": "Restore the grant to its 2015/16 level in real terms.",
            "timeframe": "quick to do",
        },
        {
            "text": "Fund 5,000 more care workers over the next two years.",
            "timeframe": "quick to do",
        },
    ]
    assert q2["evidence"][0]["figure"] == "5,000"
    assert q2["evidence"][0]["period"] == "over the next two years"
    assert "Restore the grant" not in q2["body"]  # an ask is not repeated in the body
    cited = {c["section"]: c["supports"] for c in q2["sources"]}
    assert cited["q2"] == ["lead"]  # its one sentence; the headings under it are the body
    assert cited["our-asks"] == ["body"] and cited["funding-quick-to-do"] == ["body", "asks"]
    sources = yaml.safe_load((lib / "sources.yaml").read_text(encoding="utf-8"))
    assert sources["care-2025"]["date"] == "2025-03-03"
    assert sources["care-2025"]["title"] == "Our response to the care consultation"
    assert {"q1", "q2", "our-asks", "funding-quick-to-do"} <= set(sources["care-2025"]["sections"])
    assert sources["example-response-2026"]["title"]  # what was there is kept
    text = (lib / "positions" / "care-2025" / "care-2025-q1.yaml").read_text(encoding="utf-8")
    assert "# tags suggested by lga-draft ingest:" in text
    assert "#   adult-social-care: the text names 'care'" not in text  # 'care' is health-and-care's
    assert "health-and-care: the text names 'care'" in text
    passes_check(cli, lib)


BRIEFING = """\
# Briefing: the care plan

17 January 2019

## Key messages

- **Care needs money** Councils need £1 billion a year. Without it services close.
- **Prevention works** Every £1 spent saves £4 later.

## Chapter 1: the plan

The plan sets out a new model for care homes and hospitals.

### LGA views:

- We support the new model, but care homes need 75 per cent more nurses.
"""


def test_a_markdown_briefing_one_position_per_key_message(cli, lib, tmp_path):
    doc = tmp_path / "briefing.md"
    doc.write_text(BRIEFING, encoding="utf-8")
    result = cli("--library", lib, "ingest", doc, "--source", "brief-2019")
    assert result.exit_code == 0, result.output
    got = positions(lib, "brief-2019")
    assert sorted(got) == ["care-needs-money", "chapter-1-the-plan", "prevention-works"]
    money = got["care-needs-money"]
    assert (money["title"], money["lead"]) == ("Care needs money", "Care needs money")
    assert money["body"] == "Councils need £1 billion a year. Without it services close."
    assert str(money["last_reviewed"]) == "2019-01-17"
    assert money["sources"][0]["section"] == "key-messages"
    chapter = got["chapter-1-the-plan"]
    assert chapter["lead"] == "The plan sets out a new model for care homes and hospitals."
    assert "- We support the new model" in chapter["body"]
    assert chapter["evidence"][0]["section"] == "lga-views"
    passes_check(cli, lib)


def test_a_word_document_with_bold_lead_ins_and_asks(cli, lib, tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("Our statement on care", style="Title")
    d.add_paragraph("Issued 5 June 2024.")
    d.add_heading("Key points", level=1)
    p = d.add_paragraph()
    p.add_run("Fund care properly.").bold = True
    p.add_run(" The gap is £3 billion. It grows each year.")
    d.add_heading("Our asks", level=1)
    d.add_paragraph("We ask the government for two things this year and next.")
    d.add_paragraph("Raise care worker pay.", style="List Bullet")
    d.add_paragraph("End the reliance on council tax.", style="List Bullet")
    path = tmp_path / "statement.docx"
    d.save(path)
    result = cli("--library", lib, "ingest", path, "--source", "statement-2024")
    assert result.exit_code == 0, result.output
    got = positions(lib, "statement-2024")
    assert sorted(got) == ["fund-care-properly", "our-asks"]
    assert got["fund-care-properly"]["lead"] == "Fund care properly."
    assert got["fund-care-properly"]["body"] == "The gap is £3 billion. It grows each year."
    assert got["fund-care-properly"]["evidence"][0]["figure"] == "£3 billion"
    assert [a["text"] for a in got["our-asks"]["asks"]] == [
        "Raise care worker pay.",
        "End the reliance on council tax.",
    ]
    assert str(got["our-asks"]["last_reviewed"]) == "2024-06-05"
    passes_check(cli, lib)


KEY_MESSAGES_THEN_ANSWERS = """\
# Our response to the call for evidence on home care

Sent on 14 March 2025.

## Key messages

**Home care needs stable funding.** Providers cannot recruit on one-year contracts.

**Carers need support.** Unpaid carers save the public purse far more than they receive.

## 1. What are the main pressures on home care?

**Recruitment above all.** Travel time is often unpaid, which drives people out of the sector.
"""


def test_key_messages_above_the_first_question_are_a_position_each(cli, lib, tmp_path):
    """A short list of key messages before the answers is the response's argument, not framing
    to leave out; a bold lead-in inside an answer stays the answer's."""
    doc = tmp_path / "home-care.md"
    doc.write_text(KEY_MESSAGES_THEN_ANSWERS, encoding="utf-8")
    result = cli("--library", lib, "ingest", doc, "--source", "home-care-2025")
    assert result.exit_code == 0, result.output
    assert "Providers cannot recruit" not in result.stderr  # not left out
    got = positions(lib, "home-care-2025")
    assert sorted(got) == [
        "carers-need-support",
        "home-care-2025-q1",
        "home-care-needs-stable-funding",
    ]
    funding = got["home-care-needs-stable-funding"]
    assert (funding["title"], funding["lead"]) == (
        "Home care needs stable funding.",
        "Home care needs stable funding.",
    )
    assert funding["body"] == "Providers cannot recruit on one-year contracts."
    assert funding["sources"][0]["section"] == "key-messages"
    assert got["home-care-2025-q1"]["lead"] == "Recruitment above all."
    passes_check(cli, lib)


ASKS_AFTER_A_LEAD_IN = """\
# Our response on funding reform

Submitted on 10 February 2025 by the policy team.

## 1. Do you agree with the objectives?

We agree with the objectives. Funding should follow need.

We ask the Government to:

- Confirm a multi-year settlement.
- Publish the formula before the settlement.

## 2. What else should change?

Grants should be simpler. To end the waste of bidding, we call on the Government to:

- End competitive bidding.
"""


@pytest.mark.parametrize("kind", ["md", "docx"])
def test_the_line_leading_into_asks_is_not_left_dangling_in_the_body(cli, lib, tmp_path, kind):
    """A council's response: "We ask the Government to:" stayed in the body while its asks moved
    to `asks`, so every draft printed it mid-answer with nothing after it."""
    path = tmp_path / f"response.{kind}"
    if kind == "md":
        path.write_text(ASKS_AFTER_A_LEAD_IN, encoding="utf-8")
    else:
        import docx

        d = docx.Document()
        for line in ASKS_AFTER_A_LEAD_IN.splitlines():
            if line.startswith("# "):
                d.add_heading(line[2:], 0)
            elif line.startswith("## "):
                d.add_heading(line[3:], 1)
            elif line.startswith("- "):
                d.add_paragraph(line[2:], style="List Bullet")
            elif line:
                d.add_paragraph(line)
        d.save(path)
    result = cli("--library", lib, "ingest", path, "--source", "funding")
    assert result.exit_code == 0, result.output
    got = positions(lib, "funding")
    q1, q2 = got["funding-q1"], got["funding-q2"]
    assert q1["body"] == "Funding should follow need."
    assert [a["text"] for a in q1["asks"]] == [
        "Confirm a multi-year settlement.",
        "Publish the formula before the settlement.",
    ]
    assert "left out: We ask the Government to:" in result.stderr
    # the asks cite the answer they belong to, not a section named after the line left out
    assert {c["section"] for c in q1["sources"]} == {"q1"}
    sections = yaml.safe_load((lib / "sources.yaml").read_text(encoding="utf-8"))["funding"]
    assert list(sections["sections"]) == ["q1", "q2"]
    # a sentence arguing something before the asks is the team's words: it stays
    assert q2["body"] == "To end the waste of bidding, we call on the Government to:"
    assert [a["text"] for a in q2["asks"]] == ["End competitive bidding."]
    passes_check(cli, lib)


def test_a_councils_own_name_is_its_voice_not_a_case_study(cli, lib, tmp_path):
    """A council ingesting its own response: every paragraph opening with its name ("Northbridge
    Borough Council welcomes ...") became a case study of itself."""
    settings = lib / "library.yaml"
    settings.write_text(
        settings.read_text().replace(
            "name: Your organisation", "name: Northbridge Borough Council", 1
        )
    )
    doc = tmp_path / "response.md"
    doc.write_text(
        "# Our response on funding reform\n\nSubmitted on 10 February 2025.\n\n"
        "## 1. Do you agree with the objectives?\n\n"
        "Northbridge Borough Council welcomes the objectives. Funding should follow need.\n\n"
        "Leeds City Council cut its bidding costs by half when grants were pooled.\n\n"
        "Case study: Northbridge Borough Council. Our bid for warm homes took three months.\n",
        encoding="utf-8",
    )
    result = cli("--library", lib, "ingest", doc, "--source", "funding")
    assert result.exit_code == 0, result.output
    q1 = positions(lib, "funding")["funding-q1"]
    assert q1["lead"] == "Northbridge Borough Council welcomes the objectives."
    assert [c["council"] for c in q1["case_studies"]] == [
        "Leeds City Council",
        "Northbridge Borough Council",  # marked as a case study: it is one
    ]
    passes_check(cli, lib)


def test_a_heading_of_the_questions_rank_that_asks_nothing_is_its_own_section(cli, lib, tmp_path):
    """Questions set as headings, then "## 3. Temporary accommodation" on a topic of the team's
    own: it was swallowed into question 2's answer, asks and all; a subheading stays in it."""
    doc = tmp_path / "response.md"
    doc.write_text(
        "# Our response\n\nSubmitted on 10 February 2025.\n\n"
        "## 1. Do you agree with the objectives?\n\nWe agree. Funding should follow need.\n\n"
        "## 2. How can burdens be reduced?\n\nBidding wastes time.\n\n"
        "### Our example\n\nWe bid fourteen times and won four.\n\n"
        "## 3. Temporary accommodation\n\nIts cost is our fastest-growing pressure.\n\n"
        "We ask the Government to:\n\n- Raise the subsidy rate to current rents.\n",
        encoding="utf-8",
    )
    result = cli("--library", lib, "ingest", doc, "--source", "funding")
    assert result.exit_code == 0, result.output
    got = positions(lib, "funding")
    assert sorted(got) == ["3-temporary-accommodation", "funding-q1", "funding-q2"]
    assert got["funding-q2"]["body"] == "Our example\n\nWe bid fourteen times and won four."
    assert "asks" not in got["funding-q2"]
    section = got["3-temporary-accommodation"]
    assert section["lead"] == "Its cost is our fastest-growing pressure."
    assert [a["text"] for a in section["asks"]] == ["Raise the subsidy rate to current rents."]
    passes_check(cli, lib)


def test_a_line_saying_when_it_was_sent_is_no_lead_of_a_longer_introduction(cli, lib, tmp_path):
    """The sending line above a summary ("Submitted to the Ministry ... on 10 February 2025")
    became the introduction's lead: the key message of the whole response."""
    summary = (
        "We welcome the commitment to reform how councils are funded. The current system rests "
        "on data that is more than ten years old, and it no longer reflects where need falls. "
        "Reform must come with enough money overall: redistributing a shrinking total will not "
        "make any council sustainable, however fairly the formula shares it out."
    )
    doc = tmp_path / "response.md"
    doc.write_text(
        "# Our response on funding reform\n\n"
        "Submitted to the Ministry on 10 February 2025 by the policy team.\n\n"
        f"## Summary\n\n{summary}\n\n"
        "## 1. Do you agree with the objectives?\n\nWe agree. Funding should follow need.\n",
        encoding="utf-8",
    )
    result = cli("--library", lib, "ingest", doc, "--source", "funding")
    assert result.exit_code == 0, result.output
    assert "left out: Submitted to the Ministry on 10 February 2025" in result.stderr
    intro = positions(lib, "funding")["our-response-on-funding-reform"]
    assert intro["lead"] == "We welcome the commitment to reform how councils are funded."
    assert str(intro["last_reviewed"]) == "2025-02-10"  # the date is still the document's


POSITIONS_BY_THEME = """\
Our positions on the white paper

This page summarises our positions on the wide-ranging proposals in the white paper and what we ask.

Integrated care systems

We support integrated care systems as a strong driver for integration.

  • Footprint - We strongly support coterminous footprints. Councils must be involved.
  • Accountability – Mechanisms must be clear and local.
  • Keep bureaucracy to a minimum – ICSs should not add layers.
"""


def test_plain_text_points_led_by_a_label_and_a_dash(cli, lib, tmp_path):
    doc = tmp_path / "positions.txt"
    doc.write_text(POSITIONS_BY_THEME, encoding="utf-8")
    result = cli("--library", lib, "ingest", doc, "--source", "wp-2021", "--date", "2021")
    assert result.exit_code == 0, result.output
    got = positions(lib, "wp-2021")
    assert sorted(got) == [
        "accountability",
        "footprint",
        "integrated-care-systems",
        "keep-bureaucracy-to-a-minimum",
        "our-positions-on-the-white-paper",
    ]
    footprint = got["footprint"]
    assert (footprint["title"], footprint["lead"]) == ("Footprint", "Footprint")
    assert (
        footprint["body"]
        == "We strongly support coterminous footprints. Councils must be involved."
    )
    assert footprint["sources"][0]["section"] == "integrated-care-systems"
    assert got["integrated-care-systems"]["lead"] == (
        "We support integrated care systems as a strong driver for integration."
    )
    assert str(footprint["last_reviewed"]) == "2021-01-01"  # --date 2021: its first day
    passes_check(cli, lib)


PRESS = """\
Councils must be at the heart of the plan for
health, the Local Government Association says today.
More than 1,700 councillors will gather for the
annual conference to debate the plan.
Case studies
Hospital to Community
Bradford Council delivered £47,000 per-person NHS
savings through housing-led support for patients
discharged from hospital.
"""


def test_a_hard_wrapped_press_release(cli, lib, tmp_path):
    doc = tmp_path / "press.txt"
    doc.write_text(PRESS, encoding="utf-8")
    result = cli(
        "--library", lib, "ingest", doc, "--source", "press", "--date", "2025-07-01",
        "--title", "Press release",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    got = positions(lib, "press")
    intro = got["press-release"]
    assert intro["lead"] == (
        "Councils must be at the heart of the plan for health, the Local Government "
        "Association says today."
    )
    assert intro["evidence"][0]["figure"] == "More than 1,700"
    case = got["hospital-to-community"]["case_studies"][0]
    assert (case["council"], case["figure"]) == ("Bradford Council", "£47,000")
    assert case["summary"].startswith("Bradford Council delivered £47,000 per-person NHS savings")
    passes_check(cli, lib)


def test_untagged_when_no_tag_fits(cli, lib, tmp_path):
    doc = tmp_path / "roads.txt"
    doc.write_text(
        "Potholes\n\nRoads need repair. Potholes are everywhere this winter.\n", encoding="utf-8"
    )
    result = cli("--library", lib, "ingest", doc, "--source", "roads", "--date", "2024-01-05")
    assert result.exit_code == 0, result.output
    (got,) = positions(lib, "roads").values()
    assert got["tags"] == ["untagged"]
    tags = yaml.safe_load((lib / "tags.yaml").read_text(encoding="utf-8"))
    assert tags["untagged"]["description"]
    assert "adult-social-care" in tags  # the rest kept
    passes_check(cli, lib)


def test_dry_run_lists_and_writes_nothing(cli, lib, tmp_path):
    doc = tmp_path / "response.txt"
    doc.write_text(RESPONSE, encoding="utf-8")
    before = {p: p.read_bytes() for p in lib.rglob("*") if p.is_file()}
    result = cli("--library", lib, "ingest", doc, "--source", "care-2025", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "would write lib/positions/care-2025/care-2025-q1.yaml" in result.stderr
    assert result.stderr.startswith(  # framing, not argument: said, not silently dropped
        "response.txt:3: left out: Sent on 3 March 2025 by the policy team, with the agreement"
    )
    assert "would write lib/sources.yaml: + 'care-2025'" in result.stderr
    assert {p: p.read_bytes() for p in lib.rglob("*") if p.is_file()} == before


def test_nothing_existing_is_overwritten(cli, lib, tmp_path):
    doc = tmp_path / "roads.txt"
    doc.write_text("Potholes\n\nRoads need care. Fix them.\n", encoding="utf-8")
    folder = lib / "positions" / "roads"
    folder.mkdir()
    (folder / "potholes.yaml").write_text("# mine\n", encoding="utf-8")
    result = cli("--library", lib, "ingest", doc, "--source", "roads", "--date", "2024-01-05")
    assert result.exit_code == 1  # the library has an error (the empty file) and is refused
    assert (folder / "potholes.yaml").read_text(encoding="utf-8") == "# mine\n"
    (folder / "potholes.yaml").unlink()
    (lib / "positions" / "potholes.yaml").write_text(
        (lib / "positions" / "health-and-care" / "example-position.yaml")
        .read_text(encoding="utf-8")
        .replace("id: example-position", "id: potholes"),
        encoding="utf-8",
    )
    (lib / "positions" / "health-and-care" / "example-position.yaml").unlink()
    result = cli("--library", lib, "ingest", doc, "--source", "roads", "--date", "2024-01-05")
    assert result.exit_code == 0, result.output
    assert sorted(positions(lib, "roads")) == ["potholes-2"]  # the id was taken
    again = cli("--library", lib, "ingest", doc, "--source", "roads", "--date", "2024-01-05")
    assert again.exit_code == 1
    assert again.stderr.strip() == (
        "--source: 'roads' is already in sources.yaml; choose another id "
        "(nothing existing is changed)"
    )


def test_bad_input_is_one_line_and_writes_nothing(cli, lib, tmp_path):
    before = {p: p.read_bytes() for p in lib.rglob("*") if p.is_file()}
    undated = tmp_path / "undated.txt"
    undated.write_text("Care\n\nCare needs money. Now.\n", encoding="utf-8")
    result = cli("--library", lib, "ingest", undated, "--source", "x")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "undated.txt: no date found at the top of the document; give --date YYYY-MM-DD "
        "(the date it was sent)"
    )
    pdf = tmp_path / "old.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    result = cli("--library", lib, "ingest", pdf, "--source", "x", "--date", "2024-01-01")
    assert result.stderr.strip() == "old.pdf: PDF cannot be read; copy the text into a .txt file"
    empty = tmp_path / "empty.md"
    empty.write_text("\n\n", encoding="utf-8")
    result = cli("--library", lib, "ingest", empty, "--source", "x", "--date", "2024-01-01")
    assert (result.exit_code, result.stderr.strip()) == (
        1,
        "empty.md: is empty; nothing was written",
    )
    result = cli("--library", lib, "ingest", undated, "--source", "x", "--date", "2024-13-01")
    assert (result.exit_code, result.stderr.strip()) == (
        2,  # a bad option value is the command line's fault, as README's exit codes say
        "--date: '2024-13-01' is not a date as YYYY-MM-DD (or YYYY-MM, YYYY)",
    )
    result = cli("--library", lib, "ingest", undated, "--source", "Not An Id", "--date", "2024")
    assert result.exit_code == 2 and "--source: 'Not An Id' is not an id" in result.stderr
    assert {p: p.read_bytes() for p in lib.rglob("*") if p.is_file()} == before


def test_figures_periods_and_sentences():
    text = (
        "LGA analysis has found that, between July 2015 and 2024, the grant has been reduced "
        "by £858 million (in 2022/23 prices). It is 27 per cent in real terms since 2015/16. "
        "Around 1.2million children, eg. Sure Start, and 112 indicators in 2019 matter."
    )
    first, second, third = sentences(text)
    assert figures(first) == ["£858 million"]
    assert period(first) == "between July 2015 and 2024"
    assert (figures(second), period(second)) == (["27 per cent"], "since 2015/16")
    assert figures(third) == ["Around 1.2million", "112"]  # "2019" is a year, not a count
    assert figures("It fell by over £700 million, more than 1,700 said.") == [
        "over £700 million",
        "more than 1,700",
    ]
    assert figures("The 3 big shifts of the 10 Year Plan by 2028.") == []
    assert figures("From £31-33 billion to 15-20 per cent and 30-50,000 people.") == [
        "£31-33 billion",
        "15-20 per cent",
        "30-50,000",
    ]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are not beside the checkout")
def test_the_seeds_land_in_the_right_shapes(cli, lib):
    change_nhs = next(SEEDS.glob("000_*.txt"))
    result = cli("--library", lib, "ingest", change_nhs, "--source", "change-nhs-2024")
    assert result.exit_code == 0, result.output
    got = positions(lib, "change-nhs-2024")
    assert sorted(got) == [f"change-nhs-2024-q{n}" for n in range(1, 6)]
    assert str(got["change-nhs-2024-q1"]["last_reviewed"]) == "2024-12-02"
    figures_found = {e["figure"] for p in got.values() for e in p.get("evidence", [])}
    assert {"£858 million", "27 per cent", "15-20 per cent", "1.2million"} <= figures_found
    briefing = next(SEEDS.glob("003_*.txt"))
    result = cli("--library", lib, "ingest", briefing, "--source", "ltp-2019")
    assert result.exit_code == 0, result.output
    text = briefing.read_text(encoding="utf-8")
    import re

    messages = re.findall(r"^- \*\*(.+?)\*\*", text, re.M)
    got = positions(lib, "ltp-2019")
    led = sorted(p["title"] for p in got.values() if p["lead"] == p["title"])
    assert led == sorted(messages) and len(messages) == 11
    passes_check(cli, lib)


def test_tags_of_the_closest_approved_position_with_why(cli, tmp_path):
    from conftest import make_library, position

    lib = make_library(
        tmp_path / "team",
        {
            "positions/roads.yaml": position(
                id="roads",
                tags=["care-funding"],
                title="Fix the potholes",
                lead="Potholes on rural roads need repair funding.",
                body="Potholes damage roads, bicycles and buses in every rural county.",
            ),
            "positions/other.yaml": position(id="other", tags=["health"]),
            "positions/third.yaml": position(id="third", title="Libraries", lead="Open them."),
        },
    )
    doc = tmp_path / "roads.txt"
    doc.write_text(
        "Potholes\n\nPotholes on rural roads are worse than ever. Buses and bicycles suffer.\n",
        encoding="utf-8",
    )
    result = cli("--library", lib, "ingest", doc, "--source", "roads-2024", "--date", "2024-05")
    assert result.exit_code == 0, result.output
    path = lib / "positions" / "roads-2024" / "potholes.yaml"
    got = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert got["tags"] == ["care-funding"]
    assert got["owner"] == "team"
    assert str(got["last_reviewed"]) == "2024-05-01"  # --date 2024-05: its first day
    text = path.read_text(encoding="utf-8")
    assert "#   care-funding: tags of the closest approved position 'roads' (score" in text
    assert "shared words: potholes, rural, roads" in text
    passes_check(cli, lib)


def test_a_failed_write_leaves_the_library_as_it_was(cli, lib, tmp_path, monkeypatch):
    from lga_draft.errors import OutputError
    from lga_draft.output import write_atomic

    doc = tmp_path / "response.txt"
    doc.write_text(RESPONSE, encoding="utf-8")
    before = {p: p.read_bytes() for p in lib.rglob("*") if p.is_file()}
    calls = []

    def failing(path, data, *, force, unchanged_since=None):  # the third file cannot be written
        calls.append(path)
        if len(calls) == 3:
            raise OutputError(f"{path.name}: cannot be written (disk full)")
        write_atomic(path, data, force=force, unchanged_since=unchanged_since)

    monkeypatch.setattr("lga_draft.output.write_atomic", failing)
    result = cli("--library", lib, "ingest", doc, "--source", "care-2025")
    assert result.exit_code == 3
    assert result.stderr.strip().splitlines()[-1] == "sources.yaml: cannot be written (disk full)"
    assert {p: p.read_bytes() for p in lib.rglob("*") if p.is_file()} == before
    assert not (lib / "positions" / "care-2025").exists()


def test_question_headings_with_the_question_below(cli, lib, tmp_path):
    doc = tmp_path / "form.md"
    doc.write_text(
        "# Our answers, sent 4 April 2024\n\n## Question 1\n\nShould grants be ring-fenced?\n\n"
        "Yes. Ring-fencing protects prevention.\n\n## Question 2\n\nAnything else?\n\n"
        "No. We have said enough.\n",
        encoding="utf-8",
    )
    result = cli("--library", lib, "ingest", doc, "--source", "form-2024")
    assert result.exit_code == 0, result.output
    got = positions(lib, "form-2024")
    assert [(p["title"], p["lead"], p["body"]) for p in got.values()] == [
        ("Should grants be ring-fenced?", "Yes.", "Ring-fencing protects prevention."),
        ("Anything else?", "No.", "We have said enough."),
    ]
    passes_check(cli, lib)


def test_the_bundled_library_is_never_written(cli, tmp_path):
    doc = tmp_path / "roads.txt"
    doc.write_text("Roads\n\nRoads need repair.\n", encoding="utf-8")
    result = cli("ingest", doc, "--source", "roads", "--date", "2024-01-01")
    assert (result.exit_code, result.stderr.strip()) == (
        1,
        "no library here (no positions/ folder nor library.yaml in this folder or above); "
        "give --library DIR (start one with 'lga-draft init DIR')",
    )


def test_a_numbered_list_of_asks_is_not_a_list_of_questions(cli, lib, tmp_path):
    doc = tmp_path / "asks.md"
    doc.write_text(
        "# What we ask, 1 May 2024\n\n## Our asks\n\nWe ask the government to act now.\n\n"
        "1. Provide funding for prevention.\n2. Ensure councils lead.\n",
        encoding="utf-8",
    )
    result = cli("--library", lib, "ingest", doc, "--source", "asks-2024")
    assert result.exit_code == 0, result.output
    (got,) = positions(lib, "asks-2024").values()
    assert got["title"] == "Our asks"
    assert [a["text"] for a in got["asks"]] == [
        "Provide funding for prevention.",
        "Ensure councils lead.",
    ]
    passes_check(cli, lib)


def test_a_figure_takes_the_period_that_follows_it():
    from lga_draft.team.ingest_text import period

    sentence = "Reserves use rose from 37 per cent in 2021/22 to 72 per cent in 2022/23."
    assert period(sentence, "37 per cent") == "in 2021/22"
    assert period(sentence, "72 per cent") == "in 2022/23"
    assert period("Spending fell by £1 billion between 2015/16 and 2019/20.", "£1 billion") == (
        "between 2015/16 and 2019/20"
    )


def test_sources_edited_while_ingest_ran_are_never_overwritten(cli, lib, tmp_path, monkeypatch):
    """A colleague saves sources.yaml between ingest reading it and writing it: their edit stays."""
    import lga_draft.team.ingest as ingest

    doc = tmp_path / "response.txt"
    doc.write_text(RESPONSE, encoding="utf-8")
    real = ingest.plan_ingest

    def plan_then_edit(*args, **kwargs):
        plan = real(*args, **kwargs)
        with (lib / "sources.yaml").open("a", encoding="utf-8") as f:
            f.write("# a colleague's edit\n")
        return plan

    monkeypatch.setattr(ingest, "plan_ingest", plan_then_edit)
    result = cli("--library", lib, "ingest", doc, "--source", "care-2025")
    assert result.exit_code == 1, result.output
    assert "sources.yaml: changed while ingest ran; nothing was written" in result.stderr
    assert (lib / "sources.yaml").read_text(encoding="utf-8").endswith("# a colleague's edit\n")
    assert not (lib / "positions" / "care-2025").exists()


def test_an_answer_in_lower_case_keeps_its_question(cli, lib, tmp_path):
    """An answer opening "yes, ..." was taken for the rest of a paragraph a page break split:
    joined onto the answer above, its question heading dropped as a running header, unreported
    (or, in plain text, joined onto the question, which then had no answer)."""
    for name, h, q2 in [
        ("r.md", "## ", "Should the duty be extended?"),
        ("r.txt", "", "Please comment"),
    ]:
        doc = tmp_path / name
        doc.write_text(
            f"{h[1:]}Our response\n\nSent on 3 March 2025.\n\n"
            f"{h}1. What are the pressures?\n\nHomelessness is rising.\n\n"
            f"{h}2. {q2}\n\nyes, but only if it is funded.\n\n{h}3. What else?\n\nFund homes.\n",
            encoding="utf-8",
        )
        source = f"h-{doc.suffix[1:]}"
        result = cli("--library", lib, "ingest", doc, "--source", source)
        assert result.exit_code == 0, result.output
        got = positions(lib, source)
        assert sorted(got) == [f"{source}-q1", f"{source}-q2", f"{source}-q3"]
        assert got[f"{source}-q1"]["lead"] == "Homelessness is rising."
        assert got[f"{source}-q2"]["title"] == q2
        assert got[f"{source}-q2"]["lead"] == "yes, but only if it is funded."
    passes_check(cli, lib)


def test_a_running_header_left_out_is_reported(cli, lib, tmp_path):
    doc = tmp_path / "briefing.txt"
    doc.write_text(
        "Our briefing\n\n17 January 2019\n\nCare needs money. Councils need more for the\n\n"
        "Briefing\n\nservices they run. Without it services close.\n",
        encoding="utf-8",
    )
    result = cli("--library", lib, "ingest", doc, "--source", "b-2019")
    assert result.exit_code == 0, result.output
    assert "briefing.txt:7: left out: Briefing (a page's running header)" in result.stderr
    body = " ".join(p["lead"] + " " + p["body"] for p in positions(lib, "b-2019").values())
    assert "Councils need more for the services they run." in body
