"""The tag vocabulary and tag expressions.

An expression is a comma-separated list of alternatives; `+` joins tags that must all be present;
a leading `-` negates a tag. Alternatives made only of negated tags are exclusions applied to the
whole result, so `a,b,-c` reads as officers say it: "a or b, but not c".

Every tag in an expression resolves through the vocabulary (names and aliases, any case) and
stands for itself and every narrower tag beneath it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from lga_draft.errors import TagExpressionError
from lga_draft.library.model import Vocabulary


@dataclass(frozen=True)
class Term:
    word: str
    tags: frozenset[str]
    negated: bool

    def holds(self, tags: frozenset[str]) -> bool:
        return bool(self.tags & tags) != self.negated


@dataclass(frozen=True)
class TagExpr:
    """A parsed tag expression; `matches` tells whether a position's tags satisfy it."""

    text: str
    alternatives: tuple[tuple[Term, ...], ...]
    exclusions: tuple[Term, ...]

    def matches(self, tags: Iterable[str]) -> bool:
        have = frozenset(tags)
        if any(not term.holds(have) for term in self.exclusions):
            return False
        if not self.alternatives:
            return True
        return any(all(term.holds(have) for term in alt) for alt in self.alternatives)

    @property
    def positive_tags(self) -> frozenset[str]:
        """Every tag the expression asks for (not the ones it excludes)."""
        return frozenset(
            t for alt in self.alternatives for term in alt if not term.negated for t in term.tags
        )


# how other tools write "and", "or" and "not"; only said when the words are not a tag
_OTHER_SYNTAX = re.compile(r"\b(?:AND|OR|NOT)\b|[()&|!]")


def parse_expression(text: str, vocabulary: Vocabulary) -> TagExpr:
    """Parse `a,b+c,-d` against the vocabulary. Raises `TagExpressionError` with a clear message."""
    if not isinstance(text, str) or not text.strip():
        raise TagExpressionError("empty tag expression")
    # whitespace means nothing in an expression ("social  care" is the alias "social care"), and a
    # line break pasted into one would split the one-line error messages that quote it
    text = " ".join(text.split())
    alternatives: list[tuple[Term, ...]] = []
    exclusions: list[Term] = []
    for alt_text in text.split(","):
        terms: list[Term] = []
        for raw in alt_text.split("+"):
            word = raw.strip()
            negated = word.startswith("-")
            if negated:
                word = word[1:].strip()
            if not word:
                raise TagExpressionError(
                    f"tag expression '{text}' has an empty tag (check the commas and '+' signs)"
                )
            name = vocabulary.resolve(word)
            if name is None and _OTHER_SYNTAX.search(word):  # "care AND NOT health", "(a|b)"
                raise TagExpressionError(
                    f"tag expression '{text}': '{word}' is not a tag; join tags with ',' for "
                    "either, '+' for both, and put '-' before one to leave it out: 'a+b,-c'"
                )
            if name is None:
                raise TagExpressionError(f"tag expression '{text}': {vocabulary.unknown(word)}")
            terms.append(Term(word, vocabulary.closure(name), negated))
        if all(term.negated for term in terms):
            exclusions.extend(terms)
        else:
            alternatives.append(tuple(terms))
    return TagExpr(text, tuple(alternatives), tuple(exclusions))
