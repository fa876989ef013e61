"""From a consultation's questions to a first draft: new, suggest, coverage."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from lga_draft.cli._app import (
    JsonOpt,
    TodayOpt,
    _err,
    _library_root,
    _load,
    _out,
    _print_json,
    _today,
    app,
)
from lga_draft.errors import EXIT_INPUT, LgaDraftError, UsageError, display_path

# `new`, `suggest` and `coverage`: from a consultation's questions to a first draft. The ranking
# lives in lga_draft/suggest/ (over the library index's FTS5 tables), the import in
# lga_draft/questions/importer.py.


def _interactive() -> bool:
    """Offer the review only to a person at a terminal; pipes, scripts and CI get the file as is."""
    return sys.stdin.isatty() and sys.stdout.isatty()


@app.command()
def new(
    ctx: typer.Context,
    document: Annotated[
        Path | None,
        typer.Argument(
            metavar="QUESTIONS",
            help="The consultation's questions: .txt, .md or .docx (or give --questions).",
            show_default=False,
        ),
    ] = None,
    questions_option: Annotated[
        Path | None,
        typer.Option(
            "--questions",
            "-q",
            help="The consultation's questions: .txt, .md or .docx.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            show_default=False,
            help="Consultation file to write. Default: the questions file's name with .yaml, beside it",
        ),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option("--title", help="The consultation's title (default: the document's own)."),
    ] = None,
    template: Annotated[
        str | None,
        typer.Option(
            "--template", "-T", help="Template for the draft (see 'lga-draft templates')."
        ),
    ] = None,
    issued_by: Annotated[
        str | None,
        typer.Option(
            "--issued-by",
            help="Who is consulting, e.g. 'Department of Health and Social Care'.",
        ),
    ] = None,
    yes: Annotated[
        bool,
        typer.Option("--yes", "-y", help="Write the suggestions as they are, without the review."),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite an existing consultation file.")
    ] = False,
    include_draft: Annotated[
        bool,
        typer.Option("--include-draft", help="Suggest draft positions as well as approved ones."),
    ] = False,
    today: Annotated[
        str | None, typer.Option("--today", help="Date written in the file's header (YYYY-MM-DD).")
    ] = None,
) -> None:
    """Start a consultation file from its questions, each with suggested positions."""
    from lga_draft.drafting.scope import nation_warning
    from lga_draft.errors import display_path
    from lga_draft.output import check_target, write_atomic
    from lga_draft.questions.importer import check_document, read_questions
    from lga_draft.questions.newfile import (
        consultation_yaml,
        default_output,
        suggest_all,
        title_from,
    )
    from lga_draft.suggest.meaning import Meaning
    from lga_draft.suggest.suggest import Suggester

    # `new FILE` as `draft FILE` is written, or `new --questions FILE` as the README has it
    if document is not None and questions_option is not None and document != questions_option:
        raise UsageError("give the questions file once: lga-draft new FILE, or --questions FILE")
    questions = document or questions_option
    if questions is None:
        raise UsageError("give the consultation's questions: lga-draft new QUESTIONS.txt")
    if questions.suffix.lower() in (".yaml", ".yml"):  # the target beside it would be itself
        raise LgaDraftError(
            f"{display_path(questions)}: a consultation file, not a questions document; give the "
            f"questions (.txt, .md or .docx), or draft it: lga-draft draft {display_path(questions)}"
        )
    check_document(questions)  # a PDF is answered "copy the questions out", not "use --force"
    target = output or default_output(questions)
    check_target(target, force=force, reads=(questions,))  # refuse before any work is done
    if target.suffix.lower() not in (".yaml", ".yml"):  # a newcomer's -o response.docx
        raise UsageError(
            f"-o {display_path(target)}: new writes the consultation file, a .yaml; "
            "the Word or Markdown draft comes after, from 'lga-draft draft'"
        )
    if template:
        _check_template(ctx, template)
    when = _today(today)
    doc = read_questions(questions)
    issued_by = issued_by or doc.issued_by  # the department named on the document's first line
    library, _ = _load(ctx)
    heading = title_from(doc, title, questions)
    suggester = Suggester(
        library, include_draft=include_draft, context=heading, meaning=Meaning.load(library)
    )
    _nothing_to_suggest(suggester, include_draft)
    planned = suggest_all(doc, suggester)
    if not yes and _interactive():
        planned = _review(planned, when)
    text = consultation_yaml(
        doc,
        planned,
        title=heading,
        issued_by=issued_by,
        template=template,
        source=questions.name,
        today=when,
    )
    _validate_new(text, target)
    write_atomic(target, text.encode("utf-8"), force=force)
    chosen = sum(len(q.suggestions) for q in planned)
    empty = [q.number for q in planned if not q.suggestions]
    _err(
        f"wrote {display_path(target)}: {len(planned)} question(s), {chosen} position(s) suggested",
        style="green",
    )
    if empty:
        # the weaker matches are in the file only as comments: an officer told "add some by
        # hand" went to `search` for what was already listed under the question
        weaker = [q.number for q in planned if not q.suggestions and q.nearby]
        listed = (
            f" (weaker matches are commented out under question(s) {', '.join(weaker)}: "
            "uncomment one only if it is on the point)"
            if weaker
            else ""
        )
        _err(
            f"  no position suggested for question(s) {', '.join(empty)}: add some by hand"
            + listed,
            style="yellow",
        )
    if doc.points:
        _err(
            f"  {questions.name} has no numbered question: its {len(planned)} {doc.points} "
            "were taken as the questions, as an inquiry's terms of reference are; check them",
            style="yellow",
        )
    if doc.about_you:
        _err(
            f"  question(s) {', '.join(doc.about_you)} ask about the respondent (name, email, "
            "postcode, ethnic origin ...): left out; answer them on the form",
            style="yellow",
        )
    if doc.not_asked:
        shown = ", ".join(doc.not_asked[:8]) + (
            f" and {len(doc.not_asked) - 8} more" if len(doc.not_asked) > 8 else ""
        )
        _err(
            f"  numbered paragraph(s) {shown} ask nothing: kept as the consultation's text, in "
            "comments; add them as questions if they are",
            style="yellow",
        )
    if not (title and title.strip()) and not doc.title:
        _err(
            f"  {questions.name} gives no title: the title is its file name, '{heading}'; "
            "fill in title, or give --title",
            style="yellow",
        )
    if not issued_by:
        _err("  fill in issued_by (who is consulting), or give --issued-by", style="yellow")
    elsewhere = nation_warning(library.settings.organisation.nation, heading, issued_by)
    if elsewhere:
        _err(f"  {elsewhere}", style="yellow")
    import shlex

    made = shlex.quote(display_path(target))
    word = shlex.quote(display_path(target.with_name(f"{target.stem}-response.docx")))
    _err(
        f"  next: prune the suggestions in {made}, then: lga-draft draft {made} -o {word}",
        style="cyan",
    )


def _check_template(ctx: typer.Context, name: str) -> None:
    from lga_draft.drafting.render import SUFFIX, list_templates
    from lga_draft.library.locate import TEMPLATES_DIR, bundled_library, template_dirs

    bare = name[: -len(SUFFIX)] if name.endswith(SUFFIX) else name
    found = list_templates(template_dirs(_library_root(ctx)), bundled_library() / TEMPLATES_DIR)
    if bare not in {t.name for t in found}:
        raise LgaDraftError(
            f"--template: no template '{name}'; choose one of {', '.join(t.name for t in found)}"
        )


_KEEP_HELP = "y or Enter: keep it; n: leave it out; ?: this help; Ctrl-D: stop, writing nothing"
_REVIEW_HELP = (
    "y or Enter: review them; n: write them all as they are; Ctrl-D: stop, writing nothing"
)


def _review(planned: list[Any], when: Any) -> list[Any]:
    """Question by question, keep or drop each suggestion (Enter keeps it). Stopped (Ctrl-D or
    Ctrl-C), it writes nothing: exit 130, as an interrupted command does."""
    import dataclasses

    from lga_draft.questions.newfile import note

    try:
        if not _ask(f"Review the suggestions for {len(planned)} question(s) now?", _REVIEW_HELP):
            return planned
        reviewed = []
        for q in planned:
            _err(f"\nQuestion {q.number}: {q.text}", style="bold")
            if not q.suggestions:
                _err("  nothing in the library matched well enough", style="yellow")
            kept = []
            for s in q.suggestions:
                _err(f"  {s.position.title}", style="")
                if _ask(f"  use {s.position.id} ({note(s, when)})?", _KEEP_HELP):
                    kept.append(s)
            reviewed.append(dataclasses.replace(q, suggestions=tuple(kept)))
    except typer.Abort:  # end of input or Ctrl-C at a prompt
        _err("\nreview stopped: nothing was written")
        raise typer.Exit(130) from None
    return reviewed


def _ask(question: str, help_line: str) -> bool:
    """Yes (or Enter) or no; "?" prints the one-line help of the choices and asks again."""
    while True:
        answer = typer.prompt(
            f"{question} [Y/n/?]", default="y", show_default=False, err=True
        ).strip()
        if answer.lower() in ("y", "yes"):
            return True
        if answer.lower() in ("n", "no"):
            return False
        _err(f"  {help_line}" if answer == "?" else f"  '{answer}'? {help_line}", style="")


def _validate_new(text: str, target: Path) -> None:
    """What `new` writes must load as a consultation: if not, that is a bug, not the user's."""
    from lga_draft.drafting.consultation import Consultation
    from lga_draft.library.validate import validate
    from lga_draft.library.yamlio import load_yaml

    doc = load_yaml(target, text=text)
    consultation, problems = validate(Consultation, doc.data, doc)
    if consultation is None:
        raise RuntimeError(f"new wrote an invalid consultation file: {problems[0]}")


@app.command()
def suggest(
    ctx: typer.Context,
    consultation: Annotated[
        Path | None,
        typer.Argument(
            metavar="CONSULTATION.yaml",
            help="Suggest for every question of this file.",
            show_default=False,
        ),
    ] = None,
    question: Annotated[
        str | None, typer.Option("--question", "-q", help="Suggest for this one question instead.")
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, help="At most this many per question.")
    ] = 5,
    everything: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Ignore the score cut-off: show the best --limit whatever they score.",
        ),
    ] = False,
    include_draft: Annotated[
        bool,
        typer.Option("--include-draft", help="Suggest draft positions as well as approved ones."),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Rank the positions that answer each question, with why each matched."""
    from lga_draft.suggest.meaning import Meaning
    from lga_draft.suggest.suggest import Suggester

    if (consultation is None) == (question is None):
        raise UsageError('give a consultation file or --question "TEXT", not both or neither')
    items: list[tuple[str | None, str]] = [(None, question or "")]
    title = ""  # the consultation's: the context its questions are read in
    if consultation is not None:
        from lga_draft.drafting.consultation import load_consultation

        loaded, _ = load_consultation(consultation)
        items = [(q.number, q.text) for q in loaded.questions]
        title = loaded.title
        if not items:
            raise LgaDraftError(f"{consultation}: has no questions to suggest for")
    library, _ = _load(ctx)
    suggester = Suggester(
        library, include_draft=include_draft, context=title, meaning=Meaning.load(library)
    )
    _nothing_to_suggest(suggester, include_draft)
    results = [
        (
            number,
            text,
            suggester.rank(text)[:limit] if everything else suggester.suggest(text, limit=limit),
        )
        for number, text in items
    ]
    if as_json:
        _print_json(
            {
                "questions": [
                    {"number": n, "text": t, "suggestions": [s.to_dict() for s in found]}
                    for n, t, found in results
                ]
            }
        )
    else:
        from rich.table import Table
        from rich.text import Text

        console = _out()
        for number, text, found in results:
            heading = Text(f"Question {number}: {text}" if number else text, style="bold")
            if not found:
                console.print(heading)
                _err("  no position matches well enough (try --all)", style="yellow")
                continue
            table = Table(title=heading, title_justify="left")
            for col in ("score", "id", "title", "why"):
                table.add_column(col, overflow="fold", no_wrap=col == "id")  # whole, as in search
            for s in found:  # Text: a title or question with [brackets] is not rich markup
                table.add_row(f"{s.score:.1f}", s.position.id, Text(s.position.title), Text(s.why))
            console.print(table)
    if question is not None and not results[0][2]:
        raise typer.Exit(EXIT_INPUT)


@app.command("coverage")
def coverage_(
    ctx: typer.Context,
    consultation: Annotated[
        Path,
        typer.Argument(
            metavar="CONSULTATION.yaml", help="The consultation file.", show_default=False
        ),
    ],
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 if any question is weak or unanswered.")
    ] = False,
    include_draft: Annotated[
        bool,
        typer.Option(
            "--include-draft",
            help="Count draft positions, as 'draft --include-draft' would.",
        ),
    ] = False,
    today: TodayOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """How well each question is answered, and positions on the topic that no answer uses."""
    from lga_draft.drafting.pipeline import checked_consultation
    from lga_draft.suggest.coverage import coverage

    library, _ = _load(ctx)
    # checked as draft checks it: a misspelt tag or id is named at its file and line
    loaded, _ = checked_consultation(library, consultation, include_draft=include_draft)
    result = coverage(library, loaded, today=_today(today), include_draft=include_draft)
    if as_json:
        _print_json(result.to_dict())
    else:
        _print_coverage(result)
    if strict and result.weak:
        raise typer.Exit(EXIT_INPUT)


def _used_line(u: Any) -> str:
    """A position an answer uses: its id and score, and on a line below what is said of it."""
    notes = (("" if u.on_point else " [off the point]") + _where(u)).strip()
    return f"{u.id} ({u.score:.1f})" + (f"\n  {notes}" if notes else "")


def _where(u: Any) -> str:
    """Where a position this answer uses is set out, when not here."""
    if u.first:
        return ""
    if u.set_out_in is None:  # named, but nothing of it fitted any answer's length
        return " [in no answer: did not fit]"
    return f" [set out in answer {u.set_out_in}]" + (
        "" if u.pointed_to or not u.on_point else " [not pointed to]"
    )


def _print_coverage(result: Any) -> None:
    from rich.table import Table
    from rich.text import Text

    console = _out()
    table = Table(
        title="what answers each question (score: how well it matches the question)",
        title_justify="left",
    )
    for col in ("question", "strength", "positions (score)"):
        # ids whole, as in search: each on a line with its score, what is said of it below it
        table.add_column(col, overflow="fold", no_wrap=col.startswith("positions"))
    styles = {"none": "red", "weak": "yellow", "ok": None}
    for q in result.questions:
        used = "\n".join(_used_line(u) for u in q.used)
        table.add_row(
            Text(f"{q.number}. {q.text}"),
            q.strength.upper() if q.weak else q.strength,
            Text(used or "(nothing)"),  # Text: "[set out in answer 2]" is not rich markup
            style=styles[q.strength],
        )
    console.print(table)
    if result.unused:
        unused = Table(title="on the topic, used by no answer", title_justify="left")
        for col in ("id", "title", "why listed"):
            unused.add_column(col, overflow="fold", no_wrap=col == "id")
        for u in result.unused:
            unused.add_row(u.position.id, Text(u.position.title), u.why)
        console.print(unused)
    weak = result.weak
    summary = (
        f"{len(result.questions)} question(s): {len(weak)} weak or unanswered "
        "(no position on the question's point)"
    )
    if weak:
        summary += f": question(s) {', '.join(q.number for q in weak)}"
    _err(summary, style="yellow" if weak else "green")


def _nothing_to_suggest(suggester: Any, include_draft: bool) -> None:
    """Say why nothing can be suggested when the library has no approved position (a library
    fresh from `init` or `ingest` holds drafts only)."""
    if suggester.index.positions:
        return
    where = display_path(suggester.library.root)
    if include_draft:
        _err(f"the library at {where} has no approved or draft position to suggest", style="yellow")
    else:
        _err(
            f"the library at {where} has no approved position to suggest; approve some "
            "(status: approved) or give --include-draft",
            style="yellow",
        )
