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
