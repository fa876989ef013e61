"""`harvest --write`: each edited position becomes a proposed revision, a new draft-status file.

The approved position is never touched. Its revision sits beside it as `<id>-revision-<n>.yaml`
(the file name matching the id, as `check` expects), a copy of the position with the document's
text in the fields the officer changed, `status: draft`, `supersedes: [<id>]` and a `revision_of`
block saying who signed it off, when, and in which document. Edits that no field can hold safely
(a figure, which needs its own source and date; a case study; a paragraph added after the asks)
are kept word for word in `revision_of.notes`, so nothing the officer wrote is lost. A revision with
the same text as one already proposed is not written twice.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from lga_draft.drafting.render import md_inline
from lga_draft.errors import LgaDraftError, OutputError, display_path
from lga_draft.library.model import Library, Position
from lga_draft.roundtrip.harvest import HarvestReport, PositionResult
from lga_draft.roundtrip.placement import Placed
from lga_draft.roundtrip.worddiff import folded

REVISION_INFIX = "-revision-"
MAX_ATTEMPTS = 100


@dataclass(frozen=True)
class Proposal:
    position: str
    state: Literal["written", "exists", "skipped"]
    path: Path | None
    reason: str = ""


def propose_revisions(
    report: HarvestReport, library: Library, *, by: str, on: dt.date | None
) -> list[Proposal]:
    """Write a revision for every edited position; the files are written atomically."""
    from lga_draft.library.yamlio import dump_yaml, load_yaml
    from lga_draft.output import write_atomic
    from lga_draft.team.fmt import format_text

    out: list[Proposal] = []
    claimed: set[str] = set()
    for result in report.edited:
        position = library.by_id.get(result.id)
        if position is None or (result.rendering is None and result.key_message_lead is None):
            out.append(Proposal(result.id, "skipped", None, "no longer in the library"))
            continue
        if result.library_changed:
            out.append(
                Proposal(
                    result.id,
                    "skipped",
                    None,
                    "the library's text has changed since the "
                    "draft; compare with --baseline (the draft as sent) or merge by hand",
                )
            )
            continue
        origin = library.origins[position.id]
        raw = load_yaml(origin.path).data
        fields, notes = _edited_fields(result, position, raw)
        existing = _same_revision(library, position, fields)
        if existing is not None:
            out.append(
                Proposal(
                    result.id,
                    "exists",
                    library.origins[existing].path,
                    f"already proposed as '{existing}'",
                )
            )
            continue
        root = position.revision_of.id if position.revision_of else position.id
        header = (
            f"# Proposed revision of '{position.id}', from the sign-off edits in "
            f"{report.document.name}.\n# Written by 'lga-draft harvest --write'. To adopt it, "
            f"review it, set status: approved and retire '{position.id}'.\n"
        )
        folder = origin.path.parent
        # Another harvest of the same document may be writing beside us: each name is taken
        # exclusively, and the revisions it wrote since the library was loaded are compared too.
        for _ in range(MAX_ATTEMPTS):
            new_id = _free_id(library, root, folder, claimed)
            data = _revision_data(raw, fields, new_id, position.id, result, report, by, on, notes)
            try:
                Position.model_validate(data)
            except ValueError as exc:  # e.g. the officer emptied the lead
                reason = f"the edited text is not a valid position ({exc})"
                out.append(Proposal(result.id, "skipped", None, reason))
                break
            text = header + dump_yaml(data)
            path = folder / f"{new_id}.yaml"
            laid_out = format_text(text)  # in `fmt`'s layout, so the pre-commit hook accepts it
            if load_yaml(path, text=laid_out).data == load_yaml(path, text=text).data:
                text = laid_out
            twin = _twin_on_disk(library, folder, root, text)
            if twin is not None:
                out.append(
                    Proposal(result.id, "exists", twin, f"already proposed as '{twin.stem}'")
                )
                break
            try:
                write_atomic(path, text.encode("utf-8"), force=False)
            except OutputError:
                if os.path.lexists(path):
                    continue  # taken while we wrote: look again
                raise
            claimed.add(new_id)
            out.append(Proposal(result.id, "written", path))
            break
        else:
            raise OutputError(f"{display_path(folder)}: no free name for a revision of '{root}'")
    return out


def _edited_fields(
    result: PositionResult, position: Position, raw: dict
) -> tuple[dict[str, Any], list[str]]:
    """title/lead/body/asks as the document now has them, and notes on what no field can hold.

    An edited key message is the position's lead, unless the position's own text edits it too."""
    from lga_draft.roundtrip.placement import place

    fields: dict[str, Any] = {}
    if result.key_message_lead is not None:
        fields["lead"] = md_inline(result.key_message_lead)
    if result.rendering is None or result.fields is None:  # the position was only a key message
        return fields, []
    placed = place(result.rendering.paragraphs, result.paragraphs, result.fields)
    if placed.title is not None:
        fields["title"] = placed.title
    if placed.lead is not None:
        fields["lead"] = md_inline(placed.lead)
    if placed.body_changed:
        fields["body"] = _body(position.body, result.fields.body, placed)
    if placed.asks:
        asks = list(raw.get("asks") or [])
        fields["asks"] = [
            _edited_ask(a, placed.asks[i]) if i in placed.asks else a
            for i, a in enumerate(asks)
            if placed.asks.get(i, "") is not None
        ]
    return fields, placed.notes


def _edited_ask(raw_ask: Any, text: str | None) -> Any:
    """The ask in the document's wording, its timeframe kept."""
    return {**raw_ask, "text": text} if isinstance(raw_ask, dict) else text


def _body(source: str, old: tuple[str, ...], placed: Placed) -> str:
    """The body in Markdown: untouched blocks keep their Markdown, edited ones take the new text."""
    blocks = _blocks(source)
    if sum(n for _, n in blocks) != len(old):  # cannot tell which block printed which paragraph
        blocks = [("", 1)] * len(old)
    out = [md_inline(t) for t in placed.body_inserted.get(-1, [])]
    k = 0
    for text, count in blocks:
        span = range(k, k + count)
        k += count
        touched = any(i in placed.body or i in placed.body_deleted for i in span) or any(
            i in placed.body_inserted for i in span[:-1]
        )
        if text and not touched:
            out.append(text)
        else:
            kept = [i for i in span if i not in placed.body_deleted]
            out += [md_inline(placed.body.get(i, old[i])) for i in kept]
        if count:
            out += [md_inline(t) for t in placed.body_inserted.get(span[-1], [])]
    return "\n\n".join(out) + "\n"


def _blocks(source: str) -> list[tuple[str, int]]:
    """Top-level Markdown blocks of a body, each with how many Word paragraphs it prints as."""
    from lga_draft.word.body import markdown_parser

    lines = source.splitlines()
    counted = ("paragraph_open", "fence", "code_block", "hr", "th_open", "td_open")
    blocks: list[tuple[str, int]] = []
    for token in markdown_parser().parse(source):
        if token.level == 0 and token.map is not None and token.nesting >= 0:
            blocks.append(("\n".join(lines[token.map[0] : token.map[1]]).strip("\n"), 0))
        if blocks and (
            token.type in counted
            or (token.type == "html_block" and not token.content.lstrip().startswith("<!--"))
        ):
            blocks[-1] = (blocks[-1][0], blocks[-1][1] + 1)
    return blocks


def _same_revision(library: Library, position: Position, fields: dict[str, Any]) -> str | None:
    """An existing revision of the same position with the same proposed text."""
    root = position.revision_of.id if position.revision_of else position.id
    for other in library.positions:
        if other.revision_of is None or other.revision_of.id not in (root, position.id):
            continue
        want = {k: fields.get(k, getattr(position, k)) for k in ("title", "lead", "body")}
        have = {k: getattr(other, k) for k in ("title", "lead", "body")}
        want_asks = (
            [_ask_text(a) for a in fields["asks"]]
            if "asks" in fields
            else [a.text for a in position.asks]
        )
        if all(folded(want[k]) == folded(have[k]) for k in want) and [
            folded(a) for a in want_asks
        ] == [folded(a.text) for a in other.asks]:
            return other.id
    return None


def _twin_on_disk(library: Library, folder: Path, root: str, text: str) -> Path | None:
    """A revision file written since the library was loaded with the same content as `text`."""
    from lga_draft.library.yamlio import load_yaml

    def content(data: Any) -> Any:
        return {k: v for k, v in data.items() if k != "id"} if isinstance(data, dict) else None

    ours = None
    for path in sorted(folder.glob(f"{root}{REVISION_INFIX}*.yaml")):
        if path.stem in library.by_id:
            continue  # loaded with the library: compared by _same_revision
        try:
            theirs = content(load_yaml(path).data)
        except LgaDraftError:
            continue
        if ours is None:
            ours = content(load_yaml(path, text=text).data)
        if theirs == ours:
            return path
    return None


def _ask_text(ask: Any) -> str:
    return ask["text"] if isinstance(ask, dict) else str(ask)


def _free_id(library: Library, root: str, folder: Path, claimed: set[str]) -> str:
    n = 1
    while True:
        candidate = f"{root}{REVISION_INFIX}{n}"
        if (
            candidate not in library.by_id
            and candidate not in claimed
            and not (folder / f"{candidate}.yaml").exists()
        ):
            return candidate
        n += 1


def _revision_data(
    raw: dict,
    fields: dict[str, Any],
    new_id: str,
    old_id: str,
    result: PositionResult,
    report: HarvestReport,
    by: str,
    on: dt.date | None,
    notes: list[str],
) -> dict:
    data: dict[str, Any] = {
        "id": new_id,
        "title": fields.get("title", raw.get("title")),
        "status": "draft",
    }
    for key, value in raw.items():
        if key not in data and key not in ("supersedes", "revision_of"):
            data[key] = fields.get(key, value)
    data["supersedes"] = [old_id]
    if on is not None:  # the director who signed it off reviewed its wording that day
        data.update(_reviewed_on(raw, on))
    tracked = ", ".join(
        f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in sorted(result.revisions.items())
    )
    extra = [f"tracked changes in the signed copy, accepted here: {tracked}"] if tracked else []
    extra += [f"comment by {c.author or 'unknown'}: {c.text}" for c in result.comments]
    data["revision_of"] = {
        "id": old_id,
        "library_version": result.drafted_version or "unknown",
        "signed_off_by": by,
        "signed_off_on": on,
        "document": report.document.name,
        "notes": notes + extra,
    }
    if not data["revision_of"]["notes"]:
        del data["revision_of"]["notes"]
    return data


def _reviewed_on(raw: dict, on: dt.date) -> dict[str, dt.date]:
    """`last_reviewed` the day of sign-off, and `review_by` as far after it as the original's
    was after its own review (a revision of a 2019 position is not overdue the day it is made)."""
    try:
        seen = dt.date.fromisoformat(str(raw["last_reviewed"]))
        due = dt.date.fromisoformat(str(raw["review_by"]))
    except (KeyError, ValueError):
        return {"last_reviewed": on}
    return {"last_reviewed": on, "review_by": on + max(due - seen, dt.timedelta(0))}
