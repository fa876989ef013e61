"""Harvest: what changed in each position of a signed-off Word draft, compared with the library.

How a position is compared: its paragraphs, read from the signed document with tracked changes
accepted, are aligned with the paragraphs the library would print for it today (see `regenerate`:
the library's own macros and the Word writer, read back by the same reader), or, given
`baseline`, with the paragraphs of the draft as it was sent (the exported .docx or .md, or a redraft
of its consultation file). Paragraphs are paired by similarity, and each pair is diffed word by
word. Text outside every position is compared with the baseline's; without one, what the library
cannot have written is listed as unattributed. Nothing here prints; the CLI renders the report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal, TypeVar

from lga_draft.errors import InputFileError, display_path
from lga_draft.library.model import Library
from lga_draft.roundtrip.composed import best_rendering, carried_part, extent, library_order
from lga_draft.roundtrip.keymessages import KeyMessage, expected_text, find_key_messages
from lga_draft.roundtrip.outside import is_furniture, signed_off
from lga_draft.roundtrip.regenerate import Fields, Rendering, regenerate, render_plain
from lga_draft.roundtrip.worddiff import Segment, Step, align, folded, word_diff
from lga_draft.word.read import Comment, DraftDocument, Paragraph, read_draft

T = TypeVar("T")

LO_MARKER = "LibreOffice marker"
CONTENT_CONTROL = "content control"


class NotADraftError(InputFileError):
    """A .docx with no positions in it: not drafted by lga-draft, or its markers were removed."""


@dataclass(frozen=True)
class Change:
    """One paragraph that differs: `old` the library's (or baseline's), `new` the document's."""

    op: Literal["changed", "inserted", "deleted"]
    old: str | None
    new: str | None
    role: str | None = None  # the position field the library's paragraph came from
    segments: tuple[Segment, ...] = ()


@dataclass(frozen=True)
class PositionResult:
    id: str
    title: str
    state: Literal["unchanged", "edited", "unknown"]  # unknown: no longer in the library
    found_by: str
    drafted_version: str  # "" where the document no longer says
    paragraphs: tuple[str, ...]  # the position as the document now reads
    expected: tuple[str, ...]  # what it was compared with
    steps: tuple[Step, ...]  # expected -> paragraphs
    changes: tuple[Change, ...]
    rendering: Rendering | None  # today's rendering by the library that fits best
    fields: Fields | None  # the position's fields as Word prints them, to find them in paragraphs
    library_changed: (
        bool | None
    )  # has the library's text moved on since the draft? None: cannot tell
    revisions: dict[str, int] = field(default_factory=dict)  # tracked changes, by kind
    comments: tuple[Comment, ...] = ()  # reviewers' comments anchored in it
    notes: tuple[str, ...] = ()
    key_message_lead: str | None = None  # the lead as its edited key message now has it


@dataclass(frozen=True)
class Removed:
    id: str
    certain: bool  # False: in the clearance sheet but perhaps only ever a key message


@dataclass(frozen=True)
class HarvestReport:
    document: Path
    library_version: str
    positions: tuple[PositionResult, ...]
    removed: tuple[Removed, ...]
    outside: tuple[Change, ...]  # against the baseline
    outside_checked: bool
    unattributed: tuple[str, ...]  # without a baseline: outside text the library did not write
    signed_off_by: str
    signed_off_on: dt.date | None
    has_comments_part: bool
    libreoffice: bool

    @property
    def edited(self) -> list[PositionResult]:
        return [p for p in self.positions if p.state == "edited"]

    def to_dict(self) -> dict[str, object]:
        def change(c: Change) -> dict[str, object]:
            return {"op": c.op, "old": c.old, "new": c.new, "field": c.role}

        return {
            "document": str(self.document),
            "library_version": self.library_version,
            "signed_off_by": self.signed_off_by,
            "signed_off_on": self.signed_off_on.isoformat() if self.signed_off_on else None,
            "libreoffice": self.libreoffice,
            "comments_part": self.has_comments_part,
            "positions": [
                {
                    "id": p.id,
                    "state": p.state,
                    "found_by": p.found_by,
                    "drafted_version": p.drafted_version,
                    "tracked_changes": p.revisions,
                    "comments": [{"author": c.author, "text": c.text} for c in p.comments],
                    "notes": list(p.notes),
                    "changes": [change(c) for c in p.changes],
                }
                for p in self.positions
            ],
            "removed": [{"id": r.id, "certain": r.certain} for r in self.removed],
            "outside_checked": self.outside_checked,
            "outside": [change(c) for c in self.outside],
            "unattributed": list(self.unattributed),
        }


def harvest(
    docx_path: Path, library: Library, *, baseline: Path | None = None, template: str | None = None
) -> HarvestReport:
    from lga_draft.word.package import load_docx

    draft = read_draft(load_docx(docx_path, "signed draft"), docx_path)
    blocks = _blocks(draft, library)
    if not blocks:
        raise NotADraftError(
            f"{display_path(docx_path)}: not an lga-draft document: it has no position content "
            "controls (draft it with 'lga-draft draft --format docx')"
        )
    base = _load_baseline(baseline, library, draft, template, blocks) if baseline else None
    base_positions = _grouped(base) if base else {}
    rendered, fields = regenerate(
        library, [b.id for b in blocks], _templates(library, template or draft.template)
    )

    results: list[PositionResult] = []
    inside: set[int] = set()
    for block, parts in _by_position(blocks):
        paras = [p for part in parts for p in part.paragraphs]
        options = rendered.get(block.id, [])
        expected_texts = base_positions.get(block.id)
        rendering = best_rendering(options, [p.text for p in paras]) if options else None
        if expected_texts is None and rendering is not None:
            expected_texts = list(rendering.paragraphs)
        if block.open_ended:  # LibreOffice: the position ends where its text stops matching
            paras = [p for part in parts for p in extent(expected_texts or [], part.paragraphs)]
        if len(parts) > 1 and rendering is not None:
            # a position lent parts to other answers (drafting/place.py: allot): one position, its
            # paragraphs compared in the library's order, as the baseline's are
            paras = library_order(paras, rendering.paragraphs, lambda p: p.text)
            if expected_texts is not None and block.id in base_positions:
                expected_texts = library_order(expected_texts, rendering.paragraphs, str)
                base_positions[block.id] = expected_texts
        inside.update(id(p) for p in paras)
        results.append(
            _result(
                block,
                paras,
                expected_texts,
                rendering,
                fields.get(block.id),
                library,
                draft,
                base_positions,
            )
        )

    outside_paras = [p for p in draft.paragraphs if id(p) not in inside and p.marker is None]
    # a key message is its position's title and lead: an edit to it is the position's
    ids = [b.id for b in blocks] + list(draft.clearance_ids)
    messages = find_key_messages(outside_paras, library, ids)
    outside_paras = [p for p in outside_paras if all(p is not m.paragraph for m in messages)]
    if base is not None:
        base_paras = [p for p in base.paragraphs if p.tagged is None and p.marker is None]
        base_messages = find_key_messages(base_paras, library, ids)
        sent = {m.id: m.paragraph.text for m in base_messages}
        base_outside = [
            p.text for p in base_paras if all(p is not m.paragraph for m in base_messages)
        ]
        outside = tuple(_changes(base_outside, [p.text for p in outside_paras], None))
        unattributed: tuple[str, ...] = ()
    else:
        sent = {}
        outside = ()
        unattributed = tuple(p.text for p in outside_paras if not is_furniture(p, library))
    for m in messages:
        old, new = sent.get(m.id) or expected_text(library, m.id), m.paragraph.text
        if folded(old) != folded(new):
            change = Change("changed", old, new, "key message", tuple(word_diff(old, new)))
            results = _with_key_message(results, m, change, library)

    found = {r.id for r in results}
    if base is not None:
        removed = tuple(Removed(i, True) for i in base_positions if i not in found)
    else:
        quoted = " ".join(folded(p.text) for p in outside_paras)
        removed = tuple(
            Removed(i, i not in library.by_id or folded(library.by_id[i].lead) not in quoted)
            for i in dict.fromkeys(draft.clearance_ids)
            if i not in found
        )
    by, on = signed_off(draft)
    return HarvestReport(
        docx_path,
        library.version,
        tuple(results),
        removed,
        outside,
        base is not None,
        unattributed,
        by,
        on,
        draft.has_comments_part,
        any(b.found_by == LO_MARKER for b in blocks),
    )


# ----------------------------------------------------------------------------- positions


def _with_key_message(
    results: list[PositionResult], m: KeyMessage, change: Change, library: Library
) -> list[PositionResult]:
    """The results with the edited key message `m` added to its position's (or as its own)."""
    for i, r in enumerate(results):
        if r.id == m.id:
            edited = replace(r, state="edited", changes=(*r.changes, change))
            return [*results[:i], replace(edited, key_message_lead=m.lead), *results[i + 1 :]]
    p, texts = library.by_id[m.id], (m.paragraph.text,)
    only = PositionResult(
        m.id, p.title, "edited", "key message", "", texts, (change.old or "",), (), (change,),
        None, None, None, key_message_lead=m.lead,
    )  # fmt: skip
    return [*results, only]


@dataclass
class _Block:
    id: str
    version: str
    found_by: str
    paragraphs: list[Paragraph]
    open_ended: bool
    number: int = -1  # the content control it came from
    reviewed: str = ""


def _blocks(draft: DraftDocument, library: Library) -> list[_Block]:
    """Each position in the document, with its paragraphs (to the next position, if open-ended)."""
    titles: dict[str, list[str]] = {}
    for p in library.positions:
        titles.setdefault(folded(p.title), []).append(p.id)
    blocks: list[_Block] = []
    current: _Block | None = None
    for para in draft.paragraphs:
        prov = draft.provenance(para)
        if para.tagged is not None:
            number, pid, version = para.tagged
            if current is None or current.number != number:
                current = _Block(pid, version, CONTENT_CONTROL, [], False, number)
                blocks.append(current)
            current.paragraphs.append(para)
        elif para.marker is not None:
            known = titles.get(folded(para.marker), [])
            current = _Block(known[0] if len(known) == 1 else para.marker, "", LO_MARKER, [], True)
            blocks.append(current)
            if para.text:  # no empty guard paragraph: the position starts on the marker's own line
                current.paragraphs.append(para)
                para.marker = None
            continue
        elif current is not None and current.open_ended:
            current.paragraphs.append(para)
        else:
            current = None
        if (
            prov is not None
            and current is not None
            and current.paragraphs
            and current.paragraphs[0] is para
        ):
            current.id, current.reviewed = prov.id, prov.reviewed
            current.version = current.version or prov.version
    return blocks


def _by_position(blocks: list[_Block]) -> list[tuple[_Block, list[_Block]]]:
    """Each position's first block, with all its blocks: a position several answers use is set out
    in one and lends paragraphs to the others."""
    out: dict[str, tuple[_Block, list[_Block]]] = {}
    for block in blocks:
        out.setdefault(block.id, (block, []))[1].append(block)
    return list(out.values())


def _result(
    block: _Block,
    paras: list[Paragraph],
    expected: list[str] | None,
    rendering: Rendering | None,
    fields: Fields | None,
    library: Library,
    draft: DraftDocument,
    base_positions: dict[str, list[str]],
) -> PositionResult:
    texts = [p.text for p in paras]
    position = library.by_id.get(block.id)
    notes = []
    revisions: dict[str, int] = {}
    comments = []
    for p in paras:
        for kind, n in p.revisions.items():
            revisions[kind] = revisions.get(kind, 0) + n
        comments += [
            draft.comments[c]
            for c in p.comments
            if c in draft.comments and draft.comments[c].author != "lga-draft"
        ]
    if block.version and block.version != library.version:
        notes.append(f"drafted from library {block.version}, library now {library.version}")
    library_changed: bool | None = None
    if position is not None:
        if block.id in base_positions and rendering is not None:
            # the draft as sent against today's library: what its answer left out for length, or
            # lent to another (compose.py), is not a change in the library
            library_changed = any(
                not carried_part(c.op, c.old, c.new, position)
                for c in _changes(list(rendering.paragraphs), base_positions[block.id], None)
            )
        elif block.reviewed and block.reviewed != "unknown":
            library_changed = block.reviewed != position.last_reviewed.isoformat()
        if library_changed:
            notes.append(
                "the library's text has changed since this draft: "
                "not every difference is the officer's"
            )
    if expected is None:
        if position is not None:
            notes.append("retired in the library: not compared (give --baseline)")
        elif block.found_by == LO_MARKER and not block.version:
            notes.append(
                f"LibreOffice kept only its title, '{block.id}', which names no one position"
            )
        else:
            notes.append("no longer in the library")
        steps: list[Step] = []
        changes: list[Change] = []
    else:
        steps = align(expected, texts)
        changes = _changes(expected, texts, [_label(t, fields) for t in expected], steps)
        if block.id not in base_positions:  # an answer carries part of a position (compose.py):
            changes = [c for c in changes if not carried_part(c.op, c.old, c.new, position)]
    state: Literal["unchanged", "edited", "unknown"] = (
        "unknown" if expected is None else "edited" if changes else "unchanged"
    )
    return PositionResult(
        id=block.id,
        title=position.title if position else block.id,
        state=state,
        found_by=block.found_by,
        drafted_version=block.version,
        paragraphs=tuple(texts),
        expected=tuple(expected or ()),
        steps=tuple(steps),
        changes=tuple(changes),
        rendering=rendering,
        fields=fields,
        library_changed=library_changed if expected is not None else None,
        revisions=revisions,
        comments=tuple(comments),
        notes=tuple(notes),
    )


def _label(text: str, fields: Fields | None) -> str | None:
    """Which of the position's fields a paragraph prints, for the reader of the report."""
    if fields is None:
        return None
    found = [
        name
        for name, pieces in (
            ("title", [fields.title]),
            ("lead", [fields.lead]),
            ("body", fields.body),
            ("ask", fields.asks),
        )
        if any(piece and piece in text for piece in pieces)
    ]
    found = [f for f in found if f != "title" or len(found) == 1]  # a heading, not a lead-in
    return " and ".join(found) or None


def _templates(library: Library, named: str | None) -> list[str]:
    """The draft's template if known, else every template, the library's default first."""
    from lga_draft.drafting.render import list_templates
    from lga_draft.library.locate import bundled_library

    names = [t.name for t in list_templates(library.template_dirs, bundled_library() / "templates")]
    if named and named in names:
        return [named]
    default = library.settings.defaults.template
    return sorted(names, key=lambda n: n != default)


def _changes(
    old: list[str], new: list[str], labels: list[str | None] | None, steps: list[Step] | None = None
) -> list[Change]:
    out = []
    for s in steps if steps is not None else align(old, new):
        label = labels[s.old] if labels is not None and s.old is not None else None
        if s.op == "changed" and s.old is not None and s.new is not None:
            segments = tuple(word_diff(old[s.old], new[s.new]))
            out.append(Change("changed", old[s.old], new[s.new], label, segments))
        elif s.op == "deleted" and s.old is not None:
            out.append(Change("deleted", old[s.old], None, label))
        elif s.op == "inserted" and s.new is not None:
            out.append(Change("inserted", None, new[s.new], None))
    return out


def _grouped(doc: DraftDocument) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for p in doc.paragraphs:
        if p.tagged is not None:
            groups.setdefault(p.tagged[1], []).append(p.text)
    return groups


# ----------------------------------------------------------------------------- baseline


def _load_baseline(
    path: Path, library: Library, draft: DraftDocument, template: str | None, blocks: list[_Block]
) -> DraftDocument:
    """The draft as it was sent: an exported .docx or .md, or a redraft of its consultation file."""
    from lga_draft.word.package import load_docx

    suffix = path.suffix.lower()
    if suffix == ".docx":
        return read_draft(load_docx(path, "baseline"), path)
    if suffix == ".md":
        from lga_draft.library.yamlio import read_text

        return _from_markdown(read_text(path), library)
    if suffix in (".yaml", ".yml"):
        from lga_draft.drafting.pipeline import DraftRequest
        from lga_draft.drafting.pipeline import draft as run_draft
        from lga_draft.library.model import Status

        when = draft.core.created.date() if draft.core.created else dt.date.today()
        include_draft = any(
            library.by_id[b.id].status is Status.DRAFT for b in blocks if b.id in library.by_id
        )
        request = DraftRequest(
            consultation=path,
            template=template or draft.template or None,
            format="md",
            include_draft=include_draft,
            today=when,
        )
        return _from_markdown(run_draft(library, request).markdown, library)
    raise InputFileError(
        f"{display_path(path)}: a baseline is the draft as sent (.docx or .md) or its "
        "consultation file (.yaml)"
    )


def _from_markdown(markdown: str, library: Library) -> DraftDocument:
    return render_plain(markdown, library, "baseline")
