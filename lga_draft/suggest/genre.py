"""The words of the consultation genre, not of its subject: what a question or a title says about
the kind of document it is ("What are your views on ...", "Call for evidence, June 2018"), which
suggestions leave out of a question's topic. Measured in docs/suggestions.md."""

from __future__ import annotations

import re

from lga_draft.library.ingest import without_idioms

# Words of the consultation genre rather than of its subject. They are in nearly every question,
# so they say nothing about which position answers this one. Councils ("local authorities") are
# the subject of every position of a local government library, so naming them says nothing either.
_GENRE = """
    what which how why when where who whom whether do does did should would could can may might
    your you organisation organisations organisation's views view think agree disagree support
    please box share specific ideas include including included prioritise
    timeframe expect see biggest challenges challenge enablers enabler opportunities propose
    proposal proposals proposed consider considered comment comments question questions respond
    response any other further additional anything else want wish like best ways way help make
    making move government's extent example examples describe explain tell us our consultation
    consulting hear heard responding respondent behalf all barriers barrier key main areas area
    aspects aspect approach approaches currently current specifically particular particularly
    name email address postcode telephone phone job yes not sure strongly somewhat neither nor
    respondents individual individuals capacity answer answers
    ensure ensuring up set aims aim achieve achieving
    council councils authority authorities
"""
# Function words: most are stopwords of the index already; "we", "all" and "among" are not.
_FUNCTION = """
    a an the and or of to in on for with by at from as is are be been being it its this that these
    those there their them they we us our he she his her not no nor so than too very about into
    over under between through during before after more most such only own same all each both few
    some among upon within without across has have had having was were will shall does did done
    also been being against towards toward via per despite beyond around along amongst behind
    below above until whilst while whose onto once here
"""
QUESTION_WORDS = frozenset(_GENRE.split())
# Words of a consultation's title that name its kind or date, not its subject.
TITLE_GENRE = frozenset(
    """
    call calls evidence inquiry inquiries review consultation consultations paper papers green white
    discussion draft proposals response responses launch launched written oral committee
    committees select house commons lords session report strategy plan january february march
    april may june july august september october november december
    objectives principles next steps technical
    """.split()  # noqa: SIM905
)
# Left out of the topic (the words a position must share to be on the question's point) and of the
# match against past questions; kept in the ranking's query, where BM25 weighs them itself (leaving
# them out cost the ranking 0.03 of recall@5 on the suggestion set).
NOT_TOPIC = QUESTION_WORDS | frozenset(_FUNCTION.split())
PAST_IGNORE = NOT_TOPIC


# A question's name for the document it is asked in ("in addition to those set out in the green
# paper", "this white paper"): the document, not a subject, though the words also name one
# ("green paper" is a tag's alias). "The green paper on adult social care" names its subject.
_OWN_DOCUMENT = re.compile(
    r"\b(?:the|this)\s+(?:green|white|discussion|consultation)\s+(?:paper|document)\b"
    r"(?!\s+(?:on|for|about|into)\b)",
    re.IGNORECASE,
)


# A question's name for a kind of document it asks about ("what should a call for evidence on
# musculoskeletal health include?"): the kind, not the subject, which follows it. Counted as topic
# words, "call" and "evidence" put on the question's point every position that cites evidence.
_DOCUMENT_KIND = re.compile(r"\bcalls?\s+for\s+evidence\b", re.IGNORECASE)


# The verb by which a question says what the answers are for ("should the principles inform our
# approach?", "to inform the development of the plan"): the department's work, not the subject.
# The stemmer reads "inform" as "information", so it put every data sharing position on the point
# of a question about funding allocations. Informing the public, patients or residents is a subject,
# whoever's they are ("inform our residents", "inform these families", "inform policy makers").
_PEOPLE = (
    r"(?:residents?|public|people|patients?|tenants?|communit(?:y|ies)|famil(?:y|ies)|parents?"
    r"|carers?|users?|consumers?|customers?|citizens?|staff|workers?|workforce|members?|children"
    r"|pupils?|students?|businesses|employers?|landlords?|partners?|providers?|makers?"
    r"|stakeholders?|voters?|groups?|audiences?)"
)
_INFORMS_OUR_WORK = re.compile(
    r"\binforms?\b(?=\s+(?:our|future|government'?s?|decisions?|policy|policies|how|what|which"
    r"|whether|this|these|its|the\s+(?:government'?s?|department'?s?|development|design|review"
    r"|approach|way|work|future|next|final|decisions?|policy))\b)"
    r"(?!\s+policy\s+makers?\b)"
    r"(?!\s+(?:(?:our|future|government'?s?|this|these|its)\s+(?:(?!(?:on|of|for|to|in|about"
    rf"|and|or|with|by|from|at)\b)\w+\s+)?|the\s+\S+\s+){_PEOPLE}\b)",
    re.IGNORECASE,
)


# What an inquiry has learned ("What lessons can be learnt from ...?", "What have we learned
# from the pandemic ...?"): how the question asks, not what about. The stemmer reads "learned" as
# "learning", so a question on lessons learned from local growth programmes drew the learning
# disability position first. The subject is spelt "learning" or "learners", never "learned".
_LEARNED = re.compile(r"\blearn(?:ed|t)\b", re.IGNORECASE)


# "Place" in an idiom ("What is in place to monitor ...?", "measures put in place", "changes taking
# place", "in the first place"): the English word, not the place of "place and neighbourhood",
# which a tag's alias names. "In place-based partnerships" and "in places" are not the idiom.
_IN_PLACE = re.compile(
    r"\b(?:in(?:to)?(?:\s+the\s+first)?|take[ns]?|taking|took)\s+place\b(?![-\u2010\u2011])",
    re.IGNORECASE,
)


def without_own_document(question: str) -> str:
    """The question without its name for the document it is asked in, for the kind of document
    it asks about, for what the answers will inform, for what has been learned, for "in
    place" and "take place", or for an idiom's "practice" ("good practice", see
    `without_idioms`)."""
    question = _LEARNED.sub(" ", _INFORMS_OUR_WORK.sub(" ", question))
    question = without_idioms(_IN_PLACE.sub(" ", question))
    return _DOCUMENT_KIND.sub(" ", _OWN_DOCUMENT.sub(" ", question))
