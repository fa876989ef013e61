"""What the signing director sees in a Word draft, read back from the .docx: nothing stranded at
the foot of a page, staleness marked where the reader looks, light footnotes, the draft's own
metadata and typography."""

from __future__ import annotations

import io

import docx
from docx.oxml.ns import qn

from lga_draft.word.document import Clearance, DocMeta, render_docx

META = DocMeta(
    title="Change NHS: response",
    subject="Consultation response",
    author="Local Government Association",
    keywords=("public-health",),
    library_version="3f2a9c1b0d4e",
    version="0.3",
    date="22 November 2026",
)


def render(markdown: str, **kw) -> docx.document.Document:
    return docx.Document(io.BytesIO(render_docx(markdown, META, **kw)))


def text(el) -> str:
    return "".join(t.text or "" for t in el.iter(qn("w:t")))


def flow(doc) -> list:
    """Every body paragraph outside tables, content controls included, in order."""
    return [
        p
        for p in doc.element.body.iter(qn("w:p"))
        if not any(a.tag == qn("w:tbl") for a in p.iterancestors())
    ]


def keeps_with_next(doc, p) -> bool:
    """Direct keepNext, or through the paragraph's style (and the styles it is based on)."""
    if p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None:
        return True
    style_id = p.pPr.style if p.pPr is not None and p.pPr.style else None
    style = doc.styles.element.get_by_id(style_id) if style_id else None
    while style is not None:
        if style.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None:
            return True
        based = style.basedOn_val
        style = doc.styles.element.get_by_id(based) if based else None
    return False


POSITION = """\
## Public health

::: {{.position data-id="p" data-version="v" data-title="T" data-owner="o" data-reviewed="2024-12-02"}}

{lead}[^p]

The body of the position, which follows its lead.

We ask the Government to:

- do one thing

:::

[^p]: Change NHS submission (December 2024): question 4.
"""


# ----------------------------------------------------------------------------- keep with next


def test_a_heading_keeps_with_the_first_text_of_the_position_after_it():
    doc = render(POSITION.format(lead="**Restore the grant.**"))
    paragraphs = flow(doc)
    heading = next(n for n, p in enumerate(paragraphs) if text(p) == "Public health")
    # everything from the heading to the first paragraph with text after the lead keeps with next:
    # the heading, the position's (empty, hidden) first paragraph and the bold lead
    chain = paragraphs[heading : heading + 3]
    assert [text(p) for p in chain] == ["Public health", "", "Restore the grant."]
    assert all(keeps_with_next(doc, p) for p in chain)
    body = paragraphs[heading + 3]
    assert text(body).startswith("The body") and not keeps_with_next(doc, body)


def test_a_run_in_lead_is_not_kept_with_next_but_a_list_introduction_is():
    doc = render(POSITION.format(lead="**Restore the grant** \u2013 and more text."))
    by_text = {text(p): p for p in flow(doc)}
    assert not keeps_with_next(doc, by_text["Restore the grant \u2013 and more text."])
    assert keeps_with_next(doc, by_text["We ask the Government to:"])


def test_a_quoted_question_keeps_with_its_answer():
    doc = render("## Question 1\n\n> What should the plan include?\n\nOur answer.\n")
    by_text = {text(p): p for p in flow(doc)}
    assert keeps_with_next(doc, by_text["What should the plan include?"])
    assert not keeps_with_next(doc, by_text["Our answer."])


def test_the_sign_off_block_stays_together():
    doc = render("Body.", clearance=Clearance("me", "22 November 2026", (), ()))
    paragraphs = flow(doc)
    start = next(n for n, p in enumerate(paragraphs) if text(p) == "Sign-off")
    block = paragraphs[start:]
    assert [text(p).split(":")[0] for p in block] == ["Sign-off", "Cleared by", "Date"]
    assert all(keeps_with_next(doc, p) for p in block[:-1])
