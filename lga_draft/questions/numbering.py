"""How a consultation numbers its paragraphs: "Question 3", "Q3", "3.", "3)", "(3)", "2.1", a
bullet, a lettered part ("(a)", "b."). Shared by the question importer and `ingest`."""

from __future__ import annotations

import re
from typing import Any

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


def numbered_in_order(questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fill in missing numbers in order, and tell apart numbers used twice (1, then 1 (2)). A
    bulleted question nested under another is a part of it, lettered as a numbered question's
    parts are: "- How can ... be improved? In particular:" and the four items indented under it
    are questions 2 and 2a to 2d, not 2 to 6."""
    seen: dict[str, int] = {}
    count = 0
    stems: list[tuple[int, str]] = []  # the bulleted questions above: (indent, number)
    parts: dict[str, int] = {}  # how many parts each has
    for q in questions:
        number = str(q["number"] or "").rstrip(".")
        depth = q.get("depth")
        while depth is not None and stems and stems[-1][0] >= depth:
            stems.pop()
        stem = stems[-1][1] if depth is not None and stems else None
        if not number and stem is not None and parts.get(stem, 0) < len(_LETTERS):
            parts[stem] = parts.get(stem, 0) + 1
            q["number"] = number = f"{stem}{_LETTERS[parts[stem] - 1]}"
            seen.setdefault(number, 1)
            continue
        count += 1
        if not number:
            number = str(count)
            while number in seen:
                count += 1
                number = str(count)
        elif number.isdigit() and len(number) <= 9:  # a Word list label may be any digits
            count = int(number)
        if number in seen:
            seen[number] += 1
            number = f"{number} ({seen[number]})"
        seen.setdefault(number, 1)
        q["number"] = number
        if depth is not None:
            stems.append((depth, number))
    return questions


_LETTERS = "abcdefghijklmnopqrstuvwxyz"
