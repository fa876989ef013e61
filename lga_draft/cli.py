"""The `lga-draft` command line: option declarations, one call into the core per command, printing.

Heavy modules (pydantic models, Jinja, python-docx, bm25s) are imported inside the commands that
need them, so `lga-draft --help` starts fast. Every failure a user can cause is an `LgaDraftError`;
`_Group.invoke` is the one place that turns it into a message and an exit code.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from lga_draft import __version__
from lga_draft.errors import EXIT_INPUT, EXIT_INTERNAL, LgaDraftError, Problem

if TYPE_CHECKING:
    from lga_draft.loader import Library


try:  # typer >= 0.20 vendors click
    from typer._click.exceptions import ClickException as _ClickException
except ImportError:  # pragma: no cover - older typer uses click itself
    from click.exceptions import ClickException as _ClickException


class _Group(TyperGroup):
    """Typer group with the one error boundary: our errors become a message and an exit code."""

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LgaDraftError as exc:
            for problem in exc.problems:
                _err(str(problem))
            if not exc.problems or str(exc) not in {str(p) for p in exc.problems}:
                _err(exc.message if not exc.problems else f"error: {exc.message}")
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            _err("interrupted; nothing was written")
            raise typer.Exit(130) from None
        except (typer.Exit, typer.Abort, _ClickException):
            raise  # click's own: usage errors print usage and exit 2
        except Exception as exc:  # a bug: say so in one line unless asked for the traceback
            if os.environ.get("LGA_DRAFT_DEBUG") or os.environ.get("_LGA_DRAFT_TESTING"):
                raise
            _err(
                f"internal error (a bug in lga-draft, please report it): {type(exc).__name__}: {exc}; "
                "set LGA_DRAFT_DEBUG=1 to see the traceback"
            )
            raise typer.Exit(EXIT_INTERNAL) from None


app = typer.Typer(
    cls=_Group,
    name="lga-draft",
    help="Draft consultation responses from a cited library of standing positions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _err(message: str, style: str = "red") -> None:
    _err_lines([(message, style)])


def _err_lines(lines: list[tuple[str, str]]) -> None:
    """Styled lines on standard error, printed at once: a console and a print per line cost
    0.4 ms a line, a second and a half for `check` on a library of 10,000 positions."""
    from rich.console import Console
    from rich.text import Text

    text = Text()
    for message, style in lines:
        text.append(message, style=style)
        text.append("\n")
    Console(stderr=True, highlight=False, soft_wrap=True).print(text, end="")


def _out() -> Any:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"lga-draft {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    library: Annotated[
        Path | None,
        typer.Option(
            "--library",
            "-L",
            help="Library folder (default: $LGA_DRAFT_LIBRARY, the nearest "
            "folder upward holding positions/, else the bundled library).",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    ctx.obj = {"library": library}


def _library_root(ctx: typer.Context) -> Path:
    from lga_draft.location import find_library

    root = ctx.find_root()
    return find_library((root.obj or {}).get("library"))


def _load(ctx: typer.Context) -> tuple[Library, list[Problem]]:
    from lga_draft.loader import require_library

    return require_library(_library_root(ctx))


def _today(value: str | None) -> dt.date:
    """--today, else SOURCE_DATE_EPOCH (reproducible builds), else the clock."""
    if value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise LgaDraftError(f"--today: '{value}' is not a date as YYYY-MM-DD") from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()


def _print_json(data: Any) -> None:
    import json  # here, not at the top: only --json needs it, and it costs every start 10 ms

    typer.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


TodayOpt = Annotated[
    str | None, typer.Option("--today", help="Date to check review dates against (YYYY-MM-DD).")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


# --------------------------------------------------------------------------- browse the library


@app.command("list")
def list_(
    ctx: typer.Context,
    tag: Annotated[
        str | None,
        typer.Option("--tag", "-t", help="Tag expression: a,b (either) a+b (both) -c (not)."),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status", "-s", help="Only positions with this status: draft, approved or retired."
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """List the positions in the library."""
    from lga_draft.select import filter_positions

    library, _ = _load(ctx)
    positions = filter_positions(library, tag=tag, status=status)
    if as_json:
        _print_json(
            [
                {
                    "id": p.id,
                    "title": p.title,
                    "tags": p.tags,
                    "status": p.status.value,
                    "owner": p.owner,
                    "review_by": p.review_by.isoformat(),
                    "file": library.origins[p.id].name,
                }
                for p in positions
            ]
        )
        return
    head = ("id", "title", "tags", "status", "owner", "review by")
    rows = [
        (p.id, p.title, ", ".join(p.tags), p.status.value, p.owner, p.review_by.isoformat())
        for p in positions
    ]
    if not sys.stdout.isatty():
        # rich lays a table out cell by cell, about a millisecond a row: 20 s for a library of
        # 10,000. Into a pipe or a file, one aligned line a position, which grep and sort can use.
        _print_columns(f"{len(positions)} position(s)", head, rows)
        return
    from rich.table import Table

    table = Table(title=f"{len(positions)} position(s)", title_justify="left")
    for col in head:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*row)
    _out().print(table)


def _print_columns(title: str, head: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(head)]
    lines = [title]
    for row in (head, *rows):
        lines.append("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    sys.stdout.write("\n".join(lines) + "\n")


@app.command()
def show(
    ctx: typer.Context,
    position_id: Annotated[str, typer.Argument(metavar="ID", help="The position's id.")],
    as_json: JsonOpt = False,
) -> None:
    """Show one position in full: lead, body, asks, evidence, case studies and sources."""
    library, _ = _load(ctx)
    position = library.get(position_id)
    if as_json:
        _print_json(position.model_dump(mode="json"))
        return
    from rich.markdown import Markdown

    from lga_draft.describe import position_markdown

    _out().print(Markdown(position_markdown(library, position)))


@app.command()
def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="Words to look for.")],
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, help="Show at most this many.")
    ] = 10,
    as_json: JsonOpt = False,
) -> None:
    """Search titles, leads, bodies, evidence and tag aliases; best matches first."""
    from lga_draft.search import Index

    library, _ = _load(ctx)
    hits = Index.build(library).search(text, limit=limit)
    if as_json:
        _print_json(
            [
                {
                    "id": h.position.id,
                    "title": h.position.title,
                    "score": h.score,
                    "tags": list(h.tags),
                    "terms": list(h.terms),
                }
                for h in hits
            ]
        )
        return
    if not hits:
        _err(f"no position matches '{text}'", style="yellow")
        raise typer.Exit(EXIT_INPUT)
    from rich.table import Table

    table = Table(title=f"best matches for '{text}'", title_justify="left")
    for col in ("score", "id", "title", "why"):
        table.add_column(col, overflow="fold")
    for h in hits:
        table.add_row(f"{h.score:.1f}", h.position.id, h.position.title, h.why)
    _out().print(table)


@app.command()
def tags(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """The tag vocabulary, with how many positions carry each tag."""
    from lga_draft.describe import tag_counts

    library, _ = _load(ctx)
    rows = tag_counts(library)
    if as_json:
        _print_json(rows)
        return
    from rich.table import Table

    table = Table(title=f"{len(rows)} tag(s)", title_justify="left")
    for col in ("tag", "own", "with narrower", "broader", "aliases", "description"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(
            r["tag"],
            str(r["count"]),
            str(r["count_with_narrower"]),
            ", ".join(r["broader"]),
            ", ".join(r["aliases"]),
            r["description"],
        )
    _out().print(table)


@app.command()
def sources(
    ctx: typer.Context,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print the coverage table as Markdown.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """The source documents, section by section, with the positions that carry each."""
    from lga_draft.describe import coverage_markdown, source_coverage

    library, _ = _load(ctx)
    if markdown:
        typer.echo(coverage_markdown(library), nl=False)
        return
    rows = source_coverage(library)
    if as_json:
        _print_json(rows)
        return
    from rich.table import Table

    table = Table(title="sources and the positions that carry them", title_justify="left")
    for col in ("source", "section", "positions"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(
            r["source"],
            r["section_title"],
            ", ".join(r["positions"]) or "(none)",
            style=None if r["positions"] else "red",
        )
    _out().print(table)


@app.command()
def check(
    ctx: typer.Context,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
    today: TodayOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Check every file of the library and report every problem at once."""
    from lga_draft.checks import dated_problems
    from lga_draft.loader import load_library

    when = _today(today)
    result = load_library(_library_root(ctx))
    problems = list(result.problems)
    if result.library is not None:
        problems += dated_problems(result.library, when)
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity != "error"]
    count = len(result.library.positions) if result.library else 0
    failed = bool(errors) or (strict and bool(warnings))
    if as_json:
        _print_json(
            {
                "positions": count,
                "errors": len(errors),
                "warnings": len(warnings),
                "ok": not failed,
                "problems": [p.to_dict() for p in problems],
            }
        )
    else:
        summary = f"{count} position(s) checked: {len(errors)} error(s), {len(warnings)} warning(s)"
        _err_lines(
            [(str(p), "red" if p.severity == "error" else "yellow") for p in problems]
            + [(summary, "red" if failed else "green")]
        )
    if failed:
        raise typer.Exit(EXIT_INPUT)


@app.command()
def schema(
    kind: Annotated[
        str, typer.Argument(help="Which file: position, consultation, tags, sources or settings.")
    ] = "position",
) -> None:
    """Print the JSON Schema of a file kind, for editors to validate and autocomplete."""
    from lga_draft.schema import json_schema

    _print_json(json_schema(kind))


# --------------------------------------------------------------------------- drafting


@app.command()
def templates(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """The templates available: the library's own and the bundled ones."""
    from lga_draft.location import TEMPLATES_DIR, bundled_library, template_dirs
    from lga_draft.render import list_templates

    found = list_templates(template_dirs(_library_root(ctx)), bundled_library() / TEMPLATES_DIR)
    if as_json:
        _print_json(
            [
                {
                    "name": t.name,
                    "origin": t.origin,
                    "description": t.description,
                    "file": str(t.path),
                }
                for t in found
            ]
        )
        return
    from rich.table import Table

    table = Table(title=f"{len(found)} template(s)", title_justify="left")
    for col in ("name", "from", "what it drafts"):
        table.add_column(col, overflow="fold")
    for t in found:
        table.add_row(t.name, t.origin, t.description)
    _out().print(table)


@app.command("draft")
def draft_(
    ctx: typer.Context,
    consultations: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[CONSULTATION.yaml]...",
            help="Consultation file(s). Several draft into the folder given by -o.",
            show_default=False,
        ),
    ] = None,
    template: Annotated[
        str | None,
        typer.Option("--template", "-T", help="Template name (see 'lga-draft templates')."),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="md or docx.")] = "md",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Output file (a folder for several consultations). Default: Markdown to standard output.",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite an existing output file.")
    ] = False,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            help="The draft's date (YYYY-MM-DD); also the date review dates are checked against.",
        ),
    ] = None,
    tags: Annotated[
        str | None,
        typer.Option("--tags", help="Ad-hoc draft: a tag expression selecting the positions."),
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", help="Ad-hoc draft: the document's title.")
    ] = None,
    include_draft: Annotated[
        bool, typer.Option("--include-draft", help="Use draft positions as well as approved ones.")
    ] = False,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Treat drafting warnings as errors (nothing is written)."),
    ] = False,
    reference_doc: Annotated[
        Path | None,
        typer.Option(
            "--reference-doc", help="Word: draft into this .docx's styles, headers and footers."
        ),
    ] = None,
    clearance_sheet: Annotated[
        bool,
        typer.Option(
            "--clearance-sheet/--no-clearance-sheet", help="Word: add a clearance sheet at the end."
        ),
    ] = True,
) -> None:
    """Draft a response from a consultation file (or from --tags), as Markdown or Word."""
    from lga_draft.output import check_target, write_atomic
    from lga_draft.pipeline import DraftRequest, draft

    files = list(consultations or [])
    if fmt == "docx" and output is None:
        raise LgaDraftError("--format docx needs an output file: add -o FILE.docx")
    request = DraftRequest(
        tags=tags,
        title=title,
        template=template,
        format=fmt,
        include_draft=include_draft,
        today=_today(today),
        reference_doc=reference_doc,
        clearance_sheet=clearance_sheet,
    )
    library, _ = _load(ctx)
    if len(files) <= 1:
        if output is not None:
            check_target(output, force=force)
        result = draft(library, _replace(request, consultation=files[0] if files else None))
        _report(files[0] if files else None, result.report, strict)
        if output is None:
            sys.stdout.write(result.markdown)
        else:
            write_atomic(output, result.data, force=force)
            _err(f"wrote {output}", style="green")
        return
    if output is None or not output.is_dir():
        raise LgaDraftError(
            "several consultations need -o FOLDER, an existing folder to draft into"
        )
    targets = [output / f"{f.stem}.{fmt}" for f in files]
    for target in targets:
        check_target(target, force=force)
    from rich.progress import Progress

    results = []
    with Progress(console=_stderr_console(), transient=True) as progress:
        task = progress.add_task("drafting", total=len(files))
        for f in files:
            results.append(draft(library, _replace(request, consultation=f)))
            progress.advance(task)
    for f, result in zip(files, results, strict=True):
        _report(f, result.report, strict)
    for target, result in zip(targets, results, strict=True):
        write_atomic(target, result.data, force=force)
    _err(f"wrote {len(targets)} draft(s) to {output}", style="green")


def _replace(request: Any, **changes: Any) -> Any:
    import dataclasses

    return dataclasses.replace(request, **changes)


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


def _report(source: Path | None, report: Any, strict: bool) -> None:
    """The drafting report, on standard error; with --strict a warning stops the draft."""
    label = str(source) if source else "ad-hoc draft"
    used = (
        f"{label}: {len(report.positions_used)} position(s) used, {len(report.warnings)} warning(s)"
    )
    _err_lines([(used, "cyan")] + [(f"  warning: {w}", "yellow") for w in report.warnings])
    if strict and report.warnings:
        raise LgaDraftError(
            f"{label}: {len(report.warnings)} warning(s) and --strict: nothing written"
        )


# ---- suggestions (issue 6)
# `new`, `suggest` and `coverage`: from a consultation's questions to a first draft. The ranking
# lives in lga_draft/suggest.py (bm25s, imported only here), the import in lga_draft/importer.py.


def _interactive() -> bool:
    """Offer the review only to a person at a terminal; pipes, scripts and CI get the file as is."""
    return sys.stdin.isatty() and sys.stdout.isatty()


@app.command()
def new(
    ctx: typer.Context,
    questions: Annotated[
        Path,
        typer.Option(
            "--questions",
            "-q",
            help="The consultation's questions: .txt, .md or .docx.",
            show_default=False,
        ),
    ],
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
    from lga_draft.errors import display_path
    from lga_draft.importer import read_questions
    from lga_draft.newfile import consultation_yaml, default_output, suggest_all, title_from
    from lga_draft.output import check_target, write_atomic
    from lga_draft.suggest import Suggester

    target = output or default_output(questions)
    check_target(target, force=force)  # refuse before any work is done
    if template:
        _check_template(ctx, template)
    when = _today(today)
    doc = read_questions(questions)
    library, _ = _load(ctx)
    planned = suggest_all(doc, Suggester(library, include_draft=include_draft))
    if not yes and _interactive():
        planned = _review(planned)
    text = consultation_yaml(
        doc,
        planned,
        title=title_from(doc, title, questions),
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
        _err(
            f"  no position suggested for question(s) {', '.join(empty)}: add some by hand",
            style="yellow",
        )
    if not issued_by:
        _err("  fill in issued_by (who is consulting), or give --issued-by", style="yellow")
    _err(f"  next: lga-draft draft {display_path(target)}", style="cyan")


def _check_template(ctx: typer.Context, name: str) -> None:
    from lga_draft.location import TEMPLATES_DIR, bundled_library, template_dirs
    from lga_draft.render import SUFFIX, list_templates

    bare = name[: -len(SUFFIX)] if name.endswith(SUFFIX) else name
    found = list_templates(template_dirs(_library_root(ctx)), bundled_library() / TEMPLATES_DIR)
    if bare not in {t.name for t in found}:
        raise LgaDraftError(
            f"--template: no template '{name}'; choose one of {', '.join(t.name for t in found)}"
        )


def _review(planned: list[Any]) -> list[Any]:
    """Question by question, keep or drop each suggestion (Enter keeps it)."""
    import dataclasses

    if not typer.confirm(
        f"Review the suggestions for {len(planned)} question(s) now?", default=True, err=True
    ):
        return planned
    reviewed = []
    for q in planned:
        _err(f"\nQuestion {q.number}: {q.text}", style="bold")
        if not q.suggestions:
            _err("  nothing in the library matched well enough", style="yellow")
        kept = [
            s
            for s in q.suggestions
            if typer.confirm(
                f"  use {s.position.id} ({s.score:.1f}: {s.why})?", default=True, err=True
            )
        ]
        reviewed.append(dataclasses.replace(q, suggestions=tuple(kept)))
    return reviewed


def _validate_new(text: str, target: Path) -> None:
    """What `new` writes must load as a consultation: if not, that is a bug, not the user's."""
    from lga_draft.consultation import Consultation
    from lga_draft.validation import validate
    from lga_draft.yamlio import load_yaml

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
            metavar="[CONSULTATION.yaml]",
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
    from lga_draft.suggest import Suggester

    if (consultation is None) == (question is None):
        raise LgaDraftError('give a consultation file or --question "TEXT", not both or neither')
    items: list[tuple[str | None, str]] = [(None, question or "")]
    if consultation is not None:
        from lga_draft.consultation import load_consultation

        loaded, _ = load_consultation(consultation)
        items = [(q.number, q.text) for q in loaded.questions]
        if not items:
            raise LgaDraftError(f"{consultation}: has no questions to suggest for")
    library, _ = _load(ctx)
    suggester = Suggester(library, include_draft=include_draft)
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
                table.add_column(col, overflow="fold")
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
    from lga_draft.consultation import load_consultation
    from lga_draft.coverage import coverage

    loaded, _ = load_consultation(consultation)
    library, _ = _load(ctx)
    result = coverage(library, loaded, today=_today(today), include_draft=include_draft)
    if as_json:
        _print_json(result.to_dict())
    else:
        _print_coverage(result)
    if strict and result.weak:
        raise typer.Exit(EXIT_INPUT)


def _print_coverage(result: Any) -> None:
    from rich.table import Table
    from rich.text import Text

    from lga_draft.suggest import MIN_SCORE

    console = _out()
    table = Table(
        title="what answers each question (score: how well it matches the question)",
        title_justify="left",
    )
    for col in ("question", "strength", "positions (score)"):
        table.add_column(col, overflow="fold")
    styles = {"none": "red", "weak": "yellow", "ok": None}
    for q in result.questions:
        used = "\n".join(
            f"{u.id} ({u.score:.1f})" + ("" if u.first else " [again]") for u in q.used
        )
        table.add_row(
            Text(f"{q.number}. {q.text}"),
            q.strength.upper() if q.weak else q.strength,
            used or "(nothing)",
            style=styles[q.strength],
        )
    console.print(table)
    if result.unused:
        unused = Table(title="on the topic, used by no answer", title_justify="left")
        for col in ("id", "title", "why listed"):
            unused.add_column(col, overflow="fold")
        for u in result.unused:
            unused.add_row(u.position.id, Text(u.position.title), u.why)
        console.print(unused)
    weak = result.weak
    summary = (
        f"{len(result.questions)} question(s): {len(weak)} weak or unanswered "
        f"(no position scoring {MIN_SCORE:g} or more)"
    )
    if weak:
        summary += f": question(s) {', '.join(q.number for q in weak)}"
    _err(summary, style="yellow" if weak else "green")


# ---- round trip (issue 7)
# `harvest` reads a signed-off Word draft back against the library (lga_draft/harvest.py, and
# revision.py for --write); `redline` marks the changes between two drafts as Word tracked changes
# (lga_draft/redline.py). python-docx loads only in these commands.


@app.command()
def harvest(
    ctx: typer.Context,
    document: Annotated[
        Path,
        typer.Argument(
            metavar="SIGNED.docx", help="The signed-off Word draft.", show_default=False
        ),
    ],
    write: Annotated[
        bool,
        typer.Option(
            "--write",
            help="Write each edited position to the library as "
            "a proposed draft revision (approved positions are not changed).",
        ),
    ] = False,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            help="Who signed it off (default: the clearance sheet, "
            "else who last saved the document).",
        ),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            help="The draft as sent (.docx or .md), "
            "or its consultation file (.yaml): tells text added outside the positions, and "
            "removed positions, for certain.",
        ),
    ] = None,
    template: Annotated[
        str | None,
        typer.Option(
            "--template",
            "-T",
            help="With a consultation --baseline: "
            "the template it was drafted with (default: the clearance sheet's).",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Compare a signed-off Word draft with the library: what was edited, removed and added."""
    from lga_draft.harvest import harvest as run_harvest

    library, _ = _load(ctx)
    report = run_harvest(document, library, baseline=baseline, template=template)
    if as_json:
        _print_json(report.to_dict())
    else:
        _print_harvest(report)
    if not write:
        return
    from lga_draft.errors import display_path
    from lga_draft.revision import propose_revisions

    who = by or report.signed_off_by
    if not who:
        raise LgaDraftError(
            f"{document}: the document does not say who signed it off; give --by NAME"
        )
    for p in propose_revisions(report, library, by=who, on=report.signed_off_on):
        if p.state == "written":
            _err(
                f"wrote {display_path(p.path)}: a draft revision of '{p.position}'",
                style="green",
            )
        elif p.state == "exists":
            _err(f"{p.position}: {p.reason}; nothing written", style="cyan")
        else:
            _err(f"{p.position}: not written: {p.reason}", style="yellow")
    if not report.edited:
        _err("no position was edited; nothing to write", style="cyan")


def _print_harvest(report: Any) -> None:
    from rich.text import Text

    console = _out()
    states = {"edited": "yellow", "unchanged": "green", "unknown": "red"}
    for p in report.positions:
        line = Text(f"{p.state:<10}", style=states[p.state])
        line.append(f"{p.id}  ", style="bold")
        line.append(p.title if p.title != p.id else "")
        console.print(line)
        for note in p.notes:
            console.print(Text(f"    {note}", style="cyan"))
        if p.revisions:
            counts = ", ".join(
                f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in sorted(p.revisions.items())
            )
            console.print(
                Text(
                    f"    tracked changes still in the document ({counts}): compared as "
                    "if accepted; accept or reject them in Word",
                    style="magenta",
                )
            )
        for c in p.comments:
            console.print(
                Text(f"    comment by {c.author or 'unknown'}: {c.text}", style="magenta")
            )
        for change in p.changes:
            console.print(_change_text(change))
    for r in report.removed:
        why = (
            "its content control is gone"
            if r.certain
            else "listed on the clearance sheet but not found: removed, or only ever a key message"
        )
        console.print(
            Text(f"{'removed':<10}", style="red") + Text(f"{r.id}  ", style="bold") + Text(why)
        )
    for change in report.outside:
        console.print(Text("outside   ", style="yellow") + _change_text(change, indent=""))
    if report.unattributed:
        console.print(
            Text(
                f"{len(report.unattributed)} paragraph(s) outside the positions are not the "
                "library's words (the consultation's own, or added at sign-off; give --baseline "
                "to tell which):",
                style="cyan",
            )
        )
        for text in report.unattributed:
            console.print(Text(f"    {text}"))
    if report.libreoffice:
        _err(
            "LibreOffice re-saved this document and unwrapped its content controls: positions were "
            "found by the markers it kept, and each ends at its last paragraph that matches the "
            "library",
            style="cyan",
        )
    edited = len(report.edited)
    signed = f"; signed off by {report.signed_off_by or 'unknown'}" + (
        f" on {report.signed_off_on.isoformat()}" if report.signed_off_on else ""
    )
    outside = (
        f"{len(report.outside)} change(s) outside the positions"
        if report.outside_checked
        else f"{len(report.unattributed)} unattributed paragraph(s) outside the positions"
    )
    _err(
        f"{report.document.name}: {len(report.positions)} position(s), {edited} edited, "
        f"{len(report.removed)} removed, {outside}{signed}",
        style="yellow" if edited or report.removed or report.outside else "green",
    )


def _change_text(change: Any, indent: str = "    ") -> Any:
    """A paragraph's change for the terminal: deletions red and struck through, insertions green."""
    from rich.text import Text

    text = Text()
    text.append(f"{indent}{change.role}: " if change.role else indent, style="dim")
    if change.op == "inserted":
        return text + Text("+ ", style="green") + Text(change.new, style="green")
    if change.op == "deleted":
        return text + Text("- ", style="red") + Text(change.old, style="red strike")
    for seg in change.segments:
        style = {"delete": "red strike", "insert": "green", "equal": ""}[seg.op]
        text.append(seg.text, style=style)
    return text


@app.command()
def redline(
    old: Annotated[
        Path,
        typer.Argument(metavar="OLD", help="The earlier draft (.docx or .md).", show_default=False),
    ],
    new: Annotated[
        Path,
        typer.Argument(
            metavar="NEW", help="The later draft, of the same kind.", show_default=False
        ),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The Word document to write.", show_default=False)
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite an existing output file.")
    ] = False,
    author: Annotated[
        str, typer.Option("--author", help="Whom Word shows as making the changes.")
    ] = "lga-draft",
) -> None:
    """Compare two drafts as a Word document with the changes as tracked changes."""
    from lga_draft.output import check_target, write_atomic
    from lga_draft.redline import redline as run_redline

    check_target(output, force=force)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = (
        dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        if epoch and epoch.isdigit()
        else dt.datetime.now(dt.UTC)
    ).replace(microsecond=0)
    write_atomic(output, run_redline(old, new, author=author, when=when), force=force)
    _err(f"wrote {output}", style="green")


# ---- team workflow (issue 9)


@app.command()
def init(
    folder: Annotated[
        Path,
        typer.Argument(
            metavar="DIR",
            help="Folder for the new library (created if missing).",
            show_default=False,
        ),
    ],
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Add the library's files to a folder that is not empty; "
            "files already there are kept.",
        ),
    ] = False,
    today: Annotated[
        str | None,
        typer.Option("--today", help="Date for the example position's review dates (YYYY-MM-DD)."),
    ] = None,
) -> None:
    """Start a new library: settings, tags, sources, an example position and git hooks."""
    from lga_draft.errors import display_path
    from lga_draft.scaffold import init_library

    written, kept = init_library(folder, today=_today(today), force=force)
    for path in kept:
        _err(f"kept {display_path(path)} (already there)", style="yellow")
    name = display_path(folder)
    _err(
        f"created a library in {name}: {len(written)} file(s); next: cd {name} && git init && "
        "lga-draft check",
        style="green",
    )


@app.command()
def fmt(
    ctx: typer.Context,
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[FILES]...",
            show_default=False,
            help="Position files (default: every file under the library's positions/).",
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Change nothing: list the files that would change and exit 1 "
            "if there are any (for CI).",
        ),
    ] = False,
) -> None:
    """Put position files in one layout (field order, indentation, wrapping), keeping comments."""
    from lga_draft.errors import display_path
    from lga_draft.fmt import format_files
    from lga_draft.loader import position_files

    if files:
        paths = list(files)
    else:
        root = _library_root(ctx)
        if not _chosen_library(ctx):  # never reformat the copy installed with lga-draft by accident
            raise LgaDraftError(
                "no library here (no positions/ folder in this folder or above); "
                "give --library DIR or the files to format"
            )
        paths = position_files(root)
    result = format_files(paths, check=check)
    for problem in result.problems:
        _err(str(problem))
    for path in result.changed:
        _err(
            f"{'would reformat' if check else 'reformatted'} {display_path(path)}",
            style="yellow" if check else "green",
        )
    failed = bool(result.problems) or (check and bool(result.changed))
    verb = "would be reformatted" if check else "reformatted"
    _err(
        f"{len(paths)} file(s): {len(result.changed)} {verb}, "
        f"{len(result.problems)} could not be read",
        style="red" if failed else "green",
    )
    if failed:
        raise typer.Exit(EXIT_INPUT)


def _chosen_library(ctx: typer.Context) -> bool:
    """A library named by --library or $LGA_DRAFT_LIBRARY, or found above the working folder."""
    from lga_draft.location import ENV_VAR, POSITIONS_DIR

    if (ctx.find_root().obj or {}).get("library") or os.environ.get(ENV_VAR):
        return True
    here = Path.cwd().resolve()
    return any((d / POSITIONS_DIR).is_dir() for d in (here, *here.parents))


def main() -> None:
    """Console entry point."""
    try:
        app(prog_name="lga-draft")
    except LgaDraftError as exc:  # raised outside a command (e.g. in the root callback)
        _err(str(exc))
        sys.exit(exc.exit_code)
