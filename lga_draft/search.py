"""Ranked retrieval over positions: BM25 (bm25s, with a Snowball stemmer) over titles, leads,
bodies, evidence and the tag vocabulary, plus a boost for tags whose name or alias the query names.

Imported only by the commands that rank (search, suggest, new, coverage): bm25s brings numpy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from lga_draft.loader import Library
from lga_draft.model import Position

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
    _doc_stems: list[set[str]] = field(default_factory=list, repr=False)

    @classmethod
    def build(cls, library: Library, positions: Iterable[Position] | None = None) -> Index:
        import bm25s

        chosen = list(library.positions if positions is None else positions)
        index = cls(library, chosen)
        texts = [index._document(p) for p in chosen]
        tokens = bm25s.tokenize(texts, stopwords="en", stemmer=_stemmer(), show_progress=False,
                                return_ids=False)
        index._doc_stems = [set(t) for t in tokens]
        if chosen:
            retriever = bm25s.BM25()
            retriever.index(bm25s.tokenize(texts, stopwords="en", stemmer=_stemmer(), show_progress=False),
                            show_progress=False)
            index._retriever = retriever
        return index

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
        import bm25s
        import numpy as np

        q_tokens = bm25s.tokenize([query], stopwords="en", stemmer=_stemmer(), show_progress=False,
                                  return_ids=False)[0]
        scores = np.zeros(len(self.positions))
        if q_tokens:
            scores = np.asarray(self._retriever.get_scores(q_tokens), dtype=float)  # type: ignore[attr-defined]
        named = named_tags(query, self.library)
        words = _query_words(query)
        hits: list[Hit] = []
        for i, p in enumerate(self.positions):
            tags = tuple(sorted(t for t in named if set(p.tags) & self.library.vocabulary.closure(t)))
            score = float(scores[i]) + TAG_BOOST * len(tags)
            if score <= min_score or score <= 0:
                continue
            stems = self._doc_stems[i]
            terms = tuple(w for w, s in words if s in stems)
            hits.append(Hit(p, round(score, 3), terms, tags))
        hits.sort(key=lambda h: (-h.score, h.position.id))
        return hits[:limit] if limit else hits


def named_tags(text: str, library: Library) -> set[str]:
    """Tags whose name or alias appears in the text as whole words (case-insensitive)."""
    found: set[str] = set()
    low = " " + " ".join(re.findall(r"[\w'’-]+", text.lower())) + " "
    vocab = library.vocabulary
    for tag, tagdef in vocab.tags.items():
        for word in (tag.replace("-", " "), *tagdef.aliases):
            phrase = " ".join(re.findall(r"[\w'’-]+", word.lower()))
            if phrase and f" {phrase} " in low:
                found.add(tag)
                break
    return found


def _query_words(query: str) -> list[tuple[str, str]]:
    import bm25s

    words = list(dict.fromkeys(w for w in re.findall(r"[A-Za-z][A-Za-z'-]+", query)))
    stems = bm25s.tokenize(words, stopwords="en", stemmer=_stemmer(), show_progress=False, return_ids=False)
    return [(w, s[0]) for w, s in zip(words, stems, strict=True) if s]


_STEMMER = None


def _stemmer() -> object:
    global _STEMMER
    if _STEMMER is None:
        import Stemmer

        _STEMMER = Stemmer.Stemmer("english")
    return _STEMMER
