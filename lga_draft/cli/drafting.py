"""Drafting: templates and draft."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from lga_draft.cli._app import (
    JsonOpt,
    _err,
    _err_lines,
    _library_root,
    _load,
    _out,
    _print_json,
    _today,
    app,
)
from lga_draft.errors import LgaDraftError, OutputError, UsageError, display_path


@app.command()
def templates(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """The templates available: the library's own and the bundled ones."""
    from lga_draft.drafting.render import list_templates
    from lga_draft.library.locate import TEMPLATES_DIR, bundled_library, template_dirs

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
            metavar="CONSULTATION.yaml",
            help="Consultation file(s). Several draft into the folder given by -o.",
            show_default=False,
        ),
    ] = None,
    template: Annotated[
        str | None,
        typer.Option("--template", "-T", help="Template name (see 'lga-draft templates')."),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="md, docx, portal (plain text to paste into an online form) or json. Default: "
            "what the -o file name says (.docx Word, .txt portal, .json json), else md.",
            show_default=False,
        ),
    ] = None,
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
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="List every warning, not only how many of each kind."),
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
    words: Annotated[
        int | None,
        typer.Option(
            "--words",
            min=20,
            max=20000,
            help="Every answer's length budget in words (over the consultation's; default 500).",
        ),
    ] = None,
) -> None:
    """Draft a response from a consultation file (or from --tags), as Markdown or Word."""
    from lga_draft.drafting.pipeline import DraftRequest, draft
    from lga_draft.output import (
        check_creatable,
        check_target,
        write_atomic,
        write_stdout,
    )

    files = list(consultations or [])
    into_folder = len(files) > 1
    fmt = _format(fmt, None if into_folder else output)
    if fmt == "docx" and output is None:
        raise UsageError("--format docx needs an output file: add -o FILE.docx")
    if fmt == "md":
        for given, name in (
            (reference_doc is not None, "--reference-doc"),
            (not clearance_sheet, "--no-clearance-sheet"),
        ):
            if given:
                raise UsageError(f"{name} is for Word output: add --format docx or -o FILE.docx")
    request = DraftRequest(
        tags=tags,
        title=title,
        template=template,
        format=fmt,
        include_draft=include_draft,
        today=_today(today),
        reference_doc=reference_doc,
        clearance_sheet=clearance_sheet,
        words=words,
    )
    if not into_folder:
        library, _ = _load(ctx)
        if output is not None:
            check_target(output, force=force, reads=(*files, reference_doc))
        result = draft(library, _replace(request, consultation=files[0] if files else None))
        _report(files[0] if files else None, result.report, strict, verbose)
        if output is None:
            write_stdout(result.markdown if fmt == "md" else result.data.decode("utf-8"))
        else:
            write_atomic(output, result.data, force=force)
            _err(f"wrote {output}", style="green")
        return
    if output is None:
        raise UsageError("several consultations need -o FOLDER, a folder to draft into")
    if output.exists() and not output.is_dir():
        raise OutputError(
            f"{display_path(output)}: is not a folder; several consultations draft into a folder"
        )
    suffix = {"portal": "txt"}.get(fmt, fmt)
    targets = [output / f"{name}.{suffix}" for name in _batch_names(files)]
    if output.is_dir():  # a new folder has nothing to overwrite
        for target in targets:
            check_target(target, force=force, reads=(*files, reference_doc))
    else:
        check_creatable(targets[0])
    library, _ = _load(ctx)
    from rich.progress import Progress

    results = []
    console = _stderr_console()
    # on a terminal only: elsewhere it leaves an empty line before any message (a log, a pipe)
    with Progress(console=console, transient=True, disable=not console.is_terminal) as progress:
        task = progress.add_task("drafting", total=len(files))
        for f in files:
            results.append(draft(library, _replace(request, consultation=f)))
            progress.advance(task)
    for f, result in zip(files, results, strict=True):
        _report(f, result.report, strict, verbose)
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"{display_path(output)}: cannot be created ({exc.strerror or exc})"
        ) from None
    for target, result in zip(targets, results, strict=True):
        write_atomic(target, result.data, force=force)
    _err(f"wrote {len(targets)} draft(s) to {output}", style="green")


# The format a file name implies: the extension decides when --format is not given (as pandoc does).
_IMPLIED = {
    ".md": "md",
    ".markdown": "md",
    "": "md",
    ".docx": "docx",
    ".txt": "portal",  # plain text, to paste into an online form
    ".json": "json",
}


def _format(fmt: str | None, output: Path | None) -> str:
    """--format, else what the output file's name implies; a contradiction is a usage error."""
    from lga_draft.drafting.pipeline import FORMATS

    if fmt is not None and fmt not in FORMATS:
        raise UsageError(f"--format: '{fmt}' is not one of {', '.join(FORMATS)}")
    if output is None:
        return fmt or "md"
    suffix = output.suffix.lower()
    implied = _IMPLIED.get(suffix)
    if fmt is None:
        if implied is None:
            raise UsageError(
                f"-o {output.name}: cannot tell the format from '{suffix}'; "
                "name the file .md, .docx, .txt or .json, or give --format md|docx|portal|json"
            )
        return implied
    if suffix and implied is not None and implied != fmt:  # no extension: nothing to contradict
        raise UsageError(
            f"--format {fmt} does not match the file name {output.name} ({suffix} is {implied}); "
            "change one of them"
        )
    return fmt


def _batch_names(files: list[Path]) -> list[str]:
    """One draft name per consultation: its file name, with as many of its folders in front as
    tell it from another of the same name (a/response.yaml, b/response.yaml: a-response, b-response)."""
    paths = [f.resolve() for f in files]
    for i, path in enumerate(paths):
        if path in paths[:i]:
            raise UsageError(f"{display_path(files[i])}: is given twice")
    depth = [1] * len(paths)
    while True:
        names = [
            "-".join((*p.parent.parts[1:], p.stem)[-d:]) for p, d in zip(paths, depth, strict=True)
        ]
        clashes = [i for i, name in enumerate(names) if names.count(name) > 1]
        if not clashes:
            return names
        for i in clashes:
            if depth[i] > len(paths[i].parts):
                raise UsageError(
                    f"{display_path(files[i])}: two consultations would draft to {names[i]}; rename one"
                )
            depth[i] += 1


def _replace(request: Any, **changes: Any) -> Any:
    import dataclasses

    return dataclasses.replace(request, **changes)


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


def _report(source: Path | None, report: Any, strict: bool, verbose: bool) -> None:
    """The drafting report, on standard error: one line counting the warnings by kind, each
    warning with --verbose; with --strict a warning stops the draft."""
    label = str(source) if source else "ad-hoc draft"
    used = (
        f"{label}: {len(report.positions_used)} position(s) used, {len(report.warnings)} warning(s)"
    )
    more = f"; {len(report.notes)} answer(s) left out what did not fit" if report.notes else ""
    if report.warnings and not verbose:
        _err(f"{used}: {report.summary()}{more} (--verbose lists them)", style="yellow")
        used = ""
    elif more and not verbose:
        used += f"{more} (--verbose lists it)"
    _err_lines(
        ([(used, "cyan")] if used else [])
        + [(f"  warning: {w}", "yellow") for w in report.warnings if verbose]
        + [(f"  note: {n}", "dim") for n in [*report.notes, *report.asides] if verbose]
    )
    if strict and report.warnings:
        raise LgaDraftError(
            f"{label}: {len(report.warnings)} warning(s) and --strict: nothing written"
        )
