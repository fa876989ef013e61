"""Markdown, parsed as a tree by markdown-it-py, mapped onto Word styles and structures.

Each Markdown construct has one Word counterpart: headings and paragraphs take styles, lists
take numbering instances, pipe tables become real tables, footnotes become Word footnotes, and a
`::: {.position ...}` fenced div becomes a content control that a harvest can find again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from docx.document import Document
from docx.opc.part import Part
from docx.shared import Cm, Emu, Length, Pt
from docx.text.paragraph import Paragraph
from lxml.etree import SubElement
from markdown_it.tree import SyntaxTreeNode

from lga_draft.word.markdown import div_attributes, markdown_parser
from lga_draft.word.pagination import keep_leads_with_next, space_after_tables
from lga_draft.word.parts import (
    XML_SPACE,
    Footnotes,
    ListNumbering,
    W,
    guard_paragraph,
    new_block_sdt,
    new_hyperlink,
    position_tag,
    typographic,
)

_LINK_SCHEMES = ("http://", "https://", "mailto:")
_ALIGN = {"text-align:center": "center", "text-align:right": "right"}

# The body is built with lxml directly: python-docx's proxies and its schema-ordered inserts cost
# four fifths of a draft's Word time. Children are added in the order ECMA-376 requires.
_W = W
_P, _PPR, _PSTYLE, _NUMPR, _ILVL, _NUMID, _JC = (
    _W + t for t in ("p", "pPr", "pStyle", "numPr", "ilvl", "numId", "jc")
)
_R, _RPR, _RSTYLE, _B, _I, _STRIKE, _T, _TAB, _BR = (
    _W + t for t in ("r", "rPr", "rStyle", "b", "i", "strike", "t", "tab", "br")
)
_TBL, _TBLPR, _TBLSTYLE, _TBLW, _TBLLAYOUT, _TBLLOOK, _TBLGRID, _GRIDCOL = (
    _W + t
    for t in ("tbl", "tblPr", "tblStyle", "tblW", "tblLayout", "tblLook", "tblGrid", "gridCol")
)
_TR, _TRPR, _CANTSPLIT, _TBLHEADER, _TC, _TCPR, _TCW = (
    _W + t for t in ("tr", "trPr", "cantSplit", "tblHeader", "tc", "tcPr", "tcW")
)
_SDT, _SECTPR, _VAL, _TYPE, _WIDTH = _W + "sdt", _W + "sectPr", _W + "val", _W + "type", _W + "w"
_BREAKS = re.compile(r"(\t|\r|\n)")


@dataclass(frozen=True)
class RenderedPosition:
    """A position's content control, and the div attributes it came from."""

    attrs: Mapping[str, str]
    sdt: Any


@dataclass(frozen=True)
class _Ctx:
    """Where blocks go and how plain paragraphs there are styled."""

    target: Any  # w:body, w:sdtContent, w:footnote
    part: Part  # owner of hyperlink relationships for this story
    in_note: bool = False
    quote: bool = False
    depth: int = 0  # list nesting


@dataclass(frozen=True)
class _Fmt:
    bold: bool = False
    italic: bool = False
    strike: bool = False
    char_style: str | None = None


class _Owner:
    """The parent python-docx's proxies ask for `.part`; lets them live in any story."""

    def __init__(self, part: Part) -> None:
        self.part = part


class BodyWriter:
    """Writes Markdown (and the clearance sheet's pieces) into a python-docx Document."""

    def __init__(
        self,
        doc: Document,
        styles: Mapping[str, str],
        footnotes: Footnotes,
        lists: ListNumbering,
        *,
        numbered_lists: bool = True,
    ) -> None:
        self._doc = doc
        # False where the paragraphs are numbered: a list counting 1, 2, 3 again beside them
        # would make "paragraph 3" ambiguous, so its items are bullets
        self._numbered_lists = numbered_lists
        self._styles = styles
        self._footnotes = footnotes
        self._lists = lists
        self._body = _Ctx(doc.element.body, doc.part)
        self._title_done = False
        self._notes: dict[int, SyntaxTreeNode] = {}
        self._note_entries: dict[int, dict[str, Any]] = {}
        self._first_note: dict[int, int] = {}  # Markdown note -> the Word note first made of it
        self._positions: list[RenderedPosition] = []
        self.cited: dict[str, Any] = {}  # a note's Markdown label -> the run first citing it
        # Content-control ids count up from a fixed start (Word picks random ones): repeatable.
        self._sdt_ids = iter(range(0x4C470001, 0x7FFFFFFF))
        # the run a following span of the same format continues: (w:r, format, its text)
        self._last_run: tuple[Any, _Fmt, str] | None = None
        self._width: Length | None = None

    # ------------------------------------------------------------------ public

    def write(self, markdown: str) -> list[RenderedPosition]:
        env: dict[str, Any] = {}
        tree = SyntaxTreeNode(markdown_parser().parse(markdown, env))
        self._note_entries = env.get("footnotes", {}).get("list", {})
        for node in tree.children:
            if node.type == "footnote_block":
                self._notes.update({n.meta["id"]: n for n in node.children})
        for node in tree.children:
            self._block(node, self._body)
        keep_leads_with_next(self._doc.element.body, self._styles)
        return self._positions

    def finish(self) -> None:
        """Space out the text that follows each table: Word puts no space after a table."""
        space_after_tables(self._doc.element.body, self._doc.styles.element)

    def paragraph(self, style: str, text: str = "") -> Paragraph:
        """A body paragraph; `style` is a Word style name in lower case ("heading 1")."""
        p = self._new_paragraph(self._body, style)
        if text:
            add_text(SubElement(p, _R), text)
        return Paragraph(p, _Owner(self._body.part))  # type: ignore[arg-type]

    def bullets(self, items: Sequence[str]) -> None:
        num_id = self._lists.new_list(ordered=False, ilvl=0)
        for item in items:
            p = self._new_paragraph(self._body, "list bullet", numbering=(num_id, 0))
            add_text(SubElement(p, _R), item)

    def table(self, rows: Sequence[Sequence[str]], weights: Sequence[float]) -> Any:
        """A table (w:tbl) whose first row is a header row; `weights` share out the text width."""
        tbl, cells = self._new_table(self._body, len(rows), len(rows[0]), 1, weights)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                add_text(SubElement(cells[r][c], _R), text)
        return tbl

    # ------------------------------------------------------------------ blocks

    def _block(self, node: SyntaxTreeNode, ctx: _Ctx) -> None:
        kind = node.type
        if kind in ("front_matter", "footnote_block"):
            return
        if kind == "heading":
            self._heading(node, ctx)
        elif kind == "paragraph":
            self._inline(node, self._new_paragraph(ctx, self._plain_style(ctx)), ctx)
        elif kind in ("bullet_list", "ordered_list"):
            self._list(node, ctx)
        elif kind == "blockquote":
            self._blocks(node.children, replace(ctx, quote=True))
        elif kind == "table":
            self._table(node, ctx)
        elif kind == "container_div":
            self._div(node, ctx)
        elif kind in ("fence", "code_block"):
            self._text_paragraph(ctx, "source code", node.content.rstrip("\n"))
        elif kind == "html_block":
            if not node.content.lstrip().startswith("<!--"):
                self._text_paragraph(ctx, self._plain_style(ctx), node.content.strip())
        elif kind == "hr":
            self._new_paragraph(ctx, self._plain_style(ctx))
        else:  # anything a plugin adds later: keep its text rather than lose it
            self._blocks(node.children, ctx)

    def _blocks(self, nodes: Sequence[SyntaxTreeNode], ctx: _Ctx) -> None:
        for node in nodes:
            self._block(node, ctx)

    def _heading(self, node: SyntaxTreeNode, ctx: _Ctx) -> None:
        level = int(node.tag[1])
        if level == 1 and not self._title_done:
            style, self._title_done = "title", True
        else:
            # "#" is the document title, so "##" is Word's Heading 1.
            style = f"heading {max(1, min(level - 1, 4))}"
        self._inline(node, self._new_paragraph(ctx, style), ctx)

    def _plain_style(self, ctx: _Ctx) -> str:
        if ctx.in_note:
            return "footnote text"
        if ctx.quote:
            return "quote"
        if ctx.depth:
            return "list continue" + ("" if ctx.depth == 1 else f" {min(ctx.depth, 3)}")
        return "normal"

    def _list(self, node: SyntaxTreeNode, ctx: _Ctx) -> None:
        ordered = node.type == "ordered_list" and self._numbered_lists
        depth = ctx.depth + 1
        start = int(node.attrs.get("start", 1)) if ordered else 1
        num_id = self._lists.new_list(ordered=ordered, ilvl=depth - 1, start=start)
        style = ("list number" if ordered else "list bullet") + (
            "" if depth == 1 else f" {min(depth, 3)}"
        )
        inner = replace(ctx, depth=depth)
        last = None
        for item in node.children:
            children = list(item.children)
            p = self._new_paragraph(ctx, style, numbering=(num_id, min(depth - 1, 8)))
            if children and children[0].type == "paragraph":
                self._inline(children.pop(0), p, ctx)
            self._blocks(children, inner)
            last = None if children else p
        if last is not None and depth == 1:
            # the list ends with a body paragraph's space, not an item's: a figure's bullet had
            # run straight into the next position's bold lead
            last.get_or_add_pPr().spacing_after = Pt(8)  # Normal's

    def _table(self, node: SyntaxTreeNode, ctx: _Ctx) -> None:
        head = [
            tr for section in node.children if section.type == "thead" for tr in section.children
        ]
        body = [
            tr for section in node.children if section.type == "tbody" for tr in section.children
        ]
        # A pipe table with an empty header row (`| | |`) is a layout table: no header.
        if head and all(not _inline_text(cell) for tr in head for cell in tr.children):
            head = []
        rows = head + body
        if not rows:
            return
        cols = max(len(tr.children) for tr in rows)
        # Columns share the width by how much text they hold, damped so short columns still fit.
        longest = [
            max(
                (len(_inline_text(tr.children[c])) for tr in rows if c < len(tr.children)),
                default=0,
            )
            for c in range(cols)
        ]
        weights = [min(n, 60) + 8 for n in longest]
        _tbl, cells = self._new_table(ctx, len(rows), cols, len(head), weights)
        for r, tr in enumerate(rows):
            for c, cell in enumerate(tr.children):
                p = cells[r][c]
                align = _ALIGN.get(str(cell.attrs.get("style", "")).replace(" ", ""))
                if align is not None:  # after the pStyle, as the schema orders w:pPr
                    SubElement(p[0], _JC).set(_VAL, align)
                self._inline(cell, p, ctx)

    def _div(self, node: SyntaxTreeNode, ctx: _Ctx) -> None:
        classes, attrs = div_attributes(node.info)
        if "placeholder" in classes:  # text for the officer to write: highlighted
            before = list(ctx.target)
            self._blocks(node.children, ctx)
            new = [el for el in ctx.target if not any(el is old for old in before)]
            for r in [r for el in new for r in el.iter(_R)]:
                rpr = r.find(_RPR)
                if rpr is None:
                    rpr = r.makeelement(_RPR, {})
                    r.insert(0, rpr)
                SubElement(rpr, _W + "highlight").set(_VAL, "yellow")
            return
        if "position" not in classes or not attrs.get("data-id") or ctx.in_note:
            self._blocks(node.children, ctx)
            return
        data = {k.removeprefix("data-"): v for k, v in attrs.items()}
        tag = position_tag(data["id"], data.get("version", ""))
        sdt, content = new_block_sdt(tag, data.get("title", data["id"]), next(self._sdt_ids))
        self._append(ctx, sdt)
        content.append(guard_paragraph())
        self._blocks(node.children, replace(ctx, target=content))
        self._positions.append(RenderedPosition(data, sdt))

    # ------------------------------------------------------------------ inline

    def _inline(self, block: SyntaxTreeNode, p: Any, ctx: _Ctx) -> None:
        for child in block.children:  # the block's single `inline` node
            self._spans(child.children, p, _Fmt(), ctx)

    def _spans(self, nodes: Sequence[SyntaxTreeNode], into: Any, fmt: _Fmt, ctx: _Ctx) -> None:
        for node in nodes:
            kind = node.type
            if kind == "text":
                if node.content:  # markdown-it leaves empty text nodes around emphasis
                    self._run(into, node.content, fmt)
            elif kind == "softbreak":
                self._run(into, " ", fmt)
            elif kind == "hardbreak":
                self._run(into, "\n", fmt)
            elif kind == "strong":
                self._spans(node.children, into, replace(fmt, bold=True), ctx)
            elif kind == "em":
                self._spans(node.children, into, replace(fmt, italic=True), ctx)
            elif kind == "s":
                self._spans(node.children, into, replace(fmt, strike=True), ctx)
            elif kind == "code_inline":
                self._run(into, node.content, replace(fmt, char_style="verbatim char"))
            elif kind == "link":
                self._link(node, into, fmt, ctx)
            elif kind == "image":
                self._run(into, node.content, fmt)
            elif kind == "footnote_ref":
                self._footnote(node, into, ctx)
            elif kind == "html_inline":
                if not node.content.startswith("<!--"):
                    self._run(into, node.content, fmt)
            elif kind != "footnote_anchor":  # backlinks of the HTML rendering have no place in Word
                self._spans(node.children, into, fmt, ctx)

    def _link(self, node: SyntaxTreeNode, into: Any, fmt: _Fmt, ctx: _Ctx) -> None:
        href = str(node.attrs.get("href", ""))
        if not href.startswith(
            _LINK_SCHEMES
        ):  # in-page anchors and relative paths mean nothing in Word
            self._spans(node.children, into, fmt, ctx)
            return
        link = new_hyperlink(ctx.part, href)
        into.append(link)
        self._spans(node.children, link, replace(fmt, char_style="hyperlink"), ctx)

    def _run(self, into: Any, text: str, fmt: _Fmt) -> None:
        last = self._last_run
        if last is not None and len(into) and into[-1] is last[0] and last[1] == fmt:
            # Continue the run: a line-wrapped Markdown paragraph becomes one run, not one a line.
            r, _, before = last
            text = before + text
            for child in [c for c in r if c.tag != _RPR]:
                r.remove(child)
        else:
            r = SubElement(into, _R)
            if fmt.char_style or fmt.bold or fmt.italic or fmt.strike:
                rpr = SubElement(r, _RPR)  # children in schema order: rStyle, b, i, strike
                if fmt.char_style:
                    SubElement(rpr, _RSTYLE).set(_VAL, self._styles[fmt.char_style])
                if fmt.bold:
                    SubElement(rpr, _B)
                if fmt.italic:
                    SubElement(rpr, _I)
                if fmt.strike:
                    SubElement(rpr, _STRIKE)
        add_text(r, text if fmt.char_style == "verbatim char" else typographic(text))
        self._last_run = (r, fmt, text)

    def _footnote(self, node: SyntaxTreeNode, into: Any, ctx: _Ctx) -> None:
        if ctx.in_note:  # Word has no notes within notes
            return
        index = node.meta["id"]
        note_id, note = self._footnotes.new_note()
        note_ctx = _Ctx(note, self._footnotes.part, in_note=True)
        first = self._first_note.setdefault(index, note_id)
        if first != note_id:  # a note cited again: Word cannot point twice at one note
            self._text_paragraph(note_ctx, "footnote text", f"See note {first}.")
        elif index in self._notes:
            self._blocks(self._notes[index].children, note_ctx)
        else:  # an inline note, ^[like this]
            tokens = self._note_entries.get(index, {}).get("tokens") or []
            p = self._new_paragraph(note_ctx, "footnote text")
            self._spans(SyntaxTreeNode(tokens).children, p, _Fmt(), note_ctx)
        self._footnotes.finish_note(note)
        into.append(self._footnotes.reference_run(note_id))
        self.cited.setdefault(node.meta.get("label", ""), into[-1])

    # ------------------------------------------------------------------ elements

    def _append(self, ctx: _Ctx, element: Any) -> None:
        target = ctx.target
        if len(target) and target[-1].tag == _SECTPR:  # the body's final section stays last
            target[-1].addprevious(element)
        else:
            target.append(element)

    def _new_paragraph(
        self, ctx: _Ctx, style: str, numbering: tuple[int, int] | None = None
    ) -> Any:
        target = ctx.target
        if len(target) and target[-1].tag == _SECTPR:  # the body's final section stays last
            p = target.makeelement(_P)
            target[-1].addprevious(p)
        else:
            p = SubElement(target, _P)
        # as Word writes it: Normal is the default, not named
        if style != "normal" or numbering is not None:
            ppr = SubElement(p, _PPR)
            if style != "normal":
                SubElement(ppr, _PSTYLE).set(_VAL, self._styles[style])
            if numbering is not None:
                num_pr = SubElement(ppr, _NUMPR)
                SubElement(num_pr, _ILVL).set(_VAL, str(numbering[1]))
                SubElement(num_pr, _NUMID).set(_VAL, str(numbering[0]))
        return p

    def _text_paragraph(self, ctx: _Ctx, style: str, text: str) -> None:
        add_text(SubElement(self._new_paragraph(ctx, style), _R), text)

    def _new_table(
        self, ctx: _Ctx, rows: int, cols: int, header_rows: int, weights: Sequence[float]
    ) -> tuple[Any, list[list[Any]]]:
        """A fixed-width table in the house table style, and each cell's (styled) paragraph."""
        width = self._text_width()
        tbl = ctx.target.makeelement(_TBL)
        self._append(ctx, tbl)
        pr = SubElement(tbl, _TBLPR)
        SubElement(pr, _TBLSTYLE).set(_VAL, self._styles["draft table"])
        tbl_w = SubElement(pr, _TBLW)
        tbl_w.set(_TYPE, "auto")
        tbl_w.set(_WIDTH, "0")
        # Fixed widths, so Word and LibreOffice lay the table out alike.
        SubElement(pr, _TBLLAYOUT).set(_TYPE, "fixed")
        # Which of the table style's conditional formats apply: a header row when there is one;
        # a table without one is a form (label | value), so its first column stands out instead.
        look = SubElement(pr, _TBLLOOK)
        for name, value in (
            ("firstColumn", "0" if header_rows else "1"),
            ("firstRow", "1" if header_rows else "0"),
            ("lastColumn", "0"),
            ("lastRow", "0"),
            ("noHBand", "0"),
            ("noVBand", "1"),
            # The legacy bitmask says the same; LibreOffice reads it rather than the attributes.
            ("val", "0420" if header_rows else "0480"),
        ):
            look.set(_W + name, value)
        total = sum(weights)
        twips = [str(Emu(int(width * weight / total)).twips) for weight in weights]
        grid = SubElement(tbl, _TBLGRID)
        for w in twips:
            SubElement(grid, _GRIDCOL).set(_WIDTH, w)
        style = self._styles["table text"]
        cells: list[list[Any]] = []
        for n in range(rows):
            tr = SubElement(tbl, _TR)
            tr_pr = SubElement(tr, _TRPR)
            SubElement(tr_pr, _CANTSPLIT)  # a row is a unit: never half on each page
            if n < header_rows:  # repeated at the top of each page, and read as headers
                SubElement(tr_pr, _TBLHEADER)
            row = []
            for w in twips:
                tc = SubElement(tr, _TC)
                tc_w = SubElement(SubElement(tc, _TCPR), _TCW)
                tc_w.set(_TYPE, "dxa")
                tc_w.set(_WIDTH, w)
                p = SubElement(tc, _P)
                SubElement(SubElement(p, _PPR), _PSTYLE).set(_VAL, style)
                row.append(p)
            cells.append(row)
        return tbl, cells

    def _text_width(self) -> Length:
        if self._width is None:
            section = self._doc.sections[-1]
            try:
                self._width = Emu(section.page_width - section.left_margin - section.right_margin)  # type: ignore[operator]
            except TypeError:  # a reference document without page size or margins
                self._width = Cm(16)
        return self._width


def add_text(r: Any, text: str) -> None:
    """Text into a run as Word holds it: w:t, with w:tab for a tab and w:br for a line break."""
    pieces = _BREAKS.split(text) if ("\t" in text or "\n" in text or "\r" in text) else (text,)
    for piece in pieces:
        if piece == "\t":
            SubElement(r, _TAB)
        elif piece in ("\n", "\r"):
            SubElement(r, _BR)
        elif piece:
            t = SubElement(r, _T)
            t.text = piece
            if len(piece.strip()) < len(piece):  # leading or trailing space kept
                t.set(XML_SPACE, "preserve")


def _inline_text(node: SyntaxTreeNode) -> str:
    return "".join(child.content for child in node.children).strip()
