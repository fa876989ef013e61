"""The team workflow: init and fmt."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from lga_draft.cli._app import _err, _library_root, _today, app
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
    from lga_draft.library.load import position_files
    from lga_draft.team.fmt import format_files

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
    from lga_draft.library.locate import ENV_VAR, POSITIONS_DIR

    if (ctx.find_root().obj or {}).get("library") or os.environ.get(ENV_VAR):
        return True
    here = Path.cwd().resolve()
    return any((d / POSITIONS_DIR).is_dir() for d in (here, *here.parents))
