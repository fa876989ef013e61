"""What the signer must have checked, in words for a person: a margin note on each position that
needs its owner's confirmation, the status its clearance-sheet row shows, and the sheet's list of
points to check before sign-off (the drafting report's warnings, rewritten as sentences)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence

from lga_draft.drafting.render import long_date
from lga_draft.drafting.staleness import Staleness, late_warning


def status(stale: Staleness | None, approved: str = "Approved") -> str:
    """A clearance-sheet row's status, in plain words."""
    if stale is None:
        return approved
    words = []
    if stale.overdue:
        words.append("Overdue for review")
    if stale.draft:
        words.append("Draft, not approved")
    if stale.old_figures:
        words.append("Old figures")
    return "; ".join(words)


def margin_note(stale: Staleness) -> str:
    """The comment beside a position that needs its owner's confirmation."""
    why = []
    if stale.overdue:
        why.append(f"it was due for review by {long_date(stale.review_by)}")
    if stale.draft:
        why.append("it is a draft, not yet approved")
    if stale.old_figures:
        why.append(
            f"{_figures(stale)} {'is' if len(stale.old_figures) == 1 else 'are'} more than "
            f"{stale.figure_age_months} months old"
        )
    return (
        f"Check before sign-off: {_and(why)}. Ask the owner, {stale.team}, to confirm that "
        f"{'this text and its figures still stand' if stale.old_figures else 'this text still stands'}."
    )


def points_to_check(
    stale: Sequence[Staleness],
    warnings: Sequence[str],
    *,
    closes: dt.date | None,
    today: dt.date,
) -> list[str]:
    """The clearance sheet's points, one sentence each: the staleness grouped by owner, the late
    date, then any other warning of the drafting report in its own words, as a sentence."""
    points = []
    overdue = [s for s in stale if s.overdue]
    if len(overdue) == 1:
        s = overdue[0]
        points.append(
            f"\u201c{s.title}\u201d is past its review date ({long_date(s.review_by)}): ask "
            f"{s.team} to confirm that it still stands."
        )
    elif overdue:
        teams = Counter(s.team for s in overdue)
        asks = _and([f"{team} ({n})" for team, n in teams.most_common()])
        points.append(
            f"{len(overdue)} positions are past their review date (marked overdue in the table "
            f"and in the margin): ask {asks} to confirm that they still stand."
        )
    for s in stale:
        if s.draft:
            points.append(
                f"\u201c{s.title}\u201d is a draft position, not yet approved: ask {s.team} to "
                "approve it, or take it out."
            )
    for s in stale:
        if s.old_figures:
            points.append(
                f"\u201c{s.title}\u201d rests on {_figures(s)}, more than {s.figure_age_months} "
                f"months old: ask {s.team} whether newer figures exist."
            )
    late = late_warning(closes, today)
    if late is not None and closes is not None:
        points.append(
            f"This response is dated {long_date(today)}, after the consultation closed on "
            f"{long_date(closes)}: check the date, and that a late response is still welcome."
        )
    known = {line for s in stale for line in s.lines()} | {late}
    points += [_sentence(w) for w in _by_question([w for w in warnings if w not in known])]
    return points


_QUESTION = re.compile(r"^question (\S+): (.+)$")
_SINGULAR = re.compile(r"\bits?\b")  # "in its answer", "which it names": said of one question


def _by_question(warnings: Sequence[str]) -> list[str]:
    """The same point about several questions said once, where the first of them is: "questions
    2, 3 and 4: no position answers them", not a line for each question. A point that speaks of
    its question in the singular anywhere but its last word ("no position is set out in its
    answer") is left a line for each: "questions 2 and 3: ... in its answer" would misread."""
    said: dict[str, list[str]] = {}  # each point's questions, in the report's order
    for w in warnings:
        if (m := _QUESTION.match(w)) and not _SINGULAR.search(m[2].removesuffix(" it")):
            said.setdefault(m[2], []).append(m[1])
    out = []
    for w in warnings:
        m = _QUESTION.match(w)
        if m is None or len(said.get(m[2], ())) < 2:
            out.append(w)
        elif m[1] == said[m[2]][0]:  # the first question of several: said here, once
            point = m[2].removesuffix(" it") + " them" if m[2].endswith(" it") else m[2]
            out.append(f"questions {_and(said[m[2]])}: {point}")
    return out


def _figures(stale: Staleness) -> str:
    """'£663,000 and about 8 per cent (2021)' or '£3.1 billion (January 2019)'; with the period
    the draft prints beside a figure, that too: '63 per cent (2022/23, as of 2023)'."""
    by_date: dict[tuple[str, str | None], list[str]] = {}
    for f in stale.old_figures:
        by_date.setdefault((f.as_of, f.period), []).append(f.figure)
    parts = [
        f"{_and(figures)} ({_when(as_of, period)})" for (as_of, period), figures in by_date.items()
    ]
    return ("the figure " if len(stale.old_figures) == 1 else "the figures ") + _and(parts)


def _when(as_of: str, period: str | None) -> str:
    when = long_date(as_of)
    return when if not period or period == when else f"{period}, as of {when}"


def _and(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."
