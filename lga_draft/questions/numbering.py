"""How a consultation numbers its paragraphs: "Question 3", "Q3", "3.", "3)", "(3)", "2.1", a
bullet, a lettered part ("(a)", "b."). Shared by the question importer and `ingest`."""

from __future__ import annotations

import re

_PART = r"(?-i:[a-z]|[A-Z](?![a-z]))"
EXPLICIT = re.compile(
    # a part's letter in either case ("Question 5A", "Q2b"), but not a word run into the number
    r"^(?:question|q)\s*+\.?\s*+(?P<num>\d{1,3}" + _PART + r"?(?:\.\d{1,3}" + _PART + r"?)*+)"
    # "Q1To what extent ...": an online survey's label runs into the question
    r"(?:\s*+[:.)\-–—]\s*+|\s++|$|(?-i:(?=[A-Z][a-z])))(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
NUMBERED = re.compile(
    r"^\(?(?P<num>\d{1,3}[a-z]?(?:\.\d{1,3}[a-z]?)*)(?:[.)]|\s*[:\-–—])\s+(?P<rest>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)
DOTTED = re.compile(r"^(?P<num>\d{1,3}(?:\.\d{1,3})+[a-z]?)\s+(?P<rest>\S.*)$", re.DOTALL)
BULLET = re.compile(r"^\s*(?:[-*+•▪●◦]|\(?[a-z]\)|\(?[ivx]+\))\s+", re.IGNORECASE)
LETTER = re.compile(r"\(?[a-z]\)?")
# a lettered item under a numbered one, in plain text: "a. ...", "(b) ...", "c) ..." (lower case)
LETTERED = re.compile(r"^(?:\((?P<p>[a-z])\)|(?P<d>[a-z])[.)])\s+(?P<rest>\S.*)$")


def leading_number(text: str) -> re.Match[str] | None:
    """'1.', '1)', '(1)', '1:' or a dotted '2.1' opening the text."""
    return NUMBERED.match(text) or DOTTED.match(text)
