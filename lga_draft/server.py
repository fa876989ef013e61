"""The warm server: Python and lga-draft's libraries imported once, a forked worker per command.

Importing typer, pydantic, Jinja, YAML, markdown-it, lxml and python-docx costs every run some
200 ms before any work. `lga-draft server start` runs this module in a process of its own that
imports all of it and then listens on a Unix socket in a private folder (see `_launch`, the
client). For each command a client connects and sends its standard input, output and error (as
file descriptors) with its arguments, working folder, environment and umask. The server checks the
client is the same user and runs the same code (the size and modification time of every module
of the package, the interpreter and the version; on a mismatch it answers "stale" and stops, so
the client runs the command itself), then forks. The worker takes on the client's streams,
folder, environment, umask, time zone and locale, restores Python's usual signal handling, runs
the command and sends its exit code back.

Nothing a command computes is kept between commands: each worker is a fresh fork of the server,
which itself has run no command, so the library cache is checked by each command as it is
without a server, and an edited position is seen at once. The server has no threads (fork would
copy a lock held by one), stops after an idle timeout (15 minutes by default), and on SIGTERM,
SIGINT or SIGHUP, removing its socket and pid file.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import io
import json
import os
import select
import signal
import socket
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from lga_draft import __version__, _launch
from lga_draft.errors import LgaDraftError

DEFAULT_IDLE_MINUTES = 15.0
REQUEST_TIMEOUT = 5.0  # for a client to send its request
GO_TIMEOUT = 10.0  # for a client to confirm the worker may start
START_TIMEOUT = 60.0  # for a new server to say it is listening
LOG_LIMIT = 1_000_000  # bytes; a longer log is started afresh when a server starts

# What commands import, so a worker has it already. Every module of the package is imported too.
PRELOAD = (
    "json",
    "tempfile",
    "shutil",
    "difflib",
    "subprocess",
    "jinja2",
    "jinja2.sandbox",
    "yaml",
    "pydantic",
    "pydantic.version",
    "markdown_it",
    "lxml.etree",
    "docx",
    "docx.oxml.ns",
    "docx.table",
    "docx.text.paragraph",
    "docx.opc.constants",
    "ruamel.yaml",
    "ruamel.yaml.scalarstring",
    "rich.console",
    "rich.markdown",
    "rich.progress",
    "rich.table",
    "rich.text",
    "bm25s",  # with numpy: 70 ms of every search, suggest and new
    "Stemmer",
    # imported while commands run, found by running them in a preloaded process
    "encodings.cp437",
    "encodings.utf_8_sig",
    "pydantic.type_adapter",
    "typer._adapters",
    "typer._click._textwrap",
    "typer._click.decorators",
)
NOT_PRELOADED = ("lga_draft.server", "lga_draft.__main__")
# numpy's BLAS starts a thread per core on import; the server must have none when it forks
SINGLE_THREADED = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


class ServerError(LgaDraftError):
    """The server cannot be started, stopped or asked."""


@dataclass(frozen=True)
class Paths:
    folder: Path
    socket: Path
    pid: Path
    log: Path


def paths(create: bool = False) -> Paths | None:
    """Where this installation's server keeps its socket, pid file and log; None if the folder
    does not exist (and `create` is false)."""
    try:
        folder = _launch.runtime_folder(create)
    except _launch.UnsafeFolder as exc:
        raise ServerError(f"{exc}; refusing to use it for the server's socket") from None
    except OSError as exc:
        raise ServerError(f"cannot make a folder for the server's socket: {exc}") from None
    if folder is None:
        return None
    sock = Path(_launch.socket_file(folder))
    return Paths(Path(folder), sock, sock.with_suffix(".pid"), sock.with_suffix(".log"))


def unsupported() -> str | None:
    """Why this system cannot run a server, or None."""
    if os.name != "posix" or not hasattr(os, "fork"):
        return "the warm server needs a POSIX system (fork and Unix sockets)"
    if not hasattr(socket, "AF_UNIX") or not hasattr(socket, "send_fds"):
        return "the warm server needs Unix sockets that can pass file descriptors"
    return None


# ------------------------------------------------------------------------------ asking a server


def query(op: str, where: Paths | None = None, timeout: float = 5.0) -> dict[str, Any] | None:
    """Ask the running server `op` ("status" or "stop"); None when no server answers."""
    where = where or paths()
    if where is None or unsupported():
        return None
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        try:
            sock.connect(str(where.socket))
        except (FileNotFoundError, ConnectionRefusedError):
            return None
        except OSError as exc:
            raise ServerError(f"{where.socket}: cannot reach the server: {exc}") from None
        uid = _launch.peer_uid(sock)
        if uid is not None and uid != os.getuid():
            raise ServerError(f"{where.socket}: the server there belongs to another user")
        try:
            _send(sock, {"op": op, "protocol": _launch.PROTOCOL})
            return _receive(sock)
        except (OSError, ValueError, EOFError) as exc:
            raise ServerError(f"{where.socket}: the server did not answer: {exc}") from None


def stop(where: Paths, timeout: float = 10.0) -> int | None:
    """Stop the running server; its pid, or None if none was running (a socket left behind by
    one that died is removed)."""
    reply = query("stop", where)
    if reply is None:
        if where.socket.exists() and not _locked(where.pid):  # left by a server that died
            for leftover in (where.socket, where.pid):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()
        return None
    deadline = time.monotonic() + timeout
    while where.socket.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    if where.socket.exists():
        raise ServerError(f"the server (pid {reply.get('pid')}) did not stop within {timeout:g} s")
    return int(reply["pid"])


def _locked(pid_file: Path) -> bool:
    """Whether a server holds the lock on its pid file (it does for as long as it runs)."""
    try:
        fd = os.open(pid_file, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)  # releases the lock if it was taken
    return False


# ------------------------------------------------------------------------------ starting one


def start(idle_minutes: float, foreground: bool) -> tuple[int, Paths]:
    """Start a server for this installation; its pid and paths. With `foreground`, this process
    becomes the server and this function does not return."""
    reason = unsupported()
    if reason:
        raise ServerError(reason)
    if not idle_minutes > 0:
        raise ServerError("--idle: give a number of minutes greater than 0")
    where = paths(create=True)
    assert where is not None  # created
    running = query("status", where)
    if running is not None:
        raise ServerError(
            f"a server is already running (pid {running.get('pid')}, listening on "
            f"{where.socket}); stop it first with 'lga-draft server stop'"
        )
    if foreground:
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(sys.executable, _server_command(idle_minutes, foreground=True, ready_fd=None))
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the forked process
        _daemonise(_server_command(idle_minutes, foreground=False, ready_fd=write), read, write)
    os.close(write)
    os.waitpid(child, 0)  # the first fork exits at once; the second is the server
    message = _read_line(read, START_TIMEOUT)
    os.close(read)
    word, _, rest = message.partition(" ")
    if word == "ready" and rest.isdigit():
        return int(rest), where
    if word == "error" and rest:
        raise ServerError(rest)
    raise ServerError(f"the server did not start; see {where.log}")


def _server_command(idle_minutes: float, foreground: bool, ready_fd: int | None) -> list[str]:
    # A fresh interpreter importing this very package (put first on sys.path only while it is
    # imported): the client may have found it through its working folder.
    boot = (
        "import sys; sys.path.insert(0, sys.argv.pop(1)); import lga_draft; del sys.path[0]; "
        "from lga_draft.server import main; main(sys.argv[1:])"
    )
    command = [sys.executable, "-P"]  # nothing imported from a worker's working folder
    if sys.flags.utf8_mode:
        command += ["-X", "utf8"]
    command += ["-c", boot, os.path.dirname(_launch.package_folder()), "--idle", repr(idle_minutes)]
    if foreground:
        command.append("--foreground")
    if ready_fd is not None:
        command += ["--ready-fd", str(ready_fd)]
    return command


def _daemonise(command: list[str], read: int, write: int) -> NoReturn:  # pragma: no cover
    """The classic double fork: a new session whose leader exits, so the server can never
    acquire a terminal; the working folder is / and standard streams are /dev/null."""
    try:
        os.close(read)
        os.setsid()
        if os.fork():
            os._exit(0)
        os.chdir("/")
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        os.close(null)
        # nothing else the caller's shell passed down (`3>&1`, a pipe) stays open in the server
        os.closerange(3, write)
        os.closerange(write + 1, _max_fd())
        os.set_inheritable(write, True)
        os.execv(command[0], command)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.write(write, f"error cannot start the server: {exc}\n".encode())
    os._exit(127)


def _max_fd() -> int:
    try:
        import resource

        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    except (ImportError, OSError, ValueError):
        soft = 1024
    return soft if 0 < soft < 65536 else 65536


def _read_line(fd: int, timeout: float) -> str:
    data = b""
    deadline = time.monotonic() + timeout
    while b"\n" not in data:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            break
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        data += chunk
    return data.decode(errors="replace").strip()


# ------------------------------------------------------------------------------ the server


class _Stop(Exception):
    """Raised (from a signal handler, an idle timeout or a request) to stop serving."""


def main(argv: list[str]) -> None:
    """The server process: `python -c ... --idle MINUTES [--foreground] [--ready-fd FD]`."""
    import argparse

    parser = argparse.ArgumentParser(prog="lga-draft server")
    parser.add_argument("--idle", type=float, default=DEFAULT_IDLE_MINUTES)
    parser.add_argument("--foreground", action="store_true")
    parser.add_argument("--ready-fd", type=int)
    args = parser.parse_args(argv)
    ready = os.fdopen(args.ready_fd, "w") if args.ready_fd is not None else None
    # what clients must match, taken before anything is imported: a module edited while the
    # server starts makes it stale, never silently current
    own = json.loads(json.dumps(_launch.fingerprint()))
    try:
        where = paths(create=True)
        assert where is not None
        server = Server(where, own, args.idle * 60, args.foreground)
    except (LgaDraftError, OSError) as exc:
        message = exc.message if isinstance(exc, LgaDraftError) else str(exc)
        if ready is not None:
            ready.write(f"error {message}\n")
        else:
            print(f"lga-draft server: {message}", file=sys.stderr)
        sys.exit(1)
    server.serve(ready)


class Server:
    def __init__(self, where: Paths, fingerprint: Any, idle: float, foreground: bool) -> None:
        self.where = where
        self.fingerprint = fingerprint
        self.idle = idle
        self.foreground = foreground
        self.requests = 0
        self.started = time.time()
        self.last = time.monotonic()
        self.preload_ms = 0.0
        self.inode: int | None = None
        self.listener: socket.socket | None = None
        # the pid file is also the lock that makes this the one server of this installation
        self.lock = _lock_pid_file(where.pid)
        os.ftruncate(self.lock, 0)
        os.write(self.lock, f"{os.getpid()}\n".encode())
        mode = "w" if _size(where.log) > LOG_LIMIT else "a"
        self.log_file = open(where.log, mode, encoding="utf-8", buffering=1)  # noqa: SIM115
        os.chmod(where.log, 0o600)

    def log(self, message: str) -> None:
        line = f"{time.strftime('%Y-%m-%d %H:%M:%S')} [{os.getpid()}] {message}"
        with contextlib.suppress(OSError, ValueError):
            self.log_file.write(line + "\n")
        if self.foreground:
            with contextlib.suppress(OSError, ValueError):
                print(f"lga-draft server: {message}", file=sys.stderr, flush=True)

    def serve(self, ready: io.TextIOWrapper | None) -> None:
        try:
            threads = self._preload()
            self._listen()
            self.log(
                f"listening on {self.where.socket} (pid {os.getpid()}, lga-draft {__version__}, Python "
                f"{sys.version.split()[0]}); {len(sys.modules)} modules imported in "
                f"{self.preload_ms:.0f} ms; {threads} thread(s); stops after "
                f"{self.idle / 60:g} min idle"
            )
            for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
                signal.signal(signum, _raise_stop)
            signal.signal(signal.SIGCHLD, _reap)
            if ready is not None:
                ready.write(f"ready {os.getpid()}\n")
                ready.close()
                ready = None
            self._loop()
        except _Stop as why:
            self.log(f"stopping: {why}")
        except BaseException:
            self.log("stopped by an error:\n" + traceback.format_exc().rstrip())
            raise
        finally:
            for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
                signal.signal(signum, signal.SIG_IGN)  # a second one must not cut the clean-up
            if ready is not None:
                with contextlib.suppress(OSError):
                    ready.write(f"error the server stopped while starting; see {self.where.log}\n")
                    ready.close()
            self._clean_up()

    def _preload(self) -> int:
        """Import what commands use; the number of threads this process has after."""
        for name in SINGLE_THREADED:
            os.environ[name] = "1"  # the server's own; workers take the client's
        begin = time.perf_counter()
        import importlib
        import pkgutil

        import lga_draft
        import lga_draft.cli

        names = [m.name for m in pkgutil.walk_packages(lga_draft.__path__, "lga_draft.")]
        for name in [n for n in names if n not in NOT_PRELOADED] + list(PRELOAD):
            try:
                importlib.import_module(name)
            except Exception as exc:  # an optional library missing: that command imports it
                self.log(f"not preloaded: {name}: {type(exc).__name__}: {exc}")
        try:
            _warm()
        except Exception as exc:  # a warm-up that fails costs speed, not correctness
            self.log(f"warm-up incomplete: {type(exc).__name__}: {exc}")
        gc.collect()
        gc.freeze()  # workers then leave the server's objects (and their pages) alone
        self.preload_ms = (time.perf_counter() - begin) * 1000
        threads = _threads()
        if threads > 1:
            self.log(f"warning: {threads} threads after preloading; forking may be unsafe")
        if "typer.rich_utils" in sys.modules:  # it reads the environment when imported
            self.log("warning: typer.rich_utils was imported; its settings are the server's")
        return threads

    def _listen(self) -> None:
        sock = self.where.socket
        with contextlib.suppress(FileNotFoundError):
            sock.unlink()  # left by a server that died: we hold the lock, so none runs
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        umask = os.umask(0o077)
        try:
            listener.bind(str(sock))
        finally:
            os.umask(umask)
        listener.listen(64)
        self.listener = listener
        self.inode = sock.stat().st_ino

    def _loop(self) -> None:
        assert self.listener is not None
        while True:
            left = self.last + self.idle - time.monotonic()
            if left <= 0:
                raise _Stop(f"idle for {self.idle / 60:g} min")
            self.listener.settimeout(left)
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            with conn:
                try:
                    self._handle(conn)
                except _Stop:
                    raise
                except Exception:  # one bad request must not stop the server
                    self.log("request failed:\n" + traceback.format_exc().rstrip())

    def _handle(self, conn: socket.socket) -> None:
        conn.settimeout(REQUEST_TIMEOUT)
        uid = _launch.peer_uid(conn)
        if uid is not None and uid != os.getuid():
            self.log(f"refused a connection from user {uid}")
            return
        fds: list[int] = []
        try:
            request, fds = _receive_request(conn)
            op = request.get("op")
            if op == "status":
                _send(conn, self._status())
            elif op == "stop":
                _send(conn, {"status": "stopping", "pid": os.getpid()})
                raise _Stop("asked to by 'lga-draft server stop'")
            elif op == "run":
                self._run(conn, request, fds)
            else:
                _send(conn, {"status": "error", "message": f"unknown request {op!r}"})
        finally:
            for fd in fds:
                with contextlib.suppress(OSError):
                    os.close(fd)

    def _status(self) -> dict[str, Any]:
        return {
            "status": "running",
            "pid": os.getpid(),
            "socket": str(self.where.socket),
            "log": str(self.where.log),
            "started": self.started,
            "requests": self.requests,
            "idle_minutes": self.idle / 60,
            "idle_for": time.monotonic() - self.last,
            "version": __version__,
            "python": sys.version.split()[0],
            "preload_ms": round(self.preload_ms),
        }

    def _run(self, conn: socket.socket, request: dict[str, Any], fds: list[int]) -> None:
        if request.get("protocol") != _launch.PROTOCOL or request.get("fingerprint") != (
            self.fingerprint
        ):
            _send(conn, {"status": "stale"})
            raise _Stop("lga-draft's code changed since the server started")
        if request.get("utf8_mode") != sys.flags.utf8_mode or request.get("fs_encoding") != (
            sys.getfilesystemencoding()
        ):
            _send(conn, {"status": "unsuitable"})  # the client runs it: Python's modes differ
            return
        if len(fds) != 3:
            _send(conn, {"status": "error", "message": "expected 3 file descriptors"})
            return
        self.last = time.monotonic()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the worker; coverage does not follow the fork
            _worker(conn, fds, request, self._inherited())
        self.requests += 1
        self.log(
            f"request {self.requests}: worker {pid}: {_launch.command_name(request['argv']) or '-'}"
        )

    def _inherited(self) -> list[Any]:
        """What a worker must close: the server's own files and socket."""
        return [self.listener, self.log_file, self.lock]

    def _clean_up(self) -> None:
        if self.listener is not None:
            self.listener.close()
            with contextlib.suppress(OSError):
                if self.where.socket.stat().st_ino == self.inode:  # still ours
                    self.where.socket.unlink()
        with contextlib.suppress(OSError):
            self.where.pid.unlink()
        os.close(self.lock)
        self.log("stopped")
        self.log_file.close()


def _lock_pid_file(path: Path) -> int:
    """The pid file, open and locked, or ServerError when another server holds it.

    A server that stops removes its pid file and then lets go of the lock; one starting at that
    moment may lock the removed file, and a third would then lock a new one: two servers. So a
    lock counts only on the file that is still at `path`; on a removed one, try again.
    """
    for _ in range(20):
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise ServerError(
                f"a server is already running or starting for this installation ({path})"
            ) from None
        try:
            if os.stat(path).st_ino == os.fstat(fd).st_ino:
                return fd
        except FileNotFoundError:
            pass
        os.close(fd)  # locked a file its server has just removed
    raise ServerError(f"{path}: cannot take the server's lock (it keeps being removed)")


def _raise_stop(signum: int, frame: object) -> None:
    raise _Stop(signal.Signals(signum).name)


def _reap(signum: int, frame: object) -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _warm() -> None:
    """Do what every command does first and depends on nothing of the client's: build typer's
    click command (importing typer's parameter coercion), print a table to memory with rich."""
    import typer.main
    from rich.console import Console
    from rich.table import Table

    from lga_draft.cli import _app, app

    _app._command = typer.main.get_command(app)  # each worker runs it; none has to build it
    table = Table(title="warm")
    table.add_column("a")
    table.add_row("b")
    Console(file=io.StringIO(), width=80).print(table)
    _warm_drafting()


def _warm_drafting() -> None:
    """Draft once, in memory, from the bundled library, in Markdown and Word.

    A process's first draft takes 80 ms longer than its second: pydantic builds the validators
    deferred at import, markdown-it and the regular expressions compile, python-docx and lxml
    meet their first document, and the Word writer reads its house-style base. A worker forked
    after this inherits all of it. Nothing is written but the bundled library's cache (which
    the first command would write anyway); nothing here depends on a client.
    """
    import datetime as dt
    from dataclasses import replace as _replace

    from pydantic import BaseModel

    from lga_draft.loader import load_library
    from lga_draft.location import bundled_library
    from lga_draft.model import Frozen
    from lga_draft.pipeline import DraftRequest, draft

    models: list[type[BaseModel]] = [Frozen]
    while models:
        model = models.pop()
        model.model_rebuild(force=True)
        models.extend(model.__subclasses__())
    library = load_library(bundled_library()).library
    if library is None:
        return
    for fmt in ("md", "docx"):
        request = DraftRequest(tags="adult-social-care", title="Warm", format=fmt)
        draft(library, _replace(request, today=dt.date(2000, 1, 1)))
    from lga_draft.writers.docx import prime_house_document

    prime_house_document()  # after the drafts above, which would have used it


def _threads() -> int:
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        import threading

        return threading.active_count()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


# ------------------------------------------------------------------------------ the wire


def _send(sock: socket.socket, message: dict[str, Any]) -> None:
    _launch.send(sock, json.dumps(message, separators=(",", ":")))


def _receive(sock: socket.socket) -> dict[str, Any]:
    size = int.from_bytes(_launch._exactly(sock, 4), "big")
    if size > _launch.MAX_MESSAGE:
        raise ValueError("message too long")
    message = json.loads(_launch._exactly(sock, size))
    if not isinstance(message, dict):
        raise ValueError("not a message")
    return message


def _receive_request(conn: socket.socket) -> tuple[dict[str, Any], list[int]]:
    """The request, and the file descriptors sent with its first bytes."""
    data, fds, flags, _ = socket.recv_fds(conn, 1 << 16, 3)
    fds = list(fds)
    if flags & getattr(socket, "MSG_CTRUNC", 0):
        for fd in fds:
            os.close(fd)
        raise ValueError("file descriptors were cut off")
    try:
        while len(data) < 4:
            data += _launch._exactly(conn, 4 - len(data))
        size = int.from_bytes(data[:4], "big")
        if size > _launch.MAX_MESSAGE:
            raise ValueError("request too long")
        body = data[4:]
        if len(body) < size:
            body += _launch._exactly(conn, size - len(body))
        request = json.loads(body)
        if not isinstance(request, dict):
            raise ValueError("not a request")
    except BaseException:
        for fd in fds:
            os.close(fd)
        raise
    return request, fds


# ------------------------------------------------------------------------------ the worker


def _worker(  # pragma: no cover - runs in the forked process
    conn: socket.socket, fds: list[int], request: dict[str, Any], inherited: list[Any]
) -> NoReturn:
    """Become the client's process, run its command, report the exit code; never returns."""
    code = _launch.EXIT_WORKER_LOST
    started = False
    try:
        for thing in inherited:
            with contextlib.suppress(OSError):
                if isinstance(thing, int):
                    os.close(thing)
                else:
                    thing.close()
        _default_signals()
        os.setsid()  # out of the server's process group: a Ctrl-C meant for it is not ours
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        for fd in fds:
            if fd > 2:
                os.close(fd)
        _adopt(request)
        for name in request.get("ignored_signals") or ():
            if name in _launch.FORWARDED + ("SIGTSTP",) and hasattr(signal, name):
                signal.signal(getattr(signal, name), signal.SIG_IGN)
        conn.settimeout(GO_TIMEOUT)
        _send(conn, {"status": "ready", "pid": os.getpid()})
        if _receive(conn).get("status") != "go":
            os._exit(0)
        conn.settimeout(None)
        started = True
        _stop_when_client_goes(conn)
        code = _run_command(request["argv"])
    except BaseException:
        if not started:  # the client runs the command itself
            with contextlib.suppress(BaseException):
                _send(conn, {"status": "fallback"})
            os._exit(0)
        with contextlib.suppress(BaseException):
            traceback.print_exc()
    finally:
        try:  # the client closes once it has the status: that is no interruption
            if hasattr(signal, "SIGIO"):
                signal.signal(signal.SIGIO, signal.SIG_IGN)
            if started:
                with contextlib.suppress(BaseException):
                    _send(conn, {"status": "exit", "code": code})
        finally:  # whatever is raised here, a worker never returns into the server's loop
            os._exit(code)


def _stop_when_client_goes(conn: socket.socket) -> None:
    """Interrupt the command when its client ends (killed, or its terminal closed).

    Run in its own process, a killed command stops at once and, writing atomically, leaves
    nothing; a worker would go on and write its files. The client sends nothing after "go", so
    the connection becomes readable only when it closes: the kernel then signals this process
    (SIGIO), and the command is interrupted as by Ctrl-C, which cleans up as it does. Where
    the system cannot signal on a socket the worker runs to the end, as before.
    """
    o_async = getattr(os, "O_ASYNC", None)
    if o_async is None or not hasattr(fcntl, "F_SETOWN") or not hasattr(signal, "SIGIO"):
        return

    def gone(signum: int, frame: object) -> None:
        try:
            data = conn.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT)
        except BlockingIOError:
            return  # not readable after all
        except OSError:
            data = b""
        if not data:
            signal.signal(signal.SIGIO, signal.SIG_IGN)  # once
            raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGIO, gone)
        fd = conn.fileno()
        fcntl.fcntl(fd, fcntl.F_SETOWN, os.getpid())
        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) | o_async)
    except (OSError, AttributeError, ValueError):
        signal.signal(signal.SIGIO, signal.SIG_DFL)


def _default_signals() -> None:
    """Python's own signal handling, whatever the server set or inherited."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for name in ("SIGTERM", "SIGHUP", "SIGCHLD", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGQUIT"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    for name in ("SIGPIPE", "SIGXFSZ"):  # Python ignores these so writes fail with an error
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)


def _adopt(request: dict[str, Any]) -> None:
    """Take on the client's standard streams, folder, environment, umask, time zone and locale:
    everything a command reads of its process (lga-draft reads the environment, the working
    folder and the terminal when a command runs, never when a module is imported)."""
    for fd, (name, settings) in enumerate(
        zip(("stdin", "stdout", "stderr"), request["stdio"], strict=True)
    ):
        encoding, errors, line_buffering, write_through = settings
        raw = io.FileIO(fd, "rb" if fd == 0 else "wb", closefd=False)
        raw.name = f"<{name}>"  # type: ignore[misc]  # as Python names its own
        buffered: Any  # as Python makes its own: unbuffered (-u) output is written raw
        if fd == 0:
            buffered = io.BufferedReader(raw)
        else:
            buffered = raw if write_through else io.BufferedWriter(raw)
        stream = io.TextIOWrapper(
            buffered,
            encoding=encoding,
            errors=errors,
            newline="\n",
            line_buffering=bool(line_buffering),
            write_through=bool(write_through),
        )
        stream.mode = "r" if fd == 0 else "w"  # type: ignore[misc]
        setattr(sys, name, stream)
        setattr(sys, f"__{name}__", stream)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    os.umask(int(request["umask"]))
    time.tzset()  # TZ
    import locale

    with contextlib.suppress(locale.Error):
        locale.setlocale(locale.LC_CTYPE, "")  # as Python does when it starts
    import tempfile

    tempfile.tempdir = None  # found again from TMPDIR when first needed
    sys.argv = ["lga-draft", *request["argv"]]


def _run_command(argv: list[str]) -> int:  # pragma: no cover - runs in the forked process
    """Run the command as `lga-draft` would; its exit status, as Python would report it."""
    import atexit

    from lga_draft.cli import main as cli_main

    code = 0
    try:
        cli_main()
    except SystemExit as exc:
        code = _exit_status(exc.code)
    except KeyboardInterrupt:  # outside the CLI's own handling: die of it, as Python does
        sys.excepthook(*sys.exc_info())
        _flush()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
        code = 130
    except BaseException:
        sys.excepthook(*sys.exc_info())
        code = 1
    atexit._run_exitfuncs()
    if not _flush():
        code = 120  # Python's status when standard output cannot be flushed at exit
    return code


def _exit_status(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    with contextlib.suppress(Exception):
        print(code, file=sys.stderr)
    return 1


def _flush() -> bool:
    """Flush standard output and error as Python does when it exits; whether both could be."""
    ok = True
    try:
        sys.stdout.flush()
    except Exception as exc:
        ok = False
        with contextlib.suppress(Exception):
            sys.stderr.write(f"Exception ignored in: {sys.stdout!r}\n")
            sys.stderr.write("".join(traceback.format_exception_only(exc)))
    try:
        sys.stderr.flush()
    except Exception:
        ok = False
    return ok
