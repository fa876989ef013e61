"""`new` reads real consultation documents as an officer expects (tests/import_corpus/: pages
copied from the web, online surveys, and Word and Markdown forms in the shapes departments and
committees send, each with the published words of its questions)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from lga_draft.questions.importer import read_questions

CORPUS = Path(__file__).parent / "import_corpus"
EXPECTED = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))


def _case(name: str):
    known = EXPECTED[name].get("known")
    marks = [pytest.mark.xfail(reason=known, strict=True)] if known else []
    return pytest.param(name, marks=marks, id=name)


@pytest.mark.parametrize("name", [_case(n) for n in EXPECTED])
def test_a_real_document_imports_as_an_officer_expects(name):
    want = EXPECTED[name]
    doc = read_questions(CORPUS / name)
    by_number = {q.number: q for q in doc.questions}
    assert list(by_number) == [str(n) for n in want["numbers"]]
    assert list(doc.about_you) == [str(n) for n in want.get("about_you", [])]
    for key in ("title", "issued_by"):
        if key in want:
            assert getattr(doc, key) == want[key]
    if "closes" in want:
        assert doc.closes is not None and doc.closes[0] == want["closes"]
    for number, options in want.get("options", {}).items():
        assert list(by_number[number].options) == options
    for key in ("words", "max_chars"):
        for number, n in want.get(key, {}).items():
            assert getattr(by_number[number], key) == n
    starts = {str(n): name for n, name in want.get("sections", {}).items()}
    section, sections = None, []
    for q in doc.questions:  # a question keeps the section of the last heading above it
        section = starts.get(q.number, section)
        sections.append(section)
    assert [q.section for q in doc.questions] == sections
    if "last_text" in want:
        assert doc.questions[-1].text == want["last_text"]
