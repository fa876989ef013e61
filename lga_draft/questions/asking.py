"""Whether a paragraph of a consultation asks something, as the question importer reads it.

A paragraph asks if it has a question mark, opens as a question or a request does ("What",
"Should", "Please", "Describe"), or reports a request ("It also asks what ...", "Examples are
sought of ..."). A sentence that only frames the questions is not one: it asks for views on
nothing but what the document sets out elsewhere ("This consultation asks for views on the
proposals set out below.", "The Committee is seeking views on the following:"), see `framing`.
"""

from __future__ import annotations

import re

_ASKING = """
    what how why when where which who whom whose whether do does did should would could can is are
    was were will have has please to describe explain tell give provide list outline set share
    comment identify suggest if in
"""
_ASK_WORDS = frozenset(_ASKING.split())
# a request reported rather than put ("It also asks what ...", "Examples are sought of ..."), as a
# page about a call for evidence words its questions
_REQUEST = re.compile(
    r"\basks (?:what|how|why|whether|which|for)\b|\b(?:are|is) sought\b", re.IGNORECASE
)
# a closing date in a sentence ("by 5 March 2027"): a request with one is about responding
_DEADLINE = re.compile(r"\b(?:by|before|until) \d{1,2}(?:st|nd|rd|th)? [a-z]+ \d{4}\b", re.I)
_FOLLOWING = "please if why explain give provide describe tell what how which"
_FOLLOW_UP = frozenset(_FOLLOWING.split())
# words of an instruction about the response itself ("Please send your response to ... by 1 March"),
# which follows the last question but is not part of it
INSTRUCTION = frozenset(["send", "return", "submit", "email", "mail", "post", "deadline"])
# ... and of a note on how to respond ("If you're responding as an individual ...", "upload a
# document to support your response at the end of the survey"), which does not ask again
_RESPONDING = frozenset(["respond", "responding", "respondents", "upload", "survey"])
# what is asked for, in a sentence framing the questions ("views on", "evidence addressing") ...
_SOUGHT = re.compile(
    r"\b(?:views?|evidence|comments?|responses?|submissions?|feedback|opinions?|thoughts|input)"
    r"(?: (?:are|is) (?:being |now |also )?(?:sought|invited|welcomed?|requested))?"
    r"(?: (?:on|about|to|in response to|regarding|in relation to|addressing|covering))?\b"
    r"(?P<rest>[^.?!]*)[.:]?\s*$",
    re.IGNORECASE,
)
FRAMING_CHARS = 300  # a sentence introducing the questions is short
# ... and the words that only point at the questions, naming no subject of their own
_POINTERS = frozenset(
    """
    the a an these this those our its following below above set out listed outlined given shown
    proposals proposal questions question consultation document paper page areas issues points
    matters topics terms of reference in number series range key some all any call for evidence
    inquiry which are is and or
    """.split()  # noqa: SIM905
)
# openings of a request put to the reader ("Please give your views on the following:"), which
# may be a question whose parts or statements follow: not a framing statement
_PUT = _ASK_WORDS - {"in", "to", "if"}


def asks(text: str) -> bool:
    """Does the text ask something, rather than state it (or frame the questions)?"""
    words = re.findall(r"[a-z']+", text.lower())
    if "?" in text:
        return True
    if framing(text):
        return False
    return bool(words and words[0] in _ASK_WORDS) or reported(text, words)


def reported(text: str, words: list[str]) -> bool:
    """A request the page reports ("It also asks what ..."), not one about the response itself
    ("The Department asks for responses by email to ...", "Views are sought ... by 1 May 2027"),
    nor one leading into the questions ("Views are sought on the following questions:"), nor
    one framing them ("This consultation asks for views on the proposals set out below.")."""
    about = INSTRUCTION.union(["responses", "submissions"]).intersection(words) or "@" in text
    leads = text.rstrip().endswith(":") or _DEADLINE.search(text) or framing(text)
    return bool(_REQUEST.search(text)) and not (about or leads)


def framing(text: str) -> bool:
    """A statement introducing the questions, not one of them: it asks for views (evidence,
    comments) on nothing but the document's own questions or proposals ("This consultation asks
    for views on the proposals set out below.", "The Committee is seeking views on the
    following:", "We welcome your views."). A request put to the reader ("Please give your views
    on the following:") is left as it is: its parts may follow."""
    text = " ".join(text.split())
    last = re.split(r"(?<=[.!?]) ", text)[-1]  # its last sentence: "Background ... Views on:"
    words = re.findall(r"[a-z']+", last.lower())
    if not words or "?" in text or words[0] in _PUT or len(last) > FRAMING_CHARS:
        return False
    sought = _SOUGHT.search(last)
    if sought is None:
        return False
    rest = re.findall(r"[a-z']+|\d+", sought["rest"].lower())
    return all(word in _POINTERS for word in rest)


def item_asks(text: str) -> bool:
    """Does an item of a list ask: it ends in a question mark, or it is a question with a note
    on what it covers after it ("How effective is treatment? This refers to both healthcare
    services and wider agencies."), as a committee words a term of reference? A note after a
    question that tells how to respond ("Have a question? Email us at ...") does not make one."""
    text = " ".join(text.split())
    if text.endswith("?"):
        return True
    first, _, rest = text.partition("? ")
    words = re.findall(r"[a-z']+", first.lower())
    return bool(rest and words and words[0] in _PUT and not on_responding(rest))


# whom to ask ("Contact the committee office on 020 7219 3000", "Call us", "Telephone ...")
_CONTACT = re.compile(
    r"\b(?:contact|call|ring|write to) (?:us|the|our)\b|\b(?:tele)?phone\b|"
    r"\b0\d{2,4} ?\d{3} ?\d{3,4}\b",
    re.IGNORECASE,
)


def on_responding(text: str) -> bool:
    """Is the text about responding itself ("Email the clerk at ...", "Can I send my response
    by post?", "Contact the committee office on ..."): an address or telephone number, or a word
    of an instruction or of a note on how to respond?"""
    words = re.findall(r"[a-z']+", text.lower())
    about = INSTRUCTION.union(_RESPONDING).intersection(words)
    return "@" in text or "://" in text or bool(about) or _CONTACT.search(text) is not None


def point(text: str) -> bool:
    """Worded as a point of a list, not a sentence of the consultation's own text: it opens in
    lower case ("the scale of ...") or ends in ";" or "," (as the points of one sentence do)."""
    text = text.strip()
    return bool(text) and (text[0].islower() or text.endswith((";", ",", "; and", ", and")))


def follows_up(text: str) -> bool:
    """Does the paragraph after a question ask again ("Please explain your answer", "If not, why
    not?"), rather than say how and where to respond?"""
    words = re.findall(r"[a-z']+", text.lower())
    if (
        "@" in text
        or "://" in text
        or INSTRUCTION.intersection(words)
        or _RESPONDING.intersection(words)
        or words[:2] == ["please", "note"]
        or words[:3] == ["how", "to", "respond"]  # a heading, not "How ...?" asked again
    ):
        return False  # how and where to respond, or a note on it: the consultation's own text
    if not words:
        return False
    # "If not, why not?"; but not "The format is simple. For example: Do you think ...?", a
    # statement before a question given again
    first = re.split(r"(?<=[.!?:])\s", text.strip(), maxsplit=1)[0]
    return words[0] in _FOLLOW_UP or (text.endswith("?") and first.endswith("?"))
