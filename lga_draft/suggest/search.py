"""Ranked retrieval over positions: BM25 from the library index's FTS5 tables (porter stemmer)
over titles, leads, bodies, asks, evidence, case studies and the tag vocabulary, with column
weights, plus a boost for tags whose name or alias the query names.

`rank_paragraphs` ranks the body paragraphs of chosen positions against a question, each
paragraph its own row of the index. Words are stemmed by SQLite's own tokenizer, so the words a
query is explained by are the ones the index matched (a word matched only through its family, see
FAMILY_MIN, counts in the score but is not named).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass, field

from lga_draft.library.catalog import Positions
from lga_draft.library.model import Library, Position

# A tag named in the query (by name or alias) adds this much to the BM25 score of positions that
# carry it; BM25 scores on this library run from about 1 to 30, so a named tag counts as a strong
# term match without swamping the text.
TAG_BOOST = 4.0
# bm25() column weights, in the order of the index's `documents` columns: title, lead, body,
# asks, evidence, case studies, tag words. Chosen on tests/eval/questions.yaml with
# benchmarks/eval_suggest.py (neighbouring weights score within 0.01): the title and the tags'
# words count most, the long body and the evidence statements least.
WEIGHTS = (3.0, 1.0, 0.5, 1.0, 0.5, 1.0, 1.5)
# The porter stemmer leaves some words of one family a final "i" apart: "financial" is financi,
# "finance" financ; "economic" econom, "economy" economi. A query word whose stem (of at least
# FAMILY_MIN letters, with or without the "i") has such a relative in the index also matches it,
# through the prefix query "financ"*, where that prefix reaches no other stem of the index; the
# word itself still counts, so the very word ranks above its relatives. Shorter stems part words of
# different meaning (count/county, part/party, polic/polici). Only the query is widened: widening
# the words a position must share to be on the question's topic (the cut-off) kept one more wrong
# suggestion on benchmarks/tune_real and no right one (docs/suggestions.md).
FAMILY_MIN = 6
# Words too common to say anything (the English list bm25s used before the index).
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "if",
        "in",
        "into",
        "is",
        "it",
        "no",
        "not",
        "of",
        "on",
        "or",
        "such",
        "that",
        "the",
        "their",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "was",
        "will",
        "with",
    ]
)


@dataclass(frozen=True)
class Hit:
    position: Position
    score: float
    terms: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    @property
    def why(self) -> str:
        parts = []
        if self.tags:
            parts.append("tags: " + ", ".join(self.tags))
        if self.terms:
            parts.append("terms: " + ", ".join(self.terms))
        return "; ".join(parts) or "-"


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph of a position, ranked against a question."""

    position_id: str
    ordinal: int  # its place among the position's paragraphs, from 0
    text: str
    score: float


@dataclass
class Index:
    """The positions a query is ranked over (all the library's, or those given), by id order."""

    library: Library
    positions: Sequence[Position]
    ids: list[str] = field(default_factory=list)
    _docs: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _place: dict[str, int] = field(default_factory=dict, repr=False)
    _rels: dict[str, str] | None = field(default=None, repr=False)
    _families: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _phrases: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    @classmethod
    def build(
        cls,
        library: Library,
        positions: Iterable[Position] | None = None,
        *,
        ids: list[str] | None = None,
    ) -> Index:
        """Over `positions`, or the kept positions of `ids` (made only when a hit names them),
        or all the library's."""
        if ids is not None:
            chosen: Sequence[Position] = Positions(library.catalog, ids)
        elif positions is None:
            chosen = library.positions
            ids = list(library.catalog.ids)
        else:
            chosen = list(positions)
            ids = [p.id for p in chosen]
        index = cls(library, chosen, ids)
        index._place = {pid: i for i, pid in enumerate(ids)}
        return index

    @property
    def _con(self) -> sqlite3.Connection:
        con: sqlite3.Connection = self.library.catalog.con
        return con

    def search(self, query: str, *, limit: int | None = None, min_score: float = 0.0) -> list[Hit]:
        if not self.ids or not query.strip():
            return []
        scores = self.scores(query)
        named = named_tags(query, self.library)
        carriers = {t: set(self.library.catalog.carrying(self._closure(t))) for t in named}
        for ids in carriers.values():
            for pid in ids:
                if pid in self._place:
                    scores.setdefault(pid, 0.0)
        ranked = []
        for pid, bm25 in scores.items():
            tags = tuple(sorted(t for t in named if pid in carriers[t]))
            score = bm25 + TAG_BOOST * len(tags)
            if score > min_score and score > 0:
                ranked.append((round(score, 3), pid, tags))
        ranked.sort(key=lambda r: (-r[0], r[1]))
        words = _query_words(query)
        hits = []
        for score, pid, tags in ranked[:limit] if limit else ranked:
            i = self._place[pid]
            stems = self.stems(i)
            terms = tuple(w for w, s in words if s in stems)
            hits.append(Hit(self.positions[i], score, terms, tags))
        return hits

    def scores(
        self,
        query: str,
        *,
        ignore: frozenset[str] = frozenset(),
        weights: Sequence[float] = WEIGHTS,
    ) -> dict[str, float]:
        """Position id -> its BM25 score for `query`, for the positions that match at all
        (`weights`: the columns', WEIGHTS unless given)."""
        match = _match(query, ignore, self.family)
        if match is None or not self.ids:
            return {}
        columns = ", ".join(str(w) for w in weights)
        rows = self._con.execute(
            f"SELECT k.rel, -bm25(documents, {columns}) FROM documents "
            "JOIN document_keys k ON k.rowid = documents.rowid WHERE documents MATCH ?",
            (match,),
        )
        by_rel = self._by_rel()
        out = {}
        for rel, score in rows:
            pid = by_rel.get(rel)
            if pid is not None and pid in self._place:
                out[pid] = float(score)
        return out

    def bm25(self, query: str, *, ignore: frozenset[str] = frozenset()) -> list[float]:
        """The plain BM25 score of every position (in `positions` order) for `query`.

        `ignore` holds stems left out of the query: `suggest` drops the words every consultation
        question uses ("what", "views", "organisation") so they do not decide the ranking.
        """
        found = self.scores(query, ignore=ignore)
        return [found.get(pid, 0.0) for pid in self.ids]

    def stems(self, i: int) -> Container[str]:
        """The stemmed words of position `i`'s document, to say which query terms matched."""
        return _Stems(self, self.ids[i])

    def _by_rel(self) -> dict[str, str]:
        if self._rels is None:
            self._rels = {rel: pid for pid, rel in self.library.catalog.rel.items()}
        return self._rels

    def family(self, prefix: str) -> frozenset[str]:
        """The stems of the index that begin with `prefix` (a range of its vocabulary, read
        through a row vocabulary of the connection's own: nothing is added to the index)."""
        found = self._families.get(prefix)
        if found is None:
            self._con.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.document_stems "
                "USING fts5vocab(main, documents, 'row')"
            )
            rows = self._con.execute(
                "SELECT term FROM temp.document_stems WHERE term >= ? AND term < ?",
                (prefix, prefix + "\U0010ffff"),
            )
            found = self._families[prefix] = frozenset(t for (t,) in rows)
        return found

    def docs_with(self, stem: str) -> frozenset[str]:
        """The ids of the positions whose document holds the stem. The stem of a hyphenated word
        ("level up" for "levelling-up") is held where its words stand together in that order, or
        where the word is written closed up ("wellbeing" for "well-being")."""
        found = self._docs.get(stem)
        if found is None:
            by_rel = self._by_rel()
            words = stem.split()
            if len(words) > 1:
                closed = "".join(_WRITTEN.get(stem, stem).split())  # "wellbeing", "multiagency"
                found = self._phrase(words) | self.docs_with(_stem([closed])[0])
            else:
                rows = self._con.execute(
                    "SELECT DISTINCT k.rel FROM documents_terms v JOIN document_keys k "
                    "ON k.rowid = v.doc WHERE v.term = ?",
                    (stem,),
                )
                found = frozenset(by_rel[r] for (r,) in rows if r in by_rel)
            self._docs[stem] = found
        return found

    def holding(self, phrase: str) -> frozenset[str]:
        """The ids of the positions whose document holds `phrase` (as written: "first 1000
        days"), its words one after another, as the index's tokenizer stems them."""
        key = " ".join(re.findall(r"[^\W_]+", phrase.lower()))
        found = self._phrases.get(key)
        if found is None:
            rows = self._con.execute(
                "SELECT k.rel FROM documents JOIN document_keys k ON k.rowid = documents.rowid "
                "WHERE documents MATCH ?",
                (f'"{key}"',),
            )
            by_rel = self._by_rel()
            found = self._phrases[key] = frozenset(by_rel[r] for (r,) in rows if r in by_rel)
        return found

    def _phrase(self, words: list[str]) -> frozenset[str]:
        """The ids of the positions whose document holds `words` (stems) one after another: an
        FTS5 phrase query, in the words the question wrote where they are known."""
        stem = " ".join(words)
        phrase = _WRITTEN.get(stem, stem)
        rows = self._con.execute(
            "SELECT k.rel FROM documents JOIN document_keys k ON k.rowid = documents.rowid "
            "WHERE documents MATCH ?",
            (f'"{phrase}"',),
        )
        by_rel = self._by_rel()
        return frozenset(by_rel[r] for (r,) in rows if r in by_rel)

    def _closure(self, tag: str) -> frozenset[str]:
        return self.library.vocabulary.closure(tag)


class _Stems:
    """The stems of one document, answered from the index (a stem of several words, such as
    "level up" for "levelling-up", when it holds them together, see Index.docs_with)."""

    __slots__ = ("_index", "_pid")

    def __init__(self, index: Index, pid: str) -> None:
        self._index, self._pid = index, pid

    def __contains__(self, stem: object) -> bool:
        if not isinstance(stem, str) or not stem:
            return False
        return self._pid in self._index.docs_with(stem)


def rank_paragraphs(
    library: Library, query: str, ids: Iterable[str], *, limit: int | None = None
) -> list[Paragraph]:
    """The body paragraphs of the positions `ids` that match `query`, best first (BM25 over the
    index's passages; ties by position id, then place)."""
    match = _match(query, frozenset())
    rels = [library.catalog.rel[pid] for pid in dict.fromkeys(ids) if pid in library.catalog.rel]
    if match is None or not rels:
        return []
    marks = ",".join("?" * len(rels))
    rows = library.catalog.con.execute(
        "SELECT pid, ordinal, text, -bm25(passages) FROM passages WHERE passages MATCH ? "
        f"AND kind = 'paragraph' AND rel IN ({marks})",
        (match, *rels),
    ).fetchall()
    found = [Paragraph(pid, int(i), text, round(float(s), 3)) for pid, i, text, s in rows]
    found.sort(key=lambda p: (-p.score, p.position_id, p.ordinal))
    return found[:limit] if limit else found


def stem_words(text: str) -> list[tuple[str, str]]:
    """Each distinct word of `text` with its stem (stopwords dropped), in order of appearance."""
    return _query_words(text)


def named_tags(text: str, library: Library) -> set[str]:
    """Tags whose name or alias appears in the text as whole words (case-insensitive)."""
    return set(naming_words(text, library))


def naming_words(text: str, library: Library) -> dict[str, str]:
    """Each tag the text names, with the name or alias (as the vocabulary spells it) naming it."""
    catalog = library.catalog
    if catalog is not None:  # the index keeps every name's and alias's phrase
        tokens = re.findall(r"[\w'’-]+", text.lower())
        (longest,) = catalog.con.execute(
            "SELECT coalesce(max(length(phrase) - length(replace(phrase, ' ', '')) + 1), 0) "
            "FROM aliases"
        ).fetchone()
        grams = sorted(
            {
                " ".join(tokens[i:j])
                for i in range(len(tokens))
                for j in range(i + 1, min(len(tokens), i + longest) + 1)
            }
        )
        if not grams:
            return {}
        rows = catalog.con.execute(
            "SELECT tag, alias FROM aliases WHERE phrase IN "
            f"({','.join('?' * len(grams))}) ORDER BY tag_ord, ordinal",
            grams,
        )
        named: dict[str, str] = {}
        for tag, word in rows:
            named.setdefault(tag, word)
        return named
    found: dict[str, str] = {}
    low = " " + " ".join(re.findall(r"[\w'’-]+", text.lower())) + " "
    vocab = library.vocabulary
    for tag, tagdef in vocab.tags.items():
        for word in (tag.replace("-", " "), *tagdef.aliases):
            phrase = " ".join(re.findall(r"[\w'’-]+", word.lower()))
            if phrase and f" {phrase} " in low:
                found[tag] = word
                break
    return found


def _term(word: str, family: Callable[[str], frozenset[str]] | None) -> str:
    """A word as an FTS5 query: the word, or the word or its family in the index (FAMILY_MIN):
    '"financial" OR "financ"*', where that prefix reaches only the family."""
    (stem,) = _stem([word])
    base = stem[:-1] if stem.endswith("i") else stem
    if family is None or len(base) < FAMILY_MIN or _stem([base]) != [base]:
        return f'"{word}"'
    kin = family(base)
    return f'"{word}" OR "{base}"*' if kin - {stem} and kin <= {base, base + "i"} else f'"{word}"'


def _parts(text: str) -> list[str]:
    """The words of a text as the index's tokenizer splits them, lower-case, without stopwords
    and one-letter words."""
    return [w for w in re.findall(r"[^\W_]{2,}", text.lower()) if w not in STOPWORDS]


def _match(
    query: str, ignore: frozenset[str], family: Callable[[str], frozenset[str]] | None = None
) -> str | None:
    """An FTS5 query: any of the query's words (each as the index stems it, with its family
    through `family`), or None."""
    parts = _parts(query)
    if ignore:
        stems = _stem(parts)
        parts = [p for p, s in zip(parts, stems, strict=True) if s not in ignore]
    return " OR ".join(_term(p, family) for p in parts) or None


def _query_words(query: str) -> list[tuple[str, str]]:
    # a word ends in a letter: "authorities'" is "authorities", once with "authorities"
    words = list(dict.fromkeys(re.findall(r"[A-Za-z](?:[A-Za-z'-]*[A-Za-z])?", query)))
    split = [_parts(w) for w in words]
    stems = _stem([p for parts in split for p in parts])
    out, at, seen = [], 0, set()
    for word, parts in zip(words, split, strict=True):
        stem = " ".join(stems[at : at + len(parts)])
        at += len(parts)
        if stem and stem not in seen:
            seen.add(stem)
            out.append((word, stem))
            if len(parts) > 1:  # every word of it, "of" too: "out-of-hospital"
                _WRITTEN.setdefault(stem, " ".join(re.findall(r"[a-z]+", word.lower())))
    return out


# A hyphenated word's stem ("level up", "out hospit") -> all its words as written ("levelling up",
# "out of hospital", stopwords and all, as the documents are indexed): the phrase query of
# Index._phrase, which the index's tokenizer stems as it stemmed the documents.
_WRITTEN: dict[str, str] = {}


_TOKENIZER: sqlite3.Connection | None = None
_STEMS: dict[str, str] = {}


def _stem(words: list[str]) -> list[str]:
    """Each word (one token) as SQLite's porter tokenizer stems it."""
    global _TOKENIZER
    todo = [w for w in dict.fromkeys(words) if w not in _STEMS]
    if todo:
        if _TOKENIZER is None:
            _TOKENIZER = sqlite3.connect(":memory:")
            _TOKENIZER.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='porter unicode61')")
            _TOKENIZER.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
        con = _TOKENIZER
        con.execute("DELETE FROM t")
        con.executemany("INSERT INTO t (rowid, x) VALUES (?, ?)", enumerate(todo, 1))
        got: dict[int, list[str]] = {}
        for term, doc in con.execute("SELECT term, doc FROM v ORDER BY doc, offset"):
            got.setdefault(doc, []).append(term)
        for i, word in enumerate(todo, 1):
            _STEMS[word] = " ".join(got.get(i, [])) or word
    return [_STEMS[w] for w in words]
