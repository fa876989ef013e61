"""The `lga-draft` command line: option declarations, one call into the core per command, printing.

Heavy modules (pydantic models, Jinja, python-docx, bm25s) are imported inside the commands that
need them, so `lga-draft --help` starts fast. Every failure a user can cause is an `LgaDraftError`;
`_Group.invoke` is the one place that turns it into a message and an exit code.
"""

from __future__ import annotations

import datetime as dt
import json
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
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:  # a bug: say so in one line unless asked for the traceback
            if os.environ.get("LGA_DRAFT_DEBUG") or os.environ.get("_LGA_DRAFT_TESTING"):
                raise
            _err(f"internal error (a bug in lga-draft, please report it): {type(exc).__name__}: {exc}; "
                 "set LGA_DRAFT_DEBUG=1 to see the traceback")
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
    from rich.console import Console
    from rich.text import Text

    Console(stderr=True, highlight=False, soft_wrap=True).print(Text(message, style=style))


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
        typer.Option("--library", "-L", help="Library folder (default: $LGA_DRAFT_LIBRARY, the nearest "
                     "folder upward holding positions/, else the bundled library).", show_default=False),
    ] = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
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
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


TodayOpt = Annotated[str | None, typer.Option("--today", help="Date to check review dates against (YYYY-MM-DD).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


# --------------------------------------------------------------------------- browse the library


@app.command("list")
def list_(
    ctx: typer.Context,
    tag: Annotated[str | None, typer.Option("--tag", "-t", help="Tag expression: a,b (either) a+b (both) -c (not).")] = None,
    status: Annotated[str | None, typer.Option("--status", "-s", help="Only positions with this status: draft, approved or retired.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """List the positions in the library."""
    from lga_draft.select import filter_positions

    library, _ = _load(ctx)
    positions = filter_positions(library, tag=tag, status=status)
    if as_json:
        _print_json([
            {"id": p.id, "title": p.title, "tags": p.tags, "status": p.status.value, "owner": p.owner,
             "review_by": p.review_by.isoformat(), "file": library.origins[p.id].name}
            for p in positions
        ])
        return
    from rich.table import Table

    table = Table(title=f"{len(positions)} position(s)", title_justify="left")
    for col in ("id", "title", "tags", "status", "owner", "review by"):
        table.add_column(col, overflow="fold")
    for p in positions:
        table.add_row(p.id, p.title, ", ".join(p.tags), p.status.value, p.owner, p.review_by.isoformat())
    _out().print(table)


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
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Show at most this many.")] = 10,
    as_json: JsonOpt = False,
) -> None:
    """Search titles, leads, bodies, evidence and tag aliases; best matches first."""
    from lga_draft.search import Index

    library, _ = _load(ctx)
    hits = Index.build(library).search(text, limit=limit)
    if as_json:
        _print_json([{"id": h.position.id, "title": h.position.title, "score": h.score,
                      "tags": list(h.tags), "terms": list(h.terms)} for h in hits])
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
        table.add_row(r["tag"], str(r["count"]), str(r["count_with_narrower"]), ", ".join(r["broader"]),
                      ", ".join(r["aliases"]), r["description"])
    _out().print(table)


@app.command()
def sources(
    ctx: typer.Context,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print the coverage table as Markdown.")] = False,
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
        table.add_row(r["source"], r["section_title"], ", ".join(r["positions"]) or "(none)",
                      style=None if r["positions"] else "red")
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
        _print_json({"positions": count, "errors": len(errors), "warnings": len(warnings),
                     "ok": not failed, "problems": [p.to_dict() for p in problems]})
    else:
        for p in problems:
            _err(str(p), style="red" if p.severity == "error" else "yellow")
        summary = f"{count} position(s) checked: {len(errors)} error(s), {len(warnings)} warning(s)"
        _err(summary, style="red" if failed else "green")
    if failed:
        raise typer.Exit(EXIT_INPUT)


@app.command()
def schema(
    kind: Annotated[str, typer.Argument(help="Which file: position, consultation, tags, sources or settings.")] = "position",
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
        _print_json([{"name": t.name, "origin": t.origin, "description": t.description,
                      "file": str(t.path)} for t in found])
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
    consultations: Annotated[list[Path] | None, typer.Argument(metavar="[CONSULTATION.yaml]...",
                             help="Consultation file(s). Several draft into the folder given by -o.", show_default=False)] = None,
    template: Annotated[str | None, typer.Option("--template", "-T", help="Template name (see 'lga-draft templates').")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="md or docx.")] = "md",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Output file (a folder for several consultations). Default: Markdown to standard output.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing output file.")] = False,
    today: Annotated[str | None, typer.Option("--today", help="The draft's date (YYYY-MM-DD); also the date review dates are checked against.")] = None,
    tags: Annotated[str | None, typer.Option("--tags", help="Ad-hoc draft: a tag expression selecting the positions.")] = None,
    title: Annotated[str | None, typer.Option("--title", help="Ad-hoc draft: the document's title.")] = None,
    include_draft: Annotated[bool, typer.Option("--include-draft", help="Use draft positions as well as approved ones.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Treat drafting warnings as errors (nothing is written).")] = False,
    reference_doc: Annotated[Path | None, typer.Option("--reference-doc", help="Word: draft into this .docx's styles, headers and footers.")] = None,
    clearance_sheet: Annotated[bool, typer.Option("--clearance-sheet/--no-clearance-sheet", help="Word: add a clearance sheet at the end.")] = True,
) -> None:
    """Draft a response from a consultation file (or from --tags), as Markdown or Word."""
    from lga_draft.output import check_target, write_atomic
    from lga_draft.pipeline import DraftRequest, draft

    files = list(consultations or [])
    if fmt == "docx" and output is None:
        raise LgaDraftError("--format docx needs an output file: add -o FILE.docx")
    request = DraftRequest(tags=tags, title=title, template=template, format=fmt, include_draft=include_draft,
                           today=_today(today), reference_doc=reference_doc, clearance_sheet=clearance_sheet)
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
        raise LgaDraftError("several consultations need -o FOLDER, an existing folder to draft into")
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
    _err(f"{label}: {len(report.positions_used)} position(s) used, {len(report.warnings)} warning(s)",
         style="cyan")
    for warning in report.warnings:
        _err(f"  warning: {warning}", style="yellow")
    if strict and report.warnings:
        raise LgaDraftError(f"{label}: {len(report.warnings)} warning(s) and --strict: nothing written")


def main() -> None:
    """Console entry point."""
    try:
        app(prog_name="lga-draft")
    except LgaDraftError as exc:  # raised outside a command (e.g. in the root callback)
        _err(str(exc))
        sys.exit(exc.exit_code)
