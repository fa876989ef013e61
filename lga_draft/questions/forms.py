"""What a form puts around its questions, as the importer reads it: answer boxes and the
choices they offer ("Agree – Neither agree nor disagree – Disagree", "☐ Yes ☐ No"), an online
survey's marks ("* 1.", "(Required)", "This question requires an answer"), its questions about the
respondent (name, postcode, ethnic origin), and GOV.UK's label above a consultation's name."""

from __future__ import annotations

import datetime as dt
import re

# an online form's questions about the respondent, not the policy: answered on the form, never
# drafted ("Please tell us your name?", "What is your postcode", "... your ethnic origin?"); each
# addressed to the respondent, so "Should the postcode lottery in care end?" is a question
ABOUT_YOU = re.compile(
    r"\byour (?:full )?name\b|\byour (?:e-?mail|postal|home) address\b|\byour post ?code\b|"
    r"\bwhat is (?:the )?post ?code\b|\b(?:your|contact) (?:tele)?phone number\b|"
    r"\b(?:your|which|what) ethnic(?:ity\b| origin\b| group\b| background\b)|"
    r"\byour (?:gender|sex|age|religion|faith|sexual orientation)\b|"
    r"\b(?:your|which|what) age (?:group|band|range)\b|"
    r"\bbest describes? (?:you\b|your (?:interest|role|capacity|connection|ethnic))|"
    r"\b(?:are you|you are|you['’]re) (?:responding|replying) (?:as an individual|on behalf of)|"
    r"\bconsider yourself (?:to (?:be|have)|disabled|as)\b|"
    r"\borganisation you are representing\b|\bname of (?:your|the) organisation\b|"
    r"\bdo you live in\b|\bare you based\b|"
    # equality monitoring: "Please tell us if you are impacted by any of the following"
    r"\b(?:you are|you['’]re|are you) (?:impacted|affected) by any of the following\b|"
    r"\bany of the following apply to you\b",
    re.IGNORECASE,
)
RESPONDENT_CHARS = 200  # a form's field about the respondent is a line, not a policy question
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
# an answer", a lone "*", "Please select one only:"
FORM_NOTE = re.compile(
    r"^[\s*(\[]*+(?:required|optional|mandatory|this question (?:requires an answer|is required)|"
    r"please (?:select|tick|choose|mark) (?:one|all|any|only|the)[^.?]{0,40})?[\s*)\].:]*+$",
    re.IGNORECASE,
)


def furniture(line: str) -> bool:
    """A line of the page or form around the questions, on its own: a page's label ("Open
    consultation") or a form's note ("(Required)"); neither the title nor a question."""
    return bool(FORM_NOTE.match(line)) or line.lower() in PAGE_LABELS


# the length a form allows an answer: "Maximum 250 words", "Character limit: 1500", "(500 words)"
_LIMIT = re.compile(
    # at the start, after a sentence or in brackets: not "Summarise your view in 100 words"
    r"(?:^|(?<=[.?!:])\s+|\s*[(\[])\s*"
    r"(?:(?:maximum|max\.?|up to|no more than|limit(?:ed)? to|limit of|limit:?)\s+(?P<n1>\d[\d,]*)"
    r"\s+(?P<u1>words?|characters?)|(?P<n2>\d[\d,]*)\s+(?P<u2>words?|characters?)"
    r"(?:\s+(?:maximum|max\.?|limit))?|(?P<u3>word|character) (?:limit|count|maximum)\s*:?\s*"
    r"(?P<n3>\d[\d,]*))\s*[)\]]?\.?\s*$",
    re.IGNORECASE,
)
LIMIT_CHARS = 60  # "(Maximum 1,000 characters)" and the like, at the end of a line
# a tick box before each choice: "☐ A great deal ☐ A fair amount ☐ Don't know"; an online
# survey's radio button copied as a circle: "○ Yes ○ No"
_TICK = "☐□○◯"
_ANSWERS = (
    r"(?:i don['’]t know|yes|not sure|no view|no|don['’]t know|do not know|unsure|agree|disagree|strongly agree|"
    r"strongly disagree|neither agree nor disagree|n/?a|free[ -]text(?: box| response)?)"
)
_FREE_TEXT = re.compile(r"free[ -]text", re.IGNORECASE)
_BOX = rf"[\[\({_TICK}\s\]\)]*+"  # ticks and boxes around an answer, and the spaces between them
# One way only to match any line, so the time is linear in its length: each quantifier is
# possessive and stops where the next part cannot start (a pattern with a choice of where the
# spaces around "/" went took minutes on a line of eighteen "/  no"). A survey's choices copied
# from one row of buttons have only spaces between them ("Agree    Disagree    Don't know").
ANSWER_BOX = re.compile(
    rf"^{_BOX}{_ANSWERS}(?:(?:\s*+(?:[/|,;–—-]|(?=[{_TICK}\[(]))|\s++){_BOX}{_ANSWERS})*+"
    r"[\s.\])]*+$",
    re.IGNORECASE,
)


def tidy(line: str) -> str:
    """A line without an online survey's marks: the star of a required question before its
    number ("* 1. ...") or after it ("...? *"), and a colon after its question mark."""
    line = re.sub(r"^\*\s*+(?=(?:q(?:uestion)?\s*)?\d)", "", line, flags=re.IGNORECASE)
    line = re.sub(r"(?<=[?.:)])\s*\*$", "", line)
    return re.sub(r"\?\s*:$", "?", line)


_NOTE_AT_END = re.compile(
    r"(?<=[?.])\s*\(?please (?:select|tick|choose|mark) (?:one|all|any|only|the)[^.?]{0,40}[.:)]*$",
    re.IGNORECASE,
)


_MONTHS = "january february march april may june july august september october november december"
# a month as pages write it: in full, or as Citizen Space heads a survey ("Closes 12 Feb 2025")
_MONTH = "|".join([*_MONTHS.split(), "sept", *(m[:3] for m in _MONTHS.split())])
_DATE = (
    r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month>" + _MONTH + r")\b\.?,?\s+(?P<year>\d{4})\b"
)
# the words between, within one sentence: a time's point ("11.45pm") does not end it
_SAME_SENTENCE = r"(?:[^.?!]|(?<=\d)\.(?=\d))"


_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
# a day and month with no year after it, as a committee's page under its own date gives its
# deadline ("The deadline for submissions is Friday 23rd April"), the weekday kept to check
_DAY_MONTH = (
    rf"(?:\b(?P<weekday>{_WEEKDAYS}),?\s+)?\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+"
    rf"(?P<month>{_MONTH})\b(?!\.?,?\s+\d{{4}}\b)"
)
_FULL_DATE = re.compile(_DATE, re.IGNORECASE)


def _closes(words: str, date: str = _DATE) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{words})\b{_SAME_SENTENCE}{{0,80}}?" + date, re.IGNORECASE)


# the words that say a date is the closing date, then those that may ("Responses ... by 1 May",
# but also "In response to the Autumn Statement of 22 November 2023"): the first kind first;
# "closed" last, since an open consultation's text may recall one that closed before it
_CLOSING_WORDS = r"clos(?:e|es|ing)|deadline"
# "The consultation is open until 11:59pm on 14 October 2019", "will run until 30 June"
_OPEN_UNTIL = (
    rf"(?:consultation|survey|call for evidence|inquiry)\b{_SAME_SENTENCE}{{0,20}}?"
    r"\b(?:open|run|runs|running)\s+(?:until|till)"
)
_CLOSES = (
    _closes(_CLOSING_WORDS),
    _closes(_OPEN_UNTIL),
    # GOV.UK's "This consultation will last 6 weeks from 18 December 2024 to 29 January 2025"
    # (it runs from one date to the other: not "seeks views on grants from 1 April to ...")
    _closes(
        rf"(?:consultation|survey|call for evidence)\b{_SAME_SENTENCE}{{0,20}}?"
        rf"\b(?:last|run|open)\w*\b{_SAME_SENTENCE}{{0,30}}?\bfrom\b"
        rf"{_SAME_SENTENCE}{{0,40}}?\b(?:to|until|till)"
    ),
)
# ... and, after a deadline given without its year (`_closing_day`), those that may
_MAY_CLOSE = (
    _closes(r"submi\w*|respon\w*|received|evidence"),
    # a committee keen "to hear from a range of stakeholders by 14 December 2021", a department
    # wanting "your views by 5 March 2027": a date the views are wanted by, not one they are on
    # ... "by" the date itself (a time of day may come first), not a date further on
    re.compile(
        rf"\b(?:hear|views?)\b{_SAME_SENTENCE}{{0,60}}?\bby\s+"
        rf"(?:(?:\d{{1,2}}(?:[.:]\d\d)?\s*[ap]\.?m\.?|noon|midday|midnight)\s+(?:on\s+)?)?"
        rf"(?:(?:{_WEEKDAYS}),?\s+)?{_DATE}",
        re.IGNORECASE,
    ),
    _closes(r"closed"),  # a closed consultation's page: "This consultation closed on 5 May 2023"
)


def closing_date(texts: list[str]) -> tuple[dt.date, str] | None:
    """The consultation's closing date, where its text gives one ("Responses must be received by
    11:45pm on 24 September 2024", "The closing date is 11 December 2024", "from 18 December
    2024 to 29 January 2025", "Closes 12 Feb 2025"), with the words that gave it. A deadline
    without its year ranks below the words that say a date is the closing date and above those
    that only may: "invites submissions on the white paper of 11 February 2021" is not one."""
    return _said(_CLOSES, texts) or _closing_day(texts) or _said(_MAY_CLOSE, texts)


def _said(patterns: tuple[re.Pattern[str], ...], texts: list[str]) -> tuple[dt.date, str] | None:
    for pattern in patterns:
        for found in (f for text in texts for f in pattern.finditer(text[:2000])):
            when = _day(found["day"], found["month"], found["year"])
            if when is not None:
                return when, found.group(0)
    return None


def _day(day: str, month: str, year: str | int) -> dt.date | None:
    """The date of "23", "April" (or "Apr"), "2021", if there is one (not 29 February 2023)."""
    try:
        return dt.datetime.strptime(f"{day} {month[:3]} {year}", "%d %b %Y").date()
    except ValueError:
        return None


# only words that say a date is the closing date: "In response to the Autumn Statement of 22
# November" is not one, and with no year to check it against would pass for one
_CLOSES_NO_YEAR = tuple(_closes(w, _DAY_MONTH) for w in (_CLOSING_WORDS, _OPEN_UNTIL))


def _closing_day(texts: list[str]) -> tuple[dt.date, str] | None:
    """A closing date given without its year ("The deadline for submissions is Friday 23rd
    April") in a document that gives its own date above it ("15 March 2021"): the first such
    day on or after that date and within _LONGEST_RUN of it, where the weekday, if given, is
    that day's."""
    dated = _first_date(texts)
    if dated is None:
        return None  # nothing gives a year: not a date to guess at
    since, at = dated
    for pattern in _CLOSES_NO_YEAR:
        for i, text in enumerate(texts):
            for found in pattern.finditer(text[:2000]):
                if (i, found.start()) < at:
                    continue  # above the document's date
                when = _on_or_after(since, found["day"], found["month"])
                weekday = found["weekday"]
                if when is None or (weekday and when.strftime("%A").lower() != weekday.lower()):
                    continue
                return when, found.group(0)
    return None


def _first_date(texts: list[str]) -> tuple[dt.date, tuple[int, int]] | None:
    """The first whole date the texts give, and where: (text, offset)."""
    for i, text in enumerate(texts):
        for found in _FULL_DATE.finditer(text[:2000]):
            when = _day(found["day"], found["month"], found["year"])
            if when is not None:
                return when, (i, found.start())
    return None


# the longest a consultation runs after the date its page gives: a day further on than that is
# no later year's deadline but one already gone ("The deadline was 10 March" on a page of 15
# March), or the page's first date is not its own
_LONGEST_RUN = dt.timedelta(days=183)


def _on_or_after(since: dt.date, day: str, month: str) -> dt.date | None:
    """The first `day` `month` on or after `since`, if within _LONGEST_RUN of it."""
    for year in (since.year, since.year + 1):
        when = _day(day, month, year)  # None: 29 February, in a year without one
        if when is not None and when >= since:
            return when if when - since <= _LONGEST_RUN else None
    return None


# a page's mark on a point added to its list ("NEW What further reforms ...?", "(New)", "New: "):
# the word in capitals, or set off by a bracket, colon or dash, never "New homes ..."
_ADDED_MARK = re.compile(
    r"^(?:NEW\b(?:\s*[:\u2013\u2014-])?|(?i:[(\[]\s*new\s*[)\]]|new\s*[:\u2013\u2014-]))\s*+(?=\S)"
)


def unmark(question: str) -> str:
    """A question without the page's mark on a point it added ("NEW What further reforms ...?"
    on a reopened inquiry's terms of reference)."""
    return _ADDED_MARK.sub("", question)


def unnote(question: str) -> str:
    """A question without a form's note on how to tick its boxes ("... based? Please select one
    only:")."""
    return _NOTE_AT_END.sub("", question)


def options(box: str) -> list[str]:
    """The choices of an answer box ("Agree – Neither agree nor disagree – Disagree", "☐ Yes
    ☐ No", "☐ A great deal ☐ A fair amount"), as the form writes them; none for free text."""
    if _FREE_TEXT.search(box):
        return []
    if box[:1] in _TICK:
        return [" ".join(c.split()) for c in re.split(f"[{_TICK}]", box) if c.strip()]
    return [m.group(0) for m in re.finditer(_ANSWERS, box, re.IGNORECASE)]


BOX_CHARS = 200  # the longest row of answers ("Strongly agree / ... / Don't know") is half that


def is_box(line: str) -> bool:
    """A line of choices to tick, or of the answers a form offers ("Yes / No"). A paragraph
    of pasted lines is checked as each line joins it: only a line's length is, so the time stays
    linear."""
    return line[:1] in _TICK or (len(line) <= BOX_CHARS and bool(ANSWER_BOX.match(line)))


def limit(text: str) -> tuple[str, int | None, int | None]:
    """The text without the length limit at its end, and the limit: (text, words, characters)."""
    tail = len(text) - min(len(text), LIMIT_CHARS)  # a note is short: look only at the end
    found = _LIMIT.search(text, tail)
    if not found:
        return text, None, None
    n = int((found["n1"] or found["n2"] or found["n3"]).replace(",", ""))
    unit = (found["u1"] or found["u2"] or found["u3"]).lower()
    rest = text[: found.start()].rstrip(" :;([-–—")
    return rest, (n if unit.startswith("word") else None), (n if unit.startswith("char") else None)


def agree(question: str) -> tuple[str, ...]:
    """A question asking whether we agree, with no box of choices under it: agree or disagree
    (a department counts an answer that states no view as having none)."""
    found = re.search(
        r"(?:^|[.?!:]\s+)(?:to what extent )?do you (?:agree|disagree)\b", question, re.IGNORECASE
    )
    return ("Agree", "Disagree") if found else ()
