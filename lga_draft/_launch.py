"""The `lga-draft` command: hand the command line to a warm server when one runs, else run it here.

Importing Python's libraries costs a `lga-draft` run some 200 ms before any work. `lga-draft
server start` keeps a process with them imported; for each command it forks a worker that takes
over this process's standard input, output and error (passed over a Unix socket), working folder,
environment and arguments, runs the command and reports its exit code. This module is the client,
and it must itself start fast: until it finds a server's socket it imports nothing beyond `os` and
`sys` (already loaded by Python), and then only the C modules `_socket`, `_signal` and `_json`.

A command runs in this process, exactly as without a server, whenever nothing was started: no
socket, a socket nobody listens on, a system without fork or Unix sockets, `LGA_DRAFT_SERVER=0`,
a server running older code (it says "stale" and stops), or any failure before the worker
started. Once the worker has started, the command is never run again here: it may have written
files. Signals the client receives (Ctrl-C, SIGTERM, SIGHUP, SIGQUIT) are passed on to the
worker, and Ctrl-Z stops both (and `fg` resumes both).

`server ...` commands always run here. See lga_draft/server.py for the server.
"""

import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    import _socket

PROTOCOL = 1
SWITCH = "LGA_DRAFT_SERVER"  # 0 (or off, no, false): never use a server
RUNTIME_ENV = "LGA_DRAFT_RUNTIME_DIR"  # where the socket lives (tests)
HANDSHAKE_TIMEOUT = 10.0  # seconds for the server to fork a worker
MAX_MESSAGE = 64 * 1024 * 1024
MAX_SOCKET_PATH = 100  # AF_UNIX paths stop at 104 (macOS) or 108 (Linux) bytes
WORKER_LOST = "lga-draft: the server's worker ended without an exit status"
EXIT_WORKER_LOST = 70  # as an internal error
FORWARDED = ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT")


class Fallback(Exception):
    """Nothing was started on a server: run the command in this process."""


class UnsafeFolder(Exception):
    """The folder for the socket belongs to someone else or others can write to it."""


def main() -> None:
    """Console entry point."""
    argv = sys.argv[1:]
    if _may_forward(argv):
        try:
            path = socket_path(create=False)
        except (UnsafeFolder, OSError):
            path = None
        if path is not None and _is_socket(path):
            try:
                code = forward(path, argv)
            except Fallback:
                pass
            else:
                sys.exit(code)
    from lga_draft.cli import main as cli_main

    cli_main()


def _may_forward(argv: list[str]) -> bool:
    if os.name != "posix" or not hasattr(os, "fork"):
        return False
    if os.environ.get(SWITCH, "").strip().lower() in ("0", "off", "no", "false"):
        return False
    return command_name(argv) != "server"


def _is_socket(path: str) -> bool:
    import stat  # loaded with Python already

    try:
        return stat.S_ISSOCK(os.stat(path).st_mode)
    except OSError:
        return False


def command_name(argv: list[str]) -> str | None:
    """The command a command line runs, skipping the global options before it."""
    args = iter(argv)
    for arg in args:
        if arg == "--":
            return next(args, None)
        if arg in ("--library", "-L"):
            next(args, None)
        elif not arg.startswith("-") or arg == "-":
            return arg
    return None


# ------------------------------------------------------------------------------ where it lives


def runtime_folder(create: bool = False) -> str | None:
    """The private folder for this user's server sockets, or None when there is none (and
    `create` is false). Refuses (UnsafeFolder) one owned by someone else or writable by others."""
    folder = os.environ.get(RUNTIME_ENV, "")
    if folder:
        folder = os.path.abspath(os.path.expanduser(folder))
    else:
        xdg = os.environ.get("XDG_RUNTIME_DIR", "")
        if os.path.isabs(xdg):
            folder = os.path.join(xdg, "lga-draft")
        else:
            cache = _cache_folder()
            if cache is None:
                return None
            folder = os.path.join(cache, "run")
    if len(os.fsencode(socket_file(folder))) > MAX_SOCKET_PATH:
        folder = f"/tmp/lga-draft-{os.getuid()}"
    return private_folder(folder, create)


def _cache_folder() -> str | None:
    """lga-draft's cache folder, as lga_draft.cache.cache_dir() finds it (without its imports)."""
    override = os.environ.get("LGA_DRAFT_CACHE_DIR")
    if override:
        return os.path.abspath(os.path.expanduser(override))
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return os.path.join(xdg, "lga-draft")
    home = os.path.expanduser("~")
    return os.path.join(home, ".cache", "lga-draft") if os.path.isabs(home) else None


def private_folder(folder: str, create: bool) -> str | None:
    if create:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    try:
        st = os.lstat(folder)
    except FileNotFoundError:
        return None
    import stat  # loaded with Python already

    if not stat.S_ISDIR(st.st_mode):
        raise UnsafeFolder(f"{folder}: not a folder")
    if st.st_uid != os.getuid():
        raise UnsafeFolder(f"{folder}: belongs to another user")
    if st.st_mode & 0o022:
        raise UnsafeFolder(f"{folder}: other users can write to it")
    if create and st.st_mode & 0o077:
        os.chmod(folder, 0o700)
    return folder


def installation_key() -> str:
    """Short hash of the interpreter, environment, package folder and version: two venvs or two
    checkouts never share a server. FNV-1a, so no hash module is imported for it."""
    from lga_draft import __version__

    text = "\0".join((os.path.realpath(sys.executable), sys.prefix, package_folder(), __version__))
    value = 0xCBF29CE484222325
    for byte in os.fsencode(text):
        value = ((value ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{value:016x}"[:12]


def package_folder() -> str:
    return os.path.dirname(os.path.abspath(__file__))


def socket_file(folder: str) -> str:
    return os.path.join(folder, f"server-{installation_key()}.sock")


def socket_path(create: bool = False) -> str | None:
    """The socket of this installation's server, or None when there is no folder for it."""
    folder = runtime_folder(create)
    return socket_file(folder) if folder is not None else None


def fingerprint() -> list[object]:
    """What the server's code must match: the interpreter, the package's folder and version, and
    the size and modification time of every module under the package."""
    from lga_draft import __version__

    package = package_folder()
    files: list[list[object]] = []
    folders = [package]
    while folders:
        folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name not in ("__pycache__", "_bundled") and entry.name[0] != ".":
                        folders.append(entry.path)
                elif entry.name.endswith(".py"):
                    st = entry.stat()
                    files.append([entry.path[len(package) :], st.st_size, st.st_mtime_ns])
    files.sort()
    return [os.path.realpath(sys.executable), sys.prefix, package, __version__, files, _installed()]


def _installed() -> list[str]:
    """The distributions installed beside lga-draft's libraries (`name-version.dist-info`): an
    upgrade of typer, python-docx or any other changes the list, and the server is stale."""
    found: list[str] = []
    for folder in sys.path:
        if not folder.endswith("-packages"):  # site-packages, dist-packages
            continue
        try:
            with os.scandir(folder) as entries:
                found += [e.name for e in entries if e.name.endswith((".dist-info", ".egg-info"))]
        except OSError:
            continue
    return sorted(found)


# ------------------------------------------------------------------------------ the client


def forward(path: str, argv: list[str]) -> int:
    """Run the command on the server listening at `path`; its exit code.

    Raises Fallback when nothing was started, so the caller runs the command itself."""
    try:
        import _json  # noqa: F401  # the wire's JSON below
        import _socket
    except ImportError:  # not CPython
        raise Fallback from None
    if not hasattr(_socket, "AF_UNIX") or not hasattr(_socket.socket, "sendmsg"):
        raise Fallback
    try:
        sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    except OSError:
        raise Fallback from None
    try:
        return _run(sock, path, argv)
    finally:
        sock.close()


def _run(sock: "_socket.socket", path: str, argv: list[str]) -> int:
    import _signal

    forwarded: list[int] = []
    saved: dict[int, object] = {}
    pid = 0

    def pass_on(signum: int, frame: object) -> None:
        forwarded.append(signum)
        try:
            os.kill(pid, signum)
        except OSError:  # ended already
            return

    def suspend(signum: int, frame: object) -> None:  # Ctrl-Z: stop the worker, then this
        try:
            os.kill(pid, _signal.SIGSTOP)
        except OSError:
            return
        _signal.signal(_signal.SIGTSTP, _signal.SIG_DFL)
        os.kill(os.getpid(), _signal.SIGTSTP)  # stopped here until `fg` or `bg`
        _signal.signal(_signal.SIGTSTP, suspend)
        try:
            os.kill(pid, _signal.SIGCONT)
        except OSError:
            return

    try:
        sock.settimeout(HANDSHAKE_TIMEOUT)
        sock.connect(path)
        uid = peer_uid(sock)
        if uid is not None and uid != os.getuid():
            raise Fallback
        send(sock, _dumps(_request(argv)), fds=(0, 1, 2))
        reply = receive(sock)
        if reply.get("status") != "ready":  # "stale", or the server could not start it
            raise Fallback
        pid = int(reply["pid"])  # type: ignore[call-overload]
        if pid <= 0:
            raise Fallback
        for name in FORWARDED:  # before "go", so no signal falls between the two
            signum = getattr(_signal, name)
            if _signal.getsignal(signum) != _signal.SIG_IGN:  # `nohup`, `cmd &`: stays ignored
                saved[signum] = _signal.signal(signum, pass_on)
        if _signal.getsignal(_signal.SIGTSTP) != _signal.SIG_IGN:
            saved[_signal.SIGTSTP] = _signal.signal(_signal.SIGTSTP, suspend)
        send(sock, _dumps({"status": "go"}))
    except KeyboardInterrupt:  # Ctrl-C before the command started: it did not run
        sys.exit(130)
    except (OSError, ValueError, KeyError, TypeError, EOFError, Fallback):
        for signum, handler in saved.items():
            _signal.signal(signum, handler)
        raise Fallback from None
    # the command has started: whatever happens now, it must not run a second time
    try:
        sock.settimeout(None)
        reply = receive(sock)
        if reply.get("status") == "exit":
            return int(reply["code"])  # type: ignore[call-overload]
    except (OSError, ValueError, KeyError, TypeError, EOFError):
        pass
    if forwarded:  # the worker died of the signal it was passed: so does this process
        for signum in reversed(forwarded):
            _signal.signal(signum, _signal.SIG_DFL)
            os.kill(os.getpid(), signum)
    sys.stderr.write(WORKER_LOST + "\n")
    return EXIT_WORKER_LOST


def _request(argv: list[str]) -> dict[str, object]:
    streams = []
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        if stream is None:
            raise Fallback  # a closed standard stream: nothing to pass on
        streams.append(
            [
                stream.encoding,
                stream.errors,
                bool(getattr(stream, "line_buffering", False)),
                bool(getattr(stream, "write_through", False)),
            ]
        )
    umask = os.umask(0o077)
    os.umask(umask)
    import _signal

    ignored = [  # the worker ignores what this process ignores (nohup, a background job)
        name
        for name in (*FORWARDED, "SIGTSTP")
        if _signal.getsignal(getattr(_signal, name)) == _signal.SIG_IGN
    ]
    return {
        "ignored_signals": ignored,
        "op": "run",
        "protocol": PROTOCOL,
        "fingerprint": fingerprint(),
        "argv": argv,
        "cwd": os.getcwd(),
        "env": dict(os.environ),
        "umask": umask,
        "stdio": streams,
        "utf8_mode": sys.flags.utf8_mode,
        "fs_encoding": sys.getfilesystemencoding(),
    }


# ------------------------------------------------------------------------------ the wire
# Each message is a 4-byte big-endian length and that many bytes of JSON (ASCII); the request
# carries the client's standard streams as SCM_RIGHTS.


def send(sock: "_socket.socket", text: str, fds: tuple[int, ...] = ()) -> None:
    data = text.encode("ascii")
    data = len(data).to_bytes(4, "big") + data
    if fds:
        import _socket

        rights = b"".join(fd.to_bytes(4, sys.byteorder, signed=True) for fd in fds)
        sent = sock.sendmsg([data], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, rights)])
        data = data[sent:]
    if data:
        sock.sendall(data)


def receive(sock: "_socket.socket") -> dict[str, object]:
    size = int.from_bytes(_exactly(sock, 4), "big")
    if size > MAX_MESSAGE:
        raise ValueError("message too long")
    message = _loads(_exactly(sock, size).decode("ascii"))
    if not isinstance(message, dict):
        raise ValueError("not a message")
    return message


def _exactly(sock: "_socket.socket", size: int) -> bytes:
    chunks = []
    while size:
        chunk = sock.recv(min(size, 1 << 20))
        if not chunk:
            raise EOFError("connection closed")
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def peer_uid(sock: "_socket.socket") -> int | None:
    """The user id of the process at the other end of a Unix socket, where the system says."""
    import _socket

    if hasattr(_socket, "SO_PEERCRED"):  # Linux: struct ucred {pid, uid, gid}
        data = sock.getsockopt(_socket.SOL_SOCKET, _socket.SO_PEERCRED, 12)
        return int.from_bytes(data[4:8], sys.byteorder)
    if hasattr(_socket, "LOCAL_PEERCRED"):  # BSD, macOS: struct xucred {version, uid, ...}
        data = sock.getsockopt(0, _socket.LOCAL_PEERCRED, 76)
        return int.from_bytes(data[4:8], sys.byteorder)
    return None  # elsewhere the private folder is the only guard


# JSON by hand over the C module's string codec: the json package costs a run 7 ms to import.


def _quote(text: str) -> str:
    from _json import encode_basestring_ascii

    return str(encode_basestring_ascii(text))


def _dumps(value: object) -> str:
    if isinstance(value, str):
        return _quote(value)
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, list | tuple):
        return "[" + ",".join(_dumps(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(f"{_quote(k)}:{_dumps(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot send {type(value).__name__}")


def _loads(text: str) -> object:
    value, end = _value(text, _space(text, 0))
    if _space(text, end) != len(text):
        raise ValueError("extra data")
    return value


def _space(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    return i


def _value(text: str, i: int) -> tuple[object, int]:
    """One JSON value at `i` (objects, arrays, strings, integers, true, false, null)."""
    char = text[i : i + 1]
    if char == '"':
        from _json import scanstring

        return scanstring(text, i + 1, True)
    if char in ("{", "["):
        close = "}" if char == "{" else "]"
        items: list[object] = []
        i = _space(text, i + 1)
        if text[i : i + 1] == close:
            return ({} if close == "}" else []), i + 1
        while True:
            if close == "}":
                key, i = _value(text, i)
                if not isinstance(key, str):
                    raise ValueError("object key is not a string")
                i = _space(text, i)
                if text[i : i + 1] != ":":
                    raise ValueError("expected ':'")
                i = _space(text, i + 1)
                items.append(key)
            item, i = _value(text, i)
            items.append(item)
            i = _space(text, i)
            if text[i : i + 1] == close:
                if close == "}":
                    return dict(zip(items[::2], items[1::2], strict=True)), i + 1
                return items, i + 1
            if text[i : i + 1] != ",":
                raise ValueError(f"expected ',' or '{close}'")
            i = _space(text, i + 1)
    for word, constant in (("true", True), ("false", False), ("null", None)):
        if text.startswith(word, i):
            return constant, i + len(word)
    end = i + 1 if char == "-" else i
    while end < len(text) and text[end].isdigit():
        end += 1
    if end == i or text[i:end] == "-":
        raise ValueError(f"unexpected {char!r} at {i}")
    return int(text[i:end]), end
