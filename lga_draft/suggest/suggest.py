"""Suggesting the positions that answer a consultation question, ranked and explained.

The ranking is the `search` index (BM25 over titles, leads, bodies, asks, evidence, case studies
and tag words) with three changes for questions, each measured on tests/eval/questions.yaml by
benchmarks/eval_suggest.py (figures in docs/suggestions.md):

- the words every consultation question uses ("what are your views", "your organisation",
  "challenges and enablers") are left out of the query, so they do not decide the ranking;
- a tag the question names, by its name or an alias, adds TAG_BOOST to positions carrying that very
  tag and less to positions carrying only a narrower one: "social care" names a broad tag, and
  every care position carrying a narrower tag would otherwise tie with the ones on the point;
- only current positions take part: approved ones (drafts with `include_draft`), never retired or
  superseded ones.

The cut-off keeps an answer to a handful of positions: at most MAX_SUGGESTIONS, each scoring at
least RELATIVE_FLOOR of the question's best, and each *on the question's topic*: it shares at least
two of the question's topic words (one, when the question has only one or two), or carries a tag the
question names, or answered a like question before. The bar is relative to the question, not a
fixed score: a small library's clear winner is kept ("recruit and retain care workers" finds the
care pay position although it scores 2), and a large library's long tail of one-word matches is not.
Imported only by the commands that rank.
"""

from __future__ import annotations

import math
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, replace

from lga_draft.library.answered import past_questions
from lga_draft.library.ingest import without_idioms
from lga_draft.library.model import Library, Position, Status
from lga_draft.suggest.genre import (
    NOT_TOPIC,
    PAST_IGNORE,
    QUESTION_WORDS,
    TITLE_GENRE,
    without_own_document,
)
from lga_draft.suggest.learned import PastMatch, PastQuestions
from lga_draft.suggest.meaning import ALPHA, GATE, MIN_CLOSE, Meaning
from lga_draft.suggest.search import Index, naming_words, stem_words

MAX_SUGGESTIONS = 5  # a consultation answer draws on a handful of positions, not the library
RELATIVE_FLOOR = 0.4  # below 40% of the best score a position is rarely on the question's point
MIN_TOPIC_WORDS = 2  # a position sharing one word with a question is rarely on its point
# ... nor one holding only its commonest words: the words it shares must carry at least this share
# of the question's topic, each word weighed by its rarity in the library (its BM25 IDF), so a
# question about tobacco displays is not answered by a position that shares "adult" and "young"
MIN_COVERAGE = 0.35
RARITY_LIBRARY = 50  # ... rarity counted in a library of at least this many positions (_idf)
# ... and a position answering a question of one or two topic words holds the word that weighs
# most, its subject: "mothers" in a care position's story is not an answer to a question on
# helping mothers to breastfeed, which no position mentions
SHORT_COVERAGE = 0.5
# A tag the question names puts a position on its topic by itself only if the tag is specific (its
# IDF scaled to 0..1, see _specificity): "Better Care Fund" is, "children" is not, and a question
# about tobacco displays that says "children" is not a question about children's services.
SPECIFIC_TAG = 0.6
# A position carrying the tag whose topic best matches the question gains TOPIC_POINTS, one
# carrying a weaker-matching tag its share (see Suggester._topics); the best match to the
# consultation's title gains CONTEXT_POINTS (see Suggester.context). Both chosen on the tuning
# sets (tests/eval/questions.yaml and benchmarks/tune_real/), figures in docs/suggestions.md.
TOPIC_POINTS = 4.0
CONTEXT_POINTS = 4.0
TAG_BOOST = 4.0  # a tag the question names, carried by the position itself
LEARNED_WEIGHT = 1.0  # a past question the position answered counts as much as its own text
NARROWER_BOOST = 2.0  # ... carried only through a narrower tag


@dataclass(frozen=True)
class Suggestion:
    """A position ranked for a question, with what made it match."""

    position: Position
    score: float
    tags: tuple[str, ...] = ()  # tags the question names that the position carries
    aliases: tuple[str, ...] = ()  # the words of the question that named them, where not the tag
    terms: tuple[str, ...] = ()  # words of the question found in the position
    answered: str | None = None  # the past question it answered that matches this one best
    direct: bool = False  # it carries a specific tag the question names (not only a narrower one)
    answered_words: int = 0  # how many of the question's words that past question shares
    coverage: float = 0.0  # the share of the question's topic (by word rarity) the position holds
    topic: str | None = None  # the tag it carries whose topic best matches the question (>= half)
    in_title: bool = False  # it matches the consultation's title (at least half the best match)
    close: float | None = None  # cosine similarity in meaning (the semantic extra), if measured
    near: bool = False  # ... within meaning.GATE of the question's closest position
    also: str | None = None  # the consultation's question `new` suggested it for (a weaker match)

    def on_topic(self, need: int) -> bool:
        """Shares `need` of the question's topic words, or a tag it names, or answered a like
        question before: the test that tells a position on the question's point from one that
        merely shares a word with it."""
        least = MIN_COVERAGE if need > 1 else SHORT_COVERAGE
        shares = len(set(self.terms)) >= need and self.coverage >= least
        return shares or self.direct or self.answered_words >= need or self.near

    @property
    def why(self) -> str:
        parts = []
        if self.tags:
            parts.append("tags " + ", ".join(self.tags))
        if self.aliases:
            parts.append("aliases " + ", ".join(self.aliases))
        if self.terms:
            parts.append("terms " + ", ".join(self.terms))
        if self.topic:
            parts.append(f"topic {self.topic}")
        if self.in_title:
            parts.append("matches the title")
        if self.near and self.close is not None:
            parts.append(f"close in meaning ({self.close:.2f})")
        if self.also:
            parts.append(f"suggested for question {self.also}")
        if self.answered:
            past = self.answered if len(self.answered) <= 70 else self.answered[:67] + "..."
            parts.append(f'answered before "{past}"')
        return "; ".join(parts) or "-"

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.position.id,
            "title": self.position.title,
            "score": self.score,
            "status": self.position.status.value,
            "tags": list(self.tags),
            "aliases": list(self.aliases),
            "terms": list(self.terms),
            "answered": self.answered,
            "close": self.close,  # cosine similarity in meaning (the semantic extra), else null
            "why": self.why,
        }


def current_positions(library: Library, *, include_draft: bool = False) -> list[Position]:
    """Positions fit to suggest: approved (and drafts if asked), never retired or superseded by
    one of them (a draft revision `harvest --write` proposed stands in for the position it revises
    only where drafts are suggested too, as in `draft --include-draft`)."""
    statuses = {Status.APPROVED, Status.DRAFT} if include_draft else {Status.APPROVED}
    superseded = {old for p in library.positions if p.status in statuses for old in p.supersedes}
    return [p for p in library.positions if p.status in statuses and p.id not in superseded]


class Suggester:
    """Ranks the current positions of a library against question text."""

    def __init__(
        self,
        library: Library,
        *,
        include_draft: bool = False,
        plain: bool = False,
        learn: bool = True,
        context: str = "",
        meaning: Meaning | None = None,
    ) -> None:
        self.library = library
        # closeness in meaning (the semantic extra, see meaning.py), mixed into the ranking
        self.meaning = meaning if not plain else None
        # the consultation's title: a question is read in its light ("What is the extent of the
        # shortages?" in a consultation on the care workforce), so positions matching the title
        # gain up to CONTEXT_POINTS, the best match the most
        self.context = context
        self._context_scores: dict[str, float] | None = None
        self._topic_db: sqlite3.Connection | None = None
        self.index = Index.build(library, current_positions(library, include_draft=include_draft))
        self.plain = plain  # plain BM25 on the raw question, for measuring what the rest adds
        # the questions each position answered before (answered/ records), unless measuring
        # without them
        past = past_questions(library) if learn and not plain else {}
        # only what the positions taking part answered: a revision standing in for the position it
        # revises answers its questions, which counted twice would seem common words to BM25
        current = {p.id for p in self.index.positions}
        past = {pid: texts for pid, texts in past.items() if pid in current}
        self.past = PastQuestions(
            past, (f"{p.title}\n{p.lead}\n{p.body}" for p in self.index.positions) if past else ()
        )
        self._ignore = frozenset(s for _, s in stem_words(" ".join(sorted(QUESTION_WORDS))))
        self._not_topic = frozenset(s for _, s in stem_words(" ".join(sorted(NOT_TOPIC))))
        self._closures: dict[str, frozenset[str]] = {}

    def rank(self, text: str) -> list[Suggestion]:
        """Every position that matches at all, best first (ties by the number of the question's
        words it holds, then by id, so the order is stable). A position holding the question's
        words may score 0: SQLite's BM25 gives no weight to a word that more than half the
        positions hold, as in a small library most do."""
        if not self.index.positions:  # nothing approved yet: a library fresh from init or ingest
            return []
        out = [s for s in self._score_all(text) if s.score > 0 or s.terms]
        out.sort(key=lambda s: (-s.score, -len(set(s.terms)), s.position.id))
        return out

    def suggest(
        self,
        text: str,
        *,
        limit: int = MAX_SUGGESTIONS,
        floor: float = RELATIVE_FLOOR,
    ) -> list[Suggestion]:
        """The handful worth proposing: see the cut-off in the module docstring."""
        return cut(self.rank(text), limit=limit, floor=floor, need=self.need(text))

    def need(self, text: str) -> int:
        """How many of the question's topic words a position must share to be on its point."""
        text = without_own_document(text)
        topic = {s for _, s in stem_words(text) if s not in self._not_topic}
        # a question of one or two topic words ("the cost of inaction") is answered by a
        # position holding either; a longer one by a position holding two of them
        return MIN_TOPIC_WORDS if len(topic) > MIN_TOPIC_WORDS else 1

    def judge(self, text: str, ids: Iterable[str]) -> dict[str, Suggestion | None]:
        """Each named position's suggestion for `text` if it is on the question's point (on its
        topic and within RELATIVE_FLOOR of the library's best answer to it, or one `suggest`
        would keep), else None."""
        ranked = self.rank(text)
        by_id = {s.position.id: s for s in ranked}
        bar = ranked[0].score * RELATIVE_FLOOR if ranked else 0.0
        need = self.need(text)
        kept = {s.position.id for s in cut(ranked, need=need)}
        out: dict[str, Suggestion | None] = {}
        for pid in ids:
            s = by_id.get(pid)
            on = s is not None and (pid in kept or (s.score >= bar and s.on_topic(need)))
            out[pid] = s if on else None
        return out

    def scores(self, text: str, ids: Iterable[str]) -> dict[str, float]:
        """The score of each named position against `text` (0 for one outside the index)."""
        by_id = {s.position.id: s.score for s in self._score_all(text)}
        return {pid: by_id.get(pid, 0.0) for pid in ids}

    def _score_all(self, text: str) -> list[Suggestion]:
        text = without_own_document(text)
        if self.plain:  # the words it matched still say whether it is on the topic (the cut-off)
            bm25 = self.index.bm25(text)
            every = stem_words(text)
            weights = {s: self._idf(s) for _, s in every}
            whole = sum(weights.values())
            out = []
            for i, p in enumerate(self.index.positions):
                held = {s for _, s in every if s in self.index.stems(i)}
                share = sum(weights[s] for s in held) / whole if whole else 0.0
                terms = tuple(w.lower() for w, s in every if s in held)
                out.append(Suggestion(p, round(bm25[i], 3), terms=terms, coverage=round(share, 3)))
            return out
        bm25 = self.index.bm25(text, ignore=self._ignore)
        named = naming_words(text, self.library)
        weight = {t: self._specificity(t) for t in named}
        words = [(w, s) for w, s in stem_words(text) if s not in self._not_topic]
        rarity = {s: self._idf(s) for _, s in words}
        topic = sum(rarity.values())
        past = self.past.match(text, ignore=PAST_IGNORE)
        topics = self._topics(text)
        stem_of = {w.lower(): s for w, s in words}
        need = self.need(text)
        bound = self._bound(named)
        out = []
        for i, p in enumerate(self.index.positions):
            have = set(p.tags)
            direct = tuple(sorted(t for t in named if t in have))
            narrower = tuple(sorted(t for t in named if t not in have and have & self._closure(t)))
            score = bm25[i] + sum(TAG_BOOST * weight[t] for t in direct)
            in_title = self._in_context(p.id)
            best_topic = max(p.tags, key=lambda t: topics.get(t, 0.0), default=None)
            on = topics.get(best_topic, 0.0) if best_topic else 0.0
            score += in_title + TOPIC_POINTS * on
            score += sum(NARROWER_BOOST * weight[t] for t in narrower)
            before = past.get(p.id)
            if before is not None and before.words < need:
                before = None  # one shared word with a past question is not a like question
            if before is not None:
                score += LEARNED_WEIGHT * before.score
            # ... and one sharing only common words ("health", "care") counts for its score but
            # does not put the position on the question's topic by itself
            like = before is not None and self._like(before, need, stem_of, rarity, topic)
            tags = direct + narrower
            aliases = tuple(
                dict.fromkeys(named[t] for t in tags if named[t].lower() != t.replace("-", " "))
            )
            stems = self.index.stems(i)
            held = {s for _, s in words if s in stems}
            held -= {s for s in held & bound.keys() if not self._holds(p, bound[s])}
            terms = tuple(w.lower() for w, s in words if s in held)
            coverage = sum(rarity[s] for s in held) / topic if topic else 0.0
            answered = before.question if before is not None else None
            out.append(
                Suggestion(
                    p,
                    round(score, 3),
                    tags,
                    aliases,
                    terms,
                    answered,
                    any(weight[t] >= SPECIFIC_TAG for t in direct),
                    before.words if like and before is not None else 0,
                    round(coverage, 3),
                    best_topic if on >= 0.5 else None,
                    in_title >= CONTEXT_POINTS / 2,
                )
            )
        return self._mix_meaning(text, out) if self.meaning is not None else out

    def _mix_meaning(self, text: str, out: list[Suggestion]) -> list[Suggestion]:
        """Each score plus ALPHA times the question's best score times the position's closeness
        in meaning to the question (read with the consultation's title); a position within GATE
        of the closest is on the question's point, though it share none of its words."""
        assert self.meaning is not None
        asked = f"{self.context}. {text}" if self.context else text
        close = self.meaning.similarities(asked, [s.position for s in out])
        if not close:
            return out
        best = max((s.score for s in out), default=0.0) or 1.0
        closest = max(close.values())
        return [
            replace(
                s,
                score=round(s.score + ALPHA * best * close[s.position.id], 3),
                close=round(close[s.position.id], 3),
                near=close[s.position.id] >= max(closest - GATE, MIN_CLOSE),
            )
            for s in out
        ]

    def _topics(self, text: str) -> dict[str, float]:
        """How well each tag's topic matches the question, relative to the best-matching tag.

        BM25 over one document a tag: its name, description and aliases and the text of every
        position ranked that carries it or a narrower tag. A question in a department's words
        ("the financial sustainability of local authorities") may share a few words with each of
        several positions and many with the topic they make together.
        """
        if self._topic_db is None:
            docs: dict[str, list[str]] = {}
            vocab = self.library.vocabulary
            for p in self.index.positions:
                text_of = f"{p.title}\n{p.lead}\n{p.body}"
                for tag in dict.fromkeys(a for t in p.tags for a in (t, *vocab.ancestors(t))):
                    docs.setdefault(tag, []).append(text_of)
            db = sqlite3.connect(":memory:")
            db.execute(
                "CREATE VIRTUAL TABLE topics USING fts5(tag UNINDEXED, text, "
                "tokenize='porter unicode61')"
            )
            rows = []
            for tag, texts in docs.items():
                about = vocab.tags[tag] if tag in vocab else None
                words = [tag.replace("-", " ")]
                if about is not None:
                    words += [about.description or "", *about.aliases]
                rows.append((tag, "\n".join([*words, *texts])))
            db.executemany("INSERT INTO topics VALUES (?, ?)", rows)
            self._topic_db = db
        words = [w for w, s in stem_words(text) if s not in self._ignore]
        if not words:
            return {}
        match = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
        found = {
            tag: -score
            for tag, score in self._topic_db.execute(
                "SELECT tag, bm25(topics) FROM topics WHERE topics MATCH ?", (match,)
            )
        }
        best = max(found.values(), default=0.0)
        return {t: v / best for t, v in found.items() if best > 0 and v > 0}

    @staticmethod
    def _bound(named: dict[str, str]) -> dict[str, list[tuple[str, str]]]:
        """The stems of each phrase of several words that names a tag in the question ("first
        1000 days", "financial sustainability") -> the (tag, phrase) pairs they belong to; not a
        word that names a tag by itself ("workforce" in "care workforce")."""
        out: dict[str, list[tuple[str, str]]] = {}
        alone: set[str] = set()
        for tag, phrase in named.items():
            stems = [s for _, s in stem_words(phrase)]
            if len(stems) == 1:
                alone.update(stems)
            for stem in stems if len(stems) > 1 else ():
                out.setdefault(stem, []).append((tag, phrase))
        return {stem: pairs for stem, pairs in out.items() if stem not in alone}

    def _holds(self, p: Position, phrases: list[tuple[str, str]]) -> bool:
        """A word of a phrase naming a tag is that tag's: the position holds it if it carries the
        tag (or a broader or narrower one) or holds the phrase itself, not if it has the words
        apart. An officer found a reablement position ("the first days") answering a question on
        spending "covering the First 1000 Days", the words "first" and "days" putting it on
        the topic."""
        own = set(p.tags)
        return any(
            own & self._closure(tag)
            or any(tag in self._closure(t) for t in own)
            or p.id in self.index.holding(phrase)
            for tag, phrase in phrases
        )

    def _in_context(self, pid: str) -> float:
        """CONTEXT_POINTS times the position's match to the consultation's title, relative to the
        best match (0 without a title)."""
        if self._context_scores is None:
            # the title's subject only: not its genre ("Call for evidence", "Inquiry") or dates
            words = [
                w
                for w in re.findall(r"[^\W\d_]{2,}", without_idioms(self.context).lower())
                if w not in TITLE_GENRE and w not in QUESTION_WORDS
            ]
            subject = " ".join(words)
            found = self.index.scores(subject, ignore=self._ignore) if subject else {}
            best = max(found.values(), default=0.0)
            self._context_scores = {k: v / best for k, v in found.items() if v > 0 and best > 0}
        return CONTEXT_POINTS * self._context_scores.get(pid, 0.0)

    @staticmethod
    def _like(
        before: PastMatch,
        need: int,
        stem_of: dict[str, str],
        rarity: dict[str, float],
        topic: float,
    ) -> bool:
        """A past question is like the new one, so that the position that answered it is on the
        new one's topic, by the same test as a position's own text: it shares `need` of the new
        question's topic words, and they carry MIN_COVERAGE of its topic by rarity ("health" and
        "care" together do not make two questions alike)."""
        stems = {stem_of[w] for w in before.held if w in stem_of}
        share = sum(rarity[s] for s in stems) / topic if topic else 0.0
        return before.words >= need and share >= MIN_COVERAGE

    def _idf(self, stem: str) -> float:
        """How rare a word is among the positions ranked: BM25's inverse document frequency
        (always above 0; a word no position holds weighs most), counted as if the library held
        at least RARITY_LIBRARY positions. In a library of one position every word it holds is
        "in every position", and weighed a fifth of a word it lacks: "Do you agree that the cap
        on personal care costs should apply to everyone?" was off the topic of the only position,
        on the cap on care costs, that holds four of its seven words."""
        n = max(len(self.index.positions), RARITY_LIBRARY)
        held = len(self.index.docs_with(stem))
        return math.log(1 + (n - held + 0.5) / (held + 0.5))

    def _closure(self, tag: str) -> frozenset[str]:
        if tag not in self._closures:
            self._closures[tag] = self.library.vocabulary.closure(tag)
        return self._closures[tag]

    def _specificity(self, tag: str) -> float:
        """1 for a tag one position carries, falling towards 0 for one that most carry.

        The inverse document frequency of the tag (with its narrower tags), scaled to 0..1: naming
        "NHS" or "data" says less about which position answers than naming "fluoridation".
        """
        n = len(self.index.positions)
        if not n:  # no position to tell apart (a library of drafts only, drafts not asked for)
            return 0.0
        carriers = sum(1 for p in self.index.positions if set(p.tags) & self._closure(tag))
        return max(0.0, math.log((n + 1) / (carriers + 0.5)) / math.log(n + 1))


def cut(
    ranked: list[Suggestion],
    *,
    limit: int = MAX_SUGGESTIONS,
    floor: float = RELATIVE_FLOOR,
    need: int = MIN_TOPIC_WORDS,
) -> list[Suggestion]:
    """The top `limit` of the on-topic suggestions in `ranked` (see `Suggestion.on_topic`) that
    score at least `floor` of the best of them; and any that outscores one of those while sharing
    `need` of the question's words and half the topic coverage asked of the others: an officer
    found a position kept at 8.3 and the one on the point, at 16.4, dropped at a coverage of 0.33,
    the question's rarest words ("inaction") being in neither."""
    kept = [s for s in ranked if s.on_topic(need)]
    if not kept:
        return []
    bar = kept[0].score * floor
    kept = [s for s in kept[:limit] if s.score >= bar]
    if not kept:  # limit 0
        return []
    ids = {s.position.id for s in kept}
    last = next(i for i, s in enumerate(ranked) if s is kept[-1])
    above = ranked[: last + 1]  # ranked above the last kept, and it

    def near_topic(s: Suggestion) -> bool:
        return s.score >= bar and len(set(s.terms)) >= need and s.coverage >= MIN_COVERAGE / 2

    return [s for s in above if s.position.id in ids or near_topic(s)][:limit]
