"""How a draft cites what it says: the list of sources, and each position's short footnote."""

from __future__ import annotations

from dataclasses import dataclass

from lga_draft.drafting.prose import month_year
from lga_draft.library.model import Library, Position


@dataclass(frozen=True)
class SourceItem:
    key: str
    title: str
    publisher: str
    date: str
    sections: tuple[str, ...]
    url: str | None


def sources(library: Library, order: list[Position]) -> tuple[SourceItem, ...]:
    sections: dict[str, list[str]] = {}
    for p in order:
        refs = [(c.source, c.section) for c in p.sources]
        refs += [(e.source, e.section) for e in p.current_evidence]
        refs += [(c.source, c.section) for c in p.case_studies]
        for key, section in refs:
            bucket = sections.setdefault(key, [])
            name = (
                library.sources[key].sections.get(section, section)
                if section and key in library.sources
                else section
            )
            if name and name not in bucket:
                bucket.append(name)
    items = []
    for key, secs in sections.items():
        s = library.sources.get(key)
        if s is None:
            continue
        items.append(SourceItem(key, s.title, s.publisher, s.date, tuple(secs), s.url))
    items.sort(key=lambda i: i.date, reverse=True)
    return tuple(items)


def footnote(library: Library, p: Position, *, sections: bool = True) -> str:
    """A short citation: 'Change NHS submission, December 2024: Question 1; Question 5. ...'

    Each source by its short title and date, and (`sections`) the sections cited by their short
    names (up to a colon: "Question 5" of "Question 5: our offer"); the full reference is in the
    Sources list.
    """
    by_source: dict[str, list[str]] = {}
    for cite in p.sources:
        named = by_source.setdefault(cite.source, [])
        source = library.sources.get(cite.source)
        name = (
            source.sections.get(cite.section, cite.section)
            if source and cite.section
            else cite.section
        )
        short = name.split(": ", 1)[0] if name else None
        if short and short not in named:
            named.append(short)
    parts = []
    for key, cited in by_source.items():
        s = library.sources.get(key)
        label = f"{s.short_title or s.title}, {month_year(s.date)}" if s else key
        parts.append(label + (": " + "; ".join(cited) if cited and sections else ""))
    return ". ".join(parts) + "."
