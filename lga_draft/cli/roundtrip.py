"""After sign-off: harvest, redline and learn."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path
from typing import Annotated, Any

import typer

from lga_draft.cli._app import JsonOpt, _err, _load, _out, _print_json, app
from lga_draft.errors import LgaDraftError, UsageError

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
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            metavar="DATE",
            help="When it was signed off, YYYY-MM-DD (default: the clearance sheet's date, else "
            "when the document was last saved).",
            show_default=False,
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
    learn_from: Annotated[
        Path | None,
        typer.Option(
            "--learn",
            metavar="CONSULTATION.yaml",
            help="Also record, in the library's answered/ folder, the positions the signed "
            "draft sets out under each question of this consultation (as 'learn --signed').",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Compare a signed-off Word draft with the library: what was edited, removed and added."""
    from lga_draft.roundtrip.harvest import harvest as run_harvest

    signed_on = None
    if on is not None:
        try:
            signed_on = dt.date.fromisoformat(on)
        except ValueError:
            raise UsageError(f"--on: '{on}' is not a date as YYYY-MM-DD") from None
    library, _ = _load(ctx)
    report = run_harvest(document, library, baseline=baseline, template=template)
    # who signed it off and when, as given: the summary, --json and the revisions all say so
    report = dataclasses.replace(
        report,
        signed_off_by=by or report.signed_off_by,
        signed_off_on=signed_on or report.signed_off_on,
    )
    if as_json:
        _print_json(report.to_dict())
    else:
        _print_harvest(report)
    if learn_from is not None:
        _learn(library, learn_from, document, False, False, False, None, harvesting=True)
    if not write:
        return
    from lga_draft.errors import display_path
    from lga_draft.roundtrip.revision import propose_revisions

    if not report.signed_off_by:
        raise LgaDraftError(
            f"{document}: the document does not say who signed it off; give --by NAME"
        )
    for p in propose_revisions(report, library, by=report.signed_off_by, on=report.signed_off_on):
        if p.state == "written" and p.path is not None:
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
    # without colour (a pipe, NO_COLOR, TERM=dumb) a word diff needs visible markers
    plain = console.no_color or console.color_system is None
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
            console.print(_change_text(change, plain=plain))
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
        console.print(
            Text("outside   ", style="yellow") + _change_text(change, indent="", plain=plain)
        )
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


def _change_text(change: Any, indent: str = "    ", *, plain: bool = False) -> Any:
    """A paragraph's change for the terminal: deletions red and struck through, insertions green;
    `plain` (no colour): `[-deleted-]{+inserted+}`, as `git diff --word-diff` marks them."""
    from rich.text import Text

    text = Text()
    text.append(f"{indent}{change.role}: " if change.role else indent, style="dim")
    if change.op == "inserted":
        return text + Text("+ ", style="green") + Text(change.new, style="green")
    if change.op == "deleted":
        return text + Text("- ", style="red") + Text(change.old, style="red strike")
    for seg in change.segments:
        style = {"delete": "red strike", "insert": "green", "equal": ""}[seg.op]
        if plain and seg.op != "equal":
            opening, closing = ("[-", "-]") if seg.op == "delete" else ("{+", "+}")
            text.append(f"{opening}{seg.text}{closing}")
        else:
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
    from lga_draft.roundtrip.redline import redline as run_redline

    if output.suffix.lower() != ".docx":
        raise UsageError(f"-o {output.name}: redline writes a Word document; name it .docx")
    check_target(output, force=force, reads=(old, new))
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = (
        dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        if epoch and epoch.isdigit()
        else dt.datetime.now(dt.UTC)
    ).replace(microsecond=0)
    write_atomic(output, run_redline(old, new, author=author, when=when), force=force)
    _err(f"wrote {output}", style="green")


@app.command()
def learn(
    ctx: typer.Context,
    consultation: Annotated[
        Path,
        typer.Argument(
            metavar="CONSULTATION.yaml",
            help="A settled consultation file: the positions kept for each question.",
            show_default=False,
        ),
    ],
    signed: Annotated[
        Path | None,
        typer.Option(
            "--signed",
            help="Learn from this signed-off Word draft instead: the positions it sets out "
            "under each question's heading.",
            show_default=False,
        ),
    ] = None,
    include_draft: Annotated[
        bool,
        typer.Option(
            "--include-draft", help="Count draft positions its tags select, as draft does."
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the record instead of writing it.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an earlier record of this consultation.")
    ] = False,
    today: Annotated[
        str | None, typer.Option("--today", help="The record's date (YYYY-MM-DD).")
    ] = None,
) -> None:
    """Record which positions answered each question, so later suggestions learn from it."""
    library, _ = _load(ctx)
    _learn(library, consultation, signed, include_draft, dry_run, force, today)


def _learn(
    library: Any,
    consultation: Path,
    signed: Path | None,
    include_draft: bool,
    dry_run: bool,
    force: bool,
    today: str | None,
    harvesting: bool = False,
) -> None:
    """`learn`, and `harvest --learn` (`harvesting`): the answered/ record written (or printed)."""
    from lga_draft.cli._app import _today
    from lga_draft.drafting.pipeline import checked_consultation
    from lga_draft.errors import OutputError, display_path
    from lga_draft.library.locate import installed_library
    from lga_draft.output import check_creatable, check_target, write_atomic
    from lga_draft.roundtrip.learn import dump, record, record_path, settled_in_document

    # what it names must exist, as draft checks it, named at its line; a position since retired,
    # or a draft one, was still what the consultation settled on
    when = _today(today)  # a bad --today is the command line's fault (exit 2), said as such
    loaded, _ = checked_consultation(library, consultation, any_status=True)
    settled = None
    if signed is not None:
        from lga_draft.word.package import load_docx
        from lga_draft.word.read import read_draft

        draft = read_draft(load_docx(signed, "signed draft"), signed)
        settled = settled_in_document(draft, library, loaded)
    if settled is not None and not any(settled):
        raise LgaDraftError(
            f"{display_path(signed or consultation)}: no position set out under a question heading "
            f"of {display_path(consultation)} ('Question 1'); give the Word draft that "
            f"'lga-draft draft {display_path(consultation)} --format docx' made and was signed off"
        )
    try:
        answered = record(
            library,
            loaded,
            learned_from=(signed or consultation).name,
            today=when,
            include_draft=include_draft,
            settled=settled,
        )
    except LgaDraftError as exc:  # the file it could not learn from, named
        raise LgaDraftError(f"{display_path(consultation)}: {exc.message}") from None
    text = dump(answered)
    if dry_run:
        typer.echo(text, nl=False)
        return
    if installed_library(library.root):
        raise LgaDraftError(
            "the bundled library is inside the installed package, where a record would be lost at "
            "the next install and cannot be committed; make your team's own with "
            "'lga-draft init FOLDER' and give --library FOLDER (or use --dry-run)"
        )
    target = record_path(library.root, consultation, answered.consultation)
    check_creatable(target)
    target.parent.mkdir(exist_ok=True)
    if harvesting and target.exists():  # harvest has no --force: say what replaces it
        raise OutputError(
            f"{display_path(target)}: already exists; to replace it, run 'lga-draft learn "
            f"{display_path(consultation)} --signed {display_path(signed or consultation)} --force'"
        )
    check_target(target, force=force)
    write_atomic(target, text.encode(), force=force)
    count = sum(len(q.positions) for q in answered.questions)
    _err(
        f"wrote {display_path(target)}: {len(answered.questions)} question(s), "
        f"{count} position use(s); review and commit it with the library",
        style="green",
    )
