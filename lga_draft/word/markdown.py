"""The Markdown the drafting step writes, parsed as pandoc reads it: a tree, never string hacks.

CommonMark with the pandoc extensions the templates use: YAML front matter (skipped), pipe tables,
footnotes, and fenced divs (`::: {.position data-id="..."}`), which markdown-it's container
plugin parses when told to accept any attributes after the fence.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from mdit_py_plugins.attrs.parse import ParseError
from mdit_py_plugins.attrs.parse import parse as parse_attrs
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin


def markdown_parser() -> MarkdownIt:
    """CommonMark plus what pandoc's Markdown gives the templates: tables, footnotes, divs."""
    md = MarkdownIt("commonmark", {"typographer": True})
    md.enable(["table", "strikethrough", "smartquotes"])
    front_matter_plugin(md)
    footnote_plugin(md)
    # Pandoc requires attributes on an opening fence, so a bare ":::" never opens a div.
    container_plugin(md, "div", validate=lambda params, _markup: bool(params.strip()))
    return md


def div_attributes(info: str) -> tuple[set[str], dict[str, str]]:
    """Classes and key/values of a fenced div: `{.position data-id="x"}` or a bare `note`."""
    info = info.strip()
    if not info.startswith("{"):
        return set(info.split()), {}
    try:
        _end, attrs = parse_attrs(info)
    except ParseError:
        return set(), {}
    classes = set(attrs.pop("class", "").split())
    # The attribute parser keeps backslash escapes in quoted values; pandoc drops them.
    return classes, {k: _unescape(v) for k, v in attrs.items()}


def _unescape(value: str) -> str:
    out, chars = [], iter(value)
    for ch in chars:
        out.append(next(chars, "") if ch == "\\" else ch)
    return "".join(out)
