"""Themes: the positions of a draft grouped under headings a reader recognises (the templates
that print positions by topic rather than by question use them)."""

from __future__ import annotations

from dataclasses import dataclass

from lga_draft.library.model import Library, Position
from lga_draft.library.tags import parse_expression


@dataclass(frozen=True)
class Theme:
    name: str
    positions: tuple[Position, ...]


def themes(library: Library, order: list[Position], topic: str | None) -> tuple[Theme, ...]:
    """Positions grouped under themes a reader recognises: the first of the draft's own topic tags
    (its `tags`) that a position falls under, else the broadest tag above the position's first.
    Never the owning team's name: readers know topics, not who keeps the positions."""
    vocab = library.vocabulary
    own = []
    if topic:
        expr = parse_expression(topic, vocab)
        for alt in expr.alternatives:
            own += [(vocab.resolve(t.word) or t.word, t.tags) for t in alt if not t.negated]
    groups: dict[str, list[Position]] = {}
    for p in order:
        tag = next((name for name, tags in own if tags.intersection(p.tags)), None)
        groups.setdefault(tag or _broadest(library, p.tags[0]), []).append(p)
    # the draft's own tags in the order it gives them, then the others as they first appear
    rank = {name: i for i, (name, _) in reversed(list(enumerate(own)))}
    ordered = sorted(groups, key=lambda tag: rank.get(tag, len(rank)))
    return tuple(Theme(_tag_title(library, tag), tuple(groups[tag])) for tag in ordered)


def _broadest(library: Library, tag: str) -> str:
    """The tag at the top of `tag`'s first line of broader tags."""
    seen = {tag}
    while (parent := next(iter(_broader(library, tag)), None)) and parent not in seen:
        seen.add(parent)
        tag = parent
    return tag


def _broader(library: Library, tag: str) -> list[str]:
    found = library.vocabulary.tags.get(tag)
    return list(found.broader) if found else []


def _tag_title(library: Library, tag: str) -> str:
    """A tag as a heading: its words, with the capitals its aliases and description give them
    ('nhs-finance' with the alias 'NHS England' is 'NHS finance')."""
    found = library.vocabulary.tags.get(tag)
    texts = [found.description, *found.aliases] if found else []
    capitals = {w.lower(): w for text in texts for w in text.split() if w.isupper() and len(w) > 1}
    words = [capitals.get(w, w) for w in tag.split("-")]
    title = " ".join(words)
    return title[:1].upper() + title[1:]
