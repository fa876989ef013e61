"""Themes: the positions of a draft grouped under headings a reader recognises (the templates
that print positions by topic rather than by question use them)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lga_draft.drafting.prose import Said, restates, sentences
from lga_draft.library.model import Ask, Library, Position
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


# a paragraph laid out as a list, table or heading is printed as written, never cut into sentences
_LAID_OUT = re.compile(r"(?:^|\n)\s*(?:[-*+]|\d+[.)]|#|\|)\s")


@dataclass(frozen=True)
class Printed:
    """What a draft printing its positions whole, theme by theme, prints of each."""

    bodies: dict[str, str]  # position id -> its body, less what the draft has said above it
    asks: dict[str, tuple[Ask, ...]]  # ... its asks, less those its lead or printed body make


def printed(grouped: tuple[Theme, ...]) -> Printed:
    """Each position's body as a draft printing it whole under its theme should print it: without
    a sentence that a lead or body above it (its own lead too) has said already, in these or other
    words, as the composed answers say each point once; and its asks without one whose point its
    lead or a sentence of its printed body makes, as an answer's asks are (pieces.settle_asks)."""
    order = [p for t in grouped for p in t.positions]
    said = Said.weighing([f"{p.lead}\n{p.body}" for p in order])
    bodies: dict[str, str] = {}
    asks: dict[str, tuple[Ask, ...]] = {}
    for p in order:
        said.say(p.lead)
        kept = []
        for paragraph in re.split(r"\n\s*\n", p.body.strip()):
            if _LAID_OUT.search(paragraph):
                said.say(" ".join(paragraph.split()))
                kept.append(paragraph.strip())
                continue
            fresh = said.fresh(" ".join(paragraph.split()))
            if fresh:
                said.say(fresh)
                kept.append(fresh)
        bodies[p.id] = "\n\n".join(kept)
        made = [p.lead, *(s for t in kept for s in sentences(t))]
        asks[p.id] = tuple(a for a in p.asks if not any(restates(a.text, s, said) for s in made))
    return Printed(bodies, asks)


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
