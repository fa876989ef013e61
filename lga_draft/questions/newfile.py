"""Writing a new consultation file from imported questions and their suggested positions.

The file is written as text, not dumped from data, because its comments are half its value: each
suggested position carries why it was suggested (`- public-health-grant  # 12.3: tags ...`), and
the consultation's own guidance sits above the question it came before. Comments are never
printed in a draft: the consultation's words stay out of the officer's mouth, which is why they
are not put in `introduction` (the officer's opening words, printed in the draft).

What is written is read back and validated as a consultation before anyone sees it.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from lga_draft.questions.importer import ImportedDocument
from lga_draft.suggest.suggest import Suggester, Suggestion, cut

ISSUER_PLACEHOLDER = "[who is consulting]"  # plainly unfinished, so a review catches it
WIDTH = 96
MIN_WORDS = 20  # the least `words:` a consultation file takes
NEARBY = 3  # weaker matches shown, commented out, for the officer to bring in by hand


@dataclass(frozen=True)
class NewQuestion:
    number: str
    text: str
    context: str | None
    suggestions: tuple[Suggestion, ...]
    nearby: tuple[Suggestion, ...] = ()  # the next best, below the cut-off: written commented out
    options: tuple[str, ...] = ()  # the answers its form offers to choose from
    words: int | None = None  # the length its form allows, in words
    max_chars: int | None = None  # ... in characters
    section: str | None = None  # the consultation's heading it comes under
    note: str | None = None  # the consultation's own text after it, before the next heading


def suggest_all(doc: ImportedDocument, suggester: Suggester) -> list[NewQuestion]:
    """Each imported question with the positions suggested for it (after the cut-off)."""
    out = []
    ranks = [suggester.rank(q.text) for q in doc.questions]
    cuts = [cut(r, need=suggester.need(q.text)) for q, r in zip(doc.questions, ranks, strict=True)]
    drawn: dict[str, str] = {}  # position -> the first question it was suggested for
    for q, kept in zip(doc.questions, cuts, strict=True):
        for s in kept:
            drawn.setdefault(s.position.id, q.number)
    for q, ranked, kept in zip(doc.questions, ranks, cuts, strict=True):
        # the best of the rest: an off-topic position may rank above one kept; one that another
        # question of the consultation was suggested says so, for the officer to weigh
        chosen = {s.position.id for s in kept}
        nearby = tuple(
            replace(s, also=drawn.get(s.position.id))
            for s in [s for s in ranked if s.position.id not in chosen][:NEARBY]
        )
        out.append(
            NewQuestion(
                q.number,
                q.text,
                q.context,
                tuple(kept),
                nearby,
                q.options,
                q.words,
                q.max_chars,
                q.section,
                q.note,
            )
        )
    return out


def consultation_yaml(
    doc: ImportedDocument,
    questions: list[NewQuestion],
    *,
    title: str,
    issued_by: str | None,
    template: str | None,
    source: str,
    today: dt.date,
) -> str:
    """The consultation file, in the documented format, with reasons as comments."""
    out = [
        f"# Made by `lga-draft new` from {source} on {today.isoformat()}.",
        "# Each question's positions were suggested from the library, best first; the comment on",
        "# each says why (score: the tags, aliases and words of the question that matched).",
        "# Prune and reorder them, add `opening:` or `closing:` words of your own, then run",
        "#   lga-draft draft THIS-FILE.yaml -o THIS-FILE-response.docx   (or .md)",
    ]
    if doc.preamble:
        out += ["#", "# From the consultation document (comments are not printed in the draft):"]
        out += _comment(doc.preamble, indent="")
    out.append(_scalar("title", title, ""))
    issuer = issued_by or ISSUER_PLACEHOLDER
    line = _scalar("issued_by", issuer, "")
    out.append(line + ("  # who is consulting: fill this in" if not issued_by else ""))
    if template:
        out.append(_scalar("template", template, ""))
    out.append('version: "0.1"')
    if doc.closes:
        when, words = doc.closes
        said = json.dumps(_ending(" ".join(words.split()), 80), ensure_ascii=False)
        out.append(f"closes: {when.isoformat()}  # from the document: {said}")
    else:
        out.append(
            "# closes: YYYY-MM-DD  # the closing date: `draft` warns when the draft runs late"
        )
    out.append("questions:")
    for q in questions:
        context = q.context
        if context and q.section and context.startswith(q.section):  # said by `section:`
            context = context[len(q.section) :].lstrip(":").strip()  # "Best practice:"
        if context:
            out += _comment("Before this question: " + context, indent="  ")
        out.append(_scalar("number", q.number, "  - ", force_quotes=True))
        if q.section:
            out.append(_scalar("section", q.section, "    "))
        out.append(_scalar("text", q.text, "    "))
        if q.words and q.words >= MIN_WORDS:
            out.append(f"    words: {q.words}  # the form's limit")
        if q.max_chars:
            out.append(f"    max_chars: {q.max_chars}  # the form's limit: never exceeded")
        if q.options:
            out.append(f"    options: {json.dumps(list(q.options), ensure_ascii=False)}")
            out.append(
                f"    # view: {json.dumps(q.options[0], ensure_ascii=False)}  # choose one of the"
                " options: until then the draft asks for it"
            )
        if not q.suggestions:
            out.append(
                "    positions:  # nothing in the library matched well enough: "
                "add ids or a tags expression"
            )
        else:
            out.append("    positions:")
            out += [f"      - {s.position.id}  # {note(s, today)}" for s in q.suggestions]
        if q.nearby:
            out.append("      # left out by the cut-off (off the point, or too weak):")
            out += [f"      # - {s.position.id}  # {note(s, today)}" for s in q.nearby]
        if q.note:  # under its own question, not above the next one (and its section)
            out += _comment("After this question: " + q.note, indent="    ")
    if doc.respondent:
        out.append("# Left out: the form's questions about the respondent, to answer on the form")
        for field in doc.respondent:
            out += _comment(f"{field.number}. {field.text}", indent="")
    return "\n".join(out) + "\n"


def note(s: Suggestion, today: dt.date) -> str:
    """Why it was suggested, and whether it is past its review date: an officer pruning the
    suggestions should see that a position has not been confirmed since 2023 before keeping it
    (one found such a position the whole answer to a question)."""
    due = s.position.review_by
    late = f"; review overdue since {due.isoformat()}" if due < today else ""
    return f"{s.score:.1f}: {s.why}{late}"


def _scalar(key: str, value: str, lead: str, *, force_quotes: bool = False) -> str:
    """`key: value` as YAML, folded to the width of the file where it is long."""
    if force_quotes:
        return f"{lead}{key}: {json.dumps(value, ensure_ascii=False)}"  # JSON strings are YAML
    pad = " " * len(lead)
    dumped = yaml.safe_dump(
        {key: value},
        width=WIDTH - len(lead),
        allow_unicode=True,
        default_flow_style=False,
        sort_keys=False,
    ).rstrip("\n")
    lines = dumped.split("\n")
    if lines[-1] == "...":
        lines.pop()
    return "\n".join([lead + lines[0], *(pad + rest for rest in lines[1:])])


def _ending(words: str, most: int) -> str:
    """The last whole words of a quotation that fit in `most` characters: where it says the
    date."""
    if len(words) <= most:
        return words
    tail = words[-(most - 2) :]
    return "… " + tail[tail.find(" ") + 1 :] if " " in tail else "… " + tail


def _comment(text: str, *, indent: str) -> list[str]:
    return [f"{indent}#   {line}" for line in textwrap.wrap(text, WIDTH - len(indent) - 4)]


def default_output(questions_file: Path) -> Path:
    """`<questions-file-stem>.yaml` beside the questions: where an officer will look for it."""
    return questions_file.with_suffix(".yaml")


def title_from(doc: ImportedDocument, given: str | None, source: Path) -> str:
    """--title, else the document's own title, else its file name in words."""
    if given and given.strip():
        return given.strip()
    if doc.title:
        return doc.title
    return source.stem.replace("-", " ").replace("_", " ").strip().capitalize() or "Consultation"
