"""Markdown, parsed as a tree by markdown-it-py, mapped onto Word styles and structures.

Each Markdown construct has one Word counterpart: headings and paragraphs take styles, lists
take numbering instances, pipe tables become real tables, footnotes become Word footnotes, and a
`::: {.position ...}` fenced div becomes a content control that a harvest can find again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.shared import Cm, Emu, Length, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from markdown_it.tree import SyntaxTreeNode

from .docx_markdown import div_attributes, markdown_parser
from .docx_parts import (
    Footnotes,
    ListNumbering,
    guard_paragraph,
    new_block_sdt,
    new_hyperlink,
    position_tag,
    set_numbering,
)

_LINK_SCHEMES = ("http://", "https://", "mailto:")
_ALIGN = {
    "text-align:center": WD_ALIGN_PARAGRAPH.CENTER,
    "text-align:right": WD_ALIGN_PARAGRAPH.RIGHT,
}


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
        self, doc: Document, styles: Mapping[str, str], footnotes: Footnotes, lists: ListNumbering
    ) -> None:
        self._doc = doc
        self._styles = styles
        self._footnotes = footnotes
        self._lists = lists
        self._body = _Ctx(doc.element.body, doc.part)
        self._title_done = False
        self._notes: dict[int, SyntaxTreeNode] = {}
        self._note_entries: dict[int, dict[str, Any]] = {}
        self._positions: list[RenderedPosition] = []
        # Content-control ids count up from a fixed start (Word picks random ones): repeatable.
        self._sdt_ids = iter(range(0x4C470001, 0x7FFFFFFF))
        self._last_run: tuple[Run, _Fmt] | None = None

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
        return self._positions

    def finish(self) -> None:
        """Space out the text that follows each table: Word puts no space after a table."""
        for tbl in self._doc.element.body.iter(qn("w:tbl")):
            after = tbl.getnext()
            while after is not None and after.tag == qn("w:sdt"):  # its first block, then
                content = after.find(qn("w:sdtContent"))
                after = content[0] if content is not None and len(content) else None
            if after is not None and after.tag == qn("w:p"):
                after.get_or_add_pPr().spacing_before = Pt(8)

    def paragraph(self, style: str, text: str = "") -> Paragraph:
        """A body paragraph; `style` is a Word style name in lower case ("heading 1")."""
        para = self._new_paragraph(self._body, style)
        if text:
            para.add_run(text)
        return para

    def bullets(self, items: Sequence[str]) -> None:
        num_id = self._lists.new_list(ordered=False, ilvl=0)
        for item in items:
            para = self.paragraph("list bullet", item)
            set_numbering(para._p, num_id, 0)

    def table(self, rows: Sequence[Sequence[str]], weights: Sequence[float]) -> Table:
        """A table whose first row is a header row; `weights` share out the text width."""
        table = self._new_table(self._body, len(rows), len(rows[0]), header_rows=1, weights=weights)
        cells = _cells(table)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                cells[r * len(rows[0]) + c].paragraphs[0].add_run(text)
        return table

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
            self._new_paragraph(ctx, "source code").add_run(node.content.rstrip("\n"))
        elif kind == "html_block":
            if not node.content.lstrip().startswith("<!--"):
                self._new_paragraph(ctx, self._plain_style(ctx)).add_run(node.content.strip())
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
        ordered = node.type == "ordered_list"
        depth = ctx.depth + 1
        start = int(node.attrs.get("start", 1)) if ordered else 1
        num_id = self._lists.new_list(ordered=ordered, ilvl=depth - 1, start=start)
        style = ("list number" if ordered else "list bullet") + (
            "" if depth == 1 else f" {min(depth, 3)}"
        )
        inner = replace(ctx, depth=depth)
        for item in node.children:
            children = list(item.children)
            para = self._new_paragraph(ctx, style)
            set_numbering(para._p, num_id, min(depth - 1, 8))
            if children and children[0].type == "paragraph":
                self._inline(children.pop(0), para, ctx)
            self._blocks(children, inner)

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
        table = self._new_table(ctx, len(rows), cols, header_rows=len(head), weights=weights)
        cells = _cells(table)
        for r, tr in enumerate(rows):
            for c, cell in enumerate(tr.children):
                para = cells[r * cols + c].paragraphs[0]
                align = _ALIGN.get(str(cell.attrs.get("style", "")).replace(" ", ""))
                if align is not None:
                    para.paragraph_format.alignment = align
                self._inline(cell, para, ctx)

    def _div(self, node: SyntaxTreeNode, ctx: _Ctx) -> None:
        classes, attrs = div_attributes(node.info)
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

    def _inline(self, block: SyntaxTreeNode, para: Paragraph, ctx: _Ctx) -> None:
        for child in block.children:  # the block's single `inline` node
            self._spans(child.children, para, para._p, _Fmt(), ctx)

    def _spans(
        self, nodes: Sequence[SyntaxTreeNode], para: Paragraph, into: Any, fmt: _Fmt, ctx: _Ctx
    ) -> None:
        for node in nodes:
            kind = node.type
            if kind == "text":
                if node.content:  # markdown-it leaves empty text nodes around emphasis
                    self._run(para, into, node.content, fmt)
            elif kind == "softbreak":
                self._run(para, into, " ", fmt)
            elif kind == "hardbreak":
                self._run(para, into, "\n", fmt)
            elif kind == "strong":
                self._spans(node.children, para, into, replace(fmt, bold=True), ctx)
            elif kind == "em":
                self._spans(node.children, para, into, replace(fmt, italic=True), ctx)
            elif kind == "s":
                self._spans(node.children, para, into, replace(fmt, strike=True), ctx)
            elif kind == "code_inline":
                self._run(para, into, node.content, replace(fmt, char_style="verbatim char"))
            elif kind == "link":
                self._link(node, para, into, fmt, ctx)
            elif kind == "image":
                self._run(para, into, node.content, fmt)
            elif kind == "footnote_ref":
                self._footnote(node, into, ctx)
            elif kind == "html_inline":
                if not node.content.startswith("<!--"):
                    self._run(para, into, node.content, fmt)
            elif kind != "footnote_anchor":  # backlinks of the HTML rendering have no place in Word
                self._spans(node.children, para, into, fmt, ctx)

    def _link(self, node: SyntaxTreeNode, para: Paragraph, into: Any, fmt: _Fmt, ctx: _Ctx) -> None:
        href = str(node.attrs.get("href", ""))
        if not href.startswith(
            _LINK_SCHEMES
        ):  # in-page anchors and relative paths mean nothing in Word
            self._spans(node.children, para, into, fmt, ctx)
            return
        link = new_hyperlink(ctx.part, href)
        into.append(link)
        self._spans(node.children, para, link, replace(fmt, char_style="hyperlink"), ctx)

    def _run(self, para: Paragraph, into: Any, text: str, fmt: _Fmt) -> None:
        last = self._last_run
        if last is not None and len(into) and into[-1] is last[0]._r and last[1] == fmt:
            # Continue the run: a line-wrapped Markdown paragraph becomes one run, not one a line.
            _set_text(last[0], last[0].text + text)
            return
        r = OxmlElement("w:r")
        into.append(r)
        run = Run(r, para)
        self._last_run = (run, fmt)
        if fmt.char_style:
            r.get_or_add_rPr().style = self._styles[fmt.char_style]
        if fmt.bold:
            run.bold = True
        if fmt.italic:
            run.italic = True
        if fmt.strike:
            run.font.strike = True
        _set_text(run, text, fresh=True)

    def _footnote(self, node: SyntaxTreeNode, into: Any, ctx: _Ctx) -> None:
        if ctx.in_note:  # Word has no notes within notes
            return
        index = node.meta["id"]
        note_id, note = self._footnotes.new_note()
        note_ctx = _Ctx(note, self._footnotes.part, in_note=True)
        if index in self._notes:
            self._blocks(self._notes[index].children, note_ctx)
        else:  # an inline note, ^[like this]
            tokens = self._note_entries.get(index, {}).get("tokens") or []
            para = self._new_paragraph(note_ctx, "footnote text")
            self._spans(SyntaxTreeNode(tokens).children, para, para._p, _Fmt(), note_ctx)
        self._footnotes.finish_note(note)
        into.append(self._footnotes.reference_run(note_id))

    # ------------------------------------------------------------------ elements

    def _append(self, ctx: _Ctx, element: Any) -> None:
        target = ctx.target
        if len(target) and target[-1].tag == qn("w:sectPr"):  # the body's final section stays last
            target[-1].addprevious(element)
        else:
            target.append(element)

    def _new_paragraph(self, ctx: _Ctx, style: str) -> Paragraph:
        p = OxmlElement("w:p")
        self._append(ctx, p)
        if style != "normal":  # as Word writes it: Normal is the default, not named
            p.style = self._styles[style]
        return Paragraph(p, _Owner(ctx.part))  # type: ignore[arg-type]

    def _new_table(
        self, ctx: _Ctx, rows: int, cols: int, *, header_rows: int, weights: Sequence[float]
    ) -> Table:
        width = self._text_width()
        tbl = CT_Tbl.new_tbl(rows, cols, width)
        self._append(ctx, tbl)
        tbl.tblStyle_val = self._styles["draft table"]
        # Which of the table style's conditional formats apply: a header row when there is one;
        # a table without one is a form (label | value), so its first column stands out instead.
        look = tbl.tblPr.find(qn("w:tblLook"))
        look.set(qn("w:firstRow"), "1" if header_rows else "0")
        look.set(qn("w:firstColumn"), "0" if header_rows else "1")
        # The legacy bitmask says the same; LibreOffice reads it rather than the attributes.
        look.set(qn("w:val"), "0420" if header_rows else "0480")
        for n, tr in enumerate(tbl.tr_lst):
            tr_pr = tr.get_or_add_trPr()
            tr_pr.append(OxmlElement("w:cantSplit"))  # a row is a unit: never half on each page
            if n < header_rows:  # repeated at the top of each page, and read as headers
                tr_pr.append(OxmlElement("w:tblHeader"))
        for p in tbl.iter(qn("w:p")):
            p.style = self._styles["table text"]
        table = Table(tbl, _Owner(ctx.part))  # type: ignore[arg-type]
        # Fixed widths, so Word and LibreOffice lay the table out alike.
        table.autofit = False
        total = sum(weights)
        widths = [Emu(int(width * weight / total)) for weight in weights]
        for c, col_width in enumerate(widths):
            tbl.tblGrid.gridCol_lst[c].w = col_width
        # straight to each cell: table.columns[c].cells lists every cell of the table each time
        for tr in tbl.tr_lst:
            for tc, col_width in zip(tr.tc_lst, widths, strict=False):
                tc.width = col_width
        return table

    def _text_width(self) -> Length:
        section = self._doc.sections[-1]
        try:
            return Emu(section.page_width - section.left_margin - section.right_margin)  # type: ignore[operator]
        except TypeError:  # a reference document without page size or margins
            return Cm(16)


def _inline_text(node: SyntaxTreeNode) -> str:
    return "".join(child.content for child in node.children).strip()


def _cells(table: Table) -> list[_Cell]:
    """Every cell, row by row. `table.cell(r, c)` lists every cell of the table on each call, so
    filling a table through it is quadratic: a second of the 66-row clearance sheet's time."""
    return list(table._cells)


def _set_text(run: Run, text: str, *, fresh: bool = False) -> None:
    """`run.text = text`, quicker: python-docx's setter walks the text a character at a time to
    find tabs and line breaks, a fifth of a draft's Word time. Text without them is one w:t.
    A `fresh` run has no content to clear (clearing runs an XPath query)."""
    if "\t" in text or "\n" in text or "\r" in text:
        run.text = text
        return
    if not fresh:
        run._r.clear_content()
    if text:
        run._r.add_t(text)
