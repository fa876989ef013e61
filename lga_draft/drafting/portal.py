"""Answers for an online consultation form: plain text to paste, one block per question, or JSON.

Each block: the consultation's section heading above the first question under it (if it has
sections), the question's number and text, the form's choice where it offers one (the view chosen,
or a placeholder to choose), the answer as plain text (exactly what composition counted against the
question's `max_chars`), and the characters used of the limit, or "to write" where nothing in the
library answers the question.
"""

from __future__ import annotations

import json
from typing import Any

from lga_draft.drafting.context import DraftContext
from lga_draft.drafting.prose import ask_intro, form_chars, plain_answer, view_line
from lga_draft.errors import LgaDraftError

RULE = "-" * 72


def portal_answers(context: DraftContext) -> list[dict[str, Any]]:
    if not context.answers:
        raise LgaDraftError("the portal and json formats need a consultation file with questions")
    out = []
    intro = ask_intro(context.consultation.issued_by)
    for a in context.answers:
        c = a.composed
        text = (
            plain_answer(a.opening, c.settings, c.pointer, c.placeholder, c.asks, a.closing, intro)
            if c
            else ""
        )
        out.append(
            {
                "number": a.number,
                "section": a.section,  # the consultation's heading it comes under, or null
                "question": " ".join(a.text.split()),
                # the form's choice (a button, not the answer's text): the view, or null
                "options": list(a.options),
                "view": a.view,
                "answer": text,
                "characters": form_chars(text),  # as the form counts it
                "max_chars": c.max_chars if c else None,
                "words": len(text.split()),
                # nothing in the library answers it: the text is the placeholder, to write
                "to_write": bool(c and c.placeholder and not c.settings and not a.opening),
            }
        )
    return out


def portal_text(context: DraftContext) -> str:
    blocks = [f"{context.consultation.title}\n{RULE}"]
    section = None
    for item in portal_answers(context):
        heading = f"Section: {item['section']}\n" if item["section"] not in (None, section) else ""
        section = item["section"]
        limit = f" of {item['max_chars']:,}" if item["max_chars"] else ""
        choice = view_line(item["view"], item["options"])
        # the answer already says nothing answers it: say only what the form allows
        most = f", at most {item['max_chars']:,} characters" if item["max_chars"] else ""
        used = (
            f"[to write{most}]"
            if item["to_write"]
            else f"[{item['characters']:,}{limit} characters]"
        )
        blocks.append(
            f"{heading}Question {item['number']}\n{item['question']}\n\n"
            + (f"{choice}\n\n" if choice else "")
            + f"{item['answer']}\n\n{used}\n{RULE}"
        )
    return "\n\n".join(blocks) + "\n"


def portal_json(context: DraftContext) -> str:
    data = {
        "title": context.consultation.title,
        "issued_by": context.consultation.issued_by,
        "date": context.today.isoformat(),
        "library_version": context.library_version,
        "questions": portal_answers(context),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
