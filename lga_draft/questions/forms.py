"""What a form puts around its questions, as the importer reads it: answer boxes and the
choices they offer ("Agree – Neither agree nor disagree – Disagree", "☐ Yes ☐ No"), an online
survey's marks ("* 1.", "(Required)", "This question requires an answer"), its questions about the
respondent (name, postcode, ethnic origin), and GOV.UK's label above a consultation's name."""

from __future__ import annotations

import re

# an online form's questions about the respondent, not the policy: answered on the form, never
# drafted ("Please tell us your name?", "What is your postcode", "... your ethnic origin?")
ABOUT_YOU = re.compile(
    r"\byour (?:full )?name\b|\b(?:e-?mail|postal|home) address\b|\bpost ?code\b|"
    r"\b(?:tele)?phone number\b|\bethnic(?:ity\b| origin| group| background)|"
    r"\byour (?:gender|sex|age|religion|faith|sexual orientation)\b|\bage (?:group|band|range)\b|"
    r"\bbest describes? (?:you\b|your (?:interest|role|capacity|connection))|"
    r"\b(?:responding|replying) (?:as an individual|on behalf of)|\bconsider yourself\b|"
    r"\borganisation you (?:are )?represent|\bname of (?:your|the) organisation\b",
    re.IGNORECASE,
)
# GOV.UK's label above a consultation's name, not its name
PAGE_LABELS = frozenset(
    [
        "open consultation",
        "closed consultation",
        "consultation outcome",
        "call for evidence",
        "open call for evidence",
        "closed call for evidence",
        "policy paper",
        "applies to england",
    ]
)
# an online form's note on a question, a line of its own: "(Required)", "* This question requires
# an answer", a lone "*"
FORM_NOTE = re.compile(
    r"^[\s*(\[]*+(?:required|optional|mandatory|this question (?:requires an answer|is required))?"
    r"[\s*)\].]*+$",
    re.IGNORECASE,
)
_ANSWERS = (
    r"(?:yes|not sure|no view|no|don['’]t know|do not know|unsure|agree|disagree|strongly agree|"
    r"strongly disagree|neither agree nor disagree|n/?a|free[ -]text(?: box| response)?)"
)
_FREE_TEXT = re.compile(r"free[ -]text", re.IGNORECASE)
_BOX = r"[\[\(☐□\s\]\)]*+"  # ticks and boxes around an answer, and the spaces between them
# One way only to match any line, so the time is linear in its length: each quantifier is
# possessive and stops where the next part cannot start (a pattern with a choice of where the
# spaces around "/" went took minutes on a line of eighteen "/  no").
ANSWER_BOX = re.compile(
    rf"^{_BOX}{_ANSWERS}(?:\s*+(?:[/|,;–—-]|(?=[☐□\[(])){_BOX}{_ANSWERS})*+[\s.\])]*+$",
    re.IGNORECASE,
)


def tidy(line: str) -> str:
    """A line without an online survey's marks: the star of a required question before its
    number ("* 1. ...") or after it ("...? *"), and a colon after its question mark."""
    line = re.sub(r"^\*\s*+(?=(?:q(?:uestion)?\s*)?\d)", "", line, flags=re.IGNORECASE)
    line = re.sub(r"(?<=[?.:)])\s*\*$", "", line)
    return re.sub(r"\?\s*:$", "?", line)


def options(box: str) -> list[str]:
    """The choices of an answer box ("Agree – Neither agree nor disagree – Disagree", "☐ Yes
    ☐ No"), as the form writes them; none for a box of free text."""
    if _FREE_TEXT.search(box):
        return []
    return [m.group(0) for m in re.finditer(_ANSWERS, box, re.IGNORECASE)]


def agree(question: str) -> tuple[str, ...]:
    """A question asking whether we agree, with no box of choices under it: agree or disagree
    (a department counts an answer that states no view as having none)."""
    found = re.match(r"(?:to what extent )?do you (?:agree|disagree)\b", question, re.IGNORECASE)
    return ("Agree", "Disagree") if found else ()
