"""Superseded figures still quoted, over the index: which figures of superseded evidence each
position's lead, body and asks quote.

Which figures a text quotes depends only on the text and the set of superseded figures, so each
position keeps its answer with a key of that set (`checks.Figures.key`) and is looked at again only
when its text or the set changes. Only positions whose passages hold a figure's longest word (an
FTS5 query) can quote it; the rest are settled without reading their text.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import sqlite3
from collections.abc import Iterable

from lga_draft.errors import Problem

_PLAIN = re.compile(r"[A-Za-z0-9]+")


def superseded(con: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """(figure, evidence id, superseded by) of every superseded evidence item, by position id."""
    return con.execute(
        "SELECT e.figure, e.ev_id, e.superseded_by FROM evidence e JOIN positions p USING (rel) "
        "WHERE p.kept AND e.superseded_by IS NOT NULL ORDER BY p.id, e.ordinal"
    ).fetchall()


def refresh_quotes(con: sqlite3.Connection) -> None:
    """Bring every position's quoted figures up to date."""
    figures = Figures(dict.fromkeys(f for f, _, _ in superseded(con)))
    key = figures.key
    stale = dict(con.execute("SELECT rel, status FROM positions WHERE quoted_key IS NOT ?", (key,)))
    if not stale:
        return
    candidates = set(stale) if figures.always or len(stale) <= 64 else set()
    for word in figures.by_word if not candidates else ():
        if not _PLAIN.fullmatch(word):  # tokenised otherwise than \w+: every text is a candidate
            candidates = set(stale)
            break
        candidates.update(
            rel
            for (rel,) in con.execute(
                "SELECT DISTINCT rel FROM passages WHERE passages MATCH ? "
                "AND kind IN ('lead', 'ask', 'paragraph')",
                (f'"{word}"',),
            )
        )
    updates = []
    for rel, status in stale.items():
        found: list[str] = []
        if rel in candidates and status != "retired":
            (data,) = con.execute("SELECT data FROM bodies WHERE rel = ?", (rel,)).fetchone()
            p = json.loads(data)
            text = "\n".join([p["lead"], p["body"], *(a["text"] for a in p["asks"])])
            found = figures.quoted_in(text)
        updates.append((json.dumps(found), key, rel))
    con.executemany("UPDATE positions SET quoted = ?, quoted_key = ? WHERE rel = ?", updates)


def quote_problems(con: sqlite3.Connection, origin_of) -> dict[str, list[Problem]]:  # type: ignore[no-untyped-def]
    """Position id -> its problems for quoting a figure from superseded evidence
    (`checks.superseded_quotes`); `origin_of(id)` gives a position's Origin."""
    listed = superseded(con)
    where: dict[str, list[int]] = {}
    for i, (figure, _, _) in enumerate(listed):
        where.setdefault(figure, []).append(i)
    out: dict[str, list[Problem]] = {}
    rows = con.execute(
        "SELECT id, status, quoted FROM positions WHERE kept AND status != 'retired' "
        "AND quoted != '[]' ORDER BY id"
    )
    for pid, status, quoted in rows.fetchall():
        hits = sorted(i for f in json.loads(quoted) for i in where.get(f, ()))
        if not hits:
            continue
        origin = origin_of(pid)
        severity = "error" if status == "approved" else "warning"
        out[pid] = [
            origin.problem(
                f"quotes '{figure}' from superseded evidence '{ev_id}'; use '{newer}' instead",
                "body",
                severity=severity,
            )
            for figure, ev_id, newer in (listed[i] for i in hits)
        ]
    return out


class Figures:
    """The figures of superseded evidence, and which of them a position's text quotes.

    Which a text quotes depends only on the text and on the set of figures, so `key` (a hash of
    that set) and the text's file are enough to remember the answer by.
    """

    def __init__(self, figures: Iterable[str]) -> None:
        # Every position against every superseded figure was quadratic: 70 seconds at 10,000
        # positions. Each word of a figure is a whole word wherever the figure is quoted (see
        # _quotes), so only figures sharing their longest word with the text need the full test.
        self.by_word: dict[str, list[str]] = {}
        self.always: list[str] = []  # figures without a word, e.g. "-": tested against every text
        for figure in dict.fromkeys(figures):
            words = re.findall(r"\w+", figure)
            if words:
                self.by_word.setdefault(max(words, key=len), []).append(figure)
            else:
                self.always.append(figure)
        distinct = sorted({*self.always, *(f for fs in self.by_word.values() for f in fs)})
        self.key = hashlib.sha256("\0".join(distinct).encode()).hexdigest()

    def quoted_in(self, text: str) -> list[str]:
        """The figures that `text` quotes."""
        in_text = set(re.findall(r"\w+", text))
        candidates = self.always + [
            f for w in in_text.intersection(self.by_word) for f in self.by_word[w]
        ]
        return [f for f in candidates if _quotes(text, f)]


def _quotes(text: str, figure: str) -> bool:
    return _figure_pattern(figure).search(text) is not None


@functools.lru_cache(maxsize=4096)
def _figure_pattern(figure: str) -> re.Pattern[str]:
    # a figure is quoted when it stands on its own: not inside a longer number or word
    return re.compile(r"(?<![\w.])" + re.escape(figure) + r"(?![\w])")
