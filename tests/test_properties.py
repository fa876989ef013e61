"""Properties that hold for any input, searched by hypothesis (profile in conftest.py: 50 examples
each in CI, HYPOTHESIS_PROFILE=thorough for 500).

- Any Unicode text in a position (title, lead, body) and a consultation question drafts to Markdown,
  and to a .docx, holding the same words. "The same words": every run of letters and digits in the
  input appears as a run of letters and digits in the output. Punctuation may be escaped, whitespace
  folded and characters that are not text (controls) dropped, but no word is lost or split.
- A tag expression parses, or fails with TagExpressionError; nothing else.
- Loading a library whose position files hold anything at all returns problems; it never raises.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import tempfile
from pathlib import Path

import pytest
import yaml
from conftest import TAGS, build_tree, make_library, position
from hypothesis import example, given
from hypothesis import strategies as st

from lga_draft.drafting.pipeline import DraftRequest, draft
from lga_draft.errors import LgaDraftError, TagExpressionError
from lga_draft.library.load import load_library, require_library
from lga_draft.library.model import Position
from lga_draft.library.tags import Vocabulary, parse_expression

WORD = re.compile(r"[^\W_]+")  # letters and digits, in any script

# Any Unicode but surrogates (which UTF-8 and YAML cannot carry), with at least one word in it.
any_text = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=80).filter(
    lambda s: WORD.search(s) is not None
)

# For Word, text without Markdown syntax: in a position's lead and body Markdown is meant
# (`[a](b)` prints as a link, `<b>` as nothing), so a word inside syntax may rightly not print.
plain_text = st.text(
    st.characters(categories=("L", "N", "Zs", "Pd", "Po"), exclude_characters="#*\\&!%"),
    min_size=1,
    max_size=80,
).filter(lambda s: WORD.search(s) is not None)


def _words(text: str) -> list[str]:
    return WORD.findall(text)


def _draft(title: str, lead: str, body: str, question: str, fmt: str) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        root = make_library(
            Path(tmp) / "lib", {"positions/p1.yaml": position(title=title, lead=lead, body=body)}
        )
        consultation = (
            build_tree(
                Path(tmp),
                {
                    "c.yaml": {
                        "title": "Consultation",
                        "issued_by": "Department",
                        "questions": [{"number": 1, "text": question, "positions": ["p1"]}],
                    }
                },
            )
            / "c.yaml"
        )
        library, _ = require_library(root)
        request = DraftRequest(consultation=consultation, format=fmt, today=dt.date(2025, 1, 1))
        return draft(library, request).data


def _missing(inputs: list[str], output: str) -> list[str]:
    """The words of `inputs` not in `output`, ignoring case: a body that repeats the lead but for
    case ("Ķ", "ķ") is a sentence said twice, which a draft leaves out by design."""
    have = {w.casefold() for w in _words(output)}
    return [w for text in inputs for w in _words(text) if w.casefold() not in have]


@given(title=any_text, lead=any_text, body=any_text, question=any_text)
def test_any_text_drafts_to_markdown_with_the_same_words(title, lead, body, question):
    markdown = _draft(title, lead, body, question, "md").decode("utf-8")
    assert _missing([title, lead, body, question], markdown) == []


def _docx_text(data: bytes) -> str:
    """Every paragraph's text, wherever it sits: positions are inside content controls (w:sdt),
    which `Document.paragraphs` does not descend into."""
    import docx
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    return "\n".join(Paragraph(p, document).text for p in document.element.body.iter(qn("w:p")))


@given(title=plain_text, lead=plain_text, body=plain_text, question=any_text)
def test_any_text_drafts_to_word_with_the_same_words(title, lead, body, question):
    pytest.importorskip("lga_draft.word.document", reason="the Word writer is not in this tree yet")
    text = _docx_text(_draft(title, lead, body, question, "docx"))
    assert _missing([title, lead, body, question], text) == []


# ----------------------------------------------------------------------------- tag expressions


def _vocabulary() -> Vocabulary:
    from lga_draft.library.model import TagDef

    return Vocabulary({name: TagDef.model_validate(d) for name, d in TAGS.items()})


_names = st.sampled_from(
    ["care", "care-funding", "health", "ASC", "social care", "CARE money", "nope", ""]
)
_term = st.builds(
    lambda neg, name, pad: f"{pad}{'-' if neg else ''}{name}{pad}",
    st.booleans(),
    _names,
    st.sampled_from(["", " ", "\t"]),
)
_expression = st.one_of(
    st.text(max_size=30),  # anything at all
    st.lists(st.lists(_term, min_size=1, max_size=3).map("+".join), min_size=1, max_size=4).map(
        ",".join
    ),
)


@given(_expression)
@example("care,\n-health")  # a line break once split the one-line message that quotes it
def test_tag_expressions_parse_or_fail_cleanly(text):
    vocabulary = _vocabulary()
    try:
        expr = parse_expression(text, vocabulary)
    except TagExpressionError as exc:
        assert exc.message and "\n" not in exc.message
        return
    assert expr.matches(["care"]) in (True, False)


# ----------------------------------------------------------------------------- loading anything

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.dates(),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
_field_names = st.sampled_from([*Position.model_fields, "tags", "sources", "leed", "évidence"])
_position_like = st.dictionaries(_field_names, _values, max_size=10).map(
    lambda d: yaml.safe_dump(d, allow_unicode=True, sort_keys=False)
)
_yaml_ish = st.lists(
    st.sampled_from(
        [
            "id: x\n",
            "- ",
            "[",
            "]",
            "{",
            "}",
            ": ",
            "&a ",
            "*a ",
            "!!python/name:os ",
            "---\n",
            "  ",
            "\n",
            "'",
            '"',
            "#",
            "? ",
            "|\n",
            "2024-02-30",
            "\t",
            "\ufeff",
        ]
    ),
    max_size=40,
).map("".join)
_content = st.one_of(st.binary(max_size=200), st.text(max_size=200), _position_like, _yaml_ish)


@given(st.lists(_content, min_size=1, max_size=3))
def test_loading_any_files_returns_problems_never_raises(contents):
    with tempfile.TemporaryDirectory() as tmp:
        files = {
            f"positions/f{i}.yaml": c.encode("utf-8") if isinstance(c, str) else c
            for i, c in enumerate(contents)
        }
        root = make_library(Path(tmp), files)
        result = load_library(root)  # must not raise
        assert result.library is not None
        for problem in result.problems:
            assert problem.file.endswith(".yaml") and problem.message
        with contextlib.suppress(LgaDraftError):
            require_library(root)
