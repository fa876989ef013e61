"""The team workflow: init, fmt and ingest."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from lga_draft.cli._app import _err, _err_lines, _library_root, _today, app
from lga_draft.errors import EXIT_INPUT, LgaDraftError


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
    from lga_draft.team.scaffold import init_library

    written, kept = init_library(folder, today=_today(today), force=force)
    for path in kept:
        _err(f"kept {display_path(path)} (already there)", style="yellow")
    name = display_path(folder)
    if not kept:
        done = f"created a library in {name}: {len(written)} file(s); next: cd {name} && git init"
    elif written:  # --force into a library begun already: only what was missing
        done = f"added {len(written)} missing file(s) to {name}; next: cd {name}"
    else:
        done = f"{name} holds every library file already: nothing added; next: cd {name}"
    _err(f"{done} && lga-draft check", style="green")


@app.command()
def fmt(
    ctx: typer.Context,
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="FILES",
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
    from lga_draft.library.files import position_files
    from lga_draft.team.fmt import format_files

    if files:
        paths = list(files)
    else:
        root = _library_root(ctx)
        if not _chosen_library(ctx):  # never reformat the copy installed with lga-draft by accident
            raise LgaDraftError(
                "no library here (no positions/ folder nor library.yaml in this folder or above); "
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
    from lga_draft.library.locate import ENV_VAR, is_library

    if (ctx.find_root().obj or {}).get("library") or os.environ.get(ENV_VAR):
        return True
    here = Path.cwd().resolve()
    return any(is_library(d) for d in (here, *here.parents))


@app.command()
def ingest(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE",
            show_default=False,
            help="Sent responses, briefings or statements (.docx, .md, .txt), or folders of them.",
        ),
    ],
    source: Annotated[
        str,
        typer.Option(
            "--source",
            help="Key for the document in sources.yaml (with several files, each gets "
            "ID-<file name>).",
            show_default=False,
        ),
    ],
    title: Annotated[
        str | None, typer.Option("--title", help="The document's title (default: its own).")
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="The date it was sent, YYYY-MM-DD (default: the date at its top). "
            "Positions' last_reviewed.",
        ),
    ] = None,
    publisher: Annotated[
        str | None,
        typer.Option("--publisher", help="Who published it (default: the library's organisation)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what would be written; write nothing.")
    ] = False,
) -> None:
    """Turn past responses into draft positions: one per answer, key message or section."""
    from lga_draft.errors import display_path
    from lga_draft.library.load import require_library
    from lga_draft.team.ingest import Options, parse_date, plan_ingest, write_plan

    if not _chosen_library(ctx):  # never write into the copy installed with lga-draft
        raise LgaDraftError(
            "no library here (no positions/ folder nor library.yaml in this folder or above); "
            "give --library DIR (start one with 'lga-draft init DIR')"
        )
    library, _ = require_library(_library_root(ctx))
    paths: list[Path] = []
    for path in files:
        if path.is_dir():
            found = sorted(
                p for p in path.iterdir() if p.suffix.lower() in (".docx", ".md", ".txt")
            )
            if not found:
                raise LgaDraftError(f"{display_path(path)}: no .docx, .md or .txt files in it")
            paths += found
        else:
            paths.append(path)
    options = Options(source, title, parse_date(date) if date else None, publisher)
    plan = plan_ingest(library, paths, options)
    for line in plan.left_out:
        _err(line, style="yellow")
    verb = "would write" if dry_run else "wrote"
    lines = []
    for p in plan.positions:
        parts = [f"{p.asks} ask(s)", f"{p.evidence} figure(s)", f"{p.case_studies} case stud(ies)"]
        lines.append(
            (
                f"{verb} {display_path(p.path)}: {p.title[:60]} [{p.kind}; "
                f"{', '.join(parts)}; tags {', '.join(p.tags)}]",
                "",
            )
        )
    for source_id, path, sections in plan.sources:
        lines.append(
            (
                f"{verb} {display_path(plan.root / 'sources.yaml')}: + '{source_id}' "
                f"({display_path(path)}, "
                f"{sections} section(s))",
                "",
            )
        )
    if plan.tags_text is not None:
        lines.append((f"{verb} {display_path(plan.root / 'tags.yaml')}: + 'untagged'", ""))
    if not dry_run:
        write_plan(plan)
    _err_lines(lines)
    evidence = sum(p.evidence for p in plan.positions)
    _err(
        f"{len(plan.positions)} draft position(s), {evidence} figure(s) from {len(paths)} "
        f"file(s){'; nothing written (--dry-run)' if dry_run else '; next: lga-draft check'}",
        style="green",
    )
