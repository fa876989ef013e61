"""How a consultation numbers its paragraphs: "Question 3", "Q3", "3.", "3)", "(3)", "2.1", a
bullet, a lettered part ("(a)", "b."). Shared by the question importer and `ingest`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from string import ascii_lowercase
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


def nested_under(blocks: Sequence[Any]) -> dict[int, str]:
    """Each bulleted block nested under another (indented, or a Word list level down), by its
    index: where the bulleted block it is nested under is. A block that is not bulleted ends
    the nesting."""
    under: dict[int, str] = {}
    above: list[tuple[int, str]] = []  # the bulleted blocks it may be nested under: (depth, where)
    for i, block in enumerate(blocks):
        if not block.bullet:
            above = above if not block.text.strip() else []
            continue
        while above and above[-1][0] >= block.depth:
            above.pop()
        if above:
            under[i] = above[-1][1]
        above.append((block.depth, block.where))
    return under


def numbered_in_order(questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fill in missing numbers in order, and tell apart numbers used twice (1, then 1 (2)). A
    bulleted question nested under another (its "under", see `nested_under`) is a part of it,
    lettered as a numbered question's parts are: "- How can ... be improved? In particular:" and
    the four items indented under it are questions 2 and 2a to 2d, not 2 to 6. Nested under a
    bulleted item that asks nothing ("- Housing:"), it is a question of its own."""
    seen: dict[str, int] = {}
    count = 0
    stems: dict[str, str] = {}  # where a bulleted question is -> the number its parts take
    parts: dict[str, int] = {}  # how many parts each has
    for q in questions:
        number = str(q["number"] or "").rstrip(".")
        stem = stems.get(q.get("under") or "")
        if not number and stem is not None and parts.get(stem, 0) < len(ascii_lowercase):
            parts[stem] = parts.get(stem, 0) + 1
            q["number"] = number = f"{stem}{ascii_lowercase[parts[stem] - 1]}"
            seen.setdefault(number, 1)
            stems[q["where"]] = stem  # an item nested under a part is a part of its question
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
        if "under" in q:  # a bulleted question: those nested under it are its parts
            stems[q["where"]] = number
    return questions
