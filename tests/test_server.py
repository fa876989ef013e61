"""The warm server and its launcher: real `lga-draft` processes, served and not, compared.

Every served run is proved served: the server's count of requests goes up by one (and by none for
a run with LGA_DRAFT_SERVER=0). Servers live in a temporary runtime folder with a short idle
timeout, and every fixture stops the one it started.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, make_library, position

from lga_draft import _launch

pytestmark = pytest.mark.skipif(
    os.name != "posix" or not hasattr(socket, "send_fds") or not hasattr(os, "fork"),
    reason="the warm server needs fork and Unix sockets that pass file descriptors",
)

EXAMPLE = "examples/change-nhs.yaml"
TODAY = "2026-01-01"


def _env(base: Path, package_parent: Path = ROOT, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("LGA_DRAFT_SERVER", "LGA_DRAFT_LIBRARY", "SOURCE_DATE_EPOCH", "COLUMNS")
        and not k.startswith("XDG_")
    }
    env.update(
        PYTHONPATH=os.pathsep.join([str(package_parent), env.get("PYTHONPATH", "")]).rstrip(
            os.pathsep
        ),
        LGA_DRAFT_RUNTIME_DIR=str(base / "run"),
        LGA_DRAFT_CACHE_DIR=str(base / "cache"),
    )
    env.update(extra)
    return env


def lga(
    env: dict[str, str], *args: str, cwd: Path = ROOT, served: bool = True, timeout: float = 60
) -> subprocess.CompletedProcess[bytes]:
    """A whole `lga-draft` process through the launcher (`python -m lga_draft`)."""
    env = dict(env)
    if not served:
        env["LGA_DRAFT_SERVER"] = "0"
    return subprocess.run(
        [sys.executable, "-m", "lga_draft", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def status(env: dict[str, str], cwd: Path = ROOT) -> dict:
    result = lga(env, "server", "status", "--json", cwd=cwd)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def requests(env: dict[str, str], cwd: Path = ROOT) -> int:
    return status(env, cwd)["requests"]


def start(env: dict[str, str], idle: str = "3", cwd: Path = ROOT) -> dict:
    result = lga(env, "server", "start", "--idle", idle, cwd=cwd)
    assert result.returncode == 0, result.stderr.decode()
    assert b"server started: pid" in result.stderr
    return status(env, cwd)


def stop(env: dict[str, str], cwd: Path = ROOT) -> None:
    lga(env, "server", "stop", cwd=cwd)


def socket_of(env: dict[str, str]) -> Path:
    return Path(status(env)["socket"])


def wait_for(condition, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    env = _env(tmp_path_factory.mktemp("srv"))
    start(env)
    yield env
    stop(env)
    assert status(env) == {"status": "stopped"}


@pytest.fixture
def own(tmp_path: Path):
    """A server of this test's own, stopped after it."""
    env = _env(tmp_path / "s")
    yield env
    stop(env)


def _same(env: dict[str, str], *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run served and in this process; both must print and exit alike, and only the first may
    reach the server."""
    before = requests(env)
    served_run = lga(env, *args, cwd=cwd)
    assert requests(env) == before + 1, "the run did not go to the server"
    alone = lga(env, *args, cwd=cwd, served=False)
    assert requests(env) == before + 1, "LGA_DRAFT_SERVER=0 still used the server"
    assert served_run.stderr.decode() == alone.stderr.decode()
    assert served_run.stdout.decode() == alone.stdout.decode()
    assert served_run.returncode == alone.returncode
    return served_run


@pytest.mark.parametrize(
    "args",
    [
        ("list",),
        ("list", "--json", "--tag", "public-health"),
        ("show", "public-health-grant"),
        ("draft", EXAMPLE, "--today", TODAY),
        ("--help",),
        ("draft", "--help"),
    ],
    ids=["list", "list-json", "show", "draft-md", "help", "draft-help"],
)
def test_served_commands_print_the_same(served, args):
    assert _same(served, *args).returncode == 0


def test_served_errors_are_the_same(served):
    missing = _same(served, "draft", "no-such-consultation.yaml")
    assert missing.returncode == 1
    assert len(missing.stderr.decode().strip().splitlines()) == 1
    assert _same(served, "show", "no-such-position").returncode == 1
    assert _same(served, "--no-such-option").returncode == 2
    assert _same(served, "draft", "--format").returncode == 2


def test_served_word_draft_is_the_same(served, tmp_path):
    consultation = str(ROOT / EXAMPLE)
    outputs = []
    for folder, use in (("a", True), ("b", False)):
        (tmp_path / folder).mkdir()
        before = requests(served)
        result = lga(
            served,
            "--library",
            str(ROOT),
            "draft",
            consultation,
            "--format",
            "docx",
            "-o",
            "response.docx",
            "--today",
            TODAY,
            cwd=tmp_path / folder,
            served=use,
        )
        assert result.returncode == 0, result.stderr
        assert requests(served) == before + use
        outputs.append((result.stdout, result.stderr, (tmp_path / folder / "response.docx")))
    (out_a, err_a, docx_a), (out_b, err_b, docx_b) = outputs
    assert (out_a, err_a) == (out_b, err_b)
    assert b"wrote response.docx" in err_a
    assert _members(docx_a)  # a real .docx, and: nothing may differ at all
    assert docx_a.read_bytes() == docx_b.read_bytes()


def _members(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()


def test_served_run_sees_a_position_edited_since_the_last(served, tmp_path):
    library = make_library(tmp_path / "lib")
    first = lga(served, "show", "p1", cwd=library)
    assert first.returncode == 0 and b"A title" in first.stdout
    path = library / "positions" / "p1.yaml"
    path.write_text(path.read_text().replace("A title", "A new title"))
    before = requests(served)
    second = lga(served, "show", "p1", cwd=library)
    assert requests(served) == before + 1
    assert second.returncode == 0 and b"A new title" in second.stdout


def test_served_run_takes_the_clients_folder_environment_and_umask(served, tmp_path):
    library = make_library(tmp_path / "lib", {"positions/p1.yaml": position(title="Env title")})
    env = dict(served, LGA_DRAFT_LIBRARY=str(library))
    for umask in (0o077, 0o000):
        out = tmp_path / f"out-{umask:o}.md"
        before = requests(served)
        result = subprocess.run(
            f"umask {umask:03o} && {sys.executable} -m lga_draft draft --tags care --title T "
            f"--today {TODAY} -o {out.name}",
            shell=True,
            cwd=tmp_path,
            env=env,
            capture_output=True,
        )
        assert result.returncode == 0, result.stderr
        assert requests(served) == before + 1
        assert "Env title" in out.read_text()
        assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_to_the_client_reaches_a_served_command(served, signum):
    """Ctrl-C gives the command's own 'interrupted' and 130; SIGTERM ends both processes."""
    command = [sys.executable, "-m", "lga_draft", "list"]
    outcomes = _signalled_both_ways(served, command, "30", signum, settle=0.5, own=2.0)
    assert outcomes[0] == outcomes[1]
    if signum == signal.SIGINT:
        assert outcomes[0][0] == 130
        assert b"interrupted; nothing was written" in outcomes[0][2]
    else:
        assert outcomes[0][0] == -signum


def test_a_killed_client_stops_its_served_command_before_it_writes(served, tmp_path):
    """Killing `lga-draft` (kill -9, a cancelled job) stops the command, as it would in its own
    process: the draft is not written behind the user's back."""
    out = tmp_path / "killed.md"
    client, worker = _slow_served(served, ["draft", EXAMPLE, "-o", str(out)], sleep="3")
    try:
        client.kill()
        client.wait(timeout=10)
        assert wait_for(lambda: not _alive(worker), timeout=10), "the worker went on"
    finally:
        client.kill()
    time.sleep(3.5)  # past the sleep, when it would have written
    assert not out.exists()
    assert not list(tmp_path.glob(".killed.md.*"))  # nor a temporary file left behind


def _slow_served(
    served: dict[str, str], args: list[str], sleep: str
) -> tuple[subprocess.Popen[bytes], int]:
    """A served command that sleeps `sleep` seconds before it runs, and its worker's pid, once
    the server has taken it."""
    before = requests(served)
    client = subprocess.Popen(
        [sys.executable, "-m", "lga_draft", *args],
        cwd=ROOT,
        env=dict(served, _LGA_DRAFT_TEST_SLEEP=sleep),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert wait_for(lambda: requests(served) == before + 1)
    return client, _worker_of(served, before + 1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = Path(f"/proc/{pid}/stat")
    return not (state.exists() and _state(pid) == "Z")


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGINT], ids=["SIGHUP", "SIGINT"])
def test_a_signal_the_client_ignores_is_ignored_by_its_worker(served, signum):
    """`nohup lga-draft ...` (SIGHUP ignored) or a background job in a script (SIGINT ignored):
    the signal does not stop the command, served or not."""
    wrapper = (
        f"import os, signal, sys; signal.signal({int(signum)}, signal.SIG_IGN); "
        "os.execv(sys.executable, [sys.executable, '-m', 'lga_draft', 'show', 'subsidiarity'])"
    )
    command = [sys.executable, "-c", wrapper]
    outcomes = _signalled_both_ways(served, command, "2", signum, settle=0.0, own=1.0)
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][0] == 0 and b"subsidiarity" in outcomes[0][1]


def _signalled_both_ways(
    served: dict[str, str], command: list[str], sleep: str, signum: int, settle: float, own: float
) -> list[tuple[int, bytes, bytes]]:
    """(exit code, stdout, stderr) of `command` sent `signum` while it sleeps in the command:
    first served (`settle` seconds after the server took it), then in its own process (`own`
    seconds after it started, past the imports)."""
    env = dict(served, _LGA_DRAFT_TEST_SLEEP=sleep)
    outcomes = []
    for use in (True, False):
        before = requests(served)
        client = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env if use else dict(env, LGA_DRAFT_SERVER="0"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            if use:
                assert wait_for(lambda b=before: requests(served) == b + 1)
                time.sleep(settle)
            else:
                time.sleep(own)
            client.send_signal(signum)
            out, err = client.communicate(timeout=20)
        finally:
            client.kill()
        outcomes.append((client.returncode, out, err))
    return outcomes


def _state(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


def _worker_of(env: dict[str, str], request: int) -> int:
    log = Path(status(env)["log"]).read_text().splitlines()
    line = [x for x in log if f"request {request}:" in x][-1]
    return int(line.split("worker ")[1].split(":")[0])


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states in /proc")
def test_ctrl_z_stops_the_worker_with_the_client_and_fg_resumes_both(served):
    before = requests(served)
    client = subprocess.Popen(
        [sys.executable, "-m", "lga_draft", "list"],
        cwd=ROOT,
        env=dict(served, _LGA_DRAFT_TEST_SLEEP="30"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        process_group=0,  # a group of its own whose parent is in the session: Ctrl-Z can stop it
    )
    try:
        assert wait_for(lambda: requests(served) == before + 1)
        worker = _worker_of(served, before + 1)
        time.sleep(0.5)  # the client takes Ctrl-Z over once the worker has started, not before
        client.send_signal(signal.SIGTSTP)
        assert wait_for(lambda: _state(client.pid) == "T" and _state(worker) == "T")
        client.send_signal(signal.SIGCONT)
        assert wait_for(lambda: _state(client.pid) != "T" and _state(worker) != "T")
        client.send_signal(signal.SIGINT)
        out, err = client.communicate(timeout=20)
    finally:
        client.kill()
    assert client.returncode == 130


def test_a_client_in_another_python_mode_runs_the_command_itself(served):
    probe = "import sys; print(sys.flags.utf8_mode)"
    mode = subprocess.run(
        [sys.executable, "-c", probe], env=served, capture_output=True, text=True, check=True
    ).stdout.strip()
    env = dict(served, PYTHONUTF8="0" if mode == "1" else "1")
    before = requests(served)
    result = lga(env, "show", "public-health-grant")
    assert result.returncode == 0 and b"public-health-grant" in result.stdout
    assert requests(served) == before


def test_a_worker_that_dies_is_reported_and_not_run_again(served, tmp_path):
    before = requests(served)
    client, worker = _slow_served(served, ["list"], sleep="30")
    try:
        os.kill(worker, signal.SIGKILL)
        out, err = client.communicate(timeout=20)
    finally:
        client.kill()
    assert client.returncode == 70
    assert err.decode().splitlines() == [_launch.WORKER_LOST]
    assert requests(served) == before + 1  # not run again, here or there


def test_the_server_has_no_threads_and_nothing_that_read_its_environment(served):
    log = Path(status(served)["log"]).read_text()
    assert "listening on" in log
    if Path("/proc/self/task").exists():
        assert " 1 thread(s)" in log
    assert "warning" not in log and "not preloaded" not in log


def test_server_start_refuses_a_second_server(served):
    result = lga(served, "server", "start")
    assert result.returncode == 1
    assert b"a server is already running" in result.stderr
    assert len(result.stderr.decode().strip().splitlines()) == 1


def test_the_socket_folder_is_private(served):
    sock = socket_of(served)
    assert stat.S_IMODE(sock.parent.stat().st_mode) == 0o700
    assert stat.S_ISSOCK(sock.stat().st_mode)
    assert stat.S_IMODE(sock.stat().st_mode) & 0o077 == 0


def test_server_stop_removes_its_socket_and_pid_file(own):
    sock = Path(start(own)["socket"])
    assert sock.exists() and sock.with_suffix(".pid").exists()
    result = lga(own, "server", "stop")
    assert result.returncode == 0 and b"stopped the server (pid" in result.stderr
    assert not sock.exists() and not sock.with_suffix(".pid").exists()
    assert status(own) == {"status": "stopped"}
    again = lga(own, "server", "stop")
    assert again.returncode == 0 and b"no server was running" in again.stderr


def test_server_stops_when_idle(own):
    sock = Path(start(own, idle="0.1")["socket"])  # 6 s: time enough to ask its status
    assert wait_for(lambda: not sock.exists(), timeout=15)
    assert status(own) == {"status": "stopped"}
    assert "stopping: idle" in sock.with_suffix(".log").read_text()


def test_a_stale_socket_is_run_past_and_cleared_by_stop(own):
    run = Path(own["LGA_DRAFT_RUNTIME_DIR"])
    run.mkdir(mode=0o700, parents=True)
    path = run / Path(_socket_name(own)).name
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as dead:
        dead.bind(str(path))  # bound, never listening, left behind
    assert stat.S_ISSOCK(path.stat().st_mode)
    result = lga(own, "list")
    alone = lga(own, "list", served=False)
    assert result.returncode == 0
    assert (result.stdout, result.stderr) == (alone.stdout, alone.stderr)
    stopped = lga(own, "server", "stop")
    assert b"no server was running" in stopped.stderr
    assert not path.exists()


def _socket_name(env: dict[str, str]) -> str:
    code = "from lga_draft import _launch; print(_launch.socket_path())"
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_a_folder_others_can_write_is_refused(own):
    run = Path(own["LGA_DRAFT_RUNTIME_DIR"])
    run.mkdir(parents=True)
    run.chmod(0o770)
    result = lga(own, "server", "start")
    assert result.returncode == 1
    assert b"other users can write to it" in result.stderr
    assert lga(own, "list").returncode == 0  # the client runs it itself


def test_changed_code_makes_the_server_stop_and_the_client_run_it(tmp_path):
    """A copy of the package, so a module of it can be touched: the server (started from the
    copy) says "stale" and stops, and the command runs in the client."""
    install = tmp_path / "install"
    shutil.copytree(
        ROOT / "lga_draft", install / "lga_draft", ignore=shutil.ignore_patterns("__pycache__")
    )
    env = _env(tmp_path / "s", package_parent=install)
    try:
        # run from tmp_path: from ROOT, `python -m` would import the package there instead
        sock = Path(start(env, cwd=tmp_path)["socket"])
        args = ("--library", str(ROOT), "list")
        assert lga(env, *args, cwd=tmp_path).returncode == 0
        assert requests(env, tmp_path) == 1
        module = install / "lga_draft" / "select.py"
        later = module.stat().st_mtime + 10
        os.utime(module, (later, later))
        result = lga(env, *args, cwd=tmp_path)
        alone = lga(env, *args, cwd=tmp_path, served=False)
        assert result.returncode == 0
        assert (result.stdout, result.stderr) == (alone.stdout, alone.stderr)
        assert wait_for(lambda: not sock.exists())
        assert "code changed" in sock.with_suffix(".log").read_text()
        assert status(env, tmp_path) == {"status": "stopped"}
    finally:
        stop(env, tmp_path)


def test_server_commands_always_run_in_the_client():
    for argv in (["server", "status"], ["-L", "x", "server"], ["--library=x", "server", "stop"]):
        assert _launch.command_name(argv) == "server"
        assert not _launch._may_forward(argv)
    assert _launch.command_name(["--library", "server", "list"]) == "list"
    assert _launch.command_name(["--version"]) is None


def test_the_launcher_imports_nothing_without_a_server(tmp_path):
    code = (
        "import sys; before = set(sys.modules); import lga_draft._launch as l; "
        "print(sorted(set(sys.modules) - before))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "['lga_draft', 'lga_draft._launch']"


def test_the_launcher_finds_the_cache_folder_as_the_cache_does(monkeypatch, tmp_path):
    from lga_draft import cache

    for name in ("LGA_DRAFT_CACHE_DIR", "XDG_CACHE_HOME", "LGA_DRAFT_NO_CACHE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert _launch._cache_folder() == str(cache.cache_dir())
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert _launch._cache_folder() == str(cache.cache_dir())
    monkeypatch.setenv("LGA_DRAFT_CACHE_DIR", str(tmp_path / "own"))
    assert _launch._cache_folder() == str(cache.cache_dir())


def test_the_socket_folder_follows_xdg_runtime_dir_and_stays_short(monkeypatch, tmp_path):
    monkeypatch.delenv(_launch.RUNTIME_ENV, raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    assert _launch.runtime_folder(create=True) == str(tmp_path / "lga-draft")
    assert stat.S_IMODE((tmp_path / "lga-draft").stat().st_mode) == 0o700
    deep = tmp_path / ("d" * 120)
    deep.mkdir()
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(deep))
    short = f"/tmp/lga-draft-{os.getuid()}"
    assert len(_launch.socket_file(str(deep / "lga-draft"))) > _launch.MAX_SOCKET_PATH
    # the folder it would use under the deep one is never made; the short one is
    assert _launch.runtime_folder(create=True) == short
    assert not (deep / "lga-draft").exists()
    assert len(_launch.socket_file(short)) <= _launch.MAX_SOCKET_PATH


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="lists descriptors in /proc")
def test_the_server_keeps_no_descriptor_its_starter_passed_down(own, tmp_path):
    """`lga-draft server start 3>&1 | cat` must not hang: the server holds nothing open but its
    own files and socket."""
    read, write = os.pipe()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "lga_draft", "server", "start", "--idle", "1"],
            cwd=ROOT,
            env=own,
            capture_output=True,
            pass_fds=(write,),
        )
        assert result.returncode == 0, result.stderr
        pid = status(own)["pid"]
        targets = {os.readlink(f) for f in Path(f"/proc/{pid}/fd").iterdir()}
        assert f"pipe:[{os.fstat(write).st_ino}]" not in targets
        os.close(write)
        write = -1
        os.set_blocking(read, False)
        assert os.read(read, 1) == b""  # end of file: no one else holds the write end
    finally:
        if write >= 0:
            os.close(write)
        os.close(read)


def test_relative_runtime_and_cache_folders_are_taken_from_the_working_folder(
    monkeypatch, tmp_path
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(_launch.RUNTIME_ENV, "run")
    assert _launch.runtime_folder(create=True) == str(tmp_path / "run")
    monkeypatch.delenv(_launch.RUNTIME_ENV)
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setenv("LGA_DRAFT_CACHE_DIR", "cache")
    assert _launch._cache_folder() == str(tmp_path / "cache")


def test_an_upgraded_library_changes_the_fingerprint(monkeypatch, tmp_path):
    """After `pip install -U python-docx` (or typer...) a server running the old code is stale."""
    site = tmp_path / "site-packages"
    (site / "python_docx-1.2.0.dist-info").mkdir(parents=True)
    monkeypatch.syspath_prepend(str(site))
    before = _launch.fingerprint()
    (site / "python_docx-1.2.0.dist-info").rename(site / "python_docx-1.3.0.dist-info")
    assert _launch.fingerprint() != before
    assert "python_docx-1.3.0.dist-info" in _launch.fingerprint()[-1]


def test_the_launchers_json_round_trips():
    value = {"a": [1, -2, 'é\udc80\n"', True, False, None, {}], "b": {"c": []}}
    assert json.loads(_launch._dumps(value)) == value
    assert _launch._loads(_launch._dumps(value)) == value
    assert _launch._loads(' { "x" : [ 1 , 2 ] } ') == {"x": [1, 2]}
    for bad in ("{", '{"a" 1}', "[1,]", "1 2", "-", "{1: 2}"):
        with pytest.raises((ValueError, IndexError)):
            _launch._loads(bad)


def test_a_lock_on_a_removed_pid_file_does_not_count(tmp_path, monkeypatch):
    """A server starting while another stops may lock the pid file just removed: it must lock
    the file now at the path, or two servers would run."""
    from lga_draft import server

    path = tmp_path / "server.pid"
    path.write_text("1\n")
    real_flock = server.fcntl.flock
    removed = []

    def flock_then_remove(fd, op):  # the old server removes its file as this one locks it
        real_flock(fd, op)
        if not removed:
            removed.append(os.fstat(fd).st_ino)
            path.unlink()

    monkeypatch.setattr(server.fcntl, "flock", flock_then_remove)
    fd = server._lock_pid_file(path)
    try:
        assert len(removed) == 1 and path.exists()
        assert os.fstat(fd).st_ino == path.stat().st_ino  # the file at the path is the locked one
        with pytest.raises(server.ServerError, match="already running"):
            server._lock_pid_file(path)  # and the lock now excludes the next one
    finally:
        os.close(fd)
