"""The warm server: server start, stop and status. Always run in this process (see _launch)."""

from __future__ import annotations

import time
from typing import Annotated

import typer

from lga_draft.cli._app import JsonOpt, _err, _print_json, app

server_app = typer.Typer(
    name="server",
    help="A warm server that runs commands without Python's start-up cost (POSIX only).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
app.add_typer(server_app)


@server_app.command("start")
def start(
    idle: Annotated[
        float,
        typer.Option("--idle", metavar="MINUTES", help="Stop after this many minutes unused."),
    ] = 15.0,
    foreground: Annotated[
        bool,
        typer.Option("--foreground", help="Run in this terminal, logging here, until Ctrl-C."),
    ] = False,
) -> None:
    """Start a server with lga-draft's libraries imported; later commands run through it."""
    from lga_draft import server

    pid, where = server.start(idle, foreground)
    _err(
        f"server started: pid {pid}, listening on {where.socket}; "
        f"it stops after {idle:g} min unused (log: {where.log})",
        style="green",
    )


@server_app.command("stop")
def stop() -> None:
    """Stop this installation's server; commands run in their own process again."""
    from lga_draft import server

    where = server.paths()
    pid = server.stop(where) if where is not None else None
    if pid is None:
        _err("no server was running", style="yellow")
    else:
        _err(f"stopped the server (pid {pid})", style="green")


@server_app.command("status")
def status(as_json: JsonOpt = False) -> None:
    """Whether a server runs for this installation: pid, socket, requests served, idle timeout."""
    from lga_draft import server

    where = server.paths()
    reply = server.query("status", where) if where is not None else None
    if as_json:
        _print_json(reply or {"status": "stopped"})
        return
    if reply is None:
        place = f" (it would listen on {where.socket})" if where is not None else ""
        typer.echo(f"not running{place}")
        return
    started = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(reply["started"]))
    left = max(0.0, reply["idle_minutes"] - reply["idle_for"] / 60)
    for label, value in (
        ("running", f"pid {reply['pid']}"),
        ("socket", reply["socket"]),
        ("started", started),
        ("requests served", reply["requests"]),
        ("idle timeout", f"{reply['idle_minutes']:g} min ({left:.1f} min left)"),
        ("log", reply["log"]),
    ):
        typer.echo(f"{label}: {value}")
