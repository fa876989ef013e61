"""The `lga-draft` application: the error boundary, shared options and helpers, and `main`: option declarations, one call into the core per command, printing.

Heavy modules (pydantic models, Jinja, python-docx) are imported inside the commands that
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
from lga_draft.errors import EXIT_INTERNAL, EXIT_OUTPUT, LgaDraftError, Problem, UsageError

if TYPE_CHECKING:
    from lga_draft.library.model import Library


try:  # typer >= 0.20 vendors click
    from typer._click.exceptions import ClickException as _ClickException
    from typer._click.exceptions import NoArgsIsHelpError as _NoArgsIsHelp
    from typer._click.exceptions import UsageError as _ClickUsageError
except ImportError:  # pragma: no cover - older typer uses click itself
    from click.exceptions import ClickException as _ClickException  # type: ignore[no-redef]
    from click.exceptions import NoArgsIsHelpError as _NoArgsIsHelp  # type: ignore[no-redef]
    from click.exceptions import UsageError as _ClickUsageError  # type: ignore[no-redef]


def _usage_line(exc: Any) -> typer.Exit:
    """Click's usage error ("No such command 'darft'. Did you mean 'draft'?") in one line, as
    ours are, not click's four (usage, a hint, a blank line, the error); the exit to raise."""
    ctx = getattr(exc, "ctx", None)
    where = getattr(ctx, "command_path", None) or "lga-draft"
    _err(f"{exc.format_message()} ('{where} -h' for help)")
    return typer.Exit(exc.exit_code)


class _Group(TyperGroup):
    """Typer group with the one error boundary: our errors become a message and an exit code."""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:  # the options before the command: "lga-draft --libary lib list"
            return super().make_context(*args, **kwargs)
        except _ClickUsageError as exc:
            if isinstance(exc, _NoArgsIsHelp):  # "lga-draft" alone prints the help
                raise
            raise _usage_line(exc) from None

    def invoke(self, ctx: Any) -> Any:  # click's Context, which typer vendors privately
        try:
            result = super().invoke(ctx)
            if sys.stdout is not None:
                sys.stdout.flush()  # a full disk is reported here, not at exit as a traceback
            return result
        except LgaDraftError as exc:
            for problem in exc.problems:
                _err(str(problem))
            if not exc.problems or str(exc) not in {str(p) for p in exc.problems}:
                _err(exc.message if not exc.problems else f"error: {exc.message}")
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            _err("interrupted; nothing was written")
            raise typer.Exit(130) from None
        except _ClickException as exc:  # click's own: usage errors print usage and exit 2
            option = getattr(exc, "option_name", None)
            if option in ("--library", "-L"):  # given after the command
                name = getattr(getattr(exc, "ctx", None), "info_name", None) or "COMMAND"
                exc.message = (
                    f"{option} goes before the command: lga-draft --library DIR {name} ..."
                )
                exc.possibilities = None  # type: ignore[attr-defined]
            if isinstance(exc, _ClickUsageError) and not isinstance(exc, _NoArgsIsHelp):
                raise _usage_line(exc) from None
            raise
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:  # a bug: say so in one line unless asked for the traceback
            from lga_draft.output import stdout_failure

            if (failure := stdout_failure(exc)) is not None:  # closed or full: not a bug
                _err(failure)
                raise typer.Exit(EXIT_OUTPUT) from None
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
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _err(message: str, style: str = "red") -> None:
    _err_lines([(message, style)])


def _err_lines(lines: list[tuple[str, str]]) -> None:
    """Styled lines on standard error, written at once.

    Plain ANSI colours, not rich: importing rich's console costs every command 25 ms, and these
    lines need only a colour. Colour only on a terminal, never with NO_COLOR or TERM=dumb (and
    always with FORCE_COLOR), as rich decides.
    """
    stream = sys.stderr
    colour = _colour(stream)
    out = []
    for message, style in lines:
        codes = ";".join(_ANSI[word] for word in (style or "").split() if word in _ANSI)
        out.append(f"\x1b[{codes}m{message}\x1b[0m\n" if colour and codes else f"{message}\n")
    stream.write("".join(out))
    stream.flush()


_ANSI = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "cyan": "36"}


def _colour(stream: Any) -> bool:
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


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
            "folder upward holding positions/ or library.yaml, else the bundled library).",
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
    from lga_draft.library.locate import find_library

    root = ctx.find_root()
    return find_library((root.obj or {}).get("library"))


def _load(ctx: typer.Context) -> tuple[Library, list[Problem]]:
    from lga_draft.library.load import require_library

    return require_library(_library_root(ctx))


def _today(value: str | None) -> dt.date:
    """--today, else SOURCE_DATE_EPOCH (reproducible builds), else the clock."""
    if value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise UsageError(f"--today: '{value}' is not a date as YYYY-MM-DD") from None
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
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]


def main() -> None:
    """Console entry point."""
    try:
        os.getcwd()
    except OSError:  # every relative path, and every path we print, depends on it
        _err("the working folder no longer exists (deleted or moved); change to one that does")
        sys.exit(1)
    try:
        app(prog_name="lga-draft")
    except LgaDraftError as exc:  # raised outside a command (e.g. in the root callback)
        _err(str(exc))
        sys.exit(exc.exit_code)
