"""Tag expressions: either, both, not; aliases; broader tags include narrower ones."""

from __future__ import annotations

import pytest

from lga_draft.errors import TagExpressionError
from lga_draft.library.model import TagDef
from lga_draft.library.tags import Vocabulary, parse_expression

VOCAB = Vocabulary(
    {
        "care": TagDef(description="Care", aliases=["ASC", "social care"]),
        "care-funding": TagDef(
            description="Care money", broader=["care", "finance"], aliases=["BCF"]
        ),
        "finance": TagDef(description="Money"),
        "health": TagDef(description="Health", aliases=["PH"]),
        "prevention": TagDef(description="Prevention", broader=["health"]),
    }
)


def matches(expr: str, *tags: str) -> bool:
    return parse_expression(expr, VOCAB).matches(tags)


@pytest.mark.parametrize(
    ("expr", "tags", "expected"),
    [
        ("care", ["care"], True),
        ("care", ["care-funding"], True),  # broader includes narrower
        ("care-funding", ["care"], False),  # but not the other way round
        ("care,health", ["health"], True),
        ("care+health", ["care"], False),
        ("care+health", ["care", "prevention"], True),
        ("care,-care-funding", ["care-funding"], False),
        ("care,-care-funding", ["care"], True),
        ("care+-care-funding", ["care"], True),
        ("-health", ["care"], True),
        ("-health", ["prevention"], False),
        ("ASC", ["care"], True),  # alias
        ("social care", ["care-funding"], True),  # alias with a space, and narrower
        ("bcf", ["care-funding"], True),  # case does not matter
        ("  PH ,  finance ", ["prevention"], True),
    ],
)
def test_expression_semantics(expr, tags, expected):
    assert matches(expr, *tags) is expected


def test_unknown_tag_suggests_the_nearest():
    with pytest.raises(TagExpressionError) as info:
        parse_expression("care,helth", VOCAB)
    assert (
        str(info.value)
        == "tag expression 'care,helth': unknown tag 'helth' (did you mean 'health'?)"
    )


@pytest.mark.parametrize("expr", ["", "  ", "care,,health", "care+", "-", "care, -"])
def test_malformed_expressions_fail_cleanly(expr):
    with pytest.raises(TagExpressionError):
        parse_expression(expr, VOCAB)


def test_closure_tolerates_cycles():
    vocab = Vocabulary(
        {
            "a": TagDef(description="A", broader=["b"]),
            "b": TagDef(description="B", broader=["a"]),
        }
    )
    assert vocab.closure("a") == {"a", "b"}
