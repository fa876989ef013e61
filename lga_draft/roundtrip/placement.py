"""Placing an officer's edits back into a position's fields: title, lead, body paragraphs, asks.

A template may print several fields in one paragraph (the offer-and-ask template runs the lead into
the body; the position statement puts title and lead on one line) and add words of its own ("We ask
the Government to:", a figure, a case study). So each field is found inside the paragraphs of the
library's rendering by its exact Word text (see `regenerate.Fields`), as a run of word tokens; the
word diff between that paragraph and the document's maps each field's run to the document's words.
Words inserted where two fields meet go to the first. An edit to the template's own words, a
figure or a case study belongs to no field: it is returned as a note, word for word.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from lga_draft.roundtrip.regenerate import Fields
from lga_draft.roundtrip.worddiff import align, diff_tokens, folded, tokens

Field = tuple[str, int]  # ("title" | "lead" | "body" | "ask", index)


@dataclass
class Placed:
    """What the document changed, field by field; None means unchanged."""

    title: str | None = None
    lead: str | None = None
    body: dict[int, str] = field(default_factory=dict)  # paragraph k's new text
    body_deleted: set[int] = field(default_factory=set)
    body_inserted: dict[int, list[str]] = field(default_factory=dict)  # after k (-1: first)
    asks: dict[int, str | None] = field(default_factory=dict)  # None: deleted
    notes: list[str] = field(default_factory=list)

    @property
    def body_changed(self) -> bool:
        return bool(self.body or self.body_deleted or self.body_inserted)


def place(old: Sequence[str], new: Sequence[str], fields: Fields) -> Placed:
    """Where the edits from the library's paragraphs `old` to the document's `new` belong."""
    spans = _locate(old, fields)
    out = Placed()
    last_body, open_to_body = -1, True  # text added here extends the body after `last_body`
    for step in align(old, new):
        if step.old is not None:
            here = spans[step.old]
            last_body = max([k for (kind, k), _, _ in here if kind == "body"] + [last_body])
            open_to_body = not here or here[-1][0][0] in ("title", "lead", "body")
        if step.op == "equal":
            continue
        if step.op == "inserted" and step.new is not None:
            if open_to_body:
                out.body_inserted.setdefault(last_body, []).append(new[step.new])
            else:
                out.notes.append(f"paragraph added at sign-off, in no field: {new[step.new]}")
        elif step.op == "deleted" and step.old is not None:
            _deleted(out, old[step.old], spans[step.old], fields)
        elif step.old is not None and step.new is not None:
            _changed(out, old[step.old], new[step.new], spans[step.old], fields)
    return out


def _locate(paragraphs: Sequence[str], fields: Fields) -> list[list[tuple[Field, int, int]]]:
    """Each paragraph's fields as (field, first token, end token), in reading order."""
    toks = [tokens(p) for p in paragraphs]
    used: list[set[int]] = [set() for _ in paragraphs]
    found: list[list[tuple[Field, int, int]]] = [[] for _ in paragraphs]
    wanted: list[tuple[Field, str]] = [(("lead", 0), fields.lead)]
    wanted += [(("body", k), b) for k, b in enumerate(fields.body)]
    wanted += [(("ask", i), a) for i, a in enumerate(fields.asks)]
    wanted.append((("title", 0), fields.title))
    for name, text in wanted:
        needle = tokens(text)
        for p, hay in enumerate(toks):
            start = _find(hay, needle, used[p]) if needle else None
            if start is not None:
                used[p].update(range(start, start + len(needle)))
                found[p].append((name, start, start + len(needle)))
                break
    return [sorted(f, key=lambda s: s[1]) for f in found]


def _find(hay: list[str], needle: list[str], used: set[int]) -> int | None:
    n = len(needle)
    for i in range(len(hay) - n + 1):
        if hay[i : i + n] == needle and not used.intersection(range(i, i + n)):
            return i
    return None


def _changed(
    out: Placed, old: str, new: str, spans: list[tuple[Field, int, int]], fields: Fields
) -> None:
    a, b = tokens(old), tokens(new)
    ops = diff_tokens(a, b)
    edge = _boundaries(ops, len(a), len(b))
    covered: set[int] = set()
    for (kind, k), start, end in spans:
        covered.update(range(start, end))
        text = "".join(b[edge[start] : edge[end]]).strip()
        if folded(text) == folded("".join(a[start:end])):
            continue
        _set(out, kind, k, text or None, fields)
    glue_old = [t for i, t in enumerate(a) if i not in covered]
    new_covered = {j for _, s, e in spans for j in range(edge[s], edge[e])}
    glue_new = [t for j, t in enumerate(b) if j not in new_covered]
    if folded("".join(glue_old)) != folded("".join(glue_new)):
        out.notes.append(
            f"edited at sign-off, not placed in a field (a figure, case study or the "
            f"template's own words): '{old}' is now '{new}'"
        )


def _deleted(out: Placed, old: str, spans: list[tuple[Field, int, int]], fields: Fields) -> None:
    for (kind, k), _, _ in spans:
        _set(out, kind, k, None, fields)
    if not spans:
        out.notes.append(
            f"deleted at sign-off, still in this revision (a figure, case study or "
            f"the template's own words): {old}"
        )


def _set(out: Placed, kind: str, k: int, text: str | None, fields: Fields) -> None:
    if kind == "body":
        if text is None:
            out.body_deleted.add(k)
        else:
            out.body[k] = text
    elif kind == "ask":
        out.asks[k] = text
        if text is None:
            out.notes.append(f"ask deleted at sign-off: {fields.asks[k]}")
    elif text is None:  # a title or lead cannot be empty
        out.notes.append(f"the {kind} was deleted at sign-off; the library's {kind} is kept")
    elif kind == "lead":
        out.lead = text
    else:
        out.title = text


def _boundaries(ops: list[tuple[str, int, int, int, int]], n_old: int, n_new: int) -> list[int]:
    """For each token boundary of the old text, where it falls in the new text.

    A boundary at an insertion falls after it, so words added where two fields meet go to the
    first; a replacement goes to the field it starts in.
    """
    edge = [0] * (n_old + 1)
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            for k in range(i2 - i1):
                edge[i1 + k] = j1 + k
        else:
            edge[i1] = j2 if i1 == i2 else j1
            for x in range(i1 + 1, i2):
                edge[x] = j2
    edge[n_old] = n_new
    return edge
