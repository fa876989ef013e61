"""A position as a draft prints it today: the text a signed-off copy is compared with.

Nothing is rebuilt by hand. The draft's own template (named on the clearance sheet, or given, or
else every template in turn) is rendered with a stand-in consultation that asks one question per
position, through the same pipeline and Word writer as `draft --format docx`, and each position's
content control is read back with the same reader as the signed document. So an untouched position
compares equal word for word, whatever the template does with it (a bold lead-in and separate
paragraphs, the lead run into the body, title and lead on one line, asks and case studies or not).
All renderings go into one Word document, for speed.

A second rendering of each position, a "probe" of its title, lead, body paragraphs and asks on
their own, gives the exact Word text of each field, so `harvest --write` can find each field inside
whatever paragraph the template put it in, and take the officer's wording back to that field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lga_draft.errors import LgaDraftError
from lga_draft.library.model import Library, Status

_SEPARATOR = "lga-harvest-separator"


@dataclass(frozen=True)
class Rendering:
    template: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Fields:
    """Each field of a position as Word prints it."""

    title: str
    lead: str
    body: tuple[str, ...]
    asks: tuple[str, ...]


def regenerate(
    library: Library, ids: Iterable[str], templates: list[str]
) -> tuple[dict[str, list[Rendering]], dict[str, Fields]]:
    """Renderings of each position by each template (first template first), and its fields."""
    from lga_draft.drafting.render import one_line

    positions = [
        library.by_id[i]
        for i in dict.fromkeys(ids)
        if i in library.by_id and library.by_id[i].status is not Status.RETIRED
    ]
    if not positions:
        return {}, {}
    chunks: list[str] = []
    names: list[str] = []
    for name in templates:
        for body in _template_bodies(library, name, [p.id for p in positions]):
            chunks.append(body)
            names.append(name)
    for p in positions:  # the probes: title, lead and body; then the asks
        fields_md = f"{one_line(p.title)}\n\n**{one_line(p.lead)}**\n\n{p.body.strip()}"
        asks_md = "\n\n".join(one_line(a.text) for a in p.asks) or "x"
        chunks.append(
            f'::: {{.position data-id="{p.id}"}}\n\n{fields_md}\n\n:::\n\n'
            f'::: {{.position data-id="{p.id}"}}\n\n{asks_md}\n\n:::\n'
        )
    groups = _read_back(library, chunks)

    renderings: dict[str, list[Rendering]] = {}
    for name, found in zip(names, groups[: len(names)], strict=True):
        for pid, paragraphs in found:
            options = renderings.setdefault(pid, [])
            if all(o.paragraphs != paragraphs for o in options):
                options.append(Rendering(name, paragraphs))
    fields = {}
    for p, found in zip(positions, groups[len(names) :], strict=True):
        (_, head), (_, ask_texts) = found
        fields[p.id] = Fields(head[0], head[1], head[2:], ask_texts if p.asks else ())
    return renderings, fields


def _template_bodies(library: Library, name: str, ids: list[str]) -> list[str]:
    """The template rendered with each position answering a question of its own (Markdown bodies).

    Twice, with and without an introduction: a template may word a position differently when the
    draft opens with one (the press release's first paragraph does).
    """
    from lga_draft.drafting.consultation import Consultation, Question
    from lga_draft.drafting.context import build_context
    from lga_draft.drafting.render import render

    bodies = []
    questions = [Question(number=str(k), text="-", positions=[pid]) for k, pid in enumerate(ids)]
    for introduction in (None, "-"):
        consultation = Consultation(  # a budget no position fills: each is set out whole
            title="-", issued_by="-", introduction=introduction, questions=questions, words=20000
        )
        try:
            context, _ = build_context(
                library, consultation, template=name, today=dt.date.today(), include_draft=True
            )
            markdown = render(library.template_dirs, name, context.as_mapping())
        except LgaDraftError:  # a template that cannot draft these positions is not the draft's
            continue
        if markdown.startswith("---\n"):  # one Word document holds them all: one front matter
            markdown = markdown[4:].partition("\n---\n")[2]
        bodies.append(markdown)
    return bodies


if TYPE_CHECKING:
    from lga_draft.word.read import DraftDocument


def render_plain(markdown: str, library: Library, label: str) -> DraftDocument:
    """Markdown through the Word writer (no furniture), read back as the harvester reads a draft."""
    from lga_draft.word.document import DocMeta, render_docx
    from lga_draft.word.package import load_docx
    from lga_draft.word.read import read_draft

    meta = DocMeta(
        title="",
        subject="",
        author="",
        keywords=(),
        library_version=library.version,
        version="",
        date="",
    )
    return read_draft(load_docx(render_docx(markdown, meta), label))


def _read_back(library: Library, chunks: list[str]) -> list[list[tuple[str, tuple[str, ...]]]]:
    """Each chunk's content controls, as (id, paragraphs), read from one rendered Word document."""
    separator = f'\n\n::: {{.position data-id="{_SEPARATOR}"}}\n\nx\n\n:::\n\n'
    markdown = separator.join(chunks) + separator
    doc = render_plain(markdown, library, "regenerated positions")
    groups: list[list[tuple[str, tuple[str, ...]]]] = [[]]
    controls: dict[int, tuple[str, list[str]]] = {}
    for para in doc.paragraphs:
        if para.tagged is not None:
            number, pid, _ = para.tagged
            controls.setdefault(number, (pid, []))[1].append(para.text)
    for pid, paragraphs in controls.values():
        if pid == _SEPARATOR:
            groups.append([])
        else:
            groups[-1].append((pid, tuple(paragraphs)))
    return groups[:-1]
