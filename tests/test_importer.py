"""Reading questions from .txt, .md and .docx: numbering styles, multi-line questions, headings,
Word numbered lists, guidance text left out, and bad input refused in one line."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from lga_draft.errors import InputFileError
from lga_draft.questions.docx_reader import Block
from lga_draft.questions.importer import parse_blocks, read_questions


def _questions(path: Path) -> list[tuple[str, str]]:
    return [(q.number, q.text) for q in read_questions(path).questions]


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


STYLES = [
    "{n}. ",
    "{n}) ",
    "Q{n} ",
    "Q{n}: ",
    "Question {n}: ",
    "Question {n}. ",
    "({n}) ",
    "QUESTION {n} - ",
]


@pytest.mark.parametrize("style", STYLES)
def test_each_numbering_style(tmp_path, style):
    text = "\n".join(f"{style.format(n=n)}What should change in area {n}?" for n in (1, 2, 3))
    path = _write(tmp_path, "q.txt", text)
    assert _questions(path) == [(str(n), f"What should change in area {n}?") for n in (1, 2, 3)]


def test_the_consultations_own_numbering_is_kept(tmp_path):
    text = "Q4. Do you agree?\n\nQ7a. Should councils lead?\n\n2.1 How?\n"
    path = _write(tmp_path, "q.txt", text)
    assert [n for n, _ in _questions(path)] == ["4", "7a", "2.1"]


def test_multi_line_questions_are_kept_whole(tmp_path):
    path = _write(
        tmp_path,
        "q.txt",
        (
            "1. What does your organisation see as the biggest challenges\n"
            "   and enablers to move more care from hospitals\n"
            "   to communities?\n"
            "\n"
            "Please explain your answer.\n"
            "\n"
            "2. Anything else?\n"
        ),
    )
    assert _questions(path) == [
        (
            "1",
            "What does your organisation see as the biggest challenges and enablers to move more "
            "care from hospitals to communities? Please explain your answer.",
        ),
        ("2", "Anything else?"),
    ]


def test_guidance_and_titles_are_not_questions_but_kept_as_context(tmp_path):
    path = _write(
        tmp_path,
        "q.md",
        (
            "# Consultation on the future of public health\n\n"
            "This consultation runs for 12 weeks. Responses will be published.\n\n"
            "## 1. Funding\n\n"
            "The grant has fallen in real terms since 2015.\n\n"
            "**Question 1:** Should the public health grant be restored?\n\n"
            "Yes / No / Don't know\n\n"
            "2. The government proposes a new duty on councils.\n\n"
            "3. Do you support the proposed duty?\n"
        ),
    )
    doc = read_questions(path)
    assert doc.title == "Consultation on the future of public health"
    assert doc.preamble == "This consultation runs for 12 weeks. Responses will be published."
    assert [(q.number, q.text) for q in doc.questions] == [
        ("1", "Should the public health grant be restored?"),
        ("3", "Do you support the proposed duty?"),
    ]
    assert doc.questions[0].context == "1. Funding The grant has fallen in real terms since 2015."
    assert doc.questions[1].context == "2. The government proposes a new duty on councils."


def test_an_inquirys_terms_of_reference_are_each_a_question(tmp_path):
    """An officer's reading: a committee listed seven points, five of them phrases ("the scale
    of ..."), and `new` kept only the two that began "what", with no warning."""
    text = (
        "The Committee would welcome views on:\n\n"
        "1. the scale of delayed transfers of care from hospital.\n"
        "2. the impact of delays on the individual and on services;\n"
        "3. what has worked in supporting hospital discharge.\n"
        "4. Progress to date delivering the programme;\n"
    )
    found = _questions(_write(tmp_path, "q.txt", text))
    assert [n for n, _ in found] == ["1", "2", "3", "4"]
    assert found[0][1] == "the scale of delayed transfers of care from hospital."


def test_terms_of_reference_that_ask_nothing_are_taken_as_the_questions(tmp_path):
    """An officer's reading: a committee's six points, noun phrases under headings of their own
    ("3. Recent public spending on services covering the First 1000 Days."), and `new` wrote
    nothing: "no questions found (looked for ... '1.' ...)"."""
    text = (
        "First 1000 days of life\n\n"
        "National strategy\n\n"
        "1. The top priorities for a national strategy.\n"
        "2. The current roles and responsibilities across Whitehall.\n\n"
        "Current spending\n\n"
        "3. Recent public spending on services covering the First 1000 Days.\n"
    )
    doc = read_questions(_write(tmp_path, "q.txt", text))
    assert [(q.number, q.text) for q in doc.questions] == [
        ("1", "The top priorities for a national strategy."),
        ("2", "The current roles and responsibilities across Whitehall."),
        ("3", "Recent public spending on services covering the First 1000 Days."),
    ]
    assert doc.points == "numbered point(s)"
    assert doc.questions[2].context == "Current spending"  # the heading over it, as context
    assert not read_questions(_write(tmp_path, "asks.txt", text + "4. What works?\n")).points


@pytest.mark.parametrize(
    ("items", "kept"),
    [
        (
            ["the autonomy of integrated care systems;", "how ICSs are held to account."],
            ["the autonomy of integrated care systems;", "how ICSs are held to account."],
        ),
        (
            ["What works in prevention?", "Send your views by email.", "How is it paid for?"],
            ["What works in prevention?", "How is it paid for?"],  # those that ask, if any do
        ),
    ],
)
def test_terms_of_reference_as_bullets_are_taken_as_the_questions(tmp_path, items, kept):
    """A committee's terms of reference as a bulleted list, asking or not: `new` wrote nothing."""
    text = "The Committee invites evidence on:\n\n" + "".join(f"- {t}\n" for t in items)
    doc = read_questions(_write(tmp_path, "q.txt", text))
    assert [(q.number, q.text) for q in doc.questions] == [
        (str(n), t) for n, t in enumerate(kept, 1)
    ]
    assert doc.points == "bulleted item(s)"
    assert doc.preamble == "The Committee invites evidence on:"  # kept, as a comment


def test_a_term_of_reference_asked_with_a_note_on_what_it_covers_is_a_question(tmp_path):
    """An officer's reading of a select committee's terms of reference (2019): four of its seven
    bulleted questions went on to say what they covered ("How effective is treatment? This
    refers to ..."), ended in a full stop, and were lost, only the three ending in "?" taken. A
    bulleted note that only follows a question ("Have a question? Email us ...") is not one."""
    items = [
        "What is the extent of the harm?",
        "How effective is treatment provision? This refers to both health services and wider "
        "agencies.",
        "Is policy geared towards treatment? This includes the extent to which health comes first.",
        "What would a good response look like?",
    ]
    text = (
        "The Committee sought written submissions including on:\n\n"
        + "".join(f"• {t}\n" for t in items)
        + "• Have a question? Email the clerk at committee@example.org.\n"
    )
    doc = read_questions(_write(tmp_path, "q.txt", text))
    assert [q.text for q in doc.questions] == items
    assert doc.points == "bulleted item(s)"


NESTED = [
    "What can be done to reduce bureaucracy in general practice?",
    "How can the current model be made more sustainable? In particular:",
    "Whether the partnership model is sustainable?",
    "Whether contracting and payment systems encourage integrated care?",
    "What would a good workforce plan contain?",
]


@pytest.mark.parametrize(("name", "indent"), [("q.txt", "    "), ("q.md", "  "), ("q.txt", "\t")])
def test_bulleted_questions_nested_under_one_are_its_parts(tmp_path, name, indent):
    """An officer's reading of a select committee's terms of reference (2021): "How can the
    current model of general practice be improved ...? In particular:" with four bulleted
    questions indented under it came out as questions 2 to 6, each answered alone and the stem
    answered with whatever fitted its four; they are its parts, 2a to 2d, as lettered ones are."""
    lead, stem, part1, part2, last = NESTED
    text = (
        "The new inquiry will examine a number of key areas:\n\n"
        f"- {lead}\n- {stem}\n{indent}- {part1}\n{indent}- {part2}\n- {last}\n"
    )
    found = _questions(_write(tmp_path, name, text))
    assert found == [("1", lead), ("2", stem), ("2a", part1), ("2b", part2), ("3", last)]


def test_bulleted_questions_nested_under_an_item_that_asks_nothing_are_questions(tmp_path):
    """A reviewer's probe: questions indented under a bulleted label ("- Housing:") were lettered
    as parts of the bulleted question above the label (1c, 1d), which they are not under."""
    lead, stem, part1, part2, last = NESTED
    text = (
        "The new inquiry will examine a number of key areas:\n\n"
        f"- {stem}\n    - {part1}\n- Workforce:\n    - {lead}\n    - {last}\n"
    )
    found = _questions(_write(tmp_path, "q.txt", text))
    assert found == [("1", stem), ("1a", part1), ("2", lead), ("3", last)]


def test_bulleted_questions_all_indented_alike_are_numbered_in_order(tmp_path):
    """A list indented as a whole under its framing sentence has no parts."""
    text = "We ask:\n\n" + "".join(f"  - {q}\n" for q in NESTED[:3])
    assert [n for n, _ in _questions(_write(tmp_path, "q.txt", text))] == ["1", "2", "3"]


@pytest.mark.parametrize(
    "note",
    [
        "Have a question? Contact the committee office on 020 7219 3000.",
        "Have a question? Call the clerk's office.",
        "Have you a question? Ring 0300 123 4567.",
    ],
)
def test_a_note_after_a_question_giving_whom_to_ask_is_no_question(tmp_path, note):
    """A bulleted note naming whom to ask ("Have a question? Contact the committee office on
    ..."), not only one giving an email address, is not a term of reference asked with a note."""
    items = [
        "What is the extent of the harm?",
        "How effective is treatment provision? This refers to both health services and wider "
        "agencies.",
    ]
    text = (
        "The Committee sought written submissions including on:\n\n"
        + "".join(f"• {t}\n" for t in items)
        + f"• {note}\n"
    )
    assert [q.text for q in read_questions(_write(tmp_path, "q.txt", text)).questions] == items


@pytest.mark.parametrize("mark", ["NEW ", "NEW: ", "New: ", "(New) ", "[NEW] ", "NEW - "])
def test_a_committees_mark_on_an_added_term_of_reference_is_not_its_text(tmp_path, mark):
    """A reopened inquiry marks the point it added to its terms of reference ("NEW What further
    reforms are needed ...?"): the mark is the page's, not the question's, and its word "new"
    must not match positions on new duties; "New homes" opening a question is its text."""
    text = (
        "Terms of reference:\n\n"
        "- What impact is the funding situation having on the NHS?\n"
        f"- {mark}What further reforms are needed to the funding system in the long term?\n"
        "- New homes: how many are needed?\n"
    )
    doc = read_questions(_write(tmp_path, "q.txt", text))
    assert [q.text for q in doc.questions] == [
        "What impact is the funding situation having on the NHS?",
        "What further reforms are needed to the funding system in the long term?",
        "New homes: how many are needed?",
    ]


def test_web_page_text_without_blank_lines(tmp_path):
    """A probe of real consultation pages: copied from a web page, their lines have no blank line
    between them, and the sentence after the last question was joined onto it (which then asked
    nothing and was lost), as the first paragraph was onto the title."""
    text = (
        "Adult social care: the cost of inaction\n"
        "The Committee has launched an inquiry into the cost of inaction.\n"
        "- What is inaction costing the NHS?\n"
        "- Where is the cost borne most?\n"
        "The closing date to submit evidence is 1 March.\n"
    )
    doc = read_questions(_write(tmp_path, "q.txt", text))
    assert doc.title == "Adult social care: the cost of inaction"
    assert [q.text for q in doc.questions] == [
        "What is inaction costing the NHS?",
        "Where is the cost borne most?",
    ]


def test_a_first_sentence_wrapped_after_a_preposition_is_not_a_title(tmp_path):
    """A second reader: "The Government is consulting councils about" / "Council Tax Reduction
    schemes from April 2026." was split, its first line taken for the title."""
    text = (
        "The Government is consulting councils about\n"
        "Council Tax Reduction schemes from April 2026.\n\n"
        "1. Do you agree with the proposals?\n"
    )
    doc = read_questions(_write(tmp_path, "q.txt", text))
    assert doc.title is None
    assert doc.preamble == (
        "The Government is consulting councils about Council Tax Reduction schemes from April 2026."
    )


def test_a_title_wrapped_over_three_lines_keeps_the_issuer_under_it(tmp_path):
    """The title's lines are joined only when its block ends: whether the issuer's line follows
    a wrapped title is asked of the line before it, not of the title's first line ("... on the")."""
    text = (
        "Consultation on the\n"
        "future of local audit\n"
        "Department for Levelling Up, Housing and Communities\n\n"
        "1. Do you agree with the proposals?\n"
    )
    doc = read_questions(_write(tmp_path, "q.txt", text))
    assert doc.title == "Consultation on the future of local audit"
    assert doc.issued_by == "Department for Levelling Up, Housing and Communities"


@pytest.mark.parametrize(
    "issuer",
    [
        "NHS England and NHS Improvement",
        "NHS England",
        "Public Health England",
        "Care Quality Commission",
    ],
)
def test_the_national_health_bodies_consulting_are_the_issuer_not_the_title(tmp_path, issuer):
    """An officer's probe: NHS England and NHS Improvement's "Integrating care" engagement (2020)
    came out titled "Integrating care: Next steps ... across England NHS England and NHS
    Improvement", and `issued_by` was left to fill in."""
    text = (
        "Integrating care: Next steps to building strong and effective integrated care systems"
        f" across England\n{issuer}\n\n1. Do you agree with the proposals?\n"
    )
    doc = read_questions(_write(tmp_path, "q.txt", text))
    assert doc.title == (
        "Integrating care: Next steps to building strong and effective integrated care systems"
        " across England"
    )
    assert doc.issued_by == issuer


def test_a_title_about_the_nhs_is_still_the_title(tmp_path):
    text = "NHS Long Term Plan implementation framework\n\n1. Do you agree with the proposals?\n"
    doc = read_questions(_write(tmp_path, "q.txt", text))
    assert doc.title == "NHS Long Term Plan implementation framework" and doc.issued_by is None


def test_an_online_surveys_marks_are_not_the_questions_text(tmp_path):
    """SurveyMonkey and SmartSurvey mark a required question with a star before its number or
    after it, and a line "This question requires an answer" or "(Required)"; North Tyneside's
    survey runs its label into the question ("Q1To what extent ...")."""
    text = (
        "This question requires an answer\n"
        "* 1. Should we freeze car parking charges? *\n"
        "(Required)\n"
        "* 2. The Council will keep its grants. Do you agree or disagree with this?:\n"
        "*\n"
        "Q3To what extent do you agree that the scheme should change?\n"
    )
    doc = read_questions(_write(tmp_path, "q.txt", text))
    assert [(q.number, q.text) for q in doc.questions] == [
        ("1", "Should we freeze car parking charges?"),
        ("2", "The Council will keep its grants. Do you agree or disagree with this?"),
        ("3", "To what extent do you agree that the scheme should change?"),
    ]
    assert doc.title is None


def test_a_forms_questions_about_the_respondent_are_left_out_and_named(tmp_path):
    text = (
        "1. Do you support the proposed scheme?\n\n"
        "2. Please tell us your name?\n\n"
        "3. What is your postcode (please write this in the box)\n\n"
        "4. Which of the following best describes your ethnic origin?\n\n"
        "5. What does your organisation want the scheme to include?\n"
    )
    doc = read_questions(_write(tmp_path, "q.txt", text))
    assert [q.number for q in doc.questions] == ["1", "5"]
    assert doc.about_you == ("2", "3", "4")
    # a second reader: policy questions that mention such things are questions
    policy = (
        "1. Should the postcode lottery in care be ended?\n\n"
        "2. What challenges does the organisation you represent face?\n\n"
        "3. How can councils reduce differences between ethnic groups in health?\n\n"
        "4. Are you affected by the proposed changes to council tax support?\n"
    )
    doc = read_questions(_write(tmp_path, "policy.txt", policy))
    assert [q.number for q in doc.questions] == ["1", "2", "3", "4"] and not doc.about_you


@pytest.mark.parametrize(
    "field",
    [
        "Which age group are you in?",
        "Which ethnic group do you belong to?",
        "Please state whether you are responding as an individual or on behalf of an organisation?",
        "Please provide a contact telephone number.",
        "Do you consider yourself as having a disability?",
        "Please tell us if you are impacted by any of the following (Please select any that apply):",
        "Do any of the following apply to you?",
        # Word writes the apostrophe curly
        "Please tell us if you’re affected by any of the following:",
        "Please confirm whether you’re responding on behalf of an organisation.",
    ],
)
def test_a_forms_field_asked_without_your_is_still_about_the_respondent(tmp_path, field):
    """Equality-monitoring fields as forms word them, left out before respondent fields had to
    say "your", must not come back as questions to draft."""
    text = f"1. Do you support the proposed scheme?\n\n2. {field}\n"
    doc = read_questions(_write(tmp_path, "q.txt", text))
    assert [q.number for q in doc.questions] == ["1"]
    assert doc.about_you == ("2",)


def test_a_note_after_the_last_point_and_a_pages_label_are_not_questions_or_title(tmp_path):
    text = (
        "Open consultation\n\n"
        "Tackling homelessness\n\n"
        "The Committee invites evidence on:\n\n"
        "- the extent and causes of homelessness;\n"
        "- the response of and support for local authorities.\n\n"
        "Please note that the Committee cannot consider individual cases.\n"
    )
    doc = read_questions(_write(tmp_path, "q.txt", text))
    assert doc.title == "Tackling homelessness"
    assert doc.questions[-1].text == "the response of and support for local authorities."


def test_a_committee_pages_label_before_the_inquiry_name_is_not_part_of_the_title(tmp_path):
    text = (
        "New Inquiry: The funding of council services\n"
        "House of Commons Example Committee\n\n"
        "The Committee invites evidence on:\n\n"
        "- what councils need from the next settlement;\n"
        "- how demand for services has changed.\n"
    )
    doc = read_questions(_write(tmp_path, "q.txt", text))
    assert doc.title == "The funding of council services"
    lower = read_questions(_write(tmp_path, "r.txt", text.replace("The funding", "the funding")))
    assert lower.title == "The funding of council services"  # a name starts with a capital
    # a title that merely contains the words keeps them
    kept = read_questions(
        _write(tmp_path, "s.txt", text.replace("New Inquiry: ", "A new inquiry into "))
    )
    assert kept.title == "A new inquiry into The funding of council services"


def test_govuks_consultation_document_label_is_not_the_titles_last_words(tmp_path):
    """An officer's reading: DHSC's prevention green paper copied from GOV.UK (2019) gave the
    response the title "Advancing our health: prevention in the 2020s – consultation document",
    the page's name, on the cover and in the table under it."""
    text = (
        "Closed consultation\n\n"
        "Advancing our health: prevention in the 2020s – consultation document\n\n"
        "Department of Health and Social Care\n\n"
        "1. How can we do more to support mothers to breastfeed?\n"
    )
    doc = read_questions(_write(tmp_path, "q.txt", text))
    assert doc.title == "Advancing our health: prevention in the 2020s"
    assert doc.issued_by == "Department of Health and Social Care"
    colon = text.replace(" – consultation document", ": consultation paper")
    assert read_questions(_write(tmp_path, "r.txt", colon)).title == doc.title
    # a title that only names the document keeps it, and one that goes on is left whole
    bare = "Consultation document\n\n1. How can we do more to support mothers to breastfeed?\n"
    assert read_questions(_write(tmp_path, "s.txt", bare)).title == "Consultation document"
    on = text.replace("– consultation document", "– consultation document on breastfeeding")
    assert read_questions(_write(tmp_path, "t.txt", on)).title.endswith("on breastfeeding")


def test_a_title_with_a_long_run_of_spaces_is_read_in_one_pass():
    """A search for "– consultation document" at the title's end started again from each space
    of a run: quadratic, about two minutes for a run of 100,000 (a heading of an untrusted file)."""
    from lga_draft.questions.masthead import unlabelled

    spaces = " " * 100_000
    assert unlabelled(f"Care{spaces}funding") == f"Care{spaces}funding"
    assert unlabelled(f"Care funding{spaces}–{spaces}consultation document") == "Care funding"


def test_a_committee_named_in_a_news_pages_opening_sentence_is_who_consults(tmp_path):
    text = (
        "New inquiry: The funding of council services\n\n"
        "27 October 2020\n\n"
        "The Housing, Communities and Local Government Committee has launched a new inquiry into "
        "the funding of council services.\n\n"
        "The Committee invites evidence on the following issues:\n\n"
        "- what councils need from the next settlement;\n"
        "- how demand for services has changed.\n"
    )
    doc = read_questions(_write(tmp_path, "q.txt", text))
    assert doc.issued_by == "Housing, Communities and Local Government Committee"
    # "The Committee" names no committee; a committee mentioned later is not the one consulting
    vague = text.replace("The Housing, Communities and Local Government Committee", "The Committee")
    assert read_questions(_write(tmp_path, "r.txt", vague)).issued_by is None
    later = vague.replace("- how demand", "- what the Health Committee has launched;\n- how demand")
    assert read_questions(_write(tmp_path, "s.txt", later)).issued_by is None


def test_a_pages_label_copied_with_no_blank_line_is_not_the_titles_first_words(tmp_path):
    """GOV.UK's page copied as text: the label, the title and the department on lines of their
    own, no blank line between them, gave the title "Open consultation The Fair Funding ..."."""
    text = (
        "Open consultation\n"
        "The Fair Funding Review 2.0\n"
        "Ministry of Housing, Communities and Local Government\n"
        "Applies to England\n\n"
        "Question 1. What are your views on the use of mitigations to avoid zero allocations?\n"
    )
    doc = read_questions(_write(tmp_path, "q.txt", text))
    assert doc.title == "The Fair Funding Review 2.0"
    assert doc.issued_by == "Ministry of Housing, Communities and Local Government"
    assert [q.number for q in doc.questions] == ["1"]


def test_lettered_parts_are_numbered_under_their_question(tmp_path):
    """A probe of real forms: a committee's "1. ... submitters may wish to address:" with its
    points "a." to "d." under it found nothing ("no questions found"); a Word list's "(a)" under
    question 2 was numbered "a", the next "(a)" "a (2)"; the choices "a. Yes b. No" were glued
    into their question."""
    text = (
        "1. The Committee invites submissions on council finances. You may wish to address:\n"
        "   a. the scale of the problem;\n"
        "   b. What measures could help?\n\n"
        "2. Did you vote in May 2017?\n"
        "   a. Yes\n"
        "   b. No\n\n"
        "3. The Government proposes two options:\n"
        "   a. a levy;\n"
        "   b. a grant.\n\n"
        "4. Which do you prefer?\n\n"
        "5. Which of the following should be the priority?\n"
        "   (a) housing\n"
        "   (b) adult social care\n"
    )
    doc = read_questions(_write(tmp_path, "q.md", text))
    assert [(q.number, q.text, q.options) for q in doc.questions] == [
        (
            "1",
            "The Committee invites submissions on council finances. You may wish to address:",
            (),
        ),
        ("1a", "the scale of the problem;", ()),
        ("1b", "What measures could help?", ()),
        ("2", "Did you vote in May 2017?", ("Yes", "No")),
        ("4", "Which do you prefer?", ()),  # 3 and its parts are the consultation's own text
        ("5", "Which of the following should be the priority?", ("housing", "adult social care")),
    ]
    blocks = [
        Block("Do you feel householders should recycle?", "paragraph 1", number="2"),
        Block("If yes, which method would work best?", "paragraph 2", number="a"),
        Block("How often do you use the centre?", "paragraph 3", number="5"),
        Block("How satisfied are you with it?", "paragraph 4", number="a"),
    ]
    numbers = [q.number for q in parse_blocks(blocks, tmp_path / "q.docx").questions]
    assert numbers == ["2", "2a", "5", "5a"]


def test_a_forms_ticks_limits_and_notes(tmp_path):
    """A probe of real forms: tick boxes with the form's own choices, one to a line or on one,
    were lost; "Maximum 250 words" and "Character limit: 1500" were kept as text, not limits;
    "Please select one only:" was glued to its question."""
    text = (
        "Question 1: How much did you know about devolution? Please select one only:\n"
        "☐ A great deal\n☐ Just a little\n☐ Never heard of it\n\n"
        "Question 2: Do you agree that we should change paragraph 61?\n"
        "☐ Yes   ☐ No\nPlease explain your answer.\nMaximum 250 words\n\n"
        "Question 3: We estimate the cost at £5 million. Do you agree with this estimate? "
        "Please explain. Character limit: 1500\n"
    )
    doc = read_questions(_write(tmp_path, "q.txt", text))
    q1, q2, q3 = doc.questions
    assert (q1.text, q1.options) == (
        "How much did you know about devolution?",
        ("A great deal", "Just a little", "Never heard of it"),
    )
    assert (q2.options, q2.words, q2.max_chars) == (("Yes", "No"), 250, None)
    assert q2.text.endswith("paragraph 61? Please explain your answer.")
    assert (q3.options, q3.words, q3.max_chars) == (("Agree", "Disagree"), None, 1500)
    assert q3.text.endswith("this estimate? Please explain.")


def test_an_online_surveys_buttons_copied_from_the_page_are_its_choices(tmp_path):
    """An officer's copy of an online survey: radio buttons come as circles, one to a line, or
    as one row of labels with only spaces between them, and "I don't know" is a choice. They were
    taken for the consultation's text before the next question, and "( ) I don't know" broke the
    box, so the limit of the answer box under it was lost as well."""
    text = (
        "1. Should the licence fee be set nationally?\n"
        "○ Yes\n○ No\n○ Don't know\n\n"
        "2. Do you agree or disagree that market stalls should be licensed?\n"
        "( ) Agree\n( ) Disagree\n( ) I don't know\n"
        "Please explain your answer (maximum 500 characters)\n\n"
        "3. Do you agree or disagree with the proposed fee?\n"
        "Agree    Disagree    Don't know\n"
        "Please give your reasons. Character limit: 1500\n"
    )
    q1, q2, q3 = read_questions(_write(tmp_path, "q.txt", text)).questions
    assert (q1.options, q1.context) == (("Yes", "No", "Don't know"), None)
    assert (q2.options, q2.max_chars) == (("Agree", "Disagree", "I don't know"), 500)
    assert q2.context is None
    assert q2.text.endswith("licensed? Please explain your answer")
    assert (q3.options, q3.max_chars, q3.context) == (
        ("Agree", "Disagree", "Don't know"),
        1500,
        None,
    )


def test_a_forms_choice_is_kept_with_its_question_and_free_text_boxes_are_dropped(tmp_path):
    """An officer's reading of a government consultation: "Agree – Neither agree nor disagree –
    Disagree" after the last question was lost, and "(Free text)" after the first was taken for
    the consultation's text before the second."""
    text = (
        "Question 1. What are your views on zero allocations?\n\n(Free text)\n\n"
        "Question 2. Do you agree with how the government proposes to do it?\n\n"
        "Agree – Neither agree nor disagree – Disagree\n\n"
        "Question 3. Do you agree with the timetable?\n\n"
        "Question 4. Should councils decide? ☐ Yes ☐ No\n"
    )
    doc = read_questions(_write(tmp_path, "q.txt", text))
    assert [q.options for q in doc.questions] == [
        (),
        ("Agree", "Neither agree nor disagree", "Disagree"),
        ("Agree", "Disagree"),  # asked whether we agree, with no box under it
        ("Yes", "No"),  # a box on the question's own line
    ]
    assert doc.questions[3].text == "Should councils decide?"
    assert doc.questions[1].context is None  # "(Free text)" is the first question's box
    assert doc.questions[1].text.endswith("proposes to do it?")


def test_numbered_sentences_of_the_documents_own_text_stay_context(tmp_path):
    text = (
        "1. The Government proposes a new duty on councils.\n"
        "2. The duty would start in April.\n"
        "3. Do you agree with the proposed duty?\n"
    )
    found = _questions(_write(tmp_path, "q.txt", text))
    assert found == [("3", "Do you agree with the proposed duty?")]


def test_question_headings_take_the_next_paragraph(tmp_path):
    path = _write(
        tmp_path,
        "q.md",
        (
            "# Questions\n\n## Question 3\n\nHow should integrated care boards\ninvolve councils?\n\n"
            "## Question 4\n\nWhat else?\n\n## Are there other views?\n"
        ),
    )
    assert _questions(path) == [
        ("3", "How should integrated care boards involve councils?"),
        ("4", "What else?"),
        ("5", "Are there other views?"),
    ]


def test_unnumbered_questions_fall_back_to_question_marks(tmp_path):
    text = "Our consultation\n\nWhat should we do?\n\nWe think X.\n\nWhy?\n"
    path = _write(tmp_path, "q.txt", text)
    assert _questions(path) == [("1", "What should we do?"), ("2", "Why?")]


def test_numbers_used_twice_are_told_apart(tmp_path):
    path = _write(tmp_path, "q.txt", "Part A\n1. What?\n2. Why?\nPart B\n1. How?\n")
    assert [n for n, _ in _questions(path)] == ["1", "2", "1 (2)"]


def test_windows_text_and_markdown_emphasis(tmp_path):
    path = tmp_path / "q.md"
    text = "1. What about the council’s role?\r\n2. __Should__ it change?\r\n"
    path.write_bytes(text.encode("cp1252"))
    assert _questions(path) == [("1", "What about the council’s role?"), ("2", "Should it change?")]


def test_the_change_nhs_submission_yields_its_five_questions(tmp_path):
    from conftest import SEEDS

    seed = SEEDS / "000_84e954f0802abbf5.txt"
    if not seed.exists():
        pytest.skip("seeds not present")
    copy = tmp_path / "change-nhs.txt"
    copy.write_bytes(seed.read_bytes())
    found = _questions(copy)
    assert [n for n, _ in found] == ["1", "2", "3", "4", "5"]
    assert found[1][1].startswith(
        "What does your organisation see as the biggest challenges and "
        "enablers to move more care from hospitals to communities?"
    )


# ---- Word


def _numbered_list(doc, start: int = 1) -> int:
    """Add a decimal list definition "%1." starting at `start`; return its numId."""
    numbering = doc.part.numbering_part.element
    abstract_id, num_id = 90, 91
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            f'<w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="decimal"/>'
            '<w:lvlText w:val="%1."/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
            '<w:lvlText w:val="%1%2)"/></w:lvl></w:abstractNum>'
        ),
    )
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}">'
            f'<w:abstractNumId w:val="{abstract_id}"/></w:num>'
        )
    )
    return num_id


def _list_item(doc, text: str, num_id: int, level: int = 0):
    p = doc.add_paragraph(text)
    p._p.get_or_add_pPr().append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
        )
    )
    return p


def test_word_numbered_lists_keep_the_number_word_shows(tmp_path):
    doc = Document()
    doc.add_heading("Consultation on care", level=0)
    doc.add_paragraph("Read the guidance before answering.")
    num = _numbered_list(doc, start=4)
    _list_item(doc, "Do you agree with the proposal?", num)
    _list_item(doc, "If not, what would you change?", num, level=1)
    doc.add_paragraph("The proposals in chapter 3 concern funding.")
    _list_item(doc, "How should care be funded?", num)
    path = tmp_path / "q.docx"
    doc.save(path)
    result = read_questions(path)
    assert result.title == "Consultation on care"
    assert [(q.number, q.text) for q in result.questions] == [
        ("4", "Do you agree with the proposal?"),
        ("4a", "If not, what would you change?"),
        ("5", "How should care be funded?"),
    ]
    assert result.questions[2].context == "The proposals in chapter 3 concern funding."


def test_word_list_number_style_and_headings_and_tables(tmp_path):
    doc = Document()
    doc.add_heading("Question 1", level=2)
    doc.add_paragraph("Should integrated care boards\nhave a mandated membership?")
    doc.add_paragraph("What role for councils?", style="List Number")
    doc.add_paragraph("A statement, not a question", style="List Number")
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Q9"
    table.cell(0, 1).text = "Any other comments?"
    path = tmp_path / "q.docx"
    doc.save(path)
    found = _questions(path)
    assert found[0] == ("1", "Should integrated care boards have a mandated membership?")
    assert found[1][1] == "What role for councils?"
    assert "A statement, not a question" not in [t for _, t in found]
    assert found[-1] == ("9", "Any other comments?")


def _bullet_list(doc) -> int:
    """Add a bulleted list definition with two levels; return its numId."""
    numbering = doc.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{k}"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>'
        for k in (0, 1)
    )
    numbering.insert(
        0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="80">{levels}</w:abstractNum>')
    )
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="81"><w:abstractNumId w:val="80"/></w:num>')
    )
    return 81


def test_word_bullets_a_level_down_are_parts_of_the_question_above(tmp_path):
    """The same terms of reference saved from Word: the level-2 bullets are 2a and 2b."""
    doc = Document()
    doc.add_paragraph("The new inquiry will examine a number of key areas:")
    bullets = _bullet_list(doc)
    lead, stem, part1, part2, last = NESTED
    for text, level in ((lead, 0), (stem, 0), (part1, 1), (part2, 1), (last, 0)):
        _list_item(doc, text, bullets, level)
    path = tmp_path / "q.docx"
    doc.save(path)
    assert _questions(path) == [
        ("1", lead),
        ("2", stem),
        ("2a", part1),
        ("2b", part2),
        ("3", last),
    ]


def test_bullets_in_word_are_not_questions(tmp_path):
    doc = Document()
    doc.add_paragraph("1. What should change?")
    doc.add_paragraph("Do you agree?", style="List Bullet")
    path = tmp_path / "q.docx"
    doc.save(path)
    assert _questions(path) == [("1", "What should change? Do you agree?")]


# ---- bad input: one line each, naming the file


def _error(path: Path) -> str:
    with pytest.raises(InputFileError) as info:
        read_questions(path)
    message = info.value.message
    assert "\n" not in message
    return message


def test_empty_file(tmp_path):
    path = _write(tmp_path, "empty.txt", "\n  \n")
    assert _error(path) == "empty.txt: is empty; nothing was written"


def test_no_questions(tmp_path):
    message = _error(_write(tmp_path, "notes.md", "# Notes\n\nWe met on Tuesday.\n"))
    assert message == (
        "notes.md: no questions found (looked for 'Question 1', 'Q1', '1.', "
        "'1)' and numbered lists); nothing was written"
    )


def test_corrupt_docx(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    assert _error(path) == "broken.docx: not a Word .docx document (not a zip archive)"


def test_zip_without_a_document_is_refused(tmp_path):
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert _error(path).startswith("other.docx: the .docx is corrupt (")


def test_docx_that_python_docx_cannot_open(tmp_path):
    path = tmp_path / "bad.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<not-xml")
    assert _error(path).startswith("bad.docx: the .docx is corrupt (")


def test_zip_bomb_is_refused_unread(tmp_path):
    """A member declaring a huge uncompressed size is refused before anything is inflated."""
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open("word/huge.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(60):  # 60 MiB of zeros deflate to about 60 KiB
                member.write(chunk)
    assert path.stat().st_size < 1024 * 1024
    assert _error(path) == (
        "bomb.docx: refused, it would unpack to 60 MB in 2 files (a zip bomb, not a Word document)"
    )


def test_very_large_file(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(6 * 1024 * 1024)
    assert _error(path) == (
        "huge.txt: file is too large (6,291,456 bytes; limit 5,242,880); give the questions alone"
    )


def test_binary_and_unsupported_files(tmp_path):
    binary = tmp_path / "q.txt"
    binary.write_bytes(b"\x00\x01\x02")
    assert _error(binary) == "q.txt: is a binary file, not text"
    assert _error(tmp_path / "q.pdf") == (
        "q.pdf: PDF cannot be read; copy the questions into a .txt file"
    )
    assert _error(tmp_path / "q.doc").startswith("q.doc: a Word 97-2003 (.doc) file")
    assert _error(tmp_path / "q.rtf") == (
        "q.rtf: cannot read '.rtf' files; save it as .docx and try again"
    )
    assert _error(tmp_path / "q.csv") == (
        "q.csv: cannot read '.csv' files; give a .txt, .md or .docx file"
    )
    assert _error(tmp_path / "questions") == "questions: no such file"
    assert _error(tmp_path / "missing.txt") == "missing.txt: no such file"


def test_lettered_items_in_the_consultations_own_text_are_not_questions(tmp_path):
    """A reviewer's probe: the Government's own lettered proposals, under a heading after
    question 2, were taken as questions 2a and 2b (and, with no question above them, as
    questions "a" and "b" of a terms-of-reference run)."""
    text = (
        "1. Do you agree with the proposed approach?\n\n"
        "Background\n\n"
        "The Government proposes to:\n"
        "(a) reduce the number of grants;\n"
        "(b) merge the remaining funds.\n\n"
        "2. Should the scheme start in 2026?\n\n"
        "3. What would help councils most?\n"
    )
    doc = read_questions(_write(tmp_path, "q.txt", text))
    assert [q.number for q in doc.questions] == ["1", "2", "3"]


def test_the_closing_date_is_the_one_said_to_close(tmp_path):
    """A reviewer's probe: "In response to the Autumn Statement of 22 November 2023" was taken
    for the closing date over "The consultation closes on 5 February 2025" further down, and
    every draft would have been called late."""
    text = (
        "Council tax reform\n\n"
        "In response to the Autumn Statement of 22 November 2023, the Government set out plans.\n\n"
        "1. What do you think?\n\n"
        "The consultation closes on 5 February 2025.\n"
    )
    doc = read_questions(_write(tmp_path, "q.txt", text))
    assert doc.closes is not None and doc.closes[0].isoformat() == "2025-02-05"


@pytest.mark.parametrize(
    ("said", "closes"),
    [
        # GOV.UK's "Duration" line: the consultation runs from one date to another
        (
            "This consultation will last 6 weeks from Wednesday 18 December 2024 to Wednesday"
            " 29 January 2025.",
            "2025-01-29",
        ),
        (
            "This consultation will last for 7 weeks from 5 February 2026 to 23:59 on 26 March 2026.",
            "2026-03-26",
        ),
        # Citizen Space, where most departments' online surveys are, heads each page so
        ("Opened 18 Dec 2024\n\nCloses 12 Feb 2025", "2025-02-12"),
        ("Closes 17 Apr 2018", "2018-04-17"),
        # the Department for Education writes the time with a point, and some a comma before
        # the year
        ("The consultation closes 11.45pm on 11 May 2023.", "2023-05-11"),
        ("The consultations close at 11.45PM on 11th May, 2023.", "2023-05-11"),
        # DHSC's prevention green paper (2019) as pages announcing it say it: "open until"
        ("The consultation is open until 11:59pm on 14 October 2019.", "2019-10-14"),
        ("The survey will run until 30 June 2022.", "2022-06-30"),
    ],
)
def test_the_closing_date_as_government_pages_and_online_surveys_give_it(tmp_path, said, closes):
    """An officer's probe: MHCLG's local audit consultation (December 2024) says when it runs
    as GOV.UK's pages do, "from Wednesday 18 December 2024 to Wednesday 29 January 2025", and
    `new` left `closes:` for the officer to find; the survey's own "Closes 12 Feb 2025" and
    DfE's "closes 11.45pm on 11 May 2023" were missed too."""
    text = f"Local audit reform\n\n{said}\n\n1. Do you agree with the proposal?\n"
    doc = read_questions(_write(tmp_path, "q.txt", text))
    assert doc.closes is not None and doc.closes[0].isoformat() == closes


@pytest.mark.parametrize(
    ("said", "closes"),
    [
        (
            "The Committee is keen to hear from a range of stakeholders by 14 December 2021.",
            "2021-12-14",
        ),
        ("We would like to hear your views by 5pm on Friday 1 March 2024.", "2024-03-01"),
        ("Please send us your views by 30 June 2023.", "2023-06-30"),
        # the views are on something dated, not wanted by a date
        ("We set out our views on the white paper of 11 February 2021.", None),
        ("We have heard views from councils since 1 April 2022.", None),
        # "by" someone, the date further on: a hearing's or a report's, not when views are wanted
        ("The Committee will hear from the Minister by video link on 14 March 2022.", None),
        ("We published the views expressed by councils in our report of 3 June 2021.", None),
        ("We would like to hear your views by midnight on 1 March 2024.", "2024-03-01"),
    ],
)
def test_a_date_views_are_wanted_by_is_when_it_closes(tmp_path, said, closes):
    """An officer's reading of a committee's terms of reference (2021), copied from a page that
    ended "The Committee is keen to hear from a range of stakeholders by 14 December 2021": no
    `closes:`, so a draft written five years later was not called late."""
    text = f"Future of general practice\n\n- What should change?\n- How?\n\n{said}\n"
    found = read_questions(_write(tmp_path, "q.txt", text)).closes
    assert (found[0].isoformat() if found else None) == closes


def test_a_consultation_that_closed_before_this_one_is_not_when_this_one_closes(tmp_path):
    """A reviewer's probe: "closed" was made a word that says when this consultation closes, so
    the earlier consultation an opening recalls gave `closes:` a date two years gone."""
    text = (
        "Local audit reform\n\n"
        "Following the consultation that closed on 5 March 2023, we now set out our proposals."
        " Responses must be received by 1 June 2025.\n\n"
        "1. Do you agree with the proposal?\n"
    )
    doc = read_questions(_write(tmp_path, "q.txt", text))
    assert doc.closes is not None and doc.closes[0].isoformat() == "2025-06-01"
    # where nothing else says when, a closed consultation's page gives its own date
    closed = "Local audit reform\n\nThis consultation closed on 5 March 2023.\n\n1. Do you agree?\n"
    doc = read_questions(_write(tmp_path, "r.txt", closed))
    assert doc.closes is not None and doc.closes[0].isoformat() == "2023-03-05"


def test_a_period_the_consultation_speaks_of_is_not_when_it_closes(tmp_path):
    """A financial year written from one date to another is not the consultation's run."""
    text = (
        "Public health grant\n\n"
        "Allocations cover the year from 1 April 2025 to 31 March 2026.\n\n"
        "This consultation seeks views on grants from 1 April 2025 to 31 March 2026.\n\n"
        "1. Do you agree with the proposed allocations?\n"
    )
    assert read_questions(_write(tmp_path, "q.txt", text)).closes is None


def test_a_questions_part_letter_may_be_a_capital(tmp_path):
    """A reviewer's probe: "Question 5A:" (as departments number parts) found no question at all
    once "Q1To what extent ..." was read as question 1."""
    text = (
        "Question 5A: Do you agree with the proposal?\n\n"
        "Q5B. What alternatives should be considered?\n\n"
        "Q6To what extent will councils gain?\n"
    )
    doc = read_questions(_write(tmp_path, "q.txt", text))
    assert [q.number for q in doc.questions] == ["5A", "5B", "6"]


def test_a_limit_line_then_the_pages_text_is_still_the_limit(tmp_path):
    """A reviewer's probe: text copied from a web page has no blank lines, and "Maximum 300
    words" was joined to the sentence after it, so the question lost its limit."""
    text = (
        "1. Do you agree with the proposed charges?\n"
        "Please explain your answer.\n"
        "Maximum 300 words\n"
        "Councils may also set their own charges.\n\n"
        "2. How should exemptions work?\n"
    )
    doc = read_questions(_write(tmp_path, "q.txt", text))
    assert [(q.number, q.words) for q in doc.questions] == [("1", 300), ("2", None)]


def test_a_committees_news_headline_is_not_the_title(tmp_path):
    """A news page copied whole opens on its headline: "Health and Social Care Committee launches
    new inquiry" had become the draft's title, and the committee's own name for it was lost."""
    text = (
        "Health and Social Care Committee launches new inquiry\n\n"
        "Integrated care systems: autonomy and accountability\n\n"
        "The Committee invites evidence on the following questions:\n\n"
        "1. How effective are integrated care boards at joining up services?\n"
    )
    doc = read_questions(_write(tmp_path, "q.txt", text))
    assert doc.title == "Integrated care systems: autonomy and accountability"
    assert doc.issued_by == "Health and Social Care Committee"
    # a headline that names the inquiry gives its name
    named = text.replace("new inquiry\n\nIntegrated", "new inquiry into integrated")
    assert read_questions(_write(tmp_path, "r.txt", named)).title == (
        "Integrated care systems: autonomy and accountability"
    )
    # a title that only mentions a committee is kept whole
    kept = text.replace("Health and Social Care Committee launches new inquiry\n\n", "")
    kept = "The Committee on Standards and the new inquiry process\n\n" + kept
    assert read_questions(_write(tmp_path, "s.txt", kept)).title == (
        "The Committee on Standards and the new inquiry process"
    )


def test_a_long_headline_gives_the_inquirys_whole_name(tmp_path):
    """The headline is matched on its first 200 characters; the name it gives was cut there too,
    mid-word, where a heading ran on."""
    name = " and ".join(f"the funding of service number {n}" for n in range(8))
    text = f"# Health Committee launches inquiry into {name}\n\n1. What should be funded?\n"
    doc = read_questions(_write(tmp_path, "q.md", text))
    assert doc.title == name[0].upper() + name[1:]


def test_a_news_page_names_its_inquiry_in_its_text(tmp_path):
    """An officer's reading: the headline "... launches inquiry into cost of inaction on adult
    social care reform" only describes the inquiry; the page names it ("The Adult Social Care
    Reform: the cost of inaction inquiry will consider ..."), and the draft's title was the
    description."""
    text = (
        "Social Care Committee launches inquiry into cost of delay on care reform\n\n"
        "4 November 2024\n\n"
        "The Social Care Committee launches its inquiry on the costs of delay.\n\n"
        "The first inquiry of the Committee will examine the cost to individuals.\n\n"
        "The Care Reform: the cost of delay inquiry will consider care for all adults.\n\n"
        "- How much is delay costing councils?\n"
        "- Who bears the cost of delay?\n"
    )
    doc = read_questions(_write(tmp_path, "q.txt", text))
    assert doc.title == "Care Reform: the cost of delay"
    # a headline that leaves the committee's name to the page's masthead
    bare = text.replace("Social Care Committee launches inquiry", "Committee launches inquiry", 1)
    assert read_questions(_write(tmp_path, "b.txt", bare)).title == doc.title
    # a name with words the headline does not have is another inquiry the page mentions
    other = text.replace("The Care Reform: the cost", "The Housing Reform: the cost")
    assert read_questions(_write(tmp_path, "r.txt", other)).title == (
        "Cost of delay on care reform"
    )


def test_govuks_from_label_before_the_department_is_not_part_of_its_name(tmp_path):
    """An officer's reading of the Fair Funding Review 2.0 copied from GOV.UK (2025): the page's
    "From: Ministry of ..." and "Published 20 June 2025" under the title left `issued_by` to fill
    in, so the draft said "[who is consulting]" on its cover."""
    department = "Ministry of Housing, Communities and Local Government"
    text = (
        "Open consultation\n\n"
        "The Funding of Councils\n\n"
        f"From: {department}\n"
        "Published 20 June 2025\n\n"
        "Question 1. What are your views on the use of mitigations?\n"
    )
    doc = read_questions(_write(tmp_path, "q.txt", text))
    assert (doc.title, doc.issued_by) == ("The Funding of Councils", department)
    # as a browser copies it, each label on a line of its own, after the page's summary
    apart = text.replace(f"From: {department}\nPublished 20 June 2025", f"From:\n{department}\n")
    apart = apart.replace("\n\nFrom:", "\n\nA consultation on funding councils.\n\nFrom:")
    assert read_questions(_write(tmp_path, "r.txt", apart)).issued_by == department
    # a sentence that begins "From" names no body
    said = text.replace(f"From: {department}", "From: April the grants will be paid monthly.")
    assert read_questions(_write(tmp_path, "s.txt", said)).issued_by is None


def test_the_name_of_a_page_listing_the_questions_is_not_the_title(tmp_path):
    """An officer's reading of the Fair Funding Review 2.0: its GOV.UK annex "L: Address details
    and list of consultation questions", copied on its own, became the response's title."""
    text = (
        "Open consultation\n\n"
        "L: Address details and list of consultation questions\n\n"
        "Updated 20 June 2025\n\n"
        "Question 1. What are your views on the use of mitigations to avoid zero allocations?\n"
    )
    assert read_questions(_write(tmp_path, "q.txt", text)).title is None
    annex = text.replace("L: Address details and list of", "Annex A: List of")
    assert read_questions(_write(tmp_path, "r.txt", annex)).title is None
    # a title that goes on to name what the questions are about is the consultation's
    named = text.replace("L: Address details and list of consultation questions", "Questions on")
    named = named.replace("Questions on", "Questions on the funding of councils")
    assert read_questions(_write(tmp_path, "s.txt", named)).title == (
        "Questions on the funding of councils"
    )


def test_a_question_quoted_on_a_page_is_found(tmp_path: Path) -> None:
    """A page that reports a consultation's questions quotes them, the question mark inside the
    closing quotation mark: each is still a question, not "no questions found"."""
    path = _write(
        tmp_path,
        "page.txt",
        "Call for evidence\n\nThe review has launched a call for evidence.\n\n"
        'Another question is "what mechanisms outside of national targets could be used?"\n\n'
        "It also asks \u201chow could the collection of data be streamlined?\u201d\n",
    )
    assert [text for _, text in _questions(path)] == [
        'Another question is "what mechanisms outside of national targets could be used?"',
        "It also asks \u201chow could the collection of data be streamlined?\u201d",
    ]


def test_a_request_reported_on_a_page_is_a_question(tmp_path: Path) -> None:
    """A page about a call for evidence reports its questions ("It also asks what ...", "Examples
    are sought of ..."); numbered, each is a question, and a numbered statement still is not."""
    path = _write(
        tmp_path,
        "page.txt",
        "Call for evidence\n\n"
        "1. The review will consider the oversight of integrated care systems.\n\n"
        "2. It also asks what is needed to increase innovation.\n\n"
        "3. Examples are sought of innovative use of data at place level.\n",
    )
    assert _questions(path) == [
        ("2", "It also asks what is needed to increase innovation."),
        ("3", "Examples are sought of innovative use of data at place level."),
    ]


def test_requests_reported_on_an_unnumbered_page_are_its_questions(tmp_path: Path) -> None:
    """A page copied as it stands, nothing numbered, reports a call for evidence's questions in
    its own sentences: each reported request is a question, in order, the page's statements not."""
    path = _write(
        tmp_path,
        "page.txt",
        "Call for evidence opens\n\n"
        "The call for evidence is based upon a number of questions and requests for examples.\n\n"
        "Empowering local leaders\n\n"
        "A range of examples are sought, including examples of local leaders creating change.\n\n"
        "It also asks what people think is needed to increase innovation.\n\n"
        'Another question is "what mechanisms outside of national targets could be used?"\n',
    )
    assert _questions(path) == [
        (
            "1",
            "A range of examples are sought, including examples of local leaders creating change.",
        ),
        ("2", "It also asks what people think is needed to increase innovation."),
        ("3", 'Another question is "what mechanisms outside of national targets could be used?"'),
    ]


def test_a_paragraph_on_how_to_respond_is_no_reported_request(tmp_path: Path) -> None:
    """Guidance that reports what the department asks of respondents, how or by when, is the
    consultation's own text, numbered or not, and "How to respond" after the last question does
    not join it."""
    path = _write(
        tmp_path,
        "page.txt",
        "Consultation on care\n\n"
        "1. The Department asks for responses to be sent by email to care@dhsc.gov.uk.\n\n"
        "2. Views are sought on the proposals in chapter 2 by 5 March 2027.\n\n"
        "2a. Views are sought on the following questions:\n\n"
        "3. It also asks what is needed to increase innovation.\n\n"
        "4. How should care workers be paid?\n\n"
        "How to respond\n\n"
        "Please send your response by 5 March.\n",
    )
    assert _questions(path) == [
        ("3", "It also asks what is needed to increase innovation."),
        ("4", "How should care workers be paid?"),
    ]
    unnumbered = _write(
        tmp_path,
        "unnumbered.txt",
        "Call for evidence opens\n\n"
        "The Department asks for submissions by 5 March 2027.\n\n"
        "It also asks what people think is needed to increase innovation.\n",
    )
    assert [text for _, text in _questions(unnumbered)] == [
        "It also asks what people think is needed to increase innovation."
    ]


@pytest.mark.parametrize(
    ("text", "closes"),
    [
        # a committee's news page: its date at the head, the deadline with no year
        (
            "Children in care\n\n15 March 2021\n\nThe Committee invites submissions on:\n\n"
            "- The sufficiency of places\n- The use of unregulated provision\n\n"
            "The deadline for submissions is Friday 23rd April.\n",
            "2021-04-23",
        ),
        # the next such day after the page's date, in the year after it where need be
        (
            "Winter pressures\n\n3 December 2024\n\n1. What would help councils most?\n\n"
            "The closing date is 14 January.\n",
            "2025-01-14",
        ),
        # no year anywhere above it: nothing to guess from
        (
            "Winter pressures\n\n1. What would help councils most?\n\n"
            "The closing date is 14 January.\n",
            None,
        ),
        # the weekday is not that day's: not a date to guess at
        (
            "Winter pressures\n\n3 December 2024\n\n1. What would help councils most?\n\n"
            "The deadline is Monday 14 January.\n",
            None,
        ),
        # a date without its year that no closing words introduce is not the closing date
        (
            "Winter pressures\n\n3 December 2024\n\n1. What would help councils most?\n\n"
            "Please send your evidence by 14 January.\n",
            None,
        ),
    ],
)
def test_a_deadline_without_its_year_under_the_pages_date(tmp_path, text, closes):
    """An officer's reading: the Education Committee's call for evidence on children's homes
    (15 March 2021) ends "The deadline for submissions is Friday 23rd April.", as committee
    pages do, and `new` left `closes:` for the officer to find."""
    doc = read_questions(_write(tmp_path, "q.txt", text))
    assert (doc.closes[0].isoformat() if doc.closes else None) == closes


PAGE = "Children in care\n\n15 March 2021\n\n1. What would help?\n\n"


@pytest.mark.parametrize(
    ("text", "closes"),
    [
        # a date the page's text gives beside "submissions" is not the deadline it states
        (
            PAGE + "The Committee invites submissions on the white paper published on 11 February"
            " 2021.\n\nThe deadline for submissions is Friday 23rd April.\n",
            "2021-04-23",
        ),
        # nor is the date an earlier inquiry closed
        (
            PAGE + "Our last inquiry closed on 5 May 2020.\n\n"
            "The deadline for submissions is Friday 23rd April.\n",
            "2021-04-23",
        ),
        # a weekday after which a comma stands is still checked
        (PAGE + "The deadline is Monday, 23 April.\n", None),
        # a day before the page's date is no deadline a year on
        (PAGE + "The deadline for submissions was 10 March.\n", None),
        # nor a day most of a year after the first date the page gives
        (
            "Following the Act of 1 July 2018\n\n15 March 2021\n\n1. What would help?\n\n"
            "The deadline for submissions is 23rd April.\n",
            None,
        ),
    ],
)
def test_a_deadline_without_its_year_is_not_guessed_wrong(tmp_path, text, closes):
    """A reviewer's probe of the deadline given without its year: a page's other dates took
    precedence over it, its weekday went unchecked after a comma, and a day before the page's
    date was taken for that day a year later (a draft then never called late)."""
    doc = read_questions(_write(tmp_path, "q.txt", text))
    assert (doc.closes[0].isoformat() if doc.closes else None) == closes
