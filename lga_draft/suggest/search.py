"""Ranked retrieval over positions: BM25 (bm25s, with a Snowball stemmer) over titles, leads,
bodies, evidence and the tag vocabulary, plus a boost for tags whose name or alias the query names.

Imported only by the commands that rank (search, suggest, new, coverage): bm25s brings numpy.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from lga_draft.library.model import Library, Position

# A tag named in the query (by name or alias) adds this much to the BM25 score of positions that
# carry it; BM25 scores on this library run from about 1 to 30, so a named tag counts as a strong
# term match without swamping the text.
TAG_BOOST = 4.0
TITLE_WEIGHT = 3  # title and lead repeated, so words there count more than words in the body
LEAD_WEIGHT = 2


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


@dataclass
class Index:
    library: Library
    positions: Sequence[Position]
    _retriever: object = field(default=None, repr=False)
    _stem_docs: dict[str, frozenset[int]] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, library: Library, positions: Iterable[Position] | None = None) -> Index:
        chosen = list(library.positions if positions is None else positions)
        index = cls(library, chosen)
        if chosen:
            import hashlib

            import bm25s

            from lga_draft.library.cache import cached

            # Indexing 10,000 positions takes seconds; unpickling the index, milliseconds. It is
            # kept while the library's content and the positions indexed stay the same.
            ids = hashlib.sha256("\n".join(p.id for p in chosen).encode()).hexdigest()
            key = f"{ids} bm25s {bm25s.__version__}"
            index._retriever = cached(library, f"bm25-{ids[:12]}", key, index._index)
        return index

    def _index(self) -> object:
        import bm25s

        texts = [self._document(p) for p in self.positions]
        retriever = bm25s.BM25()
        tokens = bm25s.tokenize(texts, stopwords="en", stemmer=_stemmer(), show_progress=False)
        retriever.index(tokens, show_progress=False)
        return retriever

    def _document(self, p: Position) -> str:
        vocab = self.library.vocabulary
        tag_words: list[str] = []
        for tag in p.tags:
            tag_words.append(tag.replace("-", " "))
            if tag in vocab.tags:
                tag_words.extend(vocab.tags[tag].aliases)
                tag_words.append(vocab.tags[tag].description)
        parts = [p.title] * TITLE_WEIGHT + [p.lead] * LEAD_WEIGHT + [p.body]
        parts += [a.text for a in p.asks]
        parts += [f"{e.statement} {e.figure}" for e in p.current_evidence]
        parts += [f"{c.council} {c.title} {c.summary}" for c in p.case_studies]
        parts += tag_words
        return "\n".join(parts)

    def search(self, query: str, *, limit: int | None = None, min_score: float = 0.0) -> list[Hit]:
        if not self.positions or not query.strip():
            return []
        scores = self.bm25(query)
        named = named_tags(query, self.library)
        words = _query_words(query)
        hits: list[Hit] = []
        closures = {t: self.library.vocabulary.closure(t) for t in named}  # once, not per position
        for i, p in enumerate(self.positions):
            tags = tuple(sorted(t for t in named if set(p.tags) & closures[t]))
            score = float(scores[i]) + TAG_BOOST * len(tags)
            if score <= min_score or score <= 0:
                continue
            stems = self.stems(i)
            terms = tuple(w for w, s in words if s in stems)
            hits.append(Hit(p, round(score, 3), terms, tags))
        hits.sort(key=lambda h: (-h.score, h.position.id))
        return hits[:limit] if limit else hits

    def bm25(self, query: str, *, ignore: frozenset[str] = frozenset()) -> list[float]:
        """The plain BM25 score of every position (in `positions` order) for `query`.

        `ignore` holds stems left out of the query: `suggest` drops the words every consultation
        question uses ("what", "views", "organisation") so they do not decide the ranking.
        """
        if not self.positions:
            return []
        import bm25s

        q_tokens = bm25s.tokenize(
            [query], stopwords="en", stemmer=_stemmer(), show_progress=False, return_ids=False
        )[0]
        q_tokens = [t for t in q_tokens if t not in ignore]
        if not q_tokens:
            return [0.0] * len(self.positions)
        scores = self._retriever.get_scores(q_tokens)  # type: ignore[attr-defined]
        return [float(x) for x in scores]

    def stems(self, i: int) -> Container[str]:
        """The stemmed words of position `i`'s document, to say which query terms matched."""
        return _Stems(self, i)

    def _docs_with(self, stem: str) -> frozenset[int]:
        """The documents holding `stem`: the index's column for it, read once per stem."""
        found = self._stem_docs.get(stem)
        if found is None:
            found = frozenset()
            retriever: Any = self._retriever
            col = retriever.vocab_dict.get(stem)
            indptr = retriever.scores["indptr"]
            if col is not None and col + 1 < len(indptr):  # the empty token has no column
                found = frozenset(
                    retriever.scores["indices"][indptr[col] : indptr[col + 1]].tolist()
                )
            self._stem_docs[stem] = found
        return found


class _Stems:
    """The stems of one document, answered from the index's columns: a set of stems per
    document (what this replaced) took 100 ms to rebuild or unpickle at 10,000 positions."""

    __slots__ = ("_index", "_i")

    def __init__(self, index: Index, i: int) -> None:
        self._index, self._i = index, i

    def __contains__(self, stem: object) -> bool:
        return isinstance(stem, str) and self._i in self._index._docs_with(stem)


def stem_words(text: str) -> list[tuple[str, str]]:
    """Each distinct word of `text` with its stem (stopwords dropped), in order of appearance."""
    return _query_words(text)


def named_tags(text: str, library: Library) -> set[str]:
    """Tags whose name or alias appears in the text as whole words (case-insensitive)."""
    return set(naming_words(text, library))


def naming_words(text: str, library: Library) -> dict[str, str]:
    """Each tag the text names, with the name or alias (as the vocabulary spells it) naming it."""
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


def _query_words(query: str) -> list[tuple[str, str]]:
    import bm25s

    words = list(dict.fromkeys(w for w in re.findall(r"[A-Za-z][A-Za-z'-]+", query)))
    stems = bm25s.tokenize(
        words, stopwords="en", stemmer=_stemmer(), show_progress=False, return_ids=False
    )
    return [(w, s[0]) for w, s in zip(words, stems, strict=True) if s]


_STEMMER = None


def _stemmer() -> object:
    global _STEMMER
    if _STEMMER is None:
        import Stemmer

        _STEMMER = Stemmer.Stemmer("english")
    return _STEMMER
