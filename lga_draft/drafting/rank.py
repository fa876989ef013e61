"""How well each of some paragraphs answers a question: SQLite FTS5's bm25() with its porter
tokenizer, over an in-memory table of the paragraphs. One function, so that it can later be served
by the library's own SQLite index (one FTS5 row per body paragraph) instead.

The words every consultation question uses ("what are your views", "your organisation"), and its
phrases for the document it is asked in or the work its answers will inform ("in the white paper",
"inform our approach"), are left out of the query, as `suggest` leaves them out: they say nothing
about which paragraph answers.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence

from lga_draft.library.ingest import without_idioms
from lga_draft.suggest.genre import QUESTION_WORDS, without_own_document

# Words of English grammar: in a table of a few hundred paragraphs they are not rare enough for
# bm25's inverse document frequency to discount them, so they are not asked for.
_GRAMMAR = frozenset(
    """
    a an the and or but if of to in on at by for from with without into onto over under about as
    is are was were be been being has have had it its this that these those there their they them
    we us our you your i me my he she his her not no nor so than then too very also such more most
    all any each some much many own same other via per up down out off again once here both
    """.split()  # noqa: SIM905
)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def query_terms(question: str) -> list[str]:
    """The words of a question worth matching, lower case, each once, in order."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(without_own_document(question).lower()):
        word = word.replace("’", "'")
        if len(word) > 1 and word not in QUESTION_WORDS and word not in _GRAMMAR:
            seen.setdefault(word.split("'")[0], None)
    return list(seen)


def rank_paragraphs(question_text: str, paragraphs: Sequence[str]) -> list[float]:
    """Each paragraph's relevance to the question: 0 for none, higher for better (bm25, negated)."""
    scores = [0.0] * len(paragraphs)
    terms = query_terms(question_text)
    if not terms or not paragraphs:
        return scores
    db = sqlite3.connect(":memory:")
    try:
        db.execute("CREATE VIRTUAL TABLE p USING fts5(text, tokenize='porter unicode61')")
        rows = enumerate((without_idioms(text) for text in paragraphs), 1)  # as positions are
        db.executemany("INSERT INTO p(rowid, text) VALUES (?, ?)", rows)
        match = " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)
        for rowid, score in db.execute("SELECT rowid, bm25(p) FROM p WHERE p MATCH ?", (match,)):
            scores[rowid - 1] = -score
    finally:
        db.close()
    return scores
