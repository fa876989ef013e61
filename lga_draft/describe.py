"""Readable descriptions of library content for the terminal (`show`, `tags`)."""

from __future__ import annotations

from typing import Any

from lga_draft.loader import Library
from lga_draft.model import Position


def source_label(library: Library, key: str, section: str | None = None) -> str:
    """'Title (Publisher, date), section' for a source key, or the key itself if unknown."""
    source = library.sources.get(key)
    if source is None:
        return key
    label = f"{source.title} ({source.publisher}, {source.date})"
    if section:
        label += f", {source.sections.get(section, section)}"
    return label


def position_markdown(library: Library, p: Position) -> str:
    origin = library.origins[p.id]
    lines = [
        f"# {p.title}",
        "",
        f"`{p.id}` · **{p.status.value}** · owner {p.owner} · reviewed {p.last_reviewed} · "
        f"review by {p.review_by} · tags: {', '.join(p.tags)} · {origin.name}",
        "",
        f"**{p.lead}**",
        "",
        p.body.strip(),
        "",
    ]
    if p.asks:
        lines += ["## Asks", ""]
        lines += [f"- {a.text}" + (f" *({a.timeframe})*" if a.timeframe else "") for a in p.asks]
        lines.append("")
    if p.evidence:
        lines += ["## Evidence", ""]
        for e in p.evidence:
            period = f", {e.period}" if e.period else ""
            old = f" — *superseded by `{e.superseded_by}`*" if e.superseded_by else ""
            lines.append(f"- **{e.figure}**: {e.statement} (as of {e.as_of}{period}; "
                         f"{source_label(library, e.source, e.section)}) `{e.id}`{old}")
        lines.append("")
    if p.case_studies:
        lines += ["## Case studies", ""]
        for c in p.case_studies:
            fig = f" **{c.figure}**." if c.figure else ""
            lines.append(f"- **{c.council}: {c.title}.** {c.summary}{fig} "
                         f"({source_label(library, c.source, c.section)})")
        lines.append("")
    lines += ["## Sources", ""]
    for s in p.sources:
        lines.append(f"- {source_label(library, s.source, s.section)} — supports {', '.join(s.supports)}")
    if p.related or p.supersedes:
        lines.append("")
        if p.related:
            lines.append(f"Related: {', '.join(p.related)}")
        if p.supersedes:
            lines.append(f"Supersedes: {', '.join(p.supersedes)}")
    return "\n".join(lines) + "\n"


def tag_counts(library: Library) -> list[dict[str, Any]]:
    vocab = library.vocabulary
    rows = []
    for name, tag in sorted(vocab.tags.items()):
        narrower = vocab.closure(name)
        rows.append({
            "tag": name,
            "description": tag.description,
            "aliases": list(tag.aliases),
            "broader": list(tag.broader),
            "count": sum(1 for p in library.positions if name in p.tags),
            "count_with_narrower": sum(1 for p in library.positions if narrower & set(p.tags)),
        })
    return rows
