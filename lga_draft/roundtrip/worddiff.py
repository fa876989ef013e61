"""Word-level differences between texts, and the alignment of one list of paragraphs with another.

Shared by `harvest` (what the officer changed in each position) and `redline` (what changed between
two drafts). difflib is enough: the texts are paragraphs, and words, not characters, are what a
reviewer reads. Two passes make its output read well: changes separated only by a space are merged
(so "a b" -> "c d" is one change, not two), and paragraphs are paired by similarity inside a block
of changes, so an edited paragraph shows as an edit rather than as a deletion and an insertion.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

# Words (with inner apostrophes and decimal points), runs of whitespace, other single characters.
_TOKEN = re.compile(r"\s+|[£$€]?\w+(?:[’'.,]\w+)*|[^\w\s]")
_FOLD = str.maketrans(
    {
        "\u00a0": " ",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u00ad": None,
        "\u200b": None,
    }
)

Op = Literal["equal", "delete", "insert"]
PAIR_THRESHOLD = 0.5  # below this, two paragraphs are a deletion and an insertion, not an edit


@dataclass(frozen=True)
class Segment:
    op: Op
    text: str


@dataclass(frozen=True)
class Step:
    """One step of a paragraph alignment: `old`/`new` are indexes, None where a side has none."""

    op: Literal["equal", "changed", "deleted", "inserted"]
    old: int | None
    new: int | None


def normalise(text: str) -> str:
    """Whitespace collapsed; the spaces Word and LibreOffice use interchangeably made plain."""
    return " ".join(text.replace("\u00a0", " ").split())


def folded(text: str) -> str:
    """For deciding whether two texts are the same words: typographic quotes and dashes folded."""
    return normalise(text.translate(_FOLD))


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def diff_tokens(a: Sequence[str], b: Sequence[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib opcodes over two token lists, with changes separated by one space merged."""
    raw = SequenceMatcher(None, list(a), list(b), autojunk=False).get_opcodes()
    out: list[tuple[str, int, int, int, int]] = []
    for k, (tag, i1, i2, j1, j2) in enumerate(raw):
        # a single space kept between two changes would split one edit into two: fold it in
        lone_space = i2 - i1 == 1 and not a[i1].strip() and 0 < k < len(raw) - 1
        if tag == "equal" and lone_space and raw[k - 1][0] != "equal" and raw[k + 1][0] != "equal":
            tag = "replace"
        if out and tag != "equal" and out[-1][0] != "equal":
            out[-1] = ("replace", out[-1][1], i2, out[-1][3], j2)
        else:
            out.append((tag, i1, i2, j1, j2))
    return out


def word_diff(old: str, new: str) -> list[Segment]:
    """The segments that turn `old` into `new`: equal, deleted and inserted words."""
    a, b = tokens(old), tokens(new)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in diff_tokens(a, b):
        if tag == "equal":
            segments.append(Segment("equal", "".join(b[j1:j2])))
            continue
        if i2 > i1:
            segments.append(Segment("delete", "".join(a[i1:i2])))
        if j2 > j1:
            segments.append(Segment("insert", "".join(b[j1:j2])))
    return segments


def similarity(a: str, b: str) -> float:
    """0..1, over words: how much of two paragraphs is the same text."""
    ta, tb = folded(a).split(), folded(b).split()
    if not ta and not tb:
        return 1.0
    matcher = SequenceMatcher(None, ta, tb, autojunk=False)
    if matcher.real_quick_ratio() < PAIR_THRESHOLD:
        return matcher.real_quick_ratio()
    return matcher.ratio()


def align(old: Sequence[str], new: Sequence[str]) -> list[Step]:
    """Align two lists of paragraphs: equal, changed (paired by similarity), deleted, inserted."""
    a, b = [folded(t) for t in old], [folded(t) for t in new]
    steps: list[Step] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            steps += [Step("equal", i1 + k, j1 + k) for k in range(i2 - i1)]
        else:
            steps += _pair(old, new, range(i1, i2), range(j1, j2))
    return steps


def _pair(old: Sequence[str], new: Sequence[str], ia: range, jb: range) -> list[Step]:
    """Inside a block of changes, the in-order pairing of similar paragraphs with the best total."""
    m, n = len(ia), len(jb)
    if m == 0 or n == 0 or m * n > 40_000:  # nothing to pair, or too big to be worth pairing
        return [Step("deleted", i, None) for i in ia] + [Step("inserted", None, j) for j in jb]
    score = [[similarity(old[i], new[j]) for j in jb] for i in ia]
    best = [[0.0] * (n + 1) for _ in range(m + 1)]
    for x in range(m - 1, -1, -1):
        for y in range(n - 1, -1, -1):
            paired = best[x + 1][y + 1] + score[x][y] if score[x][y] >= PAIR_THRESHOLD else -1.0
            best[x][y] = max(paired, best[x + 1][y], best[x][y + 1])
    steps: list[Step] = []
    x = y = 0
    while x < m and y < n:
        s = score[x][y]
        if s >= PAIR_THRESHOLD and best[x][y] == best[x + 1][y + 1] + s:
            steps.append(Step("changed", ia[x], jb[y]))
            x, y = x + 1, y + 1
        elif best[x][y] == best[x + 1][y]:
            steps.append(Step("deleted", ia[x], None))
            x += 1
        else:
            steps.append(Step("inserted", None, jb[y]))
            y += 1
    steps += [Step("deleted", ia[k], None) for k in range(x, m)]
    steps += [Step("inserted", None, jb[k]) for k in range(y, n)]
    return steps
