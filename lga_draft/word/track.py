"""Word tracked changes, built on python-docx's XML API (python-docx reads and writes none of them).

A tracked insertion is a w:ins around runs, a deletion a w:del around runs whose text is in
w:delText, each with an author, a date and an id; a whole paragraph is inserted or deleted when its
paragraph mark is too (w:pPr/w:rPr/w:ins or w:del). This module accepts existing changes (so two
drafts are compared as they read) and marks new ones: a paragraph inserted, a paragraph deleted,
and a paragraph rewritten word by word.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import nsmap, qn
from lxml import etree

from lga_draft.roundtrip.worddiff import diff_tokens, tokens

W_P, W_R, W_T = qn("w:p"), qn("w:r"), qn("w:t")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_CONTAINERS = {qn("w:hyperlink"), qn("w:fldSimple"), qn("w:smartTag"), qn("w:customXml")}
_SIMPLE = {qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n"}  # safe to keep in deleted text
_SKIP = {qn("w:rPr"), qn("w:lastRenderedPageBreak")}


class Tracker:
    """Makes w:ins/w:del elements with one author and date, and ids unique in the document."""

    def __init__(self, root: Any, author: str, date: str) -> None:
        ids = [
            int(v)
            for v in etree.ElementBase.xpath(root, "//@w:id", namespaces={"w": nsmap["w"]})
            if v.lstrip("-").isdigit() and len(v) <= 12  # a million digits: int() refuses
        ]
        self._next = max(ids, default=0) + 1
        self.author, self.date = author, date

    def mark(self, kind: str) -> Any:  # kind: "ins" or "del"
        el = OxmlElement(f"w:{kind}")
        el.set(qn("w:id"), str(self._next))
        el.set(qn("w:author"), self.author)
        el.set(qn("w:date"), self.date)
        self._next += 1
        return el


# ----------------------------------------------------------------------------- accepting


def accept_all(root: Any) -> None:
    """Accept every tracked change under `root`, in place: the text as it now reads."""
    for tag in (
        "w:del",
        "w:moveFrom",
        "w:rPrChange",
        "w:pPrChange",
        "w:sectPrChange",
        "w:tblPrChange",
        "w:trPrChange",
        "w:tcPrChange",
        "w:moveFromRangeStart",
        "w:moveFromRangeEnd",
        "w:moveToRangeStart",
        "w:moveToRangeEnd",
    ):
        for el in list(root.iter(qn(tag))):
            parent = el.getparent()
            if parent is not None and not (tag == "w:del" and parent.tag == qn("w:rPr")):
                parent.remove(el)
    for el in list(root.iter(qn("w:ins"), qn("w:moveTo"))):
        parent = el.getparent()
        if parent is None:
            continue
        if parent.tag == qn("w:rPr"):  # an inserted paragraph mark: just the marker
            parent.remove(el)
            continue
        index = parent.index(el)
        for child in reversed(list(el)):
            parent.insert(index, child)
        parent.remove(el)
    for el in list(
        root.iter(qn("w:del"))
    ):  # deleted paragraph marks: the paragraph stays, unmarked
        el.getparent().remove(el)


def paragraph_text(p: Any) -> str:
    return "".join(t.text for t in _tokens(p) if t.kind != "marker")


# ----------------------------------------------------------------------------- marking


def mark_inserted(p: Any, tracker: Tracker) -> None:
    """The whole paragraph, text and mark, as a tracked insertion."""
    _wrap_runs(p, tracker, "ins")
    _mark_paragraph(p, tracker.mark("ins"))


def deleted_copy(old_p: Any, tracker: Tracker, styles: set[str], num_ids: set[str]) -> Any:
    """A copy of a paragraph of the other document, as a tracked deletion in this one.

    Whatever points into the other document's parts (links, notes, comments, pictures, and a
    style or list this document lacks) is dropped, keeping the text.
    """
    p = copy.deepcopy(old_p)
    for el in list(
        p.iter(
            qn("w:hyperlink"),
            qn("w:fldSimple"),
            qn("w:smartTag"),
            qn("w:sdt"),
            qn("w:sdtContent"),
            qn("w:customXml"),
        )
    ):
        _unwrap(el)
    for el in list(
        p.iter(
            qn("w:sdtPr"),
            qn("w:sdtEndPr"),
            qn("w:bookmarkStart"),
            qn("w:bookmarkEnd"),
            qn("w:commentRangeStart"),
            qn("w:commentRangeEnd"),
            qn("w:proofErr"),
        )
    ):
        el.getparent().remove(el)
    for r in list(p.iter(W_R)):
        for child in list(r):
            if child.tag == W_T:
                child.tag = qn("w:delText")
            elif child.tag == qn("w:instrText"):
                child.tag = qn("w:delInstrText")
            elif (
                child.tag not in _SIMPLE and child.tag not in _SKIP and child.tag != qn("w:fldChar")
            ):
                r.remove(child)  # footnote and comment references, drawings, objects
    ppr = p.find(qn("w:pPr"))
    if ppr is not None:
        style = ppr.find(qn("w:pStyle"))
        if style is not None and style.get(qn("w:val")) not in styles:
            ppr.remove(style)
        num = ppr.find(qn("w:numPr"))
        num_id = num.find(qn("w:numId")) if num is not None else None
        if num is not None and (num_id is None or num_id.get(qn("w:val")) not in num_ids):
            ppr.remove(num)
    _wrap_runs(p, tracker, "del")
    _mark_paragraph(p, tracker.mark("del"))
    return p


def rewrite(new_p: Any, old_p: Any, tracker: Tracker) -> None:
    """Make `new_p` the word-level tracked changes from `old_p` to it, keeping its formatting."""
    new_toks, old_toks = list(_tokens(new_p)), [t for t in _tokens(old_p) if t.kind != "marker"]
    words = [t for t in new_toks if t.kind != "marker"]
    pending: dict[int, list[Any]] = {}  # markers (bookmarks, comment ranges) before word j
    j = 0
    for t in new_toks:
        if t.kind == "marker":
            pending.setdefault(j, []).append(t.element)
        else:
            j += 1
    items: list[tuple[str, _Tok | Any]] = []
    for tag, i1, i2, j1, j2 in diff_tokens([t.text for t in old_toks], [t.text for t in words]):
        if tag in ("delete", "replace"):
            items += [
                ("del", t) for t in old_toks[i1:i2] if t.kind == "text" or t.element.tag in _SIMPLE
            ]
        for k in range(j1, j2):
            items += [("marker", m) for m in pending.pop(k, [])]
            items.append(("same" if tag == "equal" else "ins", words[k]))
    items += [("marker", m) for k in sorted(pending) for m in pending[k]]
    for child in list(new_p):
        if child.tag != qn("w:pPr"):
            new_p.remove(child)
    for el in _emit(items, tracker):
        new_p.append(el)


@dataclass
class _Tok:
    kind: str  # "text", "atom" (a run child such as a tab or note reference), "marker"
    text: str
    element: Any = None  # the run child (atom) or the marker
    rpr: Any = None
    link: Any = None  # the w:hyperlink the run sat in


def _tokens(p: Any, link: Any = None) -> Iterator[_Tok]:
    for child in p:
        if child.tag == W_R:
            rpr = child.find(qn("w:rPr"))
            for el in child:
                if el.tag in _SKIP:
                    continue
                if el.tag == W_T:
                    yield from (_Tok("text", w, None, rpr, link) for w in tokens(el.text or ""))
                else:
                    label = _SIMPLE.get(el.tag) or "\ufffc" + etree.QName(el).localname + (
                        el.text or ""
                    )
                    yield _Tok("atom", label, el, rpr, link)
        elif child.tag == qn("w:hyperlink"):
            yield from _tokens(child, child)
        elif child.tag in _CONTAINERS:
            yield from _tokens(child, link)
        elif child.tag != qn("w:pPr"):
            yield _Tok("marker", "", child)


def _emit(items: list[tuple[str, Any]], tracker: Tracker) -> list[Any]:
    """Runs of tokens alike in change, format and link, with w:ins/w:del and links around."""
    out: list[Any] = []
    run: Any = None
    link_src = link_el = None
    key: tuple | None = None
    for op, tok in items:
        if op == "marker":
            out.append(tok)
            run = link_src = link_el = key = None
            continue
        link = tok.link if op != "del" else None  # deleted text links nowhere
        if link is not link_src:
            link_src, link_el, key = link, None, None
            if link is not None:
                link_el = copy.deepcopy(link)
                for child in list(link_el):
                    link_el.remove(child)
                out.append(link_el)
        new_key = (op, etree.tostring(tok.rpr) if tok.rpr is not None else b"")
        if new_key != key:
            key = new_key
            run = OxmlElement("w:r")
            if tok.rpr is not None:
                run.append(copy.deepcopy(tok.rpr))
            holder = run
            if op in ("ins", "del"):
                holder = tracker.mark(op)
                holder.append(run)
            (link_el if link_el is not None else out).append(holder)
        _add_piece(run, tok, deleted=op == "del")
    return out


def _add_piece(run: Any, tok: _Tok, *, deleted: bool) -> None:
    if tok.kind == "atom":
        run.append(copy.deepcopy(tok.element))
        return
    tag = qn("w:delText") if deleted else W_T
    last = run[-1] if len(run) else None
    if last is None or last.tag != tag:
        last = OxmlElement("w:delText" if deleted else "w:t")
        last.set(_XML_SPACE, "preserve")
        last.text = ""
        run.append(last)
    last.text += tok.text


def _wrap_runs(container: Any, tracker: Tracker, kind: str) -> None:
    for child in list(container):
        if child.tag == W_R:
            wrapper = tracker.mark(kind)
            child.addprevious(wrapper)
            wrapper.append(child)
        elif child.tag in _CONTAINERS:
            _wrap_runs(child, tracker, kind)
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                _wrap_runs(content, tracker, kind)


def _mark_paragraph(p: Any, mark: Any) -> None:
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        p.insert(0, ppr)
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        after = [c for c in ppr if c.tag in (qn("w:sectPr"), qn("w:pPrChange"))]
        (after[0].addprevious(rpr) if after else ppr.append(rpr))
    rpr.insert(0, mark)


def _unwrap(el: Any) -> None:
    parent = el.getparent()
    if parent is None:
        return
    index = parent.index(el)
    for child in reversed(list(el)):
        if child.tag not in (qn("w:sdtPr"), qn("w:sdtEndPr"), qn("w:fldData")):
            parent.insert(index, child)
    parent.remove(el)
