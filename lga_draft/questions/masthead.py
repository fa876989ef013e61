"""The head of a consultation document: which line is its title and which names who is
consulting ("Department of Health and Social Care", "House of Commons Health and Social Care
Committee, 2021-09-03"), as the importer reads them."""

from __future__ import annotations

import re

from lga_draft.questions.docx_reader import Block

# the first line of a document that names who is consulting rather than what about
_ISSUER_FIRST = frozenset(["department", "ministry", "office", "hm", "cabinet", "home"])
_ISSUER_LAST = frozenset(["government", "office", "agency", "executive", "treasury"])
# ... and a committee of a legislature, or the legislature itself
_LEGISLATURE = frozenset(["committee", "parliament", "senedd", "assembly", "commons", "lords"])
# ... and a council consulting its residents
_COUNCIL_KIND = frozenset(
    ["borough", "county", "city", "district", "town", "parish", "metropolitan"]
)
# ... and the national bodies that consult councils on health and care, alone or together
# ("NHS England and NHS Improvement"): named in full, since a title may begin "NHS ..."
_HEALTH_BODIES = (
    "nhs england|nhs improvement|nhs digital|public health england|health education england|"
    "care quality commission|office for health improvement and disparities|"
    "uk health security agency|national institute for health and care excellence"
)
_HEALTH_BODY = re.compile(rf"(?:{_HEALTH_BODIES})(?:\s*(?:,|and|&)\s*(?:{_HEALTH_BODIES}))*")
_NAME_SMALL = frozenset(["of", "for", "and", "the", "on", "in", "to", "at", "with", "a", "an"])
_ISSUER_CHARS = 300  # a body's name with its date is a line, not a paragraph
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
# a month's date after a space, comma or bracket; a bare year only after a comma or bracket (a
# name may end in one: "Select Committee on the Mental Capacity Act 2005")
_TRAILING_DATE = re.compile(
    rf"(?:[,\s(]+(?:\d{{1,2}}\s+)?{_MONTH}\s+\d{{4}}|\s*[,(]\s*\d{{4}}(?:-\d{{2}}(?:-\d{{2}})?)?)\)?$",
    re.IGNORECASE,
)
# a title with its subtitle ("Food, poverty, health and the environment: how local authorities can
# respond ... (evidence session, 4 February 2020)") runs to 150 characters and more
_TITLE_CHARS = 200
# a wrapped title's line ending on a word that joins it to the next: that next is not the issuer
JOINS_NEXT = frozenset(
    ["the", "of", "on", "and", "to", "for", "a", "an", "into", "from", "by", "in", "with", "or"]
    + ["about", "at", "as", "that", "is", "are", "will", "should", "between", "under", "their"]
)


def wraps(block: Block | None) -> bool:
    """Does the block end on a word joining it to the next line ("Consultation on the")?"""
    last = block.text.rsplit(None, 1)[-1] if block is not None and block.text.strip() else ""
    return last.lower() in JOINS_NEXT


# a committee's or GOV.UK's label in front of the name on its page ("New inquiry: Integrated care
# systems", "Call for evidence: ..."): the page's label, not the inquiry's name
_TITLE_LABEL = re.compile(
    r"^(?:new inquiry|inquiry launched|(?:new |open |closed )?call for evidence)\s*[:–—]\s*(?=\w)",
    re.IGNORECASE,
)


# a committee's news headline: "Health and Social Care Committee launches new inquiry into ...",
# or one that leaves the committee to the page's masthead: "Committee launches inquiry into ..."
_HEADLINE = re.compile(
    r"^(?:the\s+)?(?:[\w’',&-]+\s+){0,16}?committee\s+"
    r"(?:launches|opens|announces)\s+(?:a\s+)?(?:new\s+)?inquiry"
    r"(?:\s+(?:into|on)\s+(?P<name>\S.*))?$",
    re.IGNORECASE,
)

# GOV.UK's name for the page that holds a consultation's text, after the consultation's name
# ("Advancing our health: prevention in the 2020s – consultation document"): not part of it
# (each run of spaces is tried once, from its start: a search from every space of a long run had
# been quadratic in its length)
_DOCUMENT_LABEL = re.compile(
    r"(?<!\s)\s*+[:–—-]\s*+consultation\s++(?:document|paper)\s*+$", re.IGNORECASE
)


def unlabelled(title: str) -> str:
    """The title without the label a page puts in front of it: "New inquiry: The Spending Review
    and Local Government Finance" is "The Spending Review and Local Government Finance", and so is
    "Health Committee launches inquiry into the Spending Review and Local Government Finance"; nor
    is GOV.UK's "– consultation document" after it part of it."""
    headline = _HEADLINE.match(title[:_TITLE_CHARS])  # the name runs on past the part looked at
    if headline and headline["name"]:
        name = title[headline.start("name") :]
    else:
        name = _TITLE_LABEL.sub("", title, 1)
    name = name if name == title else name[:1].upper() + name[1:]
    return _DOCUMENT_LABEL.sub("", name) or name


# where a news page names the inquiry in its own words: "The Adult Social Care Reform: the cost of
# inaction inquiry will consider ..."
_NAMED = re.compile(r"\bThe\s+(?P<name>[A-Z][^.?!“”\"]{3,150}?)\s+inquiry\b")
_NAME_STOP = frozenset(["the", "of", "on", "and", "to", "for", "a", "an", "in", "into", "its", "s"])
_NAMING = 12  # the paragraphs of a news page before its terms of reference


def inquiry_name(headline: str, texts: list[str]) -> str | None:
    """The inquiry's own name where a news headline only describes it: the headline "Committee
    launches inquiry into cost of inaction on adult social care reform", then "The Adult Social
    Care Reform: the cost of inaction inquiry will consider ..." give the second, whose words are
    all the headline's (so it is the same inquiry, not another the page mentions)."""
    described = _HEADLINE.match(headline[:_TITLE_CHARS])
    if not described or not described["name"]:
        return None
    said = set(re.findall(r"[a-z]+", described["name"].lower()))
    for text in texts[:_NAMING]:
        for found in _NAMED.finditer(" ".join(text.split())):
            words = set(re.findall(r"[a-z]+", found["name"].lower())) - _NAME_STOP
            if len(words) >= 2 and words <= said:
                return found["name"]
    return None


# the name of the page or annex that lists a consultation's questions ("L: Address details and list
# of consultation questions", "Annex A: Consultation questions"): the page's, not the consultation's
# (possessive spaces: each run is taken whole, not shared out between the \s* beside it)
_QUESTION_LIST = re.compile(
    r"^(?:(?:annex|appendix|chapter|part)\s++)?(?:[a-z]|\d{1,2})?\s*+[:.–—-]?\s*+"
    r"(?:address\s++details\s++and\s++)?(?:(?:a\s++)?(?:full\s++)?(?:list|summary)\s++of\s++)?"
    r"(?:the\s++)?(?:consultation\s++)?questions$",
    re.IGNORECASE,
)


def lists_questions(text: str) -> bool:
    """Does the line name the page listing the questions, not the consultation?"""
    return bool(_QUESTION_LIST.match(" ".join(text.split())))


def headline_only(text: str) -> bool:
    """A news headline naming no inquiry ("Health Committee launches new inquiry"): not a title."""
    headline = _HEADLINE.match(text[:_TITLE_CHARS])
    return headline is not None and not headline["name"]


def title_like(text: str, block: Block) -> bool:
    if block.row:  # a form's column heading ("Question", "Your response"), not the title
        return False
    # a line leading into what follows ("... on the following questions:") is not a title
    return bool(block.heading) or (
        len(text) <= _TITLE_CHARS and ". " not in text and not text.endswith((".", ":"))
    )


def issuer_like(text: str) -> bool:
    """A line naming a government body: "Department of ...", "Ministry of ...", "Home Office",
    "NHS England", or a committee or legislature ("House of Commons Health and Social Care
    Committee", "Welsh Parliament ..."), perhaps with the date after a comma ("..., 2021-09-03")."""
    if len(text) > _ISSUER_CHARS:
        return False
    name = issuer_name(text)
    words = re.findall(r"[a-z]+", name.lower())
    if not words or len(words) > 16 or name.endswith((".", "?", ":")):
        return False
    # a body's name is in capitals but for its small words: "Department for Education guidance on
    # charging applies to all responses" is a sentence about the department, not the department
    if any(_small_word(w) for w in name.split()):
        return False
    if words[:3] in (["house", "of", "commons"], ["house", "of", "lords"]):
        return True  # a joint inquiry names two committees: "... Committee and ... Committee"
    if len(words) > 12:
        return False
    if _HEALTH_BODY.fullmatch(" ".join(name.lower().split())):
        return True
    if words[0] in _ISSUER_FIRST or (len(words) <= 5 and words[-1] in _ISSUER_LAST):
        return True
    if words[-2:-1] and words[-2] in _COUNCIL_KIND and words[-1] == "council":
        return True  # "Mid and East Antrim Borough Council"
    # "Welsh Parliament Health Committee", not "The future of the Senedd" nor "About the Committee"
    return bool(words[-1] in _LEGISLATURE and "the" not in words)


# a committee's news page names the committee in its opening sentence, not on a line of its own:
# "The Housing, Communities and Local Government Committee has launched a new inquiry into ..."
_ANNOUNCES = re.compile(
    r"(?:The\s+)?(?P<name>[A-Z][\w’',&-]*(?:\s+[\w’',&-]+){0,15}?\s+Committee)\s+"
    r"(?:has\s+(?:today\s+)?(?:launched|opened|announced)|is\s+(?:launching|holding|inviting)|"
    r"(?:today\s+)?launche[sd]|invites)\b"
)
_OPENING = 6  # the paragraphs of a news page before its terms of reference


def announcing(texts: list[str]) -> str | None:
    """The committee a news page's opening sentence says is holding the inquiry, if one does."""
    for text in texts[:_OPENING]:
        found = _ANNOUNCES.match(" ".join(text[:_ISSUER_CHARS].split()))
        if found and issuer_like(found["name"]):
            return found["name"]
    return None


def _small_word(token: str) -> bool:
    """A word of a sentence, not of a name: lower case, and not "of", "and", "the" ..."""
    word = token.strip("()[]\"'“”‘’,;–-")
    return bool(word) and word[0].islower() and word not in _NAME_SMALL


# GOV.UK's labels around the department on a page copied as text: "From: Ministry of Housing,
# Communities and Local Government Published 20 June 2025" (on one line, or on lines of their own
# that the reader joins into one paragraph)
_FROM_LABEL = re.compile(r"^from\s*:\s*", re.IGNORECASE)
_PUBLISHED = re.compile(r"\s+(?:published|last updated|updated)\b.*$", re.IGNORECASE)


def issuer_name(text: str) -> str:
    """The body's name without a date after it: "House of Commons ... Committee, 2021-09-03", and
    without GOV.UK's labels around it ("From: ... Published 20 June 2025")."""
    text = text.strip()
    if len(text) > _ISSUER_CHARS:  # the pattern backtracks over runs of spaces: keep it short
        return text
    labelled = _FROM_LABEL.match(text)
    if labelled:
        text = _PUBLISHED.sub("", text[labelled.end() :])
    return _TRAILING_DATE.sub("", text).strip()


# GOV.UK's "Basic information" table in a consultation document: "Body/bodies responsible for the
# consultation", then the department (on the label's line or the next; copied with no blank lines,
# run on into the same paragraph: "Basic information Body/bodies responsible ... HM Treasury.")
_RESPONSIBLE = re.compile(
    r"(?:^|(?<=\s))Bod(?:y|ies)(?:/bod(?:y|ies))? responsible for (?:the|this) consultation\b"
    r"\s*[:–—-]?\s*"
)
_NAMED_THEN = re.compile(rf"^(?P<name>[A-Z][^.?!]{{2,{_ISSUER_CHARS}}}?)(?:\.(?:\s|$)|$)")


def responsible_body(texts: list[str]) -> str | None:
    """The body GOV.UK's "Basic information" names as responsible for the consultation, if any:
    a name after the label, in capitals ("Department for Levelling Up, Housing and Communities;
    HM Treasury"), not a sentence about the bodies ("... consultation is the department ...")."""
    for i, text in enumerate(texts):
        text = " ".join(text.split())
        found = _RESPONSIBLE.search(text)
        if found is None:
            continue
        rest = text[found.end() :] or (" ".join(texts[i + 1].split()) if i + 1 < len(texts) else "")
        named = _NAMED_THEN.match(rest)
        if named:
            return named["name"].strip()
    return None
