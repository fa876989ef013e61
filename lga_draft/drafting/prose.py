"""The text pieces an answer is made of: sentences, paragraphs, figures, asks, case studies, and
what one answer carries of one position (`Setting`).

Small functions shared by composition (which counts and chooses them) and the portal output
(which prints them as plain text), so both see exactly the same words.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from lga_draft.library.model import Ask, CaseStudy, Evidence, Position
from lga_draft.suggest.search import stem_words

ASK_INTRO = "We ask the Government to:"
# A select committee does not act on asks; it recommends to the Government.
COMMITTEE_ASK_INTRO = "We ask the Committee to recommend that the Government:"
# ... after a briefing's positions set out their own ("Our asks:"): more, not a second start
ASK_ALSO = "We also ask the Government to:"
COMMITTEE_ASK_ALSO = "We also ask the Committee to recommend that the Government:"


def ask_intro(issued_by: str) -> str:
    """The line before an answer's asks: to the Government, or through the committee consulting."""
    return COMMITTEE_ASK_INTRO if re.search(r"\bcommittee\b", issued_by, re.I) else ASK_INTRO


@dataclass(frozen=True)
class Figure:
    evidence: Evidence
    text: str  # one sentence: statement, figure, period once


@dataclass(frozen=True)
class Setting:
    """What one answer carries of one position."""

    position: Position
    lead: str | None  # None where the lead was said already (word for word) elsewhere
    paragraphs: tuple[str, ...]
    figures: tuple[Figure, ...]
    case: CaseStudy | None
    more: str  # what of the position is left out ("2 paragraphs, 1 figure"): Word's margin comment


@dataclass(frozen=True)
class AnswerAsk:
    text: str
    timeframe: str | None  # only where the consultation wants timeframes
    position_id: str


_SENTENCE_END = re.compile(r"(?<=[.!?])[”’\"')]*\s+(?=[“‘\"'(]?[A-Z0-9£])")
# A paragraph opening with these leans on the one before it ("This is why ...").
LEANS_BACK = re.compile(
    r"(?:The same|This|That|These|Those|It|Its|Such|They|Their|But|And|So|Yet|Even so|"
    r"As a result|Instead|However|Equally|Likewise|Here|There|Taken together|Together|Both|"
    r"Neither|Nor|Again|Also|Still|Even|Otherwise|Then|Thus|Hence|Therefore)\b"
)
_TIMING = re.compile(
    r"\b(time ?frames?|time ?scales?|timetable|timing|how (?:soon|quickly)|by when|"
    r"over what period|prioriti[sz]e|prioriti[sz]ation|sequenc(?:e|ing)|phas(?:e|ing)|"
    r"and when(?=\s*\?))\b",  # "What reforms should follow, and when?"
    re.I,
)


# "Views on the next steps that the Government should take": the asks answer it as they answer
# "What should the Government do?" ("The impact of recent policy tools" asks for none)
_PROPOSALS = re.compile(
    r"\b(ideas?|proposals?|recommend\w*|what (?:should|could|would) (?:the )?government|"
    r"government should (?:do|take)|next steps?|"
    r"what changes?|policy (?:changes?|ideas?|options?)|asks?)\b",
    re.I,
)

_EXAMPLES = re.compile(
    r"\b(?:(?<!for )examples?|case stud(?:y|ies)|what (?:has|have) worked|good practice)\b", re.I
)

# Words in a paragraph's first sentence that tie it to what came before ("therefore", "though"), and
# the length under which a sentence opening "The ..." is a topic sentence resting on it ("The pressure
# has not eased.", "The problem is long-standing."): such a paragraph is not lent to another answer
# without the one before it (place.allot).
_TIED = re.compile(r"\b(?:therefore|though|too|also|again|as well)\b", re.IGNORECASE)
SHORT_OPENER_WORDS = 8
# "this" or "that" standing for what came before ("a way to change that by ...", "doing this.")
_POINTS_BACK = re.compile(
    r"\b(?:this|that|these|those)(?=[,.;:]|\s+(?:by|through|with|without|from|for|at)\b)", re.I
)


def leans_on_context(paragraph: str) -> bool:
    """Whether a paragraph needs the one before it to be understood (LEANS_BACK, and more)."""
    first = (sentences(paragraph) or [""])[0]
    if LEANS_BACK.match(first) or _TIED.search(first) or _POINTS_BACK.search(first):
        return True
    return first.startswith("The ") and len(first.split()) <= SHORT_OPENER_WORDS


def wants_proposals(text: str) -> bool:
    """Whether a question asks for proposals ("share specific policy ideas"): asks answer it."""
    return bool(_PROPOSALS.search(text)) or wants_timeframes(text)


def wants_examples(text: str) -> bool:
    """Whether a question asks for examples ("Examples are sought of ...", "What has worked?"): a
    case study answers it, before more of the argument."""
    return bool(_EXAMPLES.search(text))


def wants_timeframes(text: str) -> bool:
    """Whether a question asks about timing ("what timeframe", "how would you prioritise")."""
    return bool(_TIMING.search(text))


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(" ".join(text.split())) if s]


def paragraphs_of(body: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", body.strip()) if p.strip()]


def words_in(text: str) -> int:
    return len(text.split())


def sentence_key(sentence: str) -> str:
    """A sentence reduced to its words, to find it again however it is punctuated."""
    return " ".join(re.findall(r"\w+", sentence.lower()))


def figure_sentence(e: Evidence) -> str:
    """'Statement: **figure** (period).' with the period once, never in nested brackets: a part of
    the period the statement already gives (the same words, or the same years) is left out. A figure
    whose words name no year says when it was measured: "0.9 per cent" of budgets read in a 2026
    draft, with nothing to say it was the share in 2019, passes for today's."""
    statement = " ".join(e.statement.split()).rstrip(".")
    text = f"{statement}: **{' '.join(e.figure.split())}**"
    period = re.sub(r"\s*\(([^()]*)\)", r", \1", " ".join((e.period or "").split())).strip(" ,")
    said = sentence_key(f"{statement} {e.figure}")
    years = set(_NUMBER.findall(f"{statement} {e.figure}"))
    stems = {s for _, s in stem_words(f"{statement} {e.figure}")}
    parts = [
        part
        for part in (p.strip() for p in period.split(","))
        if part
        and sentence_key(part) not in said
        and not (_NUMBER.findall(part) and set(_NUMBER.findall(part)) <= years)
        and not _said_in_other_words(part, stems, years)
    ]
    if not _YEAR.search(_SINCE.sub("", f"{statement} {e.figure} {period}")):
        # "the past six years", "since 2015/16" (a start, not an end), or no period at all, read
        # in a later draft passes for its own day
        parts = _dated(parts, month_year(str(e.as_of)))
    if parts:
        text += f" ({', '.join(parts)})"
    return text + "."


def _said_in_other_words(part: str, stems: set[str], years: set[str]) -> bool:
    """A part of a period whose words the statement says in another form ("projection" after
    "Funding gap projected ..."), and whose numbers, if any, it gives too."""
    words = {s for _, s in stem_words(part)}
    return bool(words) and words <= stems and set(_NUMBER.findall(part)) <= years


# A period counted from the day it was measured: back ("the past six years": the six years to
# then) or on ("over the next 25 years", "in five years' time": from then). "as of" after one
# dates the period twice; one naming its own start ("following the plan's publication") or
# neither ("the next spending review", "the last Parliament": no span of time) keeps "as of".
_SPAN = r"(?:[\w-]+ ){0,2}(?:year|month|decade|week|day|quarter)s?\b"
_BACK = re.compile(rf"\bthe (?:past|last|previous|preceding) (?={_SPAN})", re.I)
_ON = re.compile(rf"\bthe (?:next|coming) (?={_SPAN})|(?=^in .+ time$)", re.I)
_OWN_START = re.compile(r"\b(?:from|following|after|since|before|until|to)\b", re.I)


def _dated(parts: list[str], when: str) -> list[str]:
    """The period's parts with the day it was measured: a relative part counted to or from it,
    else "as of" it at the end."""
    for i, part in enumerate([] if any(_OWN_START.search(p) for p in parts) else parts):
        for counted, word in ((_BACK, "to"), (_ON, "from")):
            if counted.search(part):
                # "the past six years" -> "the six years", "in five years' time" as it is
                part = counted.sub(lambda m: "the " if m[0] else "", part, count=1)
                parts[i] = f"{part} {word} {when}"
                return parts
    return [*parts, f"as of {when}"]


_NUMBER = re.compile(r"\d+(?:/\d+)?")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_MONTHS = "January February March April May June July August September October November December"
_SINCE = re.compile(
    rf"\bsince\s+(?:(?:{'|'.join(_MONTHS.split())})\s+)?(?:19|20)\d\d(?:/\d+)?", re.I
)


def month_year(partial: str) -> str:
    """'2024-12-02' or '2024-12' -> 'December 2024'; '2021' stays '2021'."""
    year, _, rest = partial.partition("-")
    month = rest[:2]
    return f"{_MONTHS.split()[int(month) - 1]} {year}" if month.isdigit() else year


# A lead that asks for something ("should", "we want"): one that states a fact ("The grant was
# cut.") makes no ask, whatever its words share with one ("Reverse the cut to the grant.").
_CALLS = re.compile(r"\b(?:should|must|want|wants|need|needs|deserves?|calls?|urge|urges)\b", re.I)
# Words that turn an ask round; the stemmed words drop them as stopwords. Which of them a text uses
# is its own wording ("do not impose" and "must never be forced", "rather than a model" and "not a
# model"): what matters is whether it turns at all.
_NEGATIONS = re.compile(r"\b(?:not|no|never|nor|without|instead of|rather than)\b|n[’']t\b", re.I)


# The share of an ask's words (but its verb) its lead must hold to make it: the library's asks
# restate their leads in other words ("Invest in early intervention therapies for children and
# young people." under "... more should go into early intervention ...") at 0.8 and more; at 0.75
# a short ask's one new word ("multi-year" funding, under "long-term funding") would be lost.
RESTATES = 0.8


def restates(ask: str, lead: str, weighed: Said | None = None) -> bool:
    """An ask whose words, but for its opening verb, its lead already says ("Establish a Local
    Government Centre for Digital." after "We want a Local Government Centre for Digital, ..."),
    all or RESTATES of them, or (with `weighed`'s rarity weights) that makes the lead's point in
    other words as a sentence of the draft would repeat another ("Make digital partnerships ...
    mandatory, and fund them" under "Government should require, and pay for, partnerships ..."):
    the lead must itself ask, and turn no differently ("Do not ring-fence the grant." is not made
    by "The grant should be ring-fenced.")."""
    if not _CALLS.search(lead) or _turns(ask) != _turns(lead):
        return False
    words = [s for _, s in stem_words(ask)][1:]
    have = {s for _, s in stem_words(lead)}
    if words and sum(s in have for s in words) >= RESTATES * len(words):
        return True
    verb = ask.split(maxsplit=1)
    return weighed is not None and len(verb) == 2 and weighed.alike(verb[1], lead) >= NEAR_REPEAT


def _turns(text: str) -> bool:
    return _NEGATIONS.search(text) is not None


def quoted(figure: str, text: str) -> bool:
    """Whether a figure is already in `text` (lower case), spaces aside (a seed's "1.2million" is
    quoted by a text that writes "1.2 million"), as a whole: "4 per cent" is not quoted by "4
    percentage points", nor "10 per cent" by "110 per cent" or "0.10 per cent"."""
    return _figure_pattern(figure).search(text) is not None


@lru_cache(maxsize=4096)
def _figure_pattern(figure: str) -> re.Pattern[str]:
    chars = "".join(figure.lower().split())
    body = r"\s*".join(re.escape(c) for c in chars)
    before = r"(?<![\w.,])" if chars[:1].isalnum() else ""
    after = r"(?![\w]|[.,]\d)" if chars[-1:].isalnum() else ""
    return re.compile(before + body + after)


def set_out_in(number: str, sections: bool = False) -> str:
    """Where the draft sets a position out: "our answer to question 5"; in a piece set out by a
    document's sections rather than by its questions (a briefing on a white paper's chapters),
    "section 5"."""
    return f"section {number}" if sections else f"our answer to question {number}"


def pointer_to(number: str, title: str, sections: bool = False) -> str:
    """The clause a thin answer gets for a position set out in another answer."""
    return f"See also {set_out_in(number, sections)} ({' '.join(title.split()).rstrip('.')})."


def by_timeframe(asks: Sequence[AnswerAsk]) -> list[tuple[str | None, list[AnswerAsk]]]:
    """The asks grouped by their timeframe, the groups in the order each first comes; asks
    without one last."""
    groups: dict[str | None, list[AnswerAsk]] = {}
    for a in asks:
        key = " ".join(a.timeframe.split()) if a.timeframe else None
        groups.setdefault(key, []).append(a)
    untimed = groups.pop(None, None)
    return [*groups.items(), *([(None, untimed)] if untimed else [])]


def capitalize_first(text: str) -> str:
    """'quick to do' -> 'Quick to do' (the rest as written: 'NHS' stays)."""
    return text[:1].upper() + text[1:]


def related_hint(number: str, title: str, sections: bool = False) -> str:
    """The note in a placeholder on a position set out in another answer that may help."""
    where = capitalize_first(set_out_in(number, sections))
    return f"{where} ({' '.join(title.split()).rstrip('.')}) may help."


def ask_line(a: Ask | AnswerAsk) -> str:
    text = " ".join(a.text.split())
    return f"{text} ({a.timeframe})" if a.timeframe else text


def case_sentence(c: CaseStudy) -> str:
    summary = " ".join(c.summary.split())
    extra = f" ({c.figure})" if c.figure and c.figure not in summary else ""
    return f"Case study: {c.council}, {c.title}. {summary}{extra}"


# Two sentences from different positions that make the same point in other words ("In 2019 we
# warned that the emphasis on delayed transfers of care was steering funding away" and "the weight
# given to delayed transfers of care was drawing money away") are one too many in a draft. Their
# likeness: the cosine of their words (stemmed), each weighed by its rarity among the sentences of
# the positions the draft draws on, so that two sentences sharing "councils", "care" and "funding"
# are not alike. At 0.5, read on every pair of sentences of the bundled library from different
# positions: the pairs above it restate one point; below 0.45 they only share a subject. Sentences
# of fewer than NEAR_MIN_WORDS words ("Our view stands.") are compared word for word only.
NEAR_REPEAT = 0.5
NEAR_MIN_WORDS = 5


_Vector = tuple[dict[str, float], float]  # a sentence's weighed stems, and their norm


@dataclass
class Said:
    """What the draft has said so far: its sentences (never twice, nor one that restates another in
    other words) and its text (to see which figures are quoted)."""

    keys: set[str] = field(default_factory=set)
    text: str = ""
    weights: dict[str, float] = field(default_factory=dict)  # stem rarity; {}: word for word
    top: float = 1.0  # the weight of a stem none of the weighed sentences holds
    seen: list[_Vector] = field(default_factory=list)
    _checked: dict[str, int] = field(default_factory=dict, repr=False)  # key -> seen checked
    _postings: dict[str, list[int]] = field(default_factory=dict, repr=False)  # stem -> seen

    @classmethod
    def weighing(cls, texts: Sequence[str]) -> Said:
        """Nothing said yet, with rarity weights from the sentences of `texts`."""
        stem_words("\n".join(texts))  # every word stemmed in one pass, then each sentence
        found = [set(_stems(s)) for t in texts for s in sentences(t)]
        counts: dict[str, int] = {}
        for stems in found:
            for stem in stems:
                counts[stem] = counts.get(stem, 0) + 1
        n = len(found)
        return cls(
            weights={s: math.log((n + 1) / c) for s, c in counts.items()}, top=math.log(n + 1)
        )

    def copy(self) -> Said:
        postings = {stem: list(at) for stem, at in self._postings.items()}
        return Said(
            set(self.keys),
            self.text,
            self.weights,
            self.top,
            list(self.seen),
            dict(self._checked),
            postings,
        )

    def take(self, other: Said) -> None:
        self.keys, self.text, self.seen = other.keys, other.text, other.seen
        self._checked, self._postings = other._checked, other._postings

    def repeats(self, sentence: str, *, near: bool = True) -> bool:
        """Whether the sentence, or (`near`) one making its point in other words, was said
        already."""
        key = sentence_key(sentence)
        if key in self.keys:
            return True
        if not near or not self.weights:
            return False
        start = self._checked.get(key, 0)
        self._checked[key] = len(self.seen)
        if start >= len(self.seen):
            return False
        mine, norm = self._vector(sentence)
        if len(mine) < NEAR_MIN_WORDS:
            return False
        dots: dict[int, float] = {}  # the sentences said since `start` sharing a stem with it
        for stem, weight in mine.items():
            for j in self._postings.get(stem, ()):
                if j >= start:
                    dots[j] = dots.get(j, 0.0) + weight * weight
        for j, dot in dots.items():
            other, other_norm = self.seen[j]
            if len(other) >= NEAR_MIN_WORDS and dot / (norm * other_norm) >= NEAR_REPEAT:
                self.keys.add(key)  # said, in other words
                return True
        return False

    def fresh(self, text: str, *, near: bool = True) -> str:
        """The sentences of `text` not said already, as one paragraph. A figure's sentence
        (`near=False`) is compared word for word only: it restates prose by design, and which of
        the two is kept is decided by whether the figure is quoted (see `quoted`). A sentence
        leaning on one left out ("That requires ...", "But ...") goes with it."""
        kept: list[str] = []
        dropped = False
        for sentence in sentences(text):
            dropped = (dropped and bool(LEANS_BACK.match(sentence))) or self.repeats(
                sentence, near=near
            )
            if not dropped:
                kept.append(sentence)
        if near and self.weights:  # two sentences making one point said before in one (or two)
            i = 0
            while i + 1 < len(kept):
                if self.repeats(f"{kept[i]} {kept[i + 1]}"):
                    del kept[i : i + 2]
                    while i < len(kept) and LEANS_BACK.match(kept[i]):
                        del kept[i]
                else:
                    i += 1
        return " ".join(kept)

    def say(self, text: str, *, near: bool = True) -> None:
        said = sentences(text)
        for s in said:
            self.keys.add(sentence_key(s))
        if near and self.weights:
            # each sentence, and each two in a row: a point made in two sentences here may come
            # back in one elsewhere ("We hear of ... That stifles ..." and "We hear ..., which
            # stifles ...")
            pairs = [f"{a} {b}" for a, b in zip(said, said[1:], strict=False)]
            for s in [*said, *pairs]:
                vector = self._vector(s)
                for stem in vector[0]:
                    self._postings.setdefault(stem, []).append(len(self.seen))
                self.seen.append(vector)
        self.text += " " + " ".join(text.lower().split())

    def alike(self, one: str, other: str) -> float:
        """How alike two sentences are, by the measure `repeats` uses (0 for a short one)."""
        (a, norm_a), (b, norm_b) = self._vector(one), self._vector(other)
        if min(len(a), len(b)) < NEAR_MIN_WORDS or not self.weights:
            return 0.0
        return sum(w * b.get(s, 0.0) for s, w in a.items()) / (norm_a * norm_b)

    def _vector(self, sentence: str) -> _Vector:
        weighed = {s: self.weights.get(s, self.top) for s in _stems(sentence)}
        return weighed, math.sqrt(sum(w * w for w in weighed.values()))


@lru_cache(maxsize=4096)
def _stems(sentence: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s for _, s in stem_words(sentence)))


def view_line(view: str | None, options: Sequence[str]) -> str | None:
    """What an answer says of the choice a form offers ("Agree", "Disagree"): the view chosen,
    in the form's own spelling, or a placeholder for the officer to choose one (a department
    counts an answer that states no view as having none)."""
    if view:
        chosen = next((o for o in options if o.casefold() == view.casefold()), view)
        return f"Our view: {' '.join(chosen.split())}."
    if options:
        return f"[Our view: {' / '.join(' '.join(o.split()) for o in options)}: choose one]"
    return None


def form_chars(text: str) -> int:
    """The answer's length as an online form counts it against its limit: a form sends each line
    break as two characters (CR LF), and a browser counts a character beyond the Basic
    Multilingual Plane (an emoji) as two. Counted so, an answer is within the limit whichever way
    the form counts."""
    return len(text.encode("utf-16-le")) // 2 + text.count("\n")


def plain_answer(
    opening: str | None,
    settings: Sequence[Setting],
    pointer: str | None,
    placeholder: str | None,
    asks: Sequence[AnswerAsk],
    closing: str | None,
    intro: str = ASK_INTRO,
) -> str:
    """The answer as plain text, as it is pasted into an online form (and as it is counted)."""
    blocks: list[str] = []
    if opening:
        blocks.append(opening.strip())
    for s in settings:
        if s.lead:
            blocks.append(s.lead)
        blocks += list(s.paragraphs)
        blocks += [f.text.replace("**", "") for f in s.figures]
        if s.case:
            blocks.append(case_sentence(s.case))
    if pointer:
        blocks.append(pointer)
    if placeholder:
        blocks.append(placeholder)
    if asks:
        blocks.append(intro + "\n" + "\n".join(f"- {ask_line(a)}" for a in asks))
    if closing:
        blocks.append(closing.strip())
    return "\n\n".join(blocks)
