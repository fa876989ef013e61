"""Matching a new question against the questions each position has answered before.

The answered/ records (`library/answered.py`, written by `lga-draft learn`) hold the wording of
every question a position was used for. This module ranks those past questions against a new one
with SQLite's FTS5 (BM25, porter stemmer) in memory, and gives each position the score of the
past question it answered that matches best: a department that asked about "the barriers to
recruiting and retaining care workers" last year finds the positions that answered it, whatever
words those positions use.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

_WORD = re.compile(r"[^\W\d_][\w'’-]*")


@dataclass(frozen=True)
class PastMatch:
    """The past question that matched a new one best, for one position."""

    score: float
    question: str
    words: int  # how many of the new question's words it shares
    held: frozenset[str] = frozenset()  # those words, lower-case


class PastQuestions:
    """An FTS5 index of the questions the library's positions have answered."""

    def __init__(self, past: Mapping[str, Iterable[str]], background: Iterable[str] = ()) -> None:
        """`background`: the library's own texts. They are never matched, but BM25 weighs each
        word by how rare it is across the table, and a handful of past questions alone cannot say
        that: in a table of three questions every word is common."""
        self._db = sqlite3.connect(":memory:")
        self._db.execute(
            "CREATE VIRTUAL TABLE past USING fts5(position UNINDEXED, question, "
            "tokenize='porter unicode61')"
        )
        rows = [(pid, text) for pid, texts in past.items() for text in texts]
        self.size = len(rows)
        if rows:
            self._db.executemany("INSERT INTO past VALUES (?, ?)", rows)
            self._db.executemany("INSERT INTO past VALUES (NULL, ?)", ((t,) for t in background))

    def match(self, text: str, ignore: Iterable[str] = ()) -> dict[str, PastMatch]:
        """Position id -> its best-matching past question and that match's BM25 score."""
        if not self.size:
            return {}
        skip = {w.lower() for w in ignore}
        words = dict.fromkeys(
            w.lower().strip("'’-") for w in _WORD.findall(text) if w.lower() not in skip
        )
        terms = [w for w in words if w]
        if not terms:
            return {}
        found: dict[int, set[str]] = {}  # row -> the words it holds
        for term in terms:
            for (rowid,) in self._db.execute(
                "SELECT rowid FROM past WHERE past MATCH ? AND position IS NOT NULL",
                (_quoted(term),),
            ):
                found.setdefault(rowid, set()).add(term)
        rows = self._db.execute(
            "SELECT rowid, position, question, -bm25(past) FROM past "
            "WHERE past MATCH ? AND position IS NOT NULL",
            (" OR ".join(_quoted(w) for w in terms),),
        )
        best: dict[str, PastMatch] = {}
        for rowid, pid, question, score in rows:
            if score > 0 and (pid not in best or score > best[pid].score):
                held = frozenset(found.get(rowid, ()))
                best[pid] = PastMatch(round(score, 3), question, len(held), held)
        return best


def _quoted(word: str) -> str:
    """A word as an FTS5 string: data, never query syntax (AND, NEAR, column filters)."""
    return '"' + word.replace('"', '""') + '"'
