"""Browsing and checking the library: list, show, search, tags, sources, check, schema."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from lga_draft.cli._app import (
    JsonOpt,
    TodayOpt,
    _err,
    _err_lines,
    _library_root,
    _load,
    _out,
    _print_json,
    _today,
    app,
)
from lga_draft.errors import EXIT_INPUT


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
    from lga_draft.drafting.select import filter_listing
    from lga_draft.errors import display_path

    library, _ = _load(ctx)
    positions = filter_listing(library, tag=tag, status=status)
    if as_json:
        _print_json(
            [
                {
                    "id": p.id,
                    "title": p.title,
                    "tags": p.tags,
                    "status": p.status,
                    "owner": p.owner,
                    "review_by": p.review_by,
                    "file": display_path(library.root / p.rel),
                }
                for p in positions
            ]
        )
        return
    head = ("id", "title", "tags", "status", "owner", "review by")
    rows = [(p.id, p.title, ", ".join(p.tags), p.status, p.owner, p.review_by) for p in positions]
    if not sys.stdout.isatty():
        # rich lays a table out cell by cell, about a millisecond a row: 20 s for a library of
        # 10,000. Into a pipe or a file, one aligned line a position, which grep and sort can use.
        _print_columns(f"{len(positions)} position(s)", head, rows)
        return
    from rich.table import Table

    table = Table(title=f"{len(positions)} position(s)", title_justify="left")
    for col in head:
        table.add_column(col, overflow="fold", no_wrap=col == "id")  # whole, as in search
    for row in rows:
        table.add_row(*row)
    _out().print(table)


def _print_columns(title: str, head: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> None:
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

    from lga_draft.cli.describe import position_markdown

    _out().print(Markdown(position_markdown(library, position)))


@app.command()
def search(
    ctx: typer.Context,
    words: Annotated[
        list[str], typer.Argument(help="Words to look for (quoted or not).", metavar="WORDS")
    ],
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, help="Show at most this many.")
    ] = 10,
    everything: Annotated[
        bool, typer.Option("--all", help="Include retired positions (left out by default).")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Search titles, leads, bodies, evidence and tag aliases; best matches first."""
    text = " ".join(words)
    from lga_draft.library.model import Status
    from lga_draft.suggest.search import Index

    library, _ = _load(ctx)
    shown = [s.value for s in Status if everything or s is not Status.RETIRED]
    hits = Index.build(library, ids=library.catalog.with_status(shown)).search(text, limit=limit)
    if as_json:
        _print_json(
            [
                {
                    "id": h.position.id,
                    "title": h.position.title,
                    "status": h.position.status.value,
                    "score": h.score,
                    "tags": list(h.tags),
                    "terms": list(h.terms),
                }
                for h in hits
            ]
        )
        return
    if not hits:
        hint = "" if everything else " (retired positions left out: try --all)"
        _err(f"no position matches '{text}'{hint}", style="yellow")
        raise typer.Exit(EXIT_INPUT)
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"best matches for '{text}'", title_justify="left")
    for col in ("score", "id", "status", "title", "why"):
        # an officer copies ids into a consultation file: "icb-reform-clarit" over "y" on an
        # 80-column terminal is a typo to be, so an id is never folded, the other columns are
        table.add_column(col, overflow="fold", no_wrap=col == "id")
    for h in hits:
        status = h.position.status.value
        table.add_row(
            f"{h.score:.1f}",
            h.position.id,
            Text(status, style="dim" if status == "retired" else ""),
            Text(h.position.title),
            Text(h.why),
        )
    _out().print(table)


@app.command()
def tags(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """The tag vocabulary, with how many positions carry each tag."""
    from lga_draft.cli.describe import tag_counts

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
    from lga_draft.cli.describe import coverage_markdown, source_coverage

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
    consultations: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="CONSULTATION.yaml",
            help="Consultation files to check against the library too.",
            show_default=False,
        ),
    ] = None,
    include_draft: Annotated[
        bool,
        typer.Option("--include-draft", help="Consultations may name draft positions."),
    ] = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Treat warnings as errors (with consultation files given: their warnings, "
            "not the library's).",
        ),
    ] = False,
    today: TodayOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Check every file of the library (and the consultation files given) and report every
    problem at once."""
    from lga_draft.library.checks import dated_problems
    from lga_draft.library.load import load_library

    when = _today(today)
    files = list(consultations or [])
    result = load_library(_library_root(ctx))
    problems = list(result.problems)
    if result.library is not None:
        from lga_draft.drafting.pipeline import check_consultation
        from lga_draft.drafting.render import default_template_problems
        from lga_draft.library.answered import answered_problems

        problems += dated_problems(result.library, when)
        problems += answered_problems(result.library)
        problems += default_template_problems(result.library)
    own = len(problems)  # the library's; then the consultation files'
    if result.library is not None:
        for path in files:
            problems += check_consultation(result.library, path, include_draft=include_draft)[2]
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity != "error"]
    count = len(result.library.positions) if result.library else 0
    # --strict with files given is strict about the files: the bundled library's positions past
    # their review date are their owners' to clear, not the officer checking a consultation
    judged = problems[own:] if files else problems
    failed = bool(errors) or (strict and any(p.severity != "error" for p in judged))
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
        checked = f"{count} position(s)" + (
            f" and {len(files)} consultation file(s)" if files else ""
        )
        summary = f"{checked} checked: {len(errors)} error(s), {len(warnings)} warning(s)"
        lines = [(str(p), "red" if p.severity == "error" else "yellow") for p in problems]
        if files:  # the officer's files are the point, not the library owners' warnings
            library, theirs = lines[:own], lines[own:]
            hidden = sum(1 for p in problems[:own] if p.severity != "error")
            note = f"{hidden} warning(s) in the library: 'lga-draft check' with no file lists them"
            lines = [x for x in library if x[1] == "red"]
            lines += [(note, "yellow")] if hidden else []
            lines += theirs
        _err_lines([*lines, (summary, "red" if failed else "green")])
    if failed:
        raise typer.Exit(EXIT_INPUT)


@app.command()
def schema(
    kind: Annotated[
        str, typer.Argument(help="Which file: position, consultation, tags, sources or settings.")
    ] = "position",
) -> None:
    """Print the JSON Schema of a file kind, for editors to validate and autocomplete."""
    from lga_draft.team.schema import json_schema

    _print_json(json_schema(kind))
