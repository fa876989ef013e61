"""Key messages in a signed-off draft: each is a position's title and lead, printed outside the
position's content control ("**Title.** Lead."), so an edit to one belongs to its position."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lga_draft.library.model import Library
from lga_draft.roundtrip.worddiff import folded
from lga_draft.word.read import Paragraph


@dataclass(frozen=True)
class KeyMessage:
    id: str
    paragraph: Paragraph
    lead: str  # the lead as the document now has it: the text after "Title. "


def find_key_messages(
    paragraphs: Iterable[Paragraph], library: Library, ids: Iterable[str]
) -> list[KeyMessage]:
    """The paragraphs that open with the title and full stop of one of `ids` (the longest title
    when several fit): that position's key message."""
    titles = sorted(
        (
            (folded(library.by_id[i].title) + ".", i)
            for i in dict.fromkeys(ids)
            if i in library.by_id
        ),
        key=lambda item: -len(item[0]),
    )
    found: list[KeyMessage] = []
    taken: set[str] = set()
    for para in paragraphs:
        if para.in_table:
            continue
        text = folded(para.text)
        for title, pid in titles:
            if pid not in taken and text.startswith(title):
                lead = para.text.strip()[len(library.by_id[pid].title) + 1 :].strip()
                found.append(KeyMessage(pid, para, lead))
                taken.add(pid)
                break
    return found


def expected_text(library: Library, pid: str) -> str:
    """A key message as the library prints it today."""
    p = library.by_id[pid]
    return f"{p.title}. {' '.join(p.lead.split())}"
