"""What in a draft needs its owner's confirmation before sign-off: positions past their review date,
draft positions, and figures older than the library's `figure_age_months`; and a draft dated after
the consultation closed. Kept as data, so the drafting report prints it as warnings and the Word
writer marks it in the margin and on the clearance sheet in its own words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lga_draft.library.model import Library, Position, Status


@dataclass(frozen=True)
class OldFigure:
    figure: str
    as_of: str  # a partial date: "2021", "2019-01", "2024-12-02"
    period: str | None = None  # what it covers, as the draft prints it beside it: "2022/23"


@dataclass(frozen=True)
class Staleness:
    """One position that needs its owner's confirmation, and why."""

    position_id: str
    title: str
    owner: str  # the owning team's key
    team: str  # the owning team's name, as the library's settings give it
    review_by: dt.date
    overdue: bool  # its review date has passed
    draft: bool  # not yet approved
    old_figures: tuple[OldFigure, ...]
    figure_age_months: int

    def lines(self) -> list[str]:
        """The drafting report's warnings for it, one a line."""
        out = []
        if self.overdue:
            out.append(
                f"position '{self.position_id}' was due for review by "
                f"{self.review_by.isoformat()} (owner: {self.owner})"
            )
        if self.draft:
            out.append(f"position '{self.position_id}' is a draft, not yet approved")
        out += [
            f"figure '{f.figure}' in '{self.position_id}' is as of {f.as_of}, older than "
            f"{self.figure_age_months} months"
            for f in self.old_figures
        ]
        return out


def staleness(library: Library, positions: list[Position], today: dt.date) -> list[Staleness]:
    """Every position of `positions` with something its owner must confirm, in the same order."""
    months = library.settings.defaults.figure_age_months
    limit = _months_before(today, months)
    found = []
    for p in positions:
        old = tuple(
            OldFigure(e.figure, e.as_of, e.period)
            for e in p.current_evidence
            if _as_date(e.as_of) < limit
        )
        overdue, draft = p.review_by < today, p.status is Status.DRAFT
        if overdue or draft or old:
            team = library.settings.teams.get(p.owner, p.owner)
            found.append(
                Staleness(p.id, p.title, p.owner, team, p.review_by, overdue, draft, old, months)
            )
    return found


def late_warning(closes: dt.date | None, today: dt.date) -> str | None:
    """The drafting report's warning for a draft dated after the consultation closed, if it is."""
    if closes is None or today <= closes:
        return None
    return f"the draft is dated {today.isoformat()}, after the consultation closed on {closes.isoformat()}"


def _as_date(partial: str) -> dt.date:
    parts = [int(x) for x in partial.split("-")]
    while len(parts) < 3:
        parts.append(1)
    return dt.date(parts[0], parts[1], parts[2])


def _months_before(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(y, m + 1, min(day.day, 28))
