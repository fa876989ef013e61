"""Redline: the changes between two drafts as a Word document with real tracked changes.

The output is the NEW document (its styles, header, notes and clearance sheet) with what changed
since OLD marked as Word revisions a reviewer can accept or reject: paragraphs are aligned (see
`worddiff.align`), an edited paragraph is rewritten word by word as w:del and w:ins runs keeping
its formatting, and a paragraph only in OLD is put back as a deleted paragraph where it stood.
Tracked changes already in either input are accepted first, so the comparison is of the texts as
they read. Two Markdown drafts are first rendered by the Word writer, exactly as `draft` would, so
there is one comparison, not two. Footnote texts and headers are not compared.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from lga_draft.errors import InputFileError, display_path
from lga_draft.roundtrip.worddiff import align


def redline(old: Path, new: Path, *, author: str, when: dt.datetime) -> bytes:
    """The .docx bytes of NEW with its differences from OLD as tracked changes."""
    from docx.oxml.ns import qn

    from lga_draft.word.track import (
        Tracker,
        accept_all,
        deleted_copy,
        mark_inserted,
        paragraph_text,
        rewrite,
    )

    kinds = {old.suffix.lower(), new.suffix.lower()}
    if kinds not in ({".docx"}, {".md"}):
        raise InputFileError(
            f"{display_path(old)}, {display_path(new)}: compare two .docx drafts or two .md drafts"
        )
    old_doc, new_doc = _open(old, "old draft"), _open(new, "new draft")
    old_body, new_body = old_doc.element.body, new_doc.element.body
    accept_all(old_body)
    accept_all(new_body)
    old_ps, new_ps = list(old_body.iter(qn("w:p"))), list(new_body.iter(qn("w:p")))
    tracker = Tracker(new_doc.element, author, when.strftime("%Y-%m-%dT%H:%M:%SZ"))
    styles = {s.get(qn("w:styleId")) for s in new_doc.styles.element.findall(qn("w:style"))}
    num_ids = _num_ids(new_doc)

    steps = align([paragraph_text(p) for p in old_ps], [paragraph_text(p) for p in new_ps])
    pending: list[
        Any
    ] = []  # deleted paragraphs waiting for the next paragraph of NEW to stand before
    last = None
    for step in steps:
        if step.op == "deleted":
            pending.append(deleted_copy(old_ps[step.old], tracker, styles, num_ids))  # type: ignore[index]
            continue
        target = new_ps[step.new]  # type: ignore[index]
        for p in pending:
            target.addprevious(p)
        pending = []
        if step.op == "changed":
            rewrite(target, old_ps[step.old], tracker)  # type: ignore[index]
        elif step.op == "inserted":
            mark_inserted(target, tracker)
        last = target
    for p in reversed(pending):  # deleted at the very end
        if last is not None:
            last.addnext(p)
        else:
            _body_append(new_body, p)

    _describe(new_doc, f"Tracked changes from {old.name} to {new.name} (lga-draft redline)")
    out = io.BytesIO()
    new_doc.save(out)
    return out.getvalue()


def _open(path: Path, what: str) -> Any:
    from lga_draft.word.package import load_docx

    if path.suffix.lower() == ".docx":
        return load_docx(path, what)
    from lga_draft.library.yamlio import read_text

    return load_docx(markdown_docx(read_text(path), path), what)


def markdown_docx(markdown: str, path: Path) -> bytes:
    """A Markdown draft as the Word writer renders it, with the properties of its front matter."""
    from lga_draft.library.yamlio import load_yaml
    from lga_draft.word.document import DocMeta, render_docx

    front: dict[str, Any] = {}
    if markdown.startswith("---\n"):
        head, _, _ = markdown[4:].partition("\n---")
        loaded = load_yaml(path, text=head).data  # safe YAML, as everywhere else
        front = loaded if isinstance(loaded, dict) else {}
    info: dict[str, Any] = front["lga-draft"] if isinstance(front.get("lga-draft"), dict) else {}
    meta = DocMeta(
        title=str(front.get("title", "")),
        subject=str(front.get("subtitle", "")),
        author=str(front.get("author", "")),
        keywords=(),
        library_version=str(info.get("library-version", "")),
        version=str(info.get("version", "")),
        date=str(front.get("date", "")),
    )
    return render_docx(markdown, meta)


def _num_ids(doc: Any) -> set[str]:
    from docx.oxml.ns import qn

    try:
        numbering = doc.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return set()
    return {n.get(qn("w:numId")) for n in numbering.findall(qn("w:num"))}


def _body_append(body: Any, p: Any) -> None:
    from docx.oxml.ns import qn

    sect = body.find(qn("w:sectPr"))
    (sect.addprevious(p) if sect is not None else body.append(p))


def _describe(doc: Any, text: str) -> None:
    """Say what the document is in its properties, if it has python-docx's kind of them.

    A file LibreOffice saved relates its properties in a way python-docx does not recognise;
    asking python-docx for them then would add a second, made-up set.
    """
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    if any(rel.reltype == RT.CORE_PROPERTIES for rel in doc.part.package.rels.values()):
        doc.core_properties.comments = text
