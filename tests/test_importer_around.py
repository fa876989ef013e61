"""What a consultation says around its questions, which `new` must not take for them: the
sentences that frame the questions ("This consultation asks for views on the proposals set out
below."), and the procedural parts of a page ("Submitting evidence", "How to respond",
"Deadline") before or after them."""

from __future__ import annotations

from pathlib import Path

import pytest

from lga_draft.questions.asking import asks, framing
from lga_draft.questions.importer import read_questions


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _found(path: Path) -> list[tuple[str, str]]:
    return [(q.number, q.text) for q in read_questions(path).questions]


FRAMES = [
    "This consultation asks for views on the proposals set out below.",
    "The Committee is seeking views on the following:",
    "Views are sought on the proposals below.",
    "We would welcome your views on these proposals.",
    "To inform its inquiry, the Committee invites evidence on the following areas:",
]


@pytest.mark.parametrize("sentence", FRAMES)
def test_a_sentence_framing_the_questions_asks_nothing(sentence):
    assert framing(sentence)
    assert not asks(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Please give your views on the role of councils in prevention.",
        "Please give your views on the following:",  # put to the reader: its parts may follow
        "It also asks what people think is needed to increase innovation.",
        "The Department asks for views on how councils can share data.",
        "Are views sought on the proposals below?",
    ],
)
def test_a_request_on_a_subject_of_its_own_still_asks(sentence):
    assert not framing(sentence)
    assert asks(sentence)


def test_framing_sentences_on_an_unnumbered_page_are_not_questions(tmp_path):
    text = (
        "Public health reform: call for evidence\n\n"
        + "\n\n".join(FRAMES)
        + "\n\nWhat should the priorities for public health be?\n\n"
        "The Committee also asks what more could be done on obesity.\n"
    )
    assert _found(_write(tmp_path, "call.txt", text)) == [
        ("1", "What should the priorities for public health be?"),
        ("2", "The Committee also asks what more could be done on obesity."),
    ]


def test_a_numbered_framing_sentence_is_not_a_question_but_its_lettered_parts_are(tmp_path):
    """A numbered "The Committee is seeking views on the following:" with a. and b. under it: the
    parts are questions 1a and 1b, as published; the sentence introducing them is none."""
    text = (
        "Inquiry into public health\n\n"
        "1. The Committee is seeking views on the following:\n\n"
        "a. the priorities for public health;\n\n"
        "b. the allocation of the public health grant.\n\n"
        "2. This consultation asks for views on the proposals set out below.\n\n"
        "3. How should councils work with the NHS?\n"
    )
    doc = read_questions(_write(tmp_path, "call.txt", text))
    assert [(q.number, q.text) for q in doc.questions] == [
        ("1a", "the priorities for public health;"),
        ("1b", "the allocation of the public health grant."),
        ("3", "How should councils work with the NHS?"),
    ]
    assert doc.not_asked == ()  # they frame the questions: nothing to add back by hand


COMMITTEE_PAGE = """Inquiry into local public health

Health and Social Care Committee

How to submit

1. Please send your submission through the online portal.

2. Please include a short summary at the start.

Have a question about submitting evidence?

Workforce

3. How can councils recruit public health staff?

Funding

4. How should the public health grant be allocated?

Submitting evidence

Please submit evidence by 5 March 2026.

Who can respond?

Anyone with an interest may respond.

Deadline

The deadline is 5 March 2026.
"""


def test_procedural_parts_hold_no_questions_and_are_no_sections(tmp_path):
    """ "How to submit", "Submitting evidence", "Who can respond?" and "Deadline" on a committee's
    page: their requests ("Please include a short summary") are about responding, and the
    questions after them belong to the consultation's own sections."""
    doc = read_questions(_write(tmp_path, "call.txt", COMMITTEE_PAGE))
    assert [(q.number, q.text, q.section) for q in doc.questions] == [
        ("3", "How can councils recruit public health staff?", "Workforce"),
        ("4", "How should the public health grant be allocated?", "Funding"),
    ]
    assert doc.not_asked == ()  # nothing to add back by hand


def test_a_procedural_heading_that_asks_is_no_question(tmp_path):
    """An unnumbered page: "What happens next?" had been its only question, and a request
    under "Submitting your response" is none."""
    text = (
        "# Inquiry into local public health\n\n"
        "The Committee is seeking views on the following:\n\n"
        "- What should the priorities for public health be?\n"
        "- How should the public health grant be allocated?\n\n"
        "## Submitting your response\n\n"
        "- Please keep submissions under 3,000 words.\n"
        "- Can I send evidence by post?\n\n"
        "## What happens next?\n\n"
        "We will publish responses.\n"
    )
    assert _found(_write(tmp_path, "call.md", text)) == [
        ("1", "What should the priorities for public health be?"),
        ("2", "How should the public health grant be allocated?"),
    ]


@pytest.mark.parametrize(
    "name",
    [
        "How to respond",
        "How to submit evidence",
        "Submitting evidence",
        "Submitting your response",
        "Responding to this consultation",
        "Deadline",
        "Closing date",
        "Written evidence guidance",
        "What happens next?",
        "Privacy notice",
        "Privacy",
        "Your personal data",
        "Confidentiality and data protection",
        "Freedom of information",
        "Contact us",
        "Alternative formats",
        "By email",
    ],
)
def test_a_procedural_heading_is_no_section(name):
    from lga_draft.questions.docx_reader import Block
    from lga_draft.questions.sections import heading, procedural

    assert procedural(name)
    assert heading(name.rstrip("?"), Block(name, "line 1", heading=2)) == ""


@pytest.mark.parametrize(
    "name",
    [
        "Workforce",
        "Emergency response",
        "Data sharing",
        "Share your views",
        "Questions",
        "Responding to winter pressures",
        "Sharing data and protecting privacy",
    ],
)
def test_a_subject_or_a_part_holding_the_questions_is_not_procedural(name):
    from lga_draft.questions.sections import procedural

    assert not procedural(name)


def test_questions_under_how_to_respond_alone_are_still_read(tmp_path):
    """A council page that puts its questions straight under "How to respond": read as before,
    rather than finding none."""
    text = (
        "Library opening hours consultation\n\n"
        "How to respond\n\n"
        "Please answer the questions below.\n\n"
        "1. Do you agree with the proposed hours?\n\n"
        "2. Please tell us how the change would affect you.\n"
    )
    assert _found(_write(tmp_path, "survey.txt", text)) == [
        ("1", "Do you agree with the proposed hours?"),
        ("2", "Please tell us how the change would affect you."),
    ]


def test_a_note_on_responding_does_not_join_the_last_point(tmp_path):
    """A page on DHSC's smokefree generation consultation (2023): "If you're responding as an
    individual ..." after the last of its numbered areas had been joined onto it as if it asked
    again ("If not, why not?")."""
    text = (
        "Creating a smokefree generation\n\n"
        "The consultation asks questions in 3 areas, which are:\n\n"
        "1. Creating a smokefree generation: the policy and its scope.\n"
        "2. Tackling youth vaping: several options.\n"
        "3. Enforcement: new powers for local authorities.\n\n"
        "If you're responding on behalf of an organisation, you may upload a document at the end "
        "of the survey.\n"
    )
    found = _found(_write(tmp_path, "areas.txt", text))
    assert found[-1] == ("3", "Enforcement: new powers for local authorities.")


def test_bulleted_questions_are_kept_beside_a_question_given_again_as_an_example(tmp_path):
    """A page on DHSC's consultation on tobacco laws (2019) lists its questions as bullets, then
    gives one again to show the form's choices: that one had been the only question found."""
    text = (
        "The impact of tobacco laws introduced between 2010 and 2016\n\n"
        "Questions include:\n\n"
        "- Do you think the display ban has helped to reduce smoking among children?\n"
        "- Do you think the display ban has encouraged adult smokers to quit?\n"
        "- Have the Smoke-free (Private Vehicles) Regulations helped?\n\n"
        "The format is pretty simple. For example:\n\n"
        "Do you think the display ban has encouraged adult smokers to quit?\n"
        "Yes, I think it has\n"
        "No, I don't think it has\n\n"
        "Closing date is 15th September 2019.\n"
    )
    assert _found(_write(tmp_path, "page.txt", text)) == [
        ("1", "Do you think the display ban has helped to reduce smoking among children?"),
        ("2", "Do you think the display ban has encouraged adult smokers to quit?"),
        ("3", "Have the Smoke-free (Private Vehicles) Regulations helped?"),
    ]


def test_bulleted_questions_beside_a_paragraph_that_asks_are_all_questions(tmp_path):
    text = (
        "Local public health: call for evidence\n\n"
        "- What should the priorities for public health be?\n"
        "- How should the grant be allocated?\n\n"
        "Is there anything else the Committee should consider?\n"
    )
    assert [n for n, _ in _found(_write(tmp_path, "page.txt", text))] == ["1", "2", "3"]


def test_the_last_numbered_area_ends_at_its_sentence_in_text_without_blank_lines(tmp_path):
    """The smokefree generation page copied without blank lines: the note on responding was
    joined onto the third area, which grew too long to be a point and was lost."""
    text = (
        "Creating a smokefree generation\n"
        "The consultation asks questions in 3 areas, which are:\n"
        "1. Creating a smokefree generation: the policy and its scope.\n"
        "2. Tackling youth vaping: several options.\n"
        "3. Enforcement: new powers for local authorities.\n"
        "If you're responding on behalf of an organisation, you may upload a document at the end "
        "of the survey. "
        + "Please do not upload information that could identify anyone. " * 8
        + "\n"
    )
    assert _found(_write(tmp_path, "areas.txt", text)) == [
        ("1", "Creating a smokefree generation: the policy and its scope."),
        ("2", "Tackling youth vaping: several options."),
        ("3", "Enforcement: new powers for local authorities."),
    ]


def test_a_statement_before_a_question_given_again_does_not_join_the_last_question(tmp_path):
    """The tobacco laws page copied without blank lines: "The format is pretty simple. For
    example: Do you think ...?" was joined onto the last question as if it asked again."""
    text = (
        "The impact of tobacco laws\n"
        "Questions include:\n"
        "- Do you think the display ban has helped to reduce smoking among children?\n"
        "- Have the Smoke-free (Private Vehicles) Regulations helped?\n"
        "The format is pretty simple. For example: Do you think the display ban has helped?\n"
        "Closing date is 15th September 2019.\n"
    )
    found = _found(_write(tmp_path, "page.txt", text))
    assert found[-1] == ("2", "Have the Smoke-free (Private Vehicles) Regulations helped?")


def test_questions_under_a_subject_heading_worded_like_a_procedural_one_are_read(tmp_path):
    """ "Responding to winter pressures" and "Sharing data and protecting privacy" are subjects,
    not how to respond or a privacy notice: their unnumbered questions were dropped unsaid."""
    asked = [
        "How should care workers' pay be set, and who should pay for any increase across the sector?",
        "What should councils and their NHS partners do, together and apart, to prepare for winter?",
        "Should people who draw on care be able to opt out of sharing their care records with others?",
    ]
    headings = [
        "Workforce",
        "Responding to winter pressures",
        "Sharing data and protecting privacy",
    ]
    text = "# Consultation on winter planning\n\n" + "".join(
        f"## {h}\n\n{q}\n\n" for h, q in zip(headings, asked, strict=True)
    )
    text += "## How to respond\n\nPlease send your response by email to x@example.gov.uk.\n"
    assert [q for _, q in _found(_write(tmp_path, "call.md", text))] == asked


def test_a_part_headed_like_a_privacy_notice_that_asks_holds_questions(tmp_path):
    """ "Data protection and confidentiality" is a subject in a consultation on sharing care
    records: its first question was dropped unsaid as part of a privacy notice, which asks
    nothing. A privacy notice after the questions is still no part of them."""
    text = (
        "Consultation on care data\n\n"
        "Sharing information\n\n"
        "How should councils share care records with the NHS?\n\n"
        "Data protection and confidentiality\n\n"
        "What safeguards should apply when councils share data about people who draw on care?\n\n"
        "What role should consent play?\n\n"
        "Privacy notice\n\n"
        "We will process your personal data in line with the law. Why do we need it? To analyse "
        "the responses.\n"
    )
    assert [t for _, t in _found(_write(tmp_path, "care-data.txt", text))] == [
        "How should councils share care records with the NHS?",
        "What safeguards should apply when councils share data about people who draw on care?",
        "What role should consent play?",
    ]


def test_bulleted_questions_under_a_call_for_written_submissions_are_read(tmp_path):
    """An officer's reading of a select committee's page (an inquiry on support for carers): its
    questions were bulleted under "Call for written submissions", a heading worded like a part
    on responding, and only the three under a later heading were found; the first seven were
    dropped unsaid. A list on responding that asks briefly is still no part of the questions."""
    asked = [
        "Does the Department give enough support to carers who work or are looking for work?",
        "How could the Department work with employers to support carers more proactively?",
        "What stops carers from taking or keeping paid work, and how could that be reduced?",
    ]
    text = (
        "Support for working carers\n\n"
        "Call for written submissions\n\n"
        "We invite evidence on some or all of the following questions.\n\n"
        + "".join(f"- {q}\n" for q in asked)
        + "\nOn the pilot schemes\n\n"
        "- What lessons have been learnt from the pilot schemes so far?\n"
        "- Is there scope to roll out the successful pilot schemes more widely?\n\n"
        "Submitting your response\n\n"
        "- Please keep submissions under 3,000 words.\n"
        "- Can I send evidence by post?\n"
    )
    found = [q for _, q in _found(_write(tmp_path, "call.txt", text))]
    assert found[:3] == asked
    assert len(found) == 5


def test_bulleted_questions_on_submitting_evidence_do_not_make_their_part_hold_the_questions(
    tmp_path,
):
    """A page's own questions on responding ("- Can I send my submission by post ...?"), long
    enough to pass for a committee's questions, are no part of them: under "How to submit
    evidence" they were read as questions 3 and 4 (the second with the note after it)."""
    asked = [
        "What are the main barriers to paid work faced by unpaid carers today?",
        "How could employers be encouraged to offer carers more flexible working?",
    ]
    text = (
        "Support for working carers\n\n"
        "The Committee invites evidence on the following questions:\n\n"
        + "".join(f"- {q}\n" for q in asked)
        + "\nHow to submit evidence\n\n"
        "- Can I send my submission by post rather than through the online portal?\n"
        "- Will my submission be published on the Committee's website with my name?\n"
        "- Please keep submissions under 3,000 words.\n"
    )
    assert [q for _, q in _found(_write(tmp_path, "call.txt", text))] == asked
